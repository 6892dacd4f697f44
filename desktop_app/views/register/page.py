"""The Register page: the marking grid, on the window's clock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex

from desktop_app.domain.permissions import Role
from desktop_app.services.groups import groups_of_tutor
from desktop_app.views.common import options
from desktop_app.views.common.context import AppContext
from desktop_app.views.register.screen import RegisterScreen

if TYPE_CHECKING:
    from desktop_app.views.learners.panel import StartIncident


def linked_group(context: AppContext) -> int | None:
    """The group a tutor is linked to, to open on (None: the group last used on this computer).

    Only for tutors (linked in Settings › Groups); with several groups, the one last used here
    if it is one of theirs, else the first by name.
    """
    if context.user.role is not Role.TUTOR:
        return None
    ids = [group_id for group_id, _name in groups_of_tutor(context.db, context.user)]
    remembered = options.get(options.REGISTER_GROUP)
    return remembered if remembered in ids else (ids[0] if ids else None)


def RegisterPage(
    context: AppContext, start_incident: StartIncident | None = None
) -> RegisterScreen:
    """The register for the signed-in member of staff: their linked group, else the group and
    week last used on this computer, the cursor on the current session's first unmarked learner.

    A learner's name opens their panel (double-click, or the name's menu)."""
    screen = RegisterScreen(context, group_id=linked_group(context))

    def open_panel(learner_id: int) -> None:
        from desktop_app.views.learners.panel import open_learner_panel  # a heavy window: on demand

        open_learner_panel(screen, context, learner_id, start_incident)

    def open_row(index: QModelIndex) -> None:
        open_panel(screen.model.learner(index.row()).learner_id)

    def left_site(learner_id: int) -> None:
        from desktop_app.views.absconding.desk import start_incident as start  # on demand

        (start_incident or start)(screen, context, learner_id)

    screen.learner_actions.append(("Open the panel for {name}…", open_panel))
    screen.learner_actions.append(("{name} has left site…", left_site))
    screen.names.doubleClicked.connect(open_row)
    return screen

"""The Register page (not built yet): marking each session's attendance."""

from __future__ import annotations

from desktop_app.views.placeholder import PlaceholderPage


class RegisterPage(PlaceholderPage):
    HEADING = "Register"
    PURPOSE = (
        "Take the morning and afternoon registers here: a mark for every learner on roll, "
        "with late minutes and notes."
    )

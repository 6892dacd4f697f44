"""The Register page: the marking grid, on the window's clock."""

from __future__ import annotations

from desktop_app.views.context import AppContext
from desktop_app.views.register_screen import RegisterScreen


def RegisterPage(context: AppContext) -> RegisterScreen:
    """The register for the signed-in member of staff, starting on this week."""
    return RegisterScreen(context.db, context.user, context.clock)

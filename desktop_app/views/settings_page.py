"""The Settings page (not built yet): the provision, staff and calendar."""

from __future__ import annotations

from desktop_app.views.placeholder import PlaceholderPage


class SettingsPage(PlaceholderPage):
    HEADING = "Settings"
    PURPOSE = (
        "Manage the provision's details, session times, staff accounts, the school "
        "calendar and backups."
    )

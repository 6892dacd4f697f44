"""The Learners page (not built yet): who is on roll and their details."""

from __future__ import annotations

from desktop_app.views.placeholder import PlaceholderPage


class LearnersPage(PlaceholderPage):
    HEADING = "Learners"
    PURPOSE = (
        "See every learner on roll with their attendance, contacts and commissioner, and "
        "add or update their details."
    )

"""The app's one palette: every colour the window, the stylesheet and the PDFs use.

Plain hex strings, so Qt (QColor, stylesheets) and reportlab (HexColor) read the same values.
Nothing else in the code writes a colour literal; tests/test_palette.py keeps it that way.
"""

from __future__ import annotations

from dataclasses import dataclass

# Neutrals: text, lines and surfaces.
WHITE = "#ffffff"
INK = "#1f2933"
INK_DEEP = "#102a43"
INK_SLATE = "#243b53"
SLATE = "#334e68"
BLACK_INK = "#111827"
MUTED = "#52606d"
SUBTLE = "#7b8794"
RULE = "#9aa5b1"
BORDER_STRONG = "#b8c2cc"
LINE = "#cbd2d9"
BORDER = "#d9e2ec"
DIVIDER = "#dde4ec"
HEAD_FILL = "#e4e7eb"
SHADE = "#eef2f7"
STRIPE = "#f5f7fa"
PAPER = "#f7f9fc"
PAPER_LIGHT = "#fbfcfe"
BLUSH = "#fffafa"

# Accents: focus, selection, links and today's columns.
ACCENT = "#2d64a8"
ACCENT_DARK = "#245591"
ACCENT_SOFT = "#9db4d3"
NAVY = "#1d4577"
GRID_ACCENT = "#1d4f91"
LINK = "#1d4ed8"
TODAY_FILL = "#dce7f5"
INFO_FILL = "#e8f0fa"
INFO_BORDER = "#bcd0ea"

# Alarm and warning: refusals, the absconding bar, overdue items.
ALARM = "#b42318"
ALARM_DARK = "#8e1b12"
ALARM_DEEPER = "#8a1c12"
ALARM_FILL = "#fdecea"
ALARM_BORDER = "#f5c2bd"
FLASH = "#d92d20"
WARNING_FILL = "#fff4e5"
WARNING_INK = "#8a4b00"
WARNING_BORDER = "#f0b46a"
MISSING_TEXT = "#9a3412"
DONE = "#2f7d32"
AMENDED = "#6d28d9"


@dataclass(frozen=True, slots=True)
class Look:
    """How a kind of mark is drawn: its name in the legend, fill, text and (optional) border."""

    label: str
    fill: str
    ink: str
    border: str | None = None


# Marks by how they count: the register grid, the learner's four-week strip and the PDFs.
PRESENT = Look("Present", "#d3f0da", "#14532d")
ACTIVITY = Look("Approved activity", "#d2e6fa", "#0b4a7d")
AUTHORISED = Look("Authorised absence", "#fde9b0", "#5c3a00")
UNAUTHORISED = Look("Unauthorised absence", "#f7c9c4", "#7f1d1d")
NOT_COUNTED = Look("Not counted", "#e1e5ea", "#27313b")
MISSING = Look("Missing mark", "#ffe3cc", "#7c2d12", "#c2410c")
UNMARKED = Look("Not yet due", WHITE, INK)
LOCKED = Look("Not on roll / no school", "#eef0f3", SUBTLE)
MISSING_HATCH = "#f0955a"

# The calendar's year view: each kind of day (legend order in domain/calendar_year.py).
CAL_TERM = "#d3f0da"
CAL_CLOSED = "#f7c9c4"
CAL_HALF_CLOSED = "#fbe3c0"
CAL_BANK_HOLIDAY = "#d8c8f0"
CAL_BREAK = "#fff7d6"
CAL_WEEKEND = "#e4e7eb"

# RAG ratings (chips on the register, the learner list and panel, the PDFs).
RAG_RED = "#c8321e"
RAG_AMBER = "#b86400"
RAG_GREEN = "#138a4a"
RAG = {"red": RAG_RED, "amber": RAG_AMBER, "green": RAG_GREEN, "grey": SUBTLE}
# Risk score bands (fill, text).
RISK_RED = "#c92a2a"
RISK_AMBER = "#f7c948"
RISK_AMBER_INK = "#513c06"
RISK_GREEN = "#2f8132"
RISK_BANDS = {
    "red": (RISK_RED, WHITE),
    "amber": (RISK_AMBER, RISK_AMBER_INK),
    "green": (RISK_GREEN, WHITE),
    "none": (SHADE, MUTED),
}
# Attendance badges: severe and persistent absence, and a RED learner's missing assessment.
BADGE_SA = "#7f1d1d"
BADGE_PA = "#c2410c"
BADGES = {"SA": BADGE_SA, "PA": BADGE_PA, "RA": BLACK_INK}
BADGE_DEFAULT = SLATE


def qss(template: str) -> str:
    """A stylesheet with `@NAME` replaced by this module's colour of that name (longest first)."""
    names = sorted(
        (name for name, value in globals().items() if name.isupper() and isinstance(value, str)),
        key=len,
        reverse=True,
    )
    for name in names:
        template = template.replace(f"@{name}", globals()[name])
    return template

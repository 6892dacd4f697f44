"""Names and short text typed or imported: one check, the same on every database.

Refused: control characters (tabs, new lines, escapes), the invisible direction overrides that
can make a name display as something else (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F,
U+061C), unassigned or private characters, and anything longer than the field holds.
"""

from __future__ import annotations

import unicodedata

NAME_LENGTH = 100
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\ufeff"
)
REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})


def text_problem(value: str, max_length: int = NAME_LENGTH) -> str | None:
    """Why this text cannot be stored as it is, or None. Never repeats the text itself."""
    if len(value) > max_length:
        return f"is {len(value)} characters; at most {max_length}"
    for position, char in enumerate(value, start=1):
        if char in BIDI_CONTROLS:
            return f"has an invisible text-direction character (U+{ord(char):04X}) at {position}"
        if unicodedata.category(char) in REFUSED_CATEGORIES:
            return f"has a control or unprintable character (U+{ord(char):04X}) at {position}"
    return None

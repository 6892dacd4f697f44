"""What the police ask for when a learner goes missing, kept on the learner's record: home
address, whether they are looked after (and by which placing authority), medical needs and
medication. One check for the form, the command line and the CSV import.

Each is one line of text (no control characters: the missing-learner sheet prints it as typed),
at most as long as a CSV value may be. A looked-after learner needs their placing authority;
a placing authority is only for a looked-after learner.
"""

from __future__ import annotations

from desktop_app.domain.names import text_problem

#: Each text field, its words in a message, and the most it holds.
TEXT_FIELDS: dict[str, tuple[str, int]] = {
    "home_address": ("The home address", 200),
    "placing_authority": ("The placing authority", 100),
    "medical_needs": ("Medical needs", 200),
    "medication": ("Medication", 200),
}
#: Words accepted for looked-after in a CSV file or on the command line.
YES, NO = frozenset({"yes", "y", "true", "1"}), frozenset({"no", "n", "false", "0", ""})


def safety_problems(texts: dict[str, str], looked_after: bool) -> list[tuple[str, str]]:
    """(field, message) for each problem with these values (texts already stripped)."""
    problems = []
    for field, (label, limit) in TEXT_FIELDS.items():
        if why := text_problem(texts.get(field, ""), limit):
            problems.append((field, f"{label} {why}"))
    authority = texts.get("placing_authority", "")
    if looked_after and not authority:
        problems.append(
            ("placing_authority", "Give the placing authority of a looked-after learner")
        )
    elif authority and not looked_after:
        problems.append(
            (
                "placing_authority",
                "A placing authority is only for a looked-after learner: "
                "say they are looked after, or clear it",
            )
        )
    return problems


def parse_yes_no(text: str) -> bool | None:
    """True for yes, False for no or blank, None when it is neither."""
    word = text.strip().lower()
    if word in YES:
        return True
    return False if word in NO else None

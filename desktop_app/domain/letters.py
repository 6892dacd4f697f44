"""Letters to parents and carers at the attendance concern stages (domain.md, "Commissioners and
reporting"; seed 001 appendix 7 and seed 003 appendix 2), their merge fields and the default
wording the provision starts from.

A template is plain text with `{merge_field}` placeholders; `{{` and `}}` stand for literal
braces. `render` refuses a field it does not know, so a typing slip never reaches a family.

Who gets which letter, over a period (the term to date) and the term before it:
- initial concern: attendance below 95% (upper or lower amber band) but not persistent absence;
- persistent absence: absent for 10% or more of possible sessions (attendance 90% or below);
- attendance meeting: persistent absence that has not improved: persistent in the term before
  too, or severe absence (50% or more) now.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from string import Formatter

from desktop_app.domain.stats import Bands, Summary

INITIAL_CONCERN = "initial_concern"
PERSISTENT_ABSENCE = "persistent_absence"
ATTENDANCE_MEETING = "attendance_meeting"

#: Merge fields with what each holds, in the order the editor lists them.
MERGE_FIELDS: dict[str, str] = {
    "learner_name": "the learner's full name",
    "learner_forename": "the learner's first name",
    "parent_name": "the parent or carer the letter is addressed to",
    "address": "their address (several lines)",
    "attendance": "attendance over the period, e.g. 87.5%",
    "sessions_missed": "sessions absent over the period",
    "sessions_possible": "possible sessions over the period",
    "period_start": "first day of the period, e.g. 3 September 2025",
    "period_end": "last day of the period",
    "today": "the date the letter is printed",
    "meeting": "the meeting's date, time and place (asked for when printing)",
    "provision_name": "the provision's name",
    "provision_phone": "the provision's telephone number",
    "signatory_name": "who signs the letter",
    "signatory_position": "their position",
}


DEFAULT_BANDS = Bands()


class LetterError(ValueError):
    """A template that cannot be filled in, with a message saying what to change."""


@dataclass(frozen=True, slots=True)
class Stage:
    key: str
    label: str
    criterion: str
    subject: str
    body: str


_INITIAL_BODY = """Dear {parent_name},

I am writing because we are concerned about {learner_forename}'s attendance at \
{provision_name}. Between {period_start} and {period_end}, {learner_forename} attended \
{attendance} of sessions and missed {sessions_missed} of {sessions_possible}.

Every session counts. Learners who attend regularly make better progress, keep their \
friendships and are safer. We expect attendance of at least 95%.

If something is making it hard for {learner_forename} to come in, such as health, worries \
about the journey, or anything at home or with other young people, please tell us. We would \
much rather help early than wait. If there is an ongoing medical issue, please speak to your \
doctor and let us know.

Please call us on {provision_phone} if you would like to talk about this letter.

Yours sincerely,"""

_PERSISTENT_BODY = """Dear {parent_name},

{learner_name}'s attendance between {period_start} and {period_end} was {attendance}: \
{learner_forename} missed {sessions_missed} of {sessions_possible} sessions.

Missing 10% or more of sessions is known as persistent absence. At this level a young \
person's learning, qualifications and wellbeing suffer, and the law expects parents and carers \
to make sure their child attends regularly.

We will keep a close eye on {learner_forename}'s attendance over the coming weeks. We want to \
work with you to remove whatever is getting in the way, and we can arrange support from our \
own staff or from other services. If attendance does not improve, we will invite you to a \
meeting, and the local authority may become involved.

Please call us on {provision_phone} so that we can talk about how we can help.

Yours sincerely,"""

_MEETING_BODY = """Dear {parent_name},

Despite our earlier letters, {learner_forename}'s attendance is still a serious concern: \
between {period_start} and {period_end} it was {attendance}, with {sessions_missed} of \
{sessions_possible} sessions missed.

I would like to invite you to an attendance meeting on {meeting}. We will look together at \
what is stopping {learner_forename} from attending, agree an action plan with you and with \
{learner_forename}, and set a date to review it. The meeting takes about 30 minutes, and you \
are welcome to bring someone with you.

Please let us know on {provision_phone} that you can come, or if you need another time. If \
we do not hear from you, the meeting will go ahead and decisions may be made in your absence.

Yours sincerely,"""

STAGES: dict[str, Stage] = {
    INITIAL_CONCERN: Stage(
        INITIAL_CONCERN,
        "Initial concern",
        "attendance below 95% this term, not yet persistent absence",
        "{learner_name}: concern about attendance",
        _INITIAL_BODY,
    ),
    PERSISTENT_ABSENCE: Stage(
        PERSISTENT_ABSENCE,
        "Persistent absence",
        "absent for 10% or more of possible sessions this term (attendance 90% or below)",
        "{learner_name}: persistent absence",
        _PERSISTENT_BODY,
    ),
    ATTENDANCE_MEETING: Stage(
        ATTENDANCE_MEETING,
        "Invitation to an attendance meeting",
        "persistent absence this term and last term, or severe absence (50% or more) now",
        "{learner_name}: invitation to an attendance meeting",
        _MEETING_BODY,
    ),
}


def stage(key: str) -> Stage:
    """The stage with this key, or LetterError naming the stages there are."""
    if key not in STAGES:
        raise LetterError(f"'{key}' is not a letter stage; the stages are {', '.join(STAGES)}")
    return STAGES[key]


def qualifies(
    key: str, period: Summary, previous: Summary | None, bands: Bands = DEFAULT_BANDS
) -> bool:
    """Whether a learner with this period's (and the previous term's) attendance gets the letter.

    Decided on whole numbers of sessions, never on a rounded percentage."""
    stage(key)
    if period.possible == 0:
        return False
    if key == INITIAL_CONCERN:
        amber = bands.band(period) in ("upper amber", "lower amber")
        return amber and not period.persistent_absence
    if key == PERSISTENT_ABSENCE:
        return period.persistent_absence
    no_better = previous is not None and previous.persistent_absence
    return period.persistent_absence and (period.severe_absence or no_better)


def fields_used(template_text: str) -> list[str]:
    """The merge fields a template names, in order, each once; LetterError if it is malformed."""
    found: list[str] = []
    for name in _fields(template_text):
        if name not in found:
            found.append(name)
    return found


def _fields(template_text: str) -> list[str]:
    try:
        parts = list(Formatter().parse(template_text))
    except ValueError as error:
        raise LetterError(
            f"the template has a stray brace ({error}); merge fields look like {{learner_name}} "
            "and a literal brace is written twice: {{ or }}"
        ) from None
    names = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if not name or spec or conversion or not name.isidentifier():
            suffix = (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise LetterError(
                f"{{{name}{suffix}}} is not a merge field; use a plain name such as "
                "{learner_name}"
            )
        names.append(name)
    return names


def check_template(template_text: str) -> None:
    """LetterError naming the first unknown merge field, with the list of fields there are."""
    for name in _fields(template_text):
        if name not in MERGE_FIELDS:
            raise LetterError(
                f"{{{name}}} is not a merge field; the fields are "
                + ", ".join(f"{{{f}}}" for f in MERGE_FIELDS)
            )


def render(template_text: str, fields: Mapping[str, str]) -> str:
    """The template with every merge field filled in; LetterError for an unknown field."""
    check_template(template_text)
    missing = [name for name in _fields(template_text) if name not in fields]
    if missing:
        raise LetterError(f"no value given for {{{missing[0]}}}")
    out = []
    for literal, name, _spec, _conversion in Formatter().parse(template_text):
        out.append(literal)
        if name is not None:
            out.append(fields[name])
    return "".join(out)


def sample_fields() -> dict[str, str]:
    """Made-up values for the editor's preview."""
    return {
        "learner_name": "Jordan Example",
        "learner_forename": "Jordan",
        "parent_name": "Ms Sam Example",
        "address": "1 Sample Street\nTowntown\nAB1 2CD",
        "attendance": "87.5%",
        "sessions_missed": "10",
        "sessions_possible": "80",
        "period_start": "1 September 2025",
        "period_end": "24 October 2025",
        "today": "27 October 2025",
        "meeting": "Tuesday 4 November 2025 at 10:00, at the provision",
        "provision_name": "Your provision",
        "provision_phone": "0161 496 0000",
        "signatory_name": "A. Person",
        "signatory_position": "Attendance Officer",
    }

"""Letter stages and merge fields: who gets which letter (decided in whole sessions), and
templates that refuse a field they do not know."""

from __future__ import annotations

import pytest

from desktop_app.domain import letters as rules
from desktop_app.domain.stats import Summary


def attended(attended: int, possible: int) -> Summary:
    """A summary with the rest of the possible sessions as authorised absence."""
    return Summary(possible=possible, attended=attended, authorised=possible - attended)


@pytest.mark.parametrize(
    ("present", "possible", "stage"),
    [
        (95, 100, None),  # 95% exactly: no concern
        (1899, 2000, rules.INITIAL_CONCERN),  # 94.95%: below 95 even though it rounds to 95.0
        (94, 100, rules.INITIAL_CONCERN),
        (901, 1000, rules.INITIAL_CONCERN),  # 90.1%: not yet persistent absence
        (90, 100, rules.PERSISTENT_ABSENCE),  # 90% exactly: absent 10%, persistent
        (9005, 10000, rules.INITIAL_CONCERN),  # 90.05%: not persistent, never on a rounded 90.1
        (60, 100, rules.PERSISTENT_ABSENCE),
    ],
)
def test_initial_and_persistent_stages_split_at_the_thresholds(
    present: int, possible: int, stage: str | None
) -> None:
    s = attended(present, possible)
    found = [
        k for k in (rules.INITIAL_CONCERN, rules.PERSISTENT_ABSENCE) if rules.qualifies(k, s, None)
    ]
    assert found == ([stage] if stage else [])


def test_meeting_needs_no_improvement_or_severe_absence() -> None:
    persistent, fine = attended(80, 100), attended(99, 100)
    assert not rules.qualifies(rules.ATTENDANCE_MEETING, persistent, None)
    assert not rules.qualifies(rules.ATTENDANCE_MEETING, persistent, fine)
    assert rules.qualifies(rules.ATTENDANCE_MEETING, persistent, attended(85, 100))
    assert rules.qualifies(rules.ATTENDANCE_MEETING, attended(50, 100), None)  # severe
    assert not rules.qualifies(rules.ATTENDANCE_MEETING, fine, persistent)


def test_nothing_possible_meets_no_stage() -> None:
    for key in rules.STAGES:
        assert not rules.qualifies(key, Summary(), Summary())


def test_render_fills_every_field_and_keeps_doubled_braces() -> None:
    text = "Dear {parent_name}, {learner_forename} is at {attendance} {{not a field}}"
    fields = rules.sample_fields()
    assert rules.render(text, fields) == "Dear Ms Sam Example, Jordan is at 87.5% {not a field}"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("Dear {parnet_name}", "{parnet_name} is not a merge field; the fields are {learner_name}"),
        ("{learner_name.upper}", "is not a merge field; use a plain name"),
        ("{attendance:>10}", "{attendance:>10} is not a merge field"),
        ("{learner_name!r}", "{learner_name!r} is not a merge field"),
        ("{}", "{} is not a merge field"),
        ("Dear {parent_name", "stray brace"),
        ("Dear parent}", "stray brace"),
    ],
)
def test_bad_templates_are_refused_with_a_message(template: str, message: str) -> None:
    with pytest.raises(rules.LetterError) as refused:
        rules.render(template, rules.sample_fields())
    assert message in str(refused.value)


def test_a_missing_value_is_refused_not_left_blank() -> None:
    with pytest.raises(rules.LetterError, match=r"no value given for \{meeting\}"):
        rules.render("On {meeting}", {})


def test_every_default_template_uses_only_known_fields() -> None:
    for stage in rules.STAGES.values():
        for text in (stage.subject, stage.body):
            rules.check_template(text)
            assert rules.render(text, rules.sample_fields())
        assert set(rules.fields_used(stage.body)) <= set(rules.MERGE_FIELDS)
    assert "meeting" in rules.fields_used(rules.STAGES[rules.ATTENDANCE_MEETING].body)
    assert rules.fields_used("{a} {b} {a}") == ["a", "b"]


def test_an_unknown_stage_names_the_stages() -> None:
    with pytest.raises(rules.LetterError, match="initial_concern, persistent_absence"):
        rules.stage("final_warning")

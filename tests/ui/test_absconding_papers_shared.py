"""The window and the command line write an incident's papers from one table, and note them (and
opening an incident) in the audit log in the same words (reports/absconding_papers.py)."""

from __future__ import annotations

from desktop_app.reports import absconding_papers
from desktop_app.views.absconding import paper, timer


def test_the_window_saves_the_papers_from_the_shared_table() -> None:
    assert paper.PAPERS is absconding_papers.PAPERS


def test_opening_an_incident_is_audited_in_the_same_words_by_window_and_command_line() -> None:
    assert timer.VIEWED is absconding_papers.VIEWED == "absconding incident"


def test_the_audit_log_names_each_paper_as_the_window_always_has() -> None:
    named = {kind: p.audited_as for kind, p in absconding_papers.PAPERS.items()}
    assert named == {"sheet": "missing-learner sheet (PDF)", "report": "incident report (PDF)"}

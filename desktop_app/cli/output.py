"""Printing statistics and alerts as tables or JSON."""

from __future__ import annotations

from typing import Any

from desktop_app.domain.stats import Summary, format_percent
from desktop_app.domain.watches import Alert
from desktop_app.services.marking import HistoryEntry
from desktop_app.services.statistics import StatsReport


def summary_json(summary: Summary) -> dict[str, Any]:
    percent = summary.attendance_percent
    return {
        "possible": summary.possible,
        "attended": summary.attended,
        "authorised": summary.authorised,
        "unauthorised": summary.unauthorised,
        "late": summary.late,
        "attendance_percent": None if percent is None else float(percent),
        "persistent_absence": summary.persistent_absence,
        "severe_absence": summary.severe_absence,
    }


def stats_json(report: StatsReport) -> dict[str, Any]:
    return {
        "learners": [{"upn": r.upn, **summary_json(r.summary)} for r in report.learners],
        "totals": summary_json(report.totals),
    }


def _row(upn: str, name: str, s: Summary) -> str:
    flags = ("SA" if s.severe_absence else "PA" if s.persistent_absence else "").ljust(3)
    return (
        f"{upn:<14} {name[:24]:<24} {s.possible:>8} {s.attended:>8} {s.authorised:>6} "
        f"{s.unauthorised:>7} {s.late:>5} {format_percent(s.attendance_percent):>7} {flags}"
    )


def print_stats(report: StatsReport) -> None:
    span = f"{report.start or 'the beginning'} to {report.end or 'the latest mark'}"
    print(f"Attendance from {span}")
    print(
        f"{'UPN':<14} {'Name':<24} {'Possible':>8} {'Attended':>8} {'Auth':>6} "
        f"{'Unauth':>7} {'Late':>5} {'Att %':>7} PA/SA"
    )
    for row in report.learners:
        print(_row(row.upn, row.name, row.summary))
    print(_row("", "All learners", report.totals))


def alerts_json(alerts: list[Alert]) -> list[dict[str, str]]:
    return [
        {"kind": a.kind, "upn": a.upn, "date": a.date.isoformat(), "detail": a.detail}
        for a in alerts
    ]


def print_alerts(alerts: list[Alert]) -> None:
    if not alerts:
        print("No alerts.")
        return
    for a in alerts:
        print(f"{a.date}  {a.kind:<30} {a.upn}  {a.detail}")
    print(f"{len(alerts)} alerts")


def history_json(entries: list[HistoryEntry]) -> list[dict[str, Any]]:
    return [
        {
            "code": e.code,
            "minutes_late": e.minutes_late,
            "recorded_at": e.recorded_at.isoformat(),
            "recorded_by": e.recorded_by,
            "position": e.position,
            "reason": e.reason,
        }
        for e in entries
    ]


def print_history(entries: list[HistoryEntry]) -> None:
    if not entries:
        print("No mark recorded for that session.")
        return
    for e in entries:
        when = e.recorded_at.astimezone().strftime("%Y-%m-%d %H:%M")
        kind = "amended" if e.after_close else "corrected" if e.reason is not None else "marked"
        why = f" ({e.reason})" if e.reason else ""
        late = f", {e.minutes_late} min late" if e.minutes_late else ""
        print(f"{when}  {e.code:<3} {kind:<9} by {e.recorded_by}, {e.position}{why}{late}")

"""Issue 11 points 6, 7, 8, 12, 13 and issue 13 point 1 in the register, acted through the widgets.

Times follow register_fixtures: AM 09:00 (closes 09:30), PM 12:45 (closes 13:15), Monday 8 Sep.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.domain.permissions import Role
from desktop_app.models.engine import Database
from desktop_app.services.auth import StaffUser
from desktop_app.services.marking import history, record_mark
from desktop_app.views.common import options
from desktop_app.views.common.changes import Change, Kind
from desktop_app.views.register import saving
from desktop_app.views.register.dialogs import HistoryDialog, LateDialog
from desktop_app.views.register.screen import RegisterScreen
from tests.ui.register_fixtures import (
    AM,
    ANN,
    BEN,
    CAT,
    DAN,
    MON,
    PM,
    TUE,
    Clock,
    at,
    clock,
    column,
    current,
    go,
    learners,
    make_screen,
    press,
    settle,
    stored,
)

__all__ = ["clock", "learners", "make_screen"]  # fixtures, imported for pytest

Make = Callable[..., RegisterScreen]


# --- point 6: nothing but planned codes before the session starts ---------------------------


def test_at_nine_past_nine_space_on_the_afternoon_cell_is_refused(
    qtbot: QtBot,
    make_screen: Make,
    clock: Clock,
    db: Database,
    director: StaffUser,
    learners: list[int],
) -> None:
    clock.now = at(MON, 9, 6)
    screen = make_screen()
    index = go(screen, ANN, MON, PM)
    press(qtbot, screen, Qt.Key.Key_Space)
    assert "cannot be recorded ahead" in screen.message.text()
    assert "12:45" in screen.message.text()
    assert index.data() == ""
    assert stored(db, director, learners[0], MON, PM) == []
    press(qtbot, screen, "m")  # a notified appointment may be entered ahead
    assert stored(db, director, learners[0], MON, PM) == ["M"]


def test_the_grid_refuses_by_the_rule_without_asking_the_service(
    qtbot: QtBot, make_screen: Make, monkeypatch: object
) -> None:
    """The grid judges with the domain's mark rule: '#' on an open day never reaches a save."""
    screen = make_screen()
    calls: list[object] = []
    monkeypatch.setattr(saving, "record_mark", lambda *a, **k: calls.append(a))  # type: ignore[attr-defined]
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "#")
    assert "planned closures only" in screen.message.text()
    assert calls == []


# --- point 7: L and U ask when the learner arrived --------------------------------------------


def _late_dialog(qtbot: QtBot, screen: RegisterScreen) -> LateDialog:
    dialog = screen.saver.late_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_typing_l_asks_the_arrival_with_now_as_default_and_enter_saves_minutes(
    qtbot: QtBot,
    make_screen: Make,
    clock: Clock,
    db: Database,
    director: StaffUser,
    learners: list[int],
) -> None:
    clock.now = at(MON, 9, 12)
    screen = make_screen()
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "l")
    dialog = _late_dialog(qtbot, screen)
    assert dialog.arrival_edit.text() == "09:12"
    assert dialog.result_label.text() == "L: 12 min late"
    qtbot.keyClick(dialog.arrival_edit, Qt.Key.Key_Return)
    assert [(e.code, e.minutes_late) for e in history(db, director, learners[0], MON, AM)] == [
        ("L", 12)
    ]
    assert current(screen) == (BEN, column(MON, AM))  # on to the next learner
    assert "12 min late" in screen.message.text()


def test_minutes_late_can_be_typed_instead_and_after_the_close_it_is_u(
    qtbot: QtBot,
    make_screen: Make,
    clock: Clock,
    db: Database,
    director: StaffUser,
    learners: list[int],
) -> None:
    clock.now = at(MON, 9, 50)
    screen = make_screen()
    go(screen, DAN, MON, AM)
    press(qtbot, screen, "l")
    dialog = _late_dialog(qtbot, screen)
    qtbot.keyClicks(dialog.arrival_edit, "7")  # replaces the selected time: 7 minutes late
    assert dialog.result_label.text() == "L: 7 min late"
    qtbot.keyClick(dialog.arrival_edit, Qt.Key.Key_Return)
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "u")
    qtbot.keyClick(_late_dialog(qtbot, screen).arrival_edit, Qt.Key.Key_Return)  # now: 09:50
    assert [(e.code, e.minutes_late) for e in history(db, director, learners[3], MON, AM)] == [
        ("L", 7)
    ]
    assert [(e.code, e.minutes_late) for e in history(db, director, learners[0], MON, AM)] == [
        ("U", 50)
    ]


def test_cancelling_the_arrival_saves_nothing_and_says_so(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "l")
    qtbot.keyClick(_late_dialog(qtbot, screen).arrival_edit, Qt.Key.Key_Escape)
    assert stored(db, director, learners[0], MON, AM) == []
    assert screen.message.text() == "L cancelled: nothing saved"


# --- point 8: a half-typed code is never lost silently ----------------------------------------


def test_a_half_typed_code_is_saved_when_the_window_closes(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "C")
    screen.close()
    assert stored(db, director, learners[0], MON, AM) == ["C"]


def test_a_half_typed_code_is_saved_when_another_page_is_shown(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "C")
    screen.hide()  # the window's page stack hides the register
    assert stored(db, director, learners[0], MON, AM) == ["C"]


def test_a_half_typed_code_survives_a_reload_and_escape_discards_it_with_a_message(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "C")
    screen._refresh_later()  # the debounced re-read waits for the second key
    assert screen.grid.pending_prefix == "C"
    press(qtbot, screen, Qt.Key.Key_Escape)
    assert screen.message.text() == "Not changed: 'C' discarded (Escape); nothing was saved"
    assert stored(db, director, learners[0], MON, AM) == []


def test_a_forced_reload_commits_the_half_typed_code_first(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    go(screen, ANN, MON, AM)
    press(qtbot, screen, "C")
    screen.go_to_week(TUE)  # the same week: a reload
    assert stored(db, director, learners[0], MON, AM) == ["C"]


# --- point 12: the tutor's keyboard flow --------------------------------------------------------


def _add_group(db: Database, name: str, learner_ids: list[int]) -> int:
    from desktop_app.models import Group, Learner  # a fixture's own rows

    with db.transaction() as session:
        group = Group(name=name)
        session.add(group)
        session.flush()
        for learner_id in learner_ids:
            session.get_one(Learner, learner_id).group_id = group.id
        return group.id


def test_choosing_a_group_puts_the_cursor_on_the_first_unmarked_learner_of_this_session(
    qtbot: QtBot,
    make_screen: Make,
    db: Database,
    director: StaffUser,
    learners: list[int],
) -> None:
    kestrel = _add_group(db, "Kestrel", [learners[0], learners[2], learners[3]])
    record_mark(db, director, learners[0], MON, AM, "/", at(MON, 9, 1))
    screen = make_screen()
    box = screen.bar.group_box
    box.setFocus()  # the keyboard is on the group box while the group is chosen
    assert screen.focusWidget() is box
    box.setCurrentIndex(box.findData(kestrel))
    settle(qtbot, screen)
    assert current(screen) == (1, column(MON, AM))  # Ann is marked: Cat is next
    assert screen.focusWidget() is screen.grid
    assert options.get(options.REGISTER_GROUP) == kestrel


def test_the_group_and_week_are_remembered_on_this_computer(
    qtbot: QtBot, make_screen: Make, db: Database, learners: list[int]
) -> None:
    kestrel = _add_group(db, "Kestrel", [learners[0]])
    first = make_screen()
    first.bar.group_box.setCurrentIndex(first.bar.group_box.findData(kestrel))
    first.bar.next_button.click()
    qtbot.waitUntil(first.paging_paused)  # the week is remembered once paging pauses
    again = make_screen()
    assert again.bar.group_id == kestrel
    assert again.model.week is not None and again.model.week.monday == date_of(MON, 7)


def date_of(day: object, days: int) -> object:
    from datetime import timedelta

    return day + timedelta(days=days)  # type: ignore[operator]


def test_the_open_session_and_its_close_time_show_above_the_grid(
    qtbot: QtBot, make_screen: Make, clock: Clock
) -> None:
    clock.now = at(MON, 9, 6)
    screen = make_screen()
    assert screen.banner.isVisible()
    assert screen.banner.text() == "AM register open · closes 09:30 · 24 min left"
    clock.now = at(MON, 10, 0)
    screen.refresh()
    settle(qtbot, screen)
    assert screen.banner.text() == "PM register opens at 12:45"
    clock.now = at(MON, 14, 0)
    screen.refresh()
    settle(qtbot, screen)
    assert screen.banner.text() == "PM register closed at 13:15"


def test_the_banner_uses_the_session_times_in_force_that_day(
    qtbot: QtBot, make_screen: Make, clock: Clock, db: Database, director: StaffUser
) -> None:
    """Issue 14: a Friday with its own times (AM 09:15, closes 09:45) and the rest unchanged."""
    from datetime import date, time

    from desktop_app.domain.sessions import SessionTimes
    from desktop_app.services.session_times import set_session_times

    friday = date(2025, 9, 12)
    late = SessionTimes(time(9, 15), time(9, 45))
    pm = SessionTimes(time(12, 45), time(13, 15))
    set_session_times(db, director, late, pm, MON, MON, weekday=4)
    clock.now = at(friday, 9, 40)
    screen = make_screen()
    assert screen.banner.text() == "AM register open · closes 09:45 · 5 min left"
    clock.now = at(MON, 9, 40)
    screen.refresh()
    settle(qtbot, screen)
    assert screen.banner.text() == "PM register opens at 12:45"  # Monday closed at 09:30


# --- point 13: the History dialog opens showing its content ---------------------------------


def test_the_history_dialog_opens_showing_every_row_and_column(
    qtbot: QtBot,
    make_screen: Make,
    clock: Clock,
    db: Database,
    director: StaffUser,
    learners: list[int],
) -> None:
    reason = "GP ran late"  # short enough for the test screen (800 px) to hold every column
    record_mark(db, director, learners[0], MON, AM, "N", at(MON, 9, 5))
    for code in ("M", "I", "M", "I", "M", "I"):
        record_mark(db, director, learners[0], MON, AM, code, at(MON, 11, 0), reason=reason)
    clock.now = at(MON, 11, 5)
    screen = make_screen()
    dialog = screen.show_history(go(screen, ANN, MON, AM))
    assert isinstance(dialog, HistoryDialog)
    qtbot.waitExposed(dialog)
    table = dialog.table
    needed = table.fontMetrics().horizontalAdvance(reason)
    assert table.columnWidth(4) >= needed  # the reason is not cut off
    assert table.verticalScrollBar().maximum() == 0  # every row shows
    assert table.horizontalScrollBar().maximum() == 0


# --- issue 13 point 1: a change based on a value no longer there ----------------------------


def test_a_mark_changed_by_someone_else_is_not_overwritten_and_the_newer_value_shows(
    qtbot: QtBot,
    make_screen: Make,
    clock: Clock,
    db: Database,
    director: StaffUser,
    make_staff: Callable[[Role], StaffUser],
    learners: list[int],
) -> None:
    record_mark(db, director, learners[0], MON, AM, "N", at(MON, 9, 5))
    clock.now = at(MON, 11, 0)
    screen = make_screen()
    officer = make_staff(Role.ATTENDANCE_OFFICER)
    record_mark(db, officer, learners[0], MON, AM, "I", at(MON, 11, 0), reason="Mum rang")
    screen.ask_reason = lambda *_args: "GP letter"
    index = go(screen, ANN, MON, AM)
    assert index.data() == "N"  # what the screen still shows
    press(qtbot, screen, "m")
    settle(qtbot, screen)
    assert f"changed by {officer.full_name} at " in screen.message.text()
    assert stored(db, director, learners[0], MON, AM) == ["N", "I"]
    assert screen.model.index(ANN, column(MON, AM)).data() == "I"  # the newer value


# --- issue 12: the change bus -------------------------------------------------------------------


def test_a_save_announces_the_learner_and_day_on_the_bus(
    qtbot: QtBot, make_screen: Make, learners: list[int]
) -> None:
    screen = make_screen()
    go(screen, ANN, MON, AM)
    with qtbot.waitSignal(screen.context.changes.sig_marks_changed) as heard:
        press(qtbot, screen, Qt.Key.Key_Space)
    assert heard.args == [Change.of(Kind.MARKS, learner_ids=[learners[0]], dates=[MON])]
    assert not hasattr(screen, "sig_mark_saved")


def test_a_mark_saved_elsewhere_appears_when_announced_for_this_week(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser, learners: list[int]
) -> None:
    screen = make_screen()
    record_mark(db, director, learners[3], MON, AM, "B", at(MON, 9, 5))
    bus = screen.context.changes
    bus.announce(Change.of(Kind.MARKS, learner_ids=[learners[3]], dates=[date_of(MON, 14)]))
    settle(qtbot, screen)
    assert screen.model.index(DAN, column(MON, AM)).data() == ""  # another week: not re-read
    bus.announce(Change.of(Kind.MARKS, learner_ids=[learners[3]], dates=[MON]))
    settle(qtbot, screen)
    assert screen.model.index(DAN, column(MON, AM)).data() == "B"


def test_a_calendar_change_re_reads_the_week(
    qtbot: QtBot, make_screen: Make, db: Database, director: StaffUser
) -> None:
    from desktop_app.services.calendar import add_closure

    screen = make_screen()
    add_closure(db, director, TUE, None, "INSET day")
    screen.context.changes.announce(Change.of(Kind.CALENDAR))
    settle(qtbot, screen)
    assert screen.model.index(CAT, column(TUE, AM)).data() == "#"

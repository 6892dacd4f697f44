"""Save screenshots of every page and the first-run dialogs to docs/screenshots (offscreen).

Run with `make screenshots`. The demo provision is built in a temporary folder; the status bar and
the welcome dialog show the default locations, as a person using the app would see them. Also:
Settings as the director (staff tab), the Audit page, the lock screen and the recovery key; the
absconding timer before and after its first threshold.
Preferences are kept in the temporary folder, so this computer's own are neither read nor changed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from sqlalchemy import select  # noqa: E402

from desktop_app.app import configure, demo_url_for, provision_name  # noqa: E402
from desktop_app.config import database_url, default_database_path  # noqa: E402
from desktop_app.demo.provision import DemoResult, build_demo  # noqa: E402
from desktop_app.domain.codes import Session  # noqa: E402
from desktop_app.domain.permissions import Role  # noqa: E402
from desktop_app.models import EmergencyContact, Learner, MissingPlace  # noqa: E402
from desktop_app.services.absconding import aware, record_step, start_incident  # noqa: E402
from desktop_app.services.absconding_data import NewIncident, StepInput  # noqa: E402
from desktop_app.services.absconding_queries import learner_brief, learner_choices  # noqa: E402
from desktop_app.services.audit import record_view  # noqa: E402
from desktop_app.services.auth import StaffUser, authenticate  # noqa: E402
from desktop_app.services.database import Database, open_database  # noqa: E402
from desktop_app.services.staff import add_staff, reset_password  # noqa: E402
from desktop_app.views.absconding.timer import TimerDialog  # noqa: E402
from desktop_app.views.common import options  # noqa: E402
from desktop_app.views.common.context import AppContext  # noqa: E402
from desktop_app.views.settings.page import SettingsPage  # noqa: E402
from desktop_app.views.shell.main_window import PAGES, MainWindow  # noqa: E402
from desktop_app.views.shell.recovery_key_dialog import RecoveryKeyDialog  # noqa: E402
from desktop_app.views.shell.sign_in_dialog import SignInDialog  # noqa: E402
from desktop_app.views.shell.welcome_dialog import WelcomeDialog  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
WINDOW_SIZE = (1280, 800)
EXAMPLE_FORM = {
    "name": "Oakfield Alternative Provision",
    "username": "jo",
    "full_name": "Jo Adeyemi",
    "password": "short",
    "confirm": "shorter",
}
#: Not a real key: eight groups of eight, as the app prints them.
EXAMPLE_KEY = "7F3A9C21-0B5E44D8-C6A1F093-2E7D8B54-91AC3F60-D4E2B78A-5C09E1F7-38B6A2D4"


def save(widget: QWidget, name: str) -> None:
    """Show the widget, let it lay out and paint, and write name.png."""
    widget.show()
    for _ in range(3):
        QApplication.processEvents()
    target = OUT / f"{name}.png"
    if not widget.grab().save(str(target)):
        raise OSError(f"could not write {target}")
    print(f"wrote {target.relative_to(ROOT)}")


def save_welcome(register_url: str, demo: DemoResult) -> None:
    """The welcome dialog's three pages; the form shows what a mistake looks like."""
    welcome = WelcomeDialog(register_url, demo_url_for(register_url))
    save(welcome, "welcome")
    welcome.pages.setCurrentWidget(welcome.form)
    for key, text in EXAMPLE_FORM.items():
        welcome.form.edits[key].setText(text)
    welcome.form.show_problems(welcome.form.problems())
    save(welcome, "welcome_new_register")
    welcome.accounts.set_accounts(demo)
    welcome.pages.setCurrentWidget(welcome.accounts)
    save(welcome, "welcome_demo_accounts")
    welcome.close()


def some_director_actions(db: Database, user: StaffUser) -> None:
    """A few audited actions by the director, so the Audit page shows a person, not only set-up."""
    add_staff(db, user, "sam", "Sam Okafor", "Maths tutor", Role.TUTOR, "a first password")
    reset_password(db, user, "sam", "a second password")
    for learner_id in (3, 7):
        record_view(db, user, learner_id, "safeguarding")


def save_pages(window: MainWindow) -> None:
    """Every page (Settings on its Staff tab), then the window locked."""
    for row, label in enumerate(spec.name for spec in PAGES):
        if label in ("Register", "Today"):
            continue  # shown at a set time: scripts/register_screenshot.py, and save_today below
        window.show_page(row)
        settings = window.current_page()
        if isinstance(settings, SettingsPage):
            for tab in ("Session times", "Groups", "Thresholds"):  # issue 14's tabs
                settings.show_tab(tab)
                save(window, "settings-" + tab.lower().replace(" ", "-"))
            settings.show_tab("Staff")
        save(window, label.lower())
    window.show_page(len(PAGES))  # Audit, after the five pages every role has
    save(window, "audit")
    window.show_page(len(PAGES) + 1)  # Calendar, after Audit (issue 14)
    save(window, "calendar")
    window.show_page(0)
    window.lock()
    save(window, "lock")


def example_photo() -> bytes:
    """A plain head-and-shoulders silhouette standing in for a learner's photo."""
    image = QImage(240, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#dce7f5"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#7b8794"))
    painter.drawEllipse(QPointF(120, 115), 52, 60)
    painter.drawRoundedRect(40, 190, 160, 140, 70, 70)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def add_missing_details(db: Database, learner_id: int) -> None:
    """What the learner panel would hold: a photo and a description; contacts and places if the
    demo has none for this learner."""
    with db.transaction() as session:
        learner = session.get_one(Learner, learner_id)
        learner.photo = example_photo()
        learner.description = "Slim build, about 5'6\", short dark hair, small scar on left eyebrow"
        contacts = session.scalars(select(EmergencyContact).filter_by(learner_id=learner_id))
        if contacts.first() is not None:
            return
        session.add_all(
            [
                EmergencyContact(learner_id=learner_id, priority=1, name="Kim Hughes",
                                 relationship_to_learner="Mother", parental_responsibility=True,
                                 mobile="+447700900123", work_phone="+441632960555"),
                EmergencyContact(learner_id=learner_id, priority=2, name="Pat Hughes",
                                 relationship_to_learner="Grandfather", landline="+441632960123",
                                 may_collect=False, notes="Hard of hearing: let it ring"),
                MissingPlace(learner_id=learner_id, kind="place", name="Skate park",
                             detail="Elm Road, by the library"),
                MissingPlace(learner_id=learner_id, kind="person", name="Jay (cousin)",
                             detail="Flat above the chip shop, Mill Lane"),
            ]
        )  # fmt: skip


def save_absconding(db: Database, user: StaffUser, name: str, shown: str) -> None:
    """The timer dialog for a learner under 16: six minutes in, then just past ten."""
    today = datetime.now().date()
    learner = next(
        choice.id
        for choice in learner_choices(db, user, today)
        if learner_brief(db, user, choice.id, datetime.now()).age < 16
    )
    add_missing_details(db, learner)
    mother = learner_brief(db, user, learner, datetime.now()).contacts[0]
    seen = datetime.now().replace(second=0, microsecond=0) - timedelta(minutes=11)
    moments = {"now": seen + timedelta(minutes=1)}
    details = NewIncident(
        learner,
        aware(seen),
        "Back gate, Mill Lane side",
        "Sam Okafor",
        "towards the town centre, on foot",
        "",
        "Black hoodie, grey joggers",
    )
    incident = start_incident(db, user, details, aware(moments["now"])).id
    for minutes, step in (
        (1, StepInput("dsl_informed", aware(seen + timedelta(minutes=1)))),
        (2, StepInput("risk_assessment", aware(seen + timedelta(minutes=2)), level="high",
                      detail="Near the main road; upset after a phone call")),
        (3, StepInput("contact_attempt", aware(seen + timedelta(minutes=3)),
                      detail="Rang mobile: no answer; texted")),
        (5, StepInput("parent_told", aware(seen + timedelta(minutes=5)),
                      person=f"{mother.name} ({mother.relationship.lower()})")),
    ):  # fmt: skip
        record_step(db, user, incident, step, aware(seen + timedelta(minutes=minutes)))
    moments["now"] = seen + timedelta(minutes=6, seconds=12)
    context = AppContext(db, user, name, shown, lambda: moments["now"])
    dialog = TimerDialog(context, incident, beeper=lambda: None)
    dialog.timer.stop()
    save(dialog, "absconding-before")
    moments["now"] = seen + timedelta(minutes=10, seconds=25)
    dialog.tick()
    save(dialog, "absconding-after")
    dialog.close()


def save_today(db: Database, user: StaffUser, name: str, shown: str) -> None:
    """The Today page on the last school morning of the demo, after the AM register closed."""
    from desktop_app.models import Mark
    from desktop_app.services.session_times import times_on

    with db.reading() as session:
        # The last day anyone was marked present: planned marks (leave, C2) run into the future.
        present = select(Mark.date).where(Mark.code.in_(["/", "\\"]))
        day = session.scalars(present.order_by(Mark.date.desc()).limit(1)).one()
        close = times_on(session, day)[Session.AM].close
    moment = datetime.combine(day, close) + timedelta(minutes=20)
    window = MainWindow(AppContext(db, user, name, shown, clock=lambda: moment))
    window.resize(*WINDOW_SIZE)
    window.show()
    deadline = time.monotonic() + 30

    def ready() -> bool:  # the page is built on a later turn of the event loop, then reads
        page = window.current_page()
        return getattr(page, "current", None) is not None and not page.loader.busy()

    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError("Today did not show its worklist within 30 s")
        QApplication.processEvents()
    save(window, "today")
    window.close()


def main() -> int:
    app = QApplication([sys.argv[0], *sys.argv[1:]])
    configure(app)
    OUT.mkdir(parents=True, exist_ok=True)
    shown_register = database_url(str(default_database_path()))
    with tempfile.TemporaryDirectory(prefix="provision-register-") as folder:
        options.use_file(Path(folder) / "preferences.ini")
        demo_file = database_url(str(Path(folder) / "demo.sqlite"))
        db = open_database(demo_file, create=True, encrypt=False)  # a throwaway file; no keyring
        try:
            demo = build_demo(db)
            password = next(p for user, _role, p in demo.staff if user == "director")
            user = authenticate(db, "director", password)
            name = provision_name(db)
            shown_demo = demo_url_for(shown_register).removeprefix("sqlite:///")
            some_director_actions(db, user)
            window = MainWindow(AppContext(db, user, name, shown_demo))
            window.resize(*WINDOW_SIZE)
            save_pages(window)
            save_today(db, user, name, shown_demo)
            window.close()
            save(RecoveryKeyDialog(EXAMPLE_KEY, name), "recovery_key")
            save_welcome(shown_register, demo)
            save(SignInDialog(db, name, "director"), "sign_in")
            save_absconding(db, user, name, shown_demo)
        finally:
            db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A screenshot of a filled-in risk assessment on the demo provision (offscreen).

Run from the repository root:

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/risk_screenshot.py

It writes docs/screenshots/risk-assessment.png: the learner panel's Risk assessment tab as the DSL
sees it, for the demo learner whose assessment is past its review date: version 1 is in force and
overdue, and version 2, its review, was written today and signed by the director as writer. It is
waiting for the DSL, who has yet to tick "Approved by the DSL".
"""

from __future__ import annotations

import os
import sys
import tempfile
import time as _time
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import select  # noqa: E402

from desktop_app.app import configure, provision_name  # noqa: E402
from desktop_app.config import database_url  # noqa: E402
from desktop_app.demo.provision import build_demo  # noqa: E402
from desktop_app.models import Learner  # noqa: E402
from desktop_app.models.engine import Database  # noqa: E402
from desktop_app.services import risk_assessments as ra  # noqa: E402
from desktop_app.services.auth import StaffUser  # noqa: E402
from desktop_app.services.database import open_database  # noqa: E402
from desktop_app.services.provision import staff_by_username  # noqa: E402
from desktop_app.services.risk_assessments import AgencyEntry, RiskEntry  # noqa: E402
from desktop_app.views.common.context import AppContext  # noqa: E402
from desktop_app.views.risk.tab import RiskAssessmentTab  # noqa: E402

TARGET = ROOT / "docs" / "screenshots" / "risk-assessment.png"
SIZE = (1280, 860)  # the width of a laptop's window; the height grows to fit the form

AGENCIES = {
    "Home school": (
        "Mrs J. Whitfield, head of year 9",
        "01632 960412 · jw@school.example",
    ),
    "Social worker": ("Sam Patel, Children's Services", "07700 900123 · duty team 01632 960000"),
    "CATE team": ("PC Ellis Morgan", "101 ext 4471 · cate@police.example"),
    "GP": ("Dr A. Shah, Riverside Practice", "01632 960001"),
}
RISKS = (
    RiskEntry(
        "Leaves site without permission, usually after a conflict with a peer; has been found "
        "near the retail park with older young people.",
        4,
        4,
        "Key worker meets him at the door each morning; agreed calm space and a 'time out' card; "
        "staff trained on the absconding protocol.",
        "Mo Ahmed",
        "Absconding protocol: DSL told at once, police on 101 after 15 minutes (999 if at "
        "immediate risk); parent and home school informed.",
    ),
    RiskEntry(
        "Exploitation: contact with older peers linked to county lines activity (CATE referral "
        "made in January).",
        3,
        5,
        "Daily check of phone contact with the key worker; CATE team updated weekly; parent "
        "signposted to the Safer Streets programme.",
        "Grace Okoro",
        "Strategy meeting requested through the social worker; MASH referral if new concerns.",
    ),
    RiskEntry(
        "Low mood and disrupted sleep; said in February that he 'can't be bothered with anything'.",
        2,
        3,
        "Weekly mentoring session; CAMHS referral followed up by the GP.",
        "Priya Nair",
        "DSL and parent told the same day; GP appointment within 48 hours.",
    ),
)


def settle() -> None:
    for _ in range(6):
        QApplication.processEvents()


def overdue_learner(db: Database, dsl: StaffUser, today: date) -> tuple[int, int]:
    """A demo learner whose assessment in force is past its review date, and that version's id."""
    with db.reading() as session:
        learner_ids = list(session.scalars(select(Learner.id).order_by(Learner.id)))
    for learner_id in learner_ids:
        for line in ra.list_versions(db, dsl, learner_id, today):
            if line.overdue:
                return learner_id, line.id
    raise LookupError("the demo has no learner with an overdue risk assessment")


def review(db: Database, dsl: StaffUser, director: StaffUser, today: date) -> int:
    """The director starts the overdue review, rewrites it and signs it as writer."""
    learner_id, in_force = overdue_learner(db, dsl, today)
    draft = ra.start_review(db, director, in_force, today)
    agencies = tuple(
        AgencyEntry(a.agency, *AGENCIES.get(a.agency, ("", ""))) for a in draft.content.agencies
    )
    content = replace(
        draft.content,
        task_analysis=(
            "Year 9; placed by Northfield Academy for three mornings a week after a managed move. "
            "Travels alone by bus; engages well one-to-one with his key worker, Mo Ahmed, and "
            "struggles in groups of more than four."
        ),
        concerns=(
            "Missing from home twice in the autumn term (police involved both times); seen with "
            "older peers linked to county lines; CATE referral in January. Attendance 71% this "
            "term, with most absence on Mondays. Mother reports he is out late most evenings."
        ),
        next_steps=(
            "Strategy meeting with social care on Thursday; share this assessment with the CATE "
            "team and the home school; re-run the Neglect Toolkit at the next home visit."
        ),
        agencies=agencies,
        risks=RISKS,
        reviewed_by_directors=True,
        shared_with_agencies=True,
    )
    ra.sign_as_writer(db, director, draft.id, today, content)
    return learner_id


def main() -> int:
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    configure(app)
    today = date.today()
    with tempfile.TemporaryDirectory(prefix="risk-shot-") as folder:
        url = database_url(str(Path(folder) / "demo.sqlite"))
        db = open_database(url, create=True, encrypt=False)
        try:
            build_demo(db, today=today)
            dsl, director = staff_by_username(db, "dsl"), staff_by_username(db, "director")
            assert dsl is not None and director is not None
            learner_id = review(db, dsl, director, today)
            context = AppContext(
                db, dsl, provision_name(db), folder, lambda: datetime.combine(today, time(10))
            )
            tab = RiskAssessmentTab(context, learner_id)
            tab.setWindowTitle("Risk assessment")
            tab.setStyleSheet(tab.styleSheet() + "RiskAssessmentTab { background: #f5f7fa; }")
            tab.resize(*SIZE)
            tab.show()
            while tab.loader.busy():  # the versions are read off the GUI thread
                QApplication.processEvents()
                _time.sleep(0.005)
            settle()
            for _ in range(3):  # tall enough for the whole form: no scrolling in the picture
                missing = tab.form.sizeHint().height() - tab.scroller.viewport().height()
                if missing > 0:
                    tab.resize(SIZE[0], tab.height() + missing)
                settle()
            TARGET.parent.mkdir(parents=True, exist_ok=True)
            if not tab.grab().save(str(TARGET)):
                raise OSError(f"could not write {TARGET}")
            tab.close()
        finally:
            db.dispose()
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

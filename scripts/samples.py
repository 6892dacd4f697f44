"""Write the sample reports and letters in docs/samples/ from the demo provision.

The demo is built in a temporary folder as on 19 December 2025 (the day after Autumn 2 2025
ends), with the report examples added (letterhead, families, a day's follow-up, incidents, risk
assessments). Run from the repository root:

    .venv/bin/python scripts/samples.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop_app.config import database_url  # noqa: E402
from desktop_app.demo.provision import build_demo  # noqa: E402
from desktop_app.demo.report_extras import add_report_examples  # noqa: E402
from desktop_app.domain.letters import STAGES  # noqa: E402
from desktop_app.domain.upn import make_upn  # noqa: E402
from desktop_app.services import report_jobs as jobs  # noqa: E402
from desktop_app.services.database import Database, open_database  # noqa: E402
from desktop_app.services.provision import staff_by_username  # noqa: E402

OUT = ROOT / "docs" / "samples"
TODAY = date(2025, 12, 19)
NOW = datetime(2025, 12, 19, 16, 30)
LAST_DAY = date(2025, 12, 18)
TERM = "Autumn 2 2025"
MEETING = "Tuesday 6 January 2026 at 10:00, at the provision"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="samples-") as folder:
        db = open_database(
            database_url(str(Path(folder) / "demo.sqlite")), create=True, encrypt=False
        )
        try:
            build_demo(db, today=TODAY)
            add_report_examples(db, LAST_DAY)
            write_all(db, Path(folder))
        finally:
            db.dispose()
    for path in sorted(OUT.iterdir()):
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


def write_all(db: Database, folder: Path) -> None:
    director = staff_by_username(db, "director")
    officer = staff_by_username(db, "officer")
    tutor = staff_by_username(db, "tutor1")
    assert director and officer and tutor
    jobs.termly_job(db, director, TERM, OUT / "termly-report.pdf", now=NOW)
    upn = make_upn("820300000004")  # the demo's fifth learner, who attends least
    jobs.learner_job(
        db, officer, upn, (date(2025, 9, 3), LAST_DAY), OUT / "learner-report.pdf", now=NOW
    )
    jobs.register_job(
        db, tutor, "Kestrel", date(2025, 12, 15), OUT / "register-kestrel.pdf", now=NOW
    )
    jobs.commissioner_job(db, officer, LAST_DAY, OUT / "commissioner-summary.pdf", now=NOW)
    jobs.commissioner_job(db, officer, LAST_DAY, OUT / "commissioner-summary.csv", now=NOW)
    for stage in STAGES:
        written = jobs.letters_job(db, officer, stage, folder / stage, now=NOW, meeting=MEETING)
        if written.files:
            shutil.copy(written.files[0], OUT / f"letter-{stage.replace('_', '-')}.pdf")


if __name__ == "__main__":
    sys.exit(main())

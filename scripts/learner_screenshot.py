"""Screenshots of the Learners list and the learner panel on the demo provision (offscreen).

Run from the repository root:

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/learner_screenshot.py

It writes docs/screenshots/learners.png (the list) and learner-panel*.png (the panel of a RED
learner as the DSL sees it: overview, contacts, contact log and RAG tabs).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop_app.app import configure, provision_name  # noqa: E402
from desktop_app.config import database_url  # noqa: E402
from desktop_app.demo.provision import build_demo  # noqa: E402
from desktop_app.services.database import open_database  # noqa: E402
from desktop_app.services.learner_list import learner_list  # noqa: E402
from desktop_app.services.learner_records import set_photo  # noqa: E402
from desktop_app.services.provision import staff_by_username  # noqa: E402
from desktop_app.views.common.context import AppContext  # noqa: E402
from desktop_app.views.learners.page import LearnersPage  # noqa: E402
from desktop_app.views.learners.panel import LearnerPanelWindow  # noqa: E402

FOLDER = ROOT / "docs" / "screenshots"


def settle() -> None:
    for _ in range(6):
        QApplication.processEvents()


def silhouette() -> bytes:
    """A plain head-and-shoulders drawing standing in for a photo (no real child's face)."""
    image = QImage(240, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#dfe7ef"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#7b8794"))
    painter.drawEllipse(QPointF(120, 115), 52, 60)
    body = QPainterPath()
    body.moveTo(30, 300)
    body.cubicTo(40, 200, 200, 200, 210, 300)
    painter.drawPath(body)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; Qt wants str
    return bytes(data.data())


def grab(widget: QWidget, name: str) -> None:
    settle()
    path = FOLDER / name
    widget.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    configure(app)
    FOLDER.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        url = database_url(str(Path(folder) / "demo.sqlite"))
        db = open_database(url, create=True, encrypt=False)  # a throwaway demo: no key needed
        build_demo(db)
        user = staff_by_username(db, "dsl")
        assert user is not None
        ctx = AppContext(db, user, provision_name(db), folder, datetime.now)
        rows = learner_list(db, user)
        red = next(r for r in rows if r.rating == "red" and not r.needs_assessment)
        set_photo(db, staff_by_username(db, "director") or user, red.id, silhouette())
        page = LearnersPage(ctx)
        page.resize(1100, 720)
        page.show()
        grab(page, "learners.png")
        window = LearnerPanelWindow(ctx, red.id)
        window.resize(1100, 760)
        window.show()
        for index, name in enumerate(("", "-contacts", "-log", "-rag")):
            window.tabs.setCurrentIndex(index)
            grab(window, f"learner-panel{name}.png")
        window.close()
        page.close()
        db.dispose()


if __name__ == "__main__":
    main()

"""Saving, opening and printing the OFFICIAL-SENSITIVE PDFs: one way for every screen.

PDFs are offered first in the user's Documents, in a "Provision Register" folder (never the
program's folder), then wherever the last one was saved. Print sends the PDF itself to a printer
chosen in Qt's print dialog: this Qt (PySide6-Essentials) has no QtPdf to draw a PDF onto a
QPrinter, so the file goes to the printing system as it is (CUPS `lp` on Linux and macOS, the
PDF program's "print" on Windows). When no printer, no printing system or no PDF viewer is set
up, the person is told so, and where the file is, instead of nothing happening.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from desktop_app import APP_NAME
from desktop_app.views.common import options

PDF_FILTER = "PDF files (*.pdf)"
NO_VIEWER = (
    "No program for opening PDFs is set up on this computer, so it was not opened. "
    "The file is saved at {path}."
)
NO_PRINTER = (
    "No printer is set up on this computer. The PDF is saved at {path}: print it from there."
)
NO_SPOOLER = (
    "This computer has no printing system the app can use (CUPS's lp). "
    "The PDF is saved at {path}: print it from a PDF viewer."
)


class PrintProblem(Exception):
    """The PDF could not be sent to the printer; the message says why, for the person."""


@dataclass(frozen=True, slots=True)
class PrintJob:
    printer: str
    copies: int


def documents_folder() -> Path:
    """The user's Documents/Provision Register (the home folder if there is no Documents)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found or Path.home()) / APP_NAME


def start_folder() -> Path:
    """Where to offer to save: the folder last saved to, if it is still there, else Documents."""
    last = options.get(options.PAPER_FOLDER)
    if last and Path(last).is_dir():
        return Path(last)
    return documents_folder()


def made(folder: Path) -> Path:
    """The folder, made if need be (a new Documents/Provision Register); its parent if it
    cannot be made."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return folder.parent
    return folder


def print_path(name: str) -> Path:
    """Where Print writes a PDF before sending it: the usual folder, no question asked."""
    return made(start_folder()) / name


def remember(path: Path) -> None:
    """Offer this file's folder next time."""
    options.put(options.PAPER_FOLDER, str(path.parent))


def ask_save_path(parent: QWidget, caption: str, name: str, file_filter: str) -> Path | None:
    """Qt's save dialog, starting in start_folder() with name; None if cancelled."""
    chosen, _ = QFileDialog.getSaveFileName(
        parent, caption, str(made(start_folder()) / name), file_filter
    )
    return Path(chosen) if chosen else None


def ask_folder(parent: QWidget, caption: str) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, caption, str(made(start_folder())))
    return Path(chosen) if chosen else None


def open_file(path: Path, open_url: Callable[[QUrl], object] | None = None) -> str:
    """Open the file (or folder) in its program; a sentence to show if nothing can open it."""
    opener = open_url or QDesktopServices.openUrl
    if opener(QUrl.fromLocalFile(str(path))):
        return ""
    return NO_VIEWER.format(path=path)


def choose_printer(parent: QWidget) -> PrintJob | None:
    """Qt's print dialog; the printer and copies, or None if cancelled. Refused with no printer."""
    if not QPrinterInfo.availablePrinters():
        raise PrintProblem(NO_PRINTER)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print — {APP_NAME}")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return PrintJob(printer.printerName(), max(1, printer.copyCount()))


def send_to_printer(path: Path, job: PrintJob) -> None:
    """Hand the PDF to the operating system's printing; PrintProblem if it cannot be."""
    if sys.platform == "win32":
        try:
            os.startfile(str(path), "print")  # type: ignore[attr-defined]  # Windows only
        except OSError as error:
            raise PrintProblem(f"Windows could not print it ({error}). {path}") from error
        return
    lp = shutil.which("lp")
    if lp is None:
        raise PrintProblem(NO_SPOOLER)
    command = [lp, "-d", job.printer, "-n", str(job.copies), str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip() or f"lp stopped with {done.returncode}"
        raise PrintProblem(f"The printer refused it: {reason}. The PDF is saved at {{path}}.")


def print_file(parent: QWidget, path: Path) -> str:
    """Ask for a printer and print the PDF; a sentence saying what happened ('' if cancelled)."""
    try:
        job = choose_printer(parent)
        if job is None:
            return ""
        send_to_printer(path, job)
    except PrintProblem as problem:
        return str(problem).format(path=path)
    return f"Sent to {job.printer}. The PDF is kept at {path}."

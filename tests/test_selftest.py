"""`--self-test`: every check passes on a good installation, and a broken one is reported."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from PySide6.QtWidgets import QApplication

from desktop_app import selftest
from desktop_app.__main__ import main
from desktop_app.domain.stats import Summary
from desktop_app.services import cipher, statistics
from tests.memory_keyring import MemoryKeyring


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    """A fresh in-memory keyring (never this machine's, never a plain-text one)."""
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


def test_every_check_passes_and_is_printed(
    qapp: QApplication,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    run = selftest.self_test(tmp_path)
    out = capsys.readouterr().out
    assert len(run.lines) == len(selftest.CHECKS)
    for fragment in (
        "SQLCipher 4.",
        "keyring tests.memory_keyring.MemoryKeyring stores and returns a key",
        "encrypted on disk, unreadable without its key",
        "2 learners (4 marks)",
        "2 of 4 possible sessions attended (50.00%)",
        "printed as a PDF",
        "Qt draws with the",
    ):
        assert fragment in out, fragment
    assert not (tmp_path / "self-test.sqlite").read_bytes().startswith(b"SQLite format 3")
    assert memory_keyring.secrets == {}  # the register's key and the probe are removed


def test_the_command_exits_0_and_leaves_nothing_behind(
    qapp: QApplication,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    assert main(["--self-test"]) == 0
    assert "self-test passed: 7 checks" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_without_a_usable_keyring_it_uses_a_passphrase_never_a_plain_text_keyring(
    qapp: QApplication, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    class PlaintextKeyring(MemoryKeyring):
        """Named like keyrings.alt's file keyring: the app must refuse to use it."""

    plain = PlaintextKeyring()
    keyring.set_keyring(plain)
    try:
        selftest.self_test(tmp_path)
    finally:
        keyring.set_keyring(MemoryKeyring())
    assert "no usable keyring here" in capsys.readouterr().out
    assert plain.secrets == {}


def test_missing_sqlcipher_fails_the_self_test(
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing() -> str:
        raise cipher.SQLCipherMissing("the encryption library SQLCipher is missing")

    monkeypatch.setattr(cipher, "require_sqlcipher", missing)
    assert main(["--self-test"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  SQLCipherMissing: the encryption library SQLCipher is missing" in out
    assert "Traceback" not in out


def test_wrong_statistics_fail_the_self_test(
    qapp: QApplication,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = statistics.statistics

    def off_by_one(*args: object, **kwargs: object) -> statistics.StatsReport:
        report = real(*args, **kwargs)  # type: ignore[arg-type]
        totals = report.totals
        wrong = Summary(totals.possible, totals.attended + 1, totals.authorised)
        return statistics.StatsReport(report.start, report.end, report.learners, wrong)

    monkeypatch.setattr(statistics, "statistics", off_by_one)
    assert main(["--self-test"]) == 1
    assert "statistics came out (4, 3, 2" in capsys.readouterr().out

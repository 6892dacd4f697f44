"""The installed entry points run in a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PASSWORD


def run(args: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        # No keyring in the child: it must use the passphrase, never this machine's keyring.
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PROVISION_REGISTER_PASSPHRASE": "a passphrase for tests only",
    }
    return subprocess.run(args, input=stdin, capture_output=True, text=True, env=env, timeout=120)


def test_python_m_desktop_app_with_a_command_runs_the_cli() -> None:
    result = run([sys.executable, "-m", "desktop_app", "--help"])
    assert result.returncode == 0
    assert "init" in result.stdout and "import" in result.stdout and "alerts" in result.stdout


def test_console_script_uses_the_environment_database(tmp_path: Path) -> None:
    """provision-register honours PROVISION_REGISTER_DATABASE and reads the password from stdin."""
    script = Path(sys.executable).with_name("provision-register")
    db = tmp_path / "env.sqlite"
    os.environ["PROVISION_REGISTER_DATABASE"] = str(db)
    try:
        made = run(
            [str(script), "init", "--name", "Env AP", "--admin", "boss", "--password-stdin"],
            PASSWORD + "\n",
        )
        assert made.returncode == 0, made.stderr
        listed = run(
            [str(script), "calendar", "list", "--user", "boss", "--password-stdin"], PASSWORD + "\n"
        )
    finally:
        del os.environ["PROVISION_REGISTER_DATABASE"]
    assert db.exists()
    assert listed.returncode == 0 and "Terms:" in listed.stdout


def test_a_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite"
    result = run(
        [
            sys.executable,
            "-m",
            "desktop_app",
            "stats",
            "--database",
            str(missing),
            "--user",
            "x",
            "--password-stdin",
        ],
        "pw\n",
    )
    assert result.returncode == 2
    assert "no database at" in result.stderr and not missing.exists()


def test_window_options_open_the_window_and_commands_run_the_cli() -> None:
    from desktop_app.__main__ import is_window_start

    assert is_window_start([])
    assert is_window_start(["--database", "/tmp/x.sqlite"])
    assert is_window_start(["--database=/tmp/x.sqlite", "-platform", "offscreen"])
    assert not is_window_start(["--database", "/tmp/x.sqlite", "stats"])
    assert not is_window_start(["--help"])
    assert not is_window_start(["--database"])


def test_self_test_runs_in_a_real_process_and_exits_0() -> None:
    """With no keyring here the self-test protects its register with a passphrase."""
    result = run([sys.executable, "-m", "desktop_app", "--self-test"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed: 7 checks" in result.stdout
    assert "no usable keyring here" in result.stdout and "Traceback" not in result.stderr

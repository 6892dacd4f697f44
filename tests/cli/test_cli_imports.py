"""The command line loads neither Qt nor what its command does not use (a quick `--help`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from desktop_app.cli import parser as cli_parser
from tests.conftest import PASSWORD

#: Runs the entry point in a fresh interpreter and prints the top-level packages it loaded.
PROBE = """
import json, sys
from desktop_app.__main__ import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit_:
    code = exit_.code
loaded = sorted({name.split(".")[0] for name in sys.modules} | {
    name for name in sys.modules if name.startswith("desktop_app.")})
print("\\n" + json.dumps({"code": code, "loaded": loaded}))
"""


def loaded_by(*args: str, stdin: str = "") -> tuple[int, set[str]]:
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PROVISION_REGISTER_PASSPHRASE": "a passphrase for tests only",
    }
    env.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return int(report["code"] or 0), set(report["loaded"])


def test_help_loads_no_qt_no_database_and_no_reports() -> None:
    code, loaded = loaded_by("--help")
    assert code == 0
    assert not loaded & {"PySide6", "shiboken6", "sqlalchemy", "alembic", "reportlab", "keyring"}
    ours = {m for m in loaded if m.startswith(("desktop_app.services", "desktop_app.views"))}
    assert ours <= {"desktop_app.services", "desktop_app.services.errors"}  # plain exceptions


def test_a_commands_help_loads_only_its_own_module() -> None:
    code, loaded = loaded_by("stats", "--help")
    assert code == 0
    assert "desktop_app.cli.data_cmds" in loaded
    assert not loaded & {"PySide6", "reportlab", "alembic"}
    assert "desktop_app.cli.report_cmds" not in loaded


def test_commands_that_use_the_database_still_load_no_qt(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite")
    made, loaded = loaded_by(
        "init",
        "--database",
        db,
        "--name",
        "AP",
        "--admin",
        "boss",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert made == 0
    assert "sqlalchemy" in loaded and "PySide6" not in loaded
    listed, loaded = loaded_by(
        "calendar",
        "list",
        "--database",
        db,
        "--user",
        "boss",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert listed == 0
    assert not loaded & {"PySide6", "reportlab", "alembic"}  # up to date: no migration due


def test_the_command_table_matches_what_each_module_registers() -> None:
    """COMMANDS in cli/parser.py lists every command, in order, with the help it registers."""
    full = cli_parser.build_parser()
    action: Any = full._subparsers._group_actions[0]  # type: ignore[union-attr]
    registered = {choice.dest: choice.help for choice in action._choices_actions}
    listed = {name: help_text for name, (_module, help_text) in cli_parser.COMMANDS.items()}
    assert list(registered.items()) == list(listed.items())
    for name, (module, _help) in cli_parser.COMMANDS.items():
        handler = action.choices[name].get_default("handler")
        owner = handler.__module__ if handler else None
        nested = [a for a in action.choices[name]._actions if hasattr(a, "choices") and a.choices]
        assert owner == f"desktop_app.cli.{module}" or nested, name


def test_only_the_named_commands_are_loaded_in_full() -> None:
    lazy = cli_parser.build_parser(["stats"])
    action: Any = lazy._subparsers._group_actions[0]  # type: ignore[union-attr]
    assert action.choices["stats"].get_default("handler").__name__ == "run_stats"
    assert action.choices["report"].get_default("handler").__name__ == "_not_loaded"

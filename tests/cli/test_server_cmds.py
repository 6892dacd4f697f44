"""`setup-server --print-sql` and `move-to` from the command line."""

from __future__ import annotations

from pathlib import Path

from desktop_app.services.server_setup import script
from tests.cli.conftest import Run


def test_print_sql_is_the_documented_script(cli: Run) -> None:
    result = cli("setup-server", "--print-sql")
    assert result.code == 0
    assert result.out == script()
    assert (
        result.out
        == (Path(__file__).resolve().parents[2] / "docs/postgresql-setup.sql").read_text()
    )


def test_a_bad_role_name_is_bad_input(cli: Run) -> None:
    assert cli("setup-server", "--print-sql", "--role", "Robert'); DROP").code == 2


def test_move_to_copies_a_sqlite_register_and_refuses_a_server_one(
    provision: Path, cli: Run, pg_url: str, backend: str
) -> None:
    signed = ("--database", str(provision), "--user", "boss", "--password-stdin")
    result = cli("move-to", "--to", pg_url, *signed)
    if backend == "sqlite":
        assert result.code == 0, result.err
        assert "every table's count is equal" in result.out and "Moved and checked" in result.out
        assert cli("stats", "--json", "--database", pg_url, "--user", "boss",
                   "--password-stdin").code == 0  # fmt: skip
    else:
        assert result.code == 2 and "already on a server" in result.err

"""Backups of a register on a PostgreSQL server: `pg_dump --format=custom` (issue 16 point 6).

The dump goes to a private (0600) partial file, is checked by reading its table of contents
back with `pg_restore --list`, and only then gets its name. The password comes from the URL or
the keyring (config.server_password) and is handed to pg_dump in its environment only.
Restoring is documented, not automated: `pg_restore --dbname=… --no-owner` into an EMPTY
database made by the server's owner, then `setup-server` on it (see README).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from desktop_app.config import server_password
from desktop_app.models.engine import Database
from desktop_app.services.errors import ServiceError

#: Where pg_dump and pg_restore are when not on PATH (Windows: the server's install's bin folder).
ENV_PG_BIN = "PROVISION_REGISTER_PG_BIN"
TIMEOUT_SECONDS = 3600


def _tool(name: str) -> str:
    folder = os.environ.get(ENV_PG_BIN)
    found = shutil.which(name, path=folder) if folder else shutil.which(name)
    if found is None:
        raise ServiceError(
            f"{name} was not found: install PostgreSQL's client tools (the same major version as "
            f"the server or newer), or set {ENV_PG_BIN} to their folder; no backup was written"
        )
    return found


def _environment(db: Database) -> tuple[str, dict[str, str]]:
    """libpq's connection URI (no password in it) and the environment carrying the password."""
    url = make_url(db.engine.url.render_as_string(hide_password=False))
    password = url.password if url.password is not None else server_password(url)
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    env = dict(os.environ)
    if password:
        env["PGPASSWORD"] = password
    return uri, env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
    )


def dump_server(db: Database, out: Path) -> Path:
    """Dump the register to `out` (custom format), checked; nothing is left if it fails."""
    if out.exists():
        raise ServiceError(f"{out} already exists")
    out.parent.mkdir(parents=True, exist_ok=True)
    dump, restore = _tool("pg_dump"), _tool("pg_restore")
    uri, env = _environment(db)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    try:
        done = _run([dump, "--format=custom", "--no-password", f"--file={partial}", uri], env)
        if done.returncode != 0:
            raise ServiceError(f"pg_dump failed: {_first_line(done.stderr)}; no backup was kept")
        listed = _run([restore, "--list", str(partial)], env)
        if listed.returncode != 0 or "TABLE DATA" not in listed.stdout:
            raise ServiceError("the dump could not be read back by pg_restore; no backup was kept")
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return out


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0].removeprefix("pg_dump: error: ") if lines else "no reason given"

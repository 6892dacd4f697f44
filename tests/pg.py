"""A throwaway PostgreSQL cluster for the tests.

One cluster per test process (each xdist worker has its own), in a temporary folder, listening on
a free loopback port only, run as an unprivileged user (`nobody` when the tests run as root, as
initdb refuses root), with durability switched off because it is thrown away. Databases are cheap:
the schema is made once in a template and each test gets `CREATE DATABASE … TEMPLATE` of it.
"""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "shared_buffers": "32MB",
    "max_connections": "200",
    "log_min_messages": "fatal",
}


class ClusterUnavailable(RuntimeError):
    """No PostgreSQL cluster can be started here; the message says why, in one line."""


def find_bindir() -> Path | None:
    """The newest installed server's programs: Debian's /usr/lib/postgresql/N/bin, or PATH."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def unavailable_reason() -> str | None:
    """Why a cluster cannot be started, or None when it probably can."""
    if find_bindir() is None:
        return "PostgreSQL is not installed (Debian: apt-get install postgresql)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the psycopg driver is not installed (pip install -e '.[dev]')"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    root: Path
    bindir: Path
    port: int
    run_as: str | None
    _names: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _templates: dict[str, _Template] = field(default_factory=dict)

    def url(self, database: str, user: str = "postgres") -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres", **kwargs: Any) -> Any:
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=database, **kwargs
        )

    def execute(self, sql: str, database: str = "postgres") -> None:
        with self.connect(database, autocommit=True) as connection:
            connection.execute(sql)  # type: ignore[arg-type]

    def new_database(self, template: str | None = None) -> str:
        """A new, uniquely named database (a copy of `template` if given); returns its name."""
        name = f"t{os.getpid()}_{next(self._names)}"
        clause = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
        self.execute(f"CREATE DATABASE {name}{clause}")
        return name

    def checkout(self, key: str, build: Any) -> str:
        """A database as build(url) leaves a new one, ready for one test: a used one put back
        clean by checkin(), else a new copy of the template (made once, on first use)."""
        if key not in self._templates:
            self._templates[key] = _Template.make(self, key, build)
        template = self._templates[key]
        return template.pool.pop() if template.pool else self.new_database(template.name)

    def checkin(self, key: str, name: str) -> None:
        """After a test: its rows are deleted and the template's put back (a few ms), unless
        the test changed the schema or privileges, when the database is dropped instead."""
        template = self._templates[key]
        with self.connect(name, autocommit=True) as connection:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            clean = _fingerprint(connection) == template.fingerprint
            if clean:
                template.refill(connection)
        if clean:
            template.pool.append(name)
        else:
            self.drop_database(name)

    def drop_database(self, name: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        if self.root.exists():
            _run(
                self,
                [
                    str(self.bindir / "pg_ctl"),
                    "stop",
                    "-D",
                    str(self.root / "data"),
                    "-m",
                    "immediate",
                    "-s",
                ],
                check=False,
            )
            shutil.rmtree(self.root, ignore_errors=True)


FINGERPRINT = """
SELECT md5(string_agg(item, '|' ORDER BY item)) FROM (
  SELECT c.relname || ':' || c.relkind::text || ':' || coalesce(c.relacl::text, '')
         || ':' || c.relrowsecurity::text AS item
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
  UNION ALL SELECT tgname || ':' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal
  UNION ALL SELECT polname::text FROM pg_policy
  UNION ALL SELECT c.relname || '.' || a.attname || ':' || a.atttypid::text FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL SELECT proname || ':' || md5(prosrc) FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
) AS items
"""
SEQUENCES = """
SELECT s.relname, t.relname, a.attname FROM pg_class s
  JOIN pg_depend d ON d.objid = s.oid AND d.deptype = 'a'
  JOIN pg_class t ON t.oid = d.refobjid
  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
 WHERE s.relkind = 'S'
"""


def _fingerprint(connection: Any) -> str:
    return str(connection.execute(FINGERPRINT).fetchone()[0])


@dataclass
class _Template:
    """A template database, what its tables hold, and clean copies ready for tests."""

    name: str
    fingerprint: str
    tables: list[str]
    rows: dict[str, bytes]
    sequences: list[tuple[str, str, str]]
    pool: list[str] = field(default_factory=list)

    @classmethod
    def make(cls, cluster: Cluster, key: str, build: Any) -> _Template:
        name = f"template_{key}"
        cluster.execute(f"CREATE DATABASE {name}")
        build(cluster.url(name))
        with cluster.connect(name, autocommit=True) as connection:
            tables = [
                row[0]
                for row in connection.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            ]
            rows = {}
            for table in tables:
                with connection.cursor().copy(f'COPY "{table}" TO STDOUT') as copy:
                    data = b"".join(bytes(chunk) for chunk in copy)
                if data:
                    rows[table] = data
            sequences = [tuple(row) for row in connection.execute(SEQUENCES)]
            return cls(name, _fingerprint(connection), tables, rows, sequences)  # type: ignore[arg-type]

    def refill(self, connection: Any) -> None:
        """Delete every row (triggers off: the append-only ones would refuse) and put the
        template's rows and sequence positions back."""
        with connection.transaction():
            connection.execute("SET LOCAL session_replication_role = replica")
            for table in self.tables:
                connection.execute(f'DELETE FROM "{table}"')
            for table, data in self.rows.items():
                with connection.cursor().copy(f'COPY "{table}" FROM STDIN') as copy:
                    copy.write(data)
            for sequence, table, column in self.sequences:
                connection.execute(
                    f"SELECT setval('\"{sequence}\"', "
                    f'coalesce((SELECT max("{column}") FROM "{table}"), 0) + 1, false)'
                )


def _run(cluster: Cluster, args: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
    extra: dict[str, Any] = {}
    if cluster.run_as is not None:
        extra = {"user": cluster.run_as, "group": _group_of(cluster.run_as)}
    env = {**os.environ, "HOME": str(cluster.root), "LC_ALL": "C"}
    result = subprocess.run(
        args, capture_output=True, text=True, env=env, cwd=cluster.root, timeout=60, **extra
    )
    if check and result.returncode != 0:
        last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no message"]
        raise ClusterUnavailable(f"{Path(args[0]).name} failed: {last[0]}")
    return result


def _group_of(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_gid


PREFIX = "provision-pg-"
OWNER = "owner.pid"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_orphans(bindir: Path, run_as: str | None) -> None:
    """Stop clusters left by test runs that were killed before they could stop their own."""
    for root in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            owner = int((root / OWNER).read_text())
        except (OSError, ValueError):
            continue
        if not _alive(owner):
            Cluster(root, bindir, 0, run_as).stop()


def start_cluster() -> Cluster:
    """Initialise and start a cluster; raises ClusterUnavailable with a one-line reason."""
    reason = unavailable_reason()
    if reason is not None:
        raise ClusterUnavailable(reason)
    bindir = find_bindir()
    assert bindir is not None
    run_as = "nobody" if os.geteuid() == 0 else None
    stop_orphans(bindir, run_as)
    root = Path(tempfile.mkdtemp(prefix=PREFIX))
    (root / OWNER).write_text(str(os.getpid()))
    if run_as is not None:
        import pwd

        os.chown(root, pwd.getpwnam(run_as).pw_uid, _group_of(run_as))
    cluster = Cluster(root, bindir, _free_port(), run_as)
    atexit.register(cluster.stop)
    data = str(root / "data")
    _run(
        cluster,
        [
            str(bindir / "initdb"),
            "-D",
            data,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
        ],
    )
    options = " ".join(f"-c {k}={v}" for k, v in SETTINGS.items())
    options += f" -c port={cluster.port} -c unix_socket_directories={root}"
    _run(
        cluster,
        [
            str(bindir / "pg_ctl"),
            "start",
            "-D",
            data,
            "-w",
            "-t",
            "30",
            "-s",
            "-l",
            str(root / "server.log"),
            "-o",
            options,
        ],
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            cluster.execute("SELECT 1")
            return cluster
        except Exception as error:  # the server may still be starting
            if time.monotonic() > deadline:
                cluster.stop()
                raise ClusterUnavailable(f"the server did not answer: {error}") from None
            time.sleep(0.1)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


def content_digest(url: str) -> str:
    """Every table's rows, hashed: to prove a refused command wrote nothing."""
    import hashlib

    import psycopg

    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    digest = hashlib.sha256()
    with psycopg.connect(conninfo) as connection:
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
        for (table,) in tables:
            row = connection.execute(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                f' FROM "{table}" t'
            ).fetchone()
            digest.update(f"{table}:{row}".encode())
    return digest.hexdigest()

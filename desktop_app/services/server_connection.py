"""Connecting a PC to a register on a PostgreSQL server (issue 16 point 6).

The server password is kept in the operating system's keyring (service "Provision Register
server", account "user@host:port/db"), never in a plain file or in the URL the PC is pointed
at: the engine fills it in when a URL has no password (config.server_password). sslmode and
sslrootcert travel in the URL's query and psycopg hands them to libpq as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from desktop_app.config import SERVER_SERVICE, server_account
from desktop_app.services.errors import Problem, ServiceError, ValidationFailed
from desktop_app.services.keys import usable_keyring

SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
#: libpq's words -> what to tell the IT person (first match wins).
_REASONS = (
    ("server does not support ssl", "the server does not accept SSL connections, but sslmode "
     "{mode} asks for one: turn on TLS on the server (ssl = on) rather than lowering sslmode"),
    ("root certificate file", "the root certificate given by sslrootcert cannot be read"),
    ("certificate verify failed", "the server's certificate could not be verified with the "
     "root certificate given (sslmode {mode})"),
    ("does not match host name", "the server's certificate is not for this host name "
     "(sslmode verify-full checks it)"),
    ("password authentication failed", "the server refused this user name or password"),
    ("no password supplied", "the server asks for a password and none was given"),
    ("does not exist", "the server has no such database or user"),
    ("connection refused", "nothing answers at {where}: is the server running, and is its "
     "port open to this PC?"),
    ("timeout expired", "the server at {where} did not answer within 10 seconds"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Connected:
    url: str  # what to point the PC at: no password in it
    account: str  # the keyring entry's account
    server_version: str


def server_url(url: str, sslmode: str | None = None, sslrootcert: str | None = None) -> URL:
    """The register's URL with sslmode/sslrootcert set; refused unless PostgreSQL with a user."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ValidationFailed([Problem(f"'{url}' is not a database URL", "url")]) from None
    problems = []
    if not parsed.drivername.startswith("postgresql"):
        problems.append(Problem("give a postgresql+psycopg://USER@HOST/DATABASE URL", "url"))
    if not parsed.username or not parsed.host or not parsed.database:
        problems.append(Problem("the URL needs a user, a host and a database", "url"))
    if parsed.password:
        problems.append(
            Problem("leave the password out of the URL: it is asked for and kept in the keyring")
        )
    if sslmode is not None and sslmode not in SSL_MODES:
        problems.append(Problem(f"sslmode must be one of {', '.join(SSL_MODES)}", "sslmode"))
    if problems:
        raise ValidationFailed(problems)
    query = dict(parsed.query)
    if sslmode:
        query["sslmode"] = sslmode
    if sslrootcert:
        query["sslrootcert"] = sslrootcert
    return parsed.set(drivername="postgresql+psycopg", query=query)


def connection_problem(text: str, mode: str = "", where: str = "the server") -> str | None:
    """What libpq's refusal means for the IT person, or None if it is not a known one."""
    lowered = text.lower()
    for words, reason in _REASONS:
        if words in lowered:
            return reason.format(mode=mode or "(in the URL)", where=where).replace("  ", " ")
    return None


def _reason(error: Exception, parsed: URL) -> str:
    mode = str(parsed.query.get("sslmode", "prefer"))
    where = f"{parsed.host}:{parsed.port or 5432}"
    if (known := connection_problem(str(error), mode, where)) is not None:
        return known
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return f"could not connect to {where}: {first}"


def connect_server(
    url: str, password: str | None, sslmode: str | None = None, sslrootcert: str | None = None
) -> Connected:
    """Check the server answers with this password and sslmode, then keep the password in the
    keyring. Nothing is stored unless the connection worked."""
    import psycopg

    parsed = server_url(url, sslmode, sslrootcert)
    conninfo = parsed.set(drivername="postgresql", password=password or None)
    try:
        with psycopg.connect(
            conninfo.render_as_string(hide_password=False), connect_timeout=10
        ) as connection:
            version = str(connection.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
    except psycopg.Error as error:
        raise ServiceError(f"{_reason(error, parsed)}; nothing was stored") from None
    account = server_account(parsed)
    if password:
        backend = usable_keyring()
        if backend is None:
            raise ServiceError(
                "the server answered, but this PC has no usable keyring (plain-text keyrings "
                "are never used) to keep the password: use a .pgpass file readable only by "
                "you instead (see README); nothing was stored"
            )
        backend.set_password(SERVER_SERVICE, account, password)
    return Connected(parsed.render_as_string(hide_password=False), account, version)

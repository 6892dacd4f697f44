"""Inserting many rows with the driver's own executemany.

SQLAlchemy's executemany builds and converts every row's parameters in Python (about 15 µs a
row); an import of 60,000 marks and their 60,000 audit entries spent more time there than the
database spent storing them. `insert_many` compiles the INSERT once for the connection's
dialect, converts each distinct value once with its column's type (dates, UTC times) and, on
SQLite, with the driver's own adapter (ISO text), and hands the rows to the driver in one
executemany. Works on SQLite (qmark) and PostgreSQL (pyformat).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Column, Connection, Date, DateTime, Dialect, Table, Time, TypeDecorator

from desktop_app.models.base import Base

_Processor = Callable[[Any], Any]


def _converter(*steps: _Processor | None) -> _Processor | None:
    """The column's conversions, in turn, done once per distinct value."""
    done = [step for step in steps if step is not None]
    if not done:
        return None

    def processor(value: Any) -> Any:
        for step in done:
            value = step(value)
        return value

    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            converted = seen[value] = processor(value)
            return converted
        except TypeError:  # unhashable: convert every time
            return processor(value)

    return convert


def _driver_adapter(dialect: Dialect, column: Column[Any]) -> _Processor | None:
    """For a date or time column on a sqlite3-style driver: the adapter the driver would call on
    each value (dates and times to ISO text), so that it is called once per distinct value."""
    kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    dbapi = dialect.dbapi
    adapters = getattr(dbapi, "adapters", None)
    protocol = getattr(dbapi, "PrepareProtocol", None)
    if not (isinstance(kind, Date | DateTime | Time) and isinstance(adapters, dict) and protocol):
        return None

    def adapt(value: Any) -> Any:
        adapter = adapters.get((type(value), protocol))
        return value if adapter is None else adapter(value)

    return adapt


def insert_many(connection: Connection, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """INSERT rows of a model's table (each with the same keys, its column names) in one
    executemany."""
    if not rows:
        return
    table = model.__table__
    assert isinstance(table, Table)
    keys = list(rows[0])
    dialect = connection.dialect
    compiled = table.insert().compile(dialect=dialect, column_keys=keys)
    converters = {
        k: _converter(table.c[k].type.bind_processor(dialect), _driver_adapter(dialect, table.c[k]))
        for k in keys
    }
    order = list(compiled.positiontup or []) if compiled.positional else list(compiled.params)
    if missing := sorted(set(order) - set(keys)):
        raise ValueError(f"insert_many into {table.name}: every row needs {', '.join(missing)}")

    # Column by column: one comprehension per column, not a function call per value.
    columns = [_column([row[k] for row in rows], converters[k]) for k in order]
    params: list[Any]
    if compiled.positional:
        params = list(zip(*columns, strict=True))
    else:
        params = [dict(zip(order, values, strict=True)) for values in zip(*columns, strict=True)]
    connection.exec_driver_sql(str(compiled), params)


def _column(values: list[Any], convert: _Processor | None) -> list[Any]:
    """A column's values as the driver takes them (None stays None)."""
    if convert is None:
        return values
    return [value if value is None else convert(value) for value in values]

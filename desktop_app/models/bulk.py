"""Inserting many rows with the driver's own executemany.

SQLAlchemy's executemany builds and converts every row's parameters in Python (about 15 µs a
row); an import of 60,000 marks and their 60,000 audit entries spent more time there than the
database spent storing them. `insert_many` compiles the INSERT once for the connection's
dialect, converts each distinct value once with its column's type (dates, UTC times), and hands
the rows to the driver in one executemany. Works on SQLite (qmark) and PostgreSQL (pyformat).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table

from desktop_app.models.base import Base

_Processor = Callable[[Any], Any]


def _converter(processor: _Processor | None) -> _Processor | None:
    """The column's conversion, done once per distinct value."""
    if processor is None:
        return None
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
    converters = {k: _converter(table.c[k].type.bind_processor(dialect)) for k in keys}
    order = list(compiled.positiontup or []) if compiled.positional else list(compiled.params)
    if missing := sorted(set(order) - set(keys)):
        raise ValueError(f"insert_many into {table.name}: every row needs {', '.join(missing)}")

    def value(row: dict[str, Any], key: str) -> Any:
        convert = converters[key]
        raw = row[key]
        return raw if convert is None or raw is None else convert(raw)

    params: list[Any]
    if compiled.positional:
        params = [tuple(value(row, k) for k in order) for row in rows]
    else:
        params = [{k: value(row, k) for k in order} for row in rows]
    connection.exec_driver_sql(str(compiled), params)

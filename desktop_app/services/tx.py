"""The mark of a service function that is not a user action but a step inside one.

A user action takes the Database, checks the role and opens one transaction. A function marked
`@in_transaction` takes the caller's Session (or Connection), checks no role, and must only be
called from inside a user action's transaction (tests/test_architecture.py checks every public
service function taking a Session carries the mark).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., object])


def in_transaction(function: F) -> F:
    """Mark function as a step inside a caller's transaction (no role check of its own)."""
    function.__in_transaction__ = True  # type: ignore[attr-defined]
    return function


def is_in_transaction(function: object) -> bool:
    return bool(getattr(function, "__in_transaction__", False))

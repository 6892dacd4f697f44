"""Errors services raise, each with a message a person can act on."""

from __future__ import annotations

from dataclasses import dataclass


class ServiceError(Exception):
    """Something the user asked for could not be done; nothing was changed."""


class PermissionDenied(ServiceError):
    """The user's role does not allow this action."""


class AuthenticationFailed(ServiceError):
    """Wrong username or password, or the account cannot sign in."""


class NotFound(ServiceError):
    """A record the user named does not exist."""


class Busy(ServiceError):
    """Another action holds the register for writing; nothing was changed. Try again."""

    def __init__(self, message: str = "the register is in use; try again") -> None:
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Problem:
    """One invalid value: where it is and what is wrong with it."""

    message: str
    field: str | None = None
    row: int | None = None
    file: str | None = None

    def __str__(self) -> str:
        where = [part for part in (self.file, self.row and f"row {self.row}") if part]
        if self.field:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ValidationFailed(ServiceError):
    """Input was refused; every problem found is listed and nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ReasonRequired(ValidationFailed):
    """A change after the register closed is an amendment, and needs a reason."""

    def __init__(self) -> None:
        super().__init__(
            [Problem("the register has closed: give a reason for the amendment", field="reason")]
        )


class StaleWrite(ServiceError):
    """The change was based on a value that is no longer there: someone else changed it first.

    Nothing was written. The message says who changed it and when ("changed by NAME at HH:MM");
    `current` is the code there now (None: no mark), for the screen to show.
    """

    def __init__(self, message: str, current: str | None = None) -> None:
        super().__init__(message)
        self.current = current

"""What is wrong with submitted form data: one error per field, in words a user can act on.

The forms know nothing of the engine: they raise `InvalidForm`, and the engine, which checks
every submission before it changes a case, reports it as its own `InvalidData` (same errors)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    loc: tuple[str | int, ...]
    msg: str
    type: str = "value_error"


def describe(errors: list[FieldError]) -> str:
    """The errors in one line, each led by the field it is about."""
    return "; ".join(f"{'.'.join(map(str, e.loc)) or 'data'}: {e.msg}" for e in errors)


class InvalidForm(ValueError):
    """Form data that does not satisfy the form's JSON Schema or its choices."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(describe(errors))
        self.errors = errors

"""What can go wrong, in words a user of the API can act on."""

from __future__ import annotations

# A field's error is the forms' own (forms/errors.py): the engine reports it in the same shape.
from forms.errors import FieldError, InvalidForm, describe

__all__ = [
    "Conflict",
    "EngineError",
    "FieldError",
    "Forbidden",
    "InvalidData",
    "InvalidProcess",
    "NotFound",
    "StepFailed",
]


class EngineError(Exception):
    """Base of the errors the engine reports to its callers."""


class NotFound(EngineError):
    pass


class Forbidden(EngineError):
    """The user's role, region, court or appointment does not allow it; nothing was changed."""


class Conflict(EngineError):
    """The case moved on since the caller looked at it; nothing was changed."""


class StepFailed(EngineError):
    """The process could not continue (a failing script or service task); nothing was saved."""


class InvalidProcess(EngineError):
    """A BPMN or DMN file that cannot be loaded; the message names the problem, and `problems`
    (engine.procedures.rules.Problem) point at the elements where the rules found them."""

    def __init__(self, message: str, problems: list | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class InvalidData(EngineError):
    """Form data that does not satisfy the task's JSON Schema; nothing was changed."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(describe(errors))
        self.errors = errors

    @classmethod
    def from_form(cls, error: InvalidForm) -> InvalidData:
        """The forms' own error (forms/errors.py) as the engine reports it."""
        return cls(error.errors)

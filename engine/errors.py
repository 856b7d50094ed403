"""What can go wrong, in words a user of the API can act on."""

from __future__ import annotations

from dataclasses import dataclass


class EngineError(Exception):
    """Base of the errors the engine reports to its callers."""


class NotFound(EngineError):
    pass


class Conflict(EngineError):
    """The case moved on since the caller looked at it; nothing was changed."""


class StepFailed(EngineError):
    """The process could not continue (a failing script or service task); nothing was saved."""


class InvalidProcess(EngineError):
    """A BPMN or DMN file that cannot be loaded; the message names the problem, and `problems`
    (engine.validation.Problem) point at the elements where the rules found them."""

    def __init__(self, message: str, problems: list | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class FieldError:
    loc: tuple[str | int, ...]
    msg: str
    type: str = "value_error"


class InvalidData(EngineError):
    """Form data that does not satisfy the task's JSON Schema; nothing was changed."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(
            "; ".join(f"{'.'.join(map(str, e.loc)) or 'data'}: {e.msg}" for e in errors)
        )
        self.errors = errors

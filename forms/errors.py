"""What is wrong with submitted form data: one error per field, in words a user can act on.

An error's words are a `Message` (forms/messages.py): a code and its parameters, shown in the
user's language on a page and in English (with the code) on the JSON API and in the logs.

The forms know nothing of the engine: they raise `InvalidForm`, and the engine, which checks
every submission before it changes a case, reports it as its own `InvalidData` (same errors)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forms.catalogue import SOURCE_LANGUAGE
from forms.messages import Message


@dataclass(frozen=True)
class FieldError:
    loc: tuple[str | int, ...]
    # A plain English sentence is still accepted while every error moves to a message; it is
    # shown as it is in every language (a page may translate it by its `type`, `err.<type>`).
    message: Message | str
    type: str = "value_error"

    def render(self, language: str) -> str:
        """The message in `language`."""
        return self.message if isinstance(self.message, str) else self.message.render(language)

    def as_json(self) -> dict[str, Any]:
        """The message's code and parameters (none for a plain sentence)."""
        if isinstance(self.message, str):
            return {"code": None, "params": {}}
        return self.message.as_json()

    @property
    def msg(self) -> str:
        """The message in English."""
        return self.render(SOURCE_LANGUAGE)


def describe(errors: list[FieldError]) -> str:
    """The errors in one line, each led by the field it is about."""
    return "; ".join(f"{'.'.join(map(str, e.loc)) or 'data'}: {e.msg}" for e in errors)


class InvalidForm(ValueError):
    """Form data that does not satisfy the form's JSON Schema or its choices."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(describe(errors))
        self.errors = errors

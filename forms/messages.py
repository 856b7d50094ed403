"""What the engine and the forms tell a person (a form error, a publishing problem, why a case
cannot migrate, a facility's refusal, a broken history), as a code and its parameters.

The text is the gettext keyed domain `messages` (docs/translations.md): forms/locale/messages.pot
holds the English of every code (`msgctxt` = the code, `msgid` = the English with `{parameter}`
placeholders), forms/locale/<language>/LC_MESSAGES/messages.po its translations. The engine
keeps a `Message` in its errors and findings and never a sentence; a page renders it in the
user's language, the JSON API and the CLI in English (with the code and parameters beside it).
It lives in forms, the lowest layer, because the forms' own validation gives messages too."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from forms.catalogue import SOURCE_LANGUAGE, Catalogue
from forms.translation import form_text

MESSAGES = Catalogue("messages", Path(__file__).resolve().parent / "locale", keyed=True)


class FormText(str):
    """A parameter that is a text of a form (a rule's `x-message`): rendered through the
    `forms` catalogue in the message's language."""

    __slots__ = ()


@dataclass(frozen=True)
class Message:
    """One message: its code (a key of the `messages` catalogue) and the values of its
    `{parameters}`; a parameter may be a message itself, rendered in the same language."""

    code: str
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def render(self, language: str = SOURCE_LANGUAGE) -> str:
        return MESSAGES.render(self.code, language, **self._values(language))

    def _values(self, language: str) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, value in self.params.items():
            if isinstance(value, Message):
                value = value.render(language)
            elif isinstance(value, FormText):
                value = form_text(value, language)
            values[name] = value
        return values

    def as_json(self) -> dict[str, Any]:
        """The code and parameters for the JSON API (a message parameter nested the same)."""
        params = {
            name: value.as_json() if isinstance(value, Message) else _plain(value)
            for name, value in self.params.items()
        }
        return {"code": self.code, "params": params}

    def __str__(self) -> str:
        return self.render(SOURCE_LANGUAGE)


def message(code: str, **params: Any) -> Message:
    """`Message(code, params)` written as a call: `message("form.required")`."""
    return Message(code, MappingProxyType(params))


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)

"""A task's JSON Schema as HTML form fields, and a submitted HTML form back as JSON data.

Validation is not done here: the data goes to the same engine command as the JSON API, and the
engine's field errors (InvalidData, locations `("data", field)`) come back next to the fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from api.i18n import translate
from engine.base.errors import FieldError
from forms.translation import ENUM_LABELS, enum_label

LONG_TEXT_HINTS = (
    "notes",
    "circumstances",
    "concerns",
    "findings",
    "summary",
    "reason",
    "action_taken",
    "details",
)


@dataclass
class Field:
    name: str
    kind: str  # text | textarea | date | boolean | enum | number
    title: str
    description: str
    required: bool
    value: Any = None
    options: list[str] = field(default_factory=list)
    option_labels: list[str] = field(default_factory=list)
    error: str | None = None
    suggestions: list[str] = field(default_factory=list)


def _kind(name: str, schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return "enum"
    kind = schema.get("type")
    if kind == "boolean":
        return "boolean"
    if kind in ("integer", "number"):
        return "number"
    if schema.get("format") == "date":
        return "date"
    long_text = schema.get("maxLength", 0) > 200 or any(h in name for h in LONG_TEXT_HINTS)
    return "textarea" if long_text else "text"


def form_fields(
    schema: dict[str, Any],
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    suggestions: dict[str, list[str]] | None = None,
) -> list[Field]:
    values = values or {}
    errors = errors or {}
    suggestions = suggestions or {}
    required = set(schema.get("required", []))
    fields = []
    for name, prop in schema.get("properties", {}).items():
        fields.append(
            Field(
                name=name,
                kind=_kind(name, prop),
                title=prop.get("title") or name.replace("_", " ").capitalize(),
                description=prop.get("description", ""),
                required=name in required,
                value=values.get(name),
                options=[str(o) for o in prop.get("enum", [])],
                option_labels=_option_labels(prop),
                error=errors.get(name),
                suggestions=suggestions.get(name, []),
            )
        )
    return fields


def _option_labels(schema: dict[str, Any]) -> list[str]:
    """What the drop-down shows for each enum value: the translated labels of a translated form
    (forms/translation.py), else the value with spaces for underscores."""
    values = schema.get("enum", [])
    labels = schema.get(ENUM_LABELS)
    if isinstance(labels, list) and len(labels) == len(values):
        return [str(label) for label in labels]
    return [enum_label(str(o)) for o in values]


def parse_form(schema: dict[str, Any], form: FormData) -> dict[str, Any]:
    """The fields that were filled in, typed as the schema says; a value that does not parse is
    passed on as typed so that validation names it."""
    data: dict[str, Any] = {}
    for name, prop in schema.get("properties", {}).items():
        raw = form.get(name)
        if not isinstance(raw, str) or raw.strip() == "":
            continue
        raw = raw.strip()
        kind = prop.get("type")
        if kind == "boolean":
            data[name] = {"true": True, "false": False}.get(raw, raw)
        elif kind == "integer":
            try:
                data[name] = int(raw)
            except ValueError:
                data[name] = raw
        elif kind == "number":
            try:
                data[name] = float(raw)
            except ValueError:
                data[name] = raw
        else:
            data[name] = raw
    return data


def sentence(text: str) -> str:
    """A message as a sentence of its own on a page: capitalized, with its full stop (messages
    are written to follow a field's name: `data.age: at least 0`)."""
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else f"{text}."


def field_errors(errors: list[FieldError], language: str) -> tuple[dict[str, str], list[str]]:
    """Errors by field name in the user's language, and those about no field. A kind of error
    with a page text of its own (`err.<type>`) is shown in it; any other as its message."""
    by_field: dict[str, str] = {}
    general: list[str] = []
    for error in errors:
        loc = [part for part in error.loc if part != "data"]
        key = f"err.{error.type}"
        message = translate(language, key)
        if message == key:
            message = sentence(error.render(language))
        if loc:
            by_field.setdefault(str(loc[0]), message)
        else:
            general.append(message)
    return by_field, general

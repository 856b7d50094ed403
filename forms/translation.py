"""Form texts in the user's language.

The JSON Schemas in forms/<process>/ are written in English and are what the engine and the JSON
API use. For a page, `translate_form` returns a translated copy: every `title`, `description` and
rule message (`x-message`), and the labels of string enums, looked up in the catalogue
forms/locale/<language>.json (English text → translation). A text the catalogue lacks stays in
English.

Enum values are data and never change; their labels are added next to them as the annotation
keyword `x-enum-labels` (ignored by validators), which api/forms_html.py shows in the drop-down."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from forms.validation import RULE_MESSAGE

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"
ENUM_LABELS = "x-enum-labels"
# The keywords holding a text a case worker reads; RULE_MESSAGE is a rule's error message.
_TEXT_KEYS = ("title", "description", RULE_MESSAGE)

# Keywords whose value is one subschema, a list of them, or a map of names to them.
_ONE = ("items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames")
_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAP = ("properties", "patternProperties", "$defs", "dependentSchemas")


def enum_label(value: str) -> str:
    """The English label of an enum value, as the pages show it."""
    return value.replace("_", " ")


def _subschemas(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for key in _ONE:
        if isinstance(schema.get(key), dict):
            yield schema[key]
    for key in _LIST:
        for sub in schema.get(key) or []:
            if isinstance(sub, dict):
                yield sub
    for key in _MAP:
        for sub in (schema.get(key) or {}).values():
            if isinstance(sub, dict):
                yield sub


def _visit(schema: dict[str, Any], action: Callable[[dict[str, Any]], None]) -> None:
    action(schema)
    for sub in _subschemas(schema):
        _visit(sub, action)


def form_strings(schema: dict[str, Any]) -> set[str]:
    """Every text of a form a case worker reads: titles, descriptions, rule messages and enum
    labels."""
    found: set[str] = set()

    def collect(node: dict[str, Any]) -> None:
        for key in _TEXT_KEYS:
            if isinstance(node.get(key), str):
                found.add(node[key])
        for value in node.get("enum") or []:
            if isinstance(value, str):
                found.add(enum_label(value))

    _visit(schema, collect)
    return found


@cache
def catalogue(language: str) -> dict[str, str]:
    """English text → text in `language`; empty when there is no catalogue for it."""
    if language == SOURCE_LANGUAGE or not language.isalpha():
        return {}
    path = LOCALE_DIR / f"{language}.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def translate_form(schema: dict[str, Any], language: str) -> dict[str, Any]:
    """A translated deep copy of `schema`; for English (or an unknown language), `schema`."""
    messages = catalogue(language)
    if not messages:
        return schema

    def text(english: str) -> str:
        return messages.get(english) or english

    def translate(node: dict[str, Any]) -> None:
        for key in _TEXT_KEYS:
            if isinstance(node.get(key), str):
                node[key] = text(node[key])
        values = node.get("enum")
        if isinstance(node.get(ENUM_LABELS), list):
            # Labels given with the values (forms/options.py) are data, e.g. a facility's name.
            return
        if isinstance(values, list) and any(isinstance(v, str) for v in values):
            node[ENUM_LABELS] = [
                text(enum_label(v)) if isinstance(v, str) else str(v) for v in values
            ]

    translated = copy.deepcopy(schema)
    _visit(translated, translate)
    return translated

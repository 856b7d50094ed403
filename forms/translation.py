"""Form texts in the user's language.

The JSON Schemas in forms/<process>/ are written in English and are what the engine and the JSON
API use. For a page, `translate_form` returns a translated copy: every `title`, `description` and
rule message (`x-message`), and the labels of string enums, looked up in the gettext domain
`forms` (forms/locale/forms.pot, extracted from the schemas by `nrm translations update`, and
forms/locale/<language>/LC_MESSAGES/forms.po; docs/translations.md). A text the catalogue lacks
stays in English.

Enum values are data and never change; their labels are added next to them as the annotation
keyword `x-enum-labels` (ignored by validators), which api/forms_html.py shows in the drop-down."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from forms.catalogue import Catalogue

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
FORMS = Catalogue("forms", LOCALE_DIR, keyed=False)
ENUM_LABELS = "x-enum-labels"
# The annotation keyword of a rule's own error message (forms/validation.py).
RULE_MESSAGE = "x-message"
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


def form_strings(schema: dict[str, Any]) -> list[str]:
    """Every text of a form a case worker reads, once each in the order of the schema: titles,
    descriptions, rule messages and enum labels."""
    found: dict[str, None] = {}

    def collect(node: dict[str, Any]) -> None:
        for key in _TEXT_KEYS:
            if isinstance(node.get(key), str):
                found[node[key]] = None
        for value in node.get("enum") or []:
            if isinstance(value, str):
                found[enum_label(value)] = None

    _visit(schema, collect)
    return list(found)


def form_text(text: str, language: str) -> str:
    """One text of a form (a rule's message in an error, say) in `language`; itself when the
    catalogue lacks it."""
    return FORMS.translations(language).get(text) or text


def translate_form(schema: dict[str, Any], language: str) -> dict[str, Any]:
    """A translated deep copy of `schema`; for English (or an unknown language), `schema`."""
    messages = FORMS.translations(language)
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

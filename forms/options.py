"""Fields whose choices are data, not schema: `"x-options": "<source>"` on a string property.

The form as shown gets the choices open at that moment as `enum` (in the order the source gives,
with their labels in `x-enum-labels`); a submission is checked against the same source, and a
value that may not be chosen is refused with the source's reason (e.g. "… has no free place"),
which says more than "not one of the allowed values"."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from forms.errors import FieldError, InvalidForm
from forms.messages import Message, message
from forms.translation import ENUM_LABELS

OPTIONS = "x-options"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    refusal: Message | None = None  # why it may not be chosen now; None when it may


# Case data → every known choice, the preferred first.
OptionSource = Callable[[dict[str, Any]], list[Choice]]


def option_fields(schema: dict[str, Any]) -> dict[str, str]:
    """Field name → the name of its option source, for the top-level properties that have one."""
    return {
        name: prop[OPTIONS]
        for name, prop in schema.get("properties", {}).items()
        if isinstance(prop, dict) and isinstance(prop.get(OPTIONS), str)
    }


def _source(sources: Mapping[str, OptionSource], name: str) -> OptionSource:
    if name not in sources:
        raise ValueError(f"a form asks for the options {name!r}, which nothing provides")
    return sources[name]


def with_choices(
    schema: dict[str, Any], sources: Mapping[str, OptionSource], case_data: dict[str, Any]
) -> dict[str, Any]:
    """`schema` as shown now: each option field lists the choices that may be made."""
    fields = option_fields(schema)
    if not fields:
        return schema
    shown = copy.deepcopy(schema)
    for name, source in fields.items():
        open_choices = [c for c in _source(sources, source)(case_data) if c.refusal is None]
        prop = shown["properties"][name]
        prop["enum"] = [c.value for c in open_choices]
        prop[ENUM_LABELS] = [c.label for c in open_choices]
    return shown


def check_choices(
    schema: dict[str, Any],
    sources: Mapping[str, OptionSource],
    case_data: dict[str, Any],
    data: dict[str, Any],
) -> None:
    """Raise InvalidForm naming each option field whose submitted value may not be chosen."""
    errors = []
    for name, source in option_fields(schema).items():
        if name not in data:
            continue  # a missing required field is the schema's to report
        value = str(data[name])
        choice = next((c for c in _source(sources, source)(case_data) if c.value == value), None)
        if choice is None:
            errors.append(
                FieldError(
                    ("data", name), message("form.not_a_choice", value=value), "not_a_choice"
                )
            )
        elif choice.refusal is not None:
            errors.append(FieldError(("data", name), choice.refusal, "option_refused"))
    if errors:
        raise InvalidForm(errors)

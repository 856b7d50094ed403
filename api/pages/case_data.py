"""A case's data as the pages name it: each field by the title its form gives it, each stored
choice by its label, in the reader's language. The forms are those of the case's version, read
by the service that read the case (engine/services)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from api.i18n import DEFAULT_LANGUAGE, translate
from forms.options import OPTIONS
from forms.schemas import INTAKE_FORM
from forms.translation import ENUM_LABELS, enum_label, translate_form

# Case data a diagram's scripts set (child_return, child_at_risk), with their values: the task and
# case pages show them by name in the reader's language (the `data.*` keys of api/locale/pages.pot).
DERIVED_DATA: dict[str, tuple[str, ...]] = {
    "safety_alert": ("unsafe_at_visit", "unsafe_at_review", "return_not_agreed", "closure_refused"),
    "last_safety_check": ("safe", "unsafe"),
    "closure_refused_reason": (),
    "search_attempts": (),
}


def _fields_of_forms(forms: dict[str, Any], lang: str) -> dict[str, dict[str, Any]]:
    """Case-data names → the form field that fills them (the intake's first), in `lang`."""
    translated = {name: translate_form(form, lang) for name, form in forms.items()}
    fields: dict[str, dict[str, Any]] = {}
    ordered = [translated.get(INTAKE_FORM, {})] + [
        f for n, f in translated.items() if n != INTAKE_FORM
    ]
    for form in ordered:
        for name, prop in form.get("properties", {}).items():
            fields.setdefault(name, prop)
    return fields


def value_labels(
    forms: dict[str, Any], lang: str, facilities: Callable[[], dict[str, str]]
) -> dict[str, dict[str, str]]:
    """Case-data names → their choices' labels in `lang` (a stored value is data, not text);
    a facility chosen from the directory by its name and region (`facilities`, asked once)."""
    choices: dict[str, dict[str, str]] = {}
    names: dict[str, str] | None = None
    for name, prop in _fields_of_forms(forms, lang).items():
        if prop.get(OPTIONS) == "facilities":
            if names is None:
                names = facilities()
            choices[name] = names
        values = prop.get("enum")
        if isinstance(values, list):
            labels = prop.get(ENUM_LABELS) or [enum_label(str(v)) for v in values]
            choices[name] = {
                v: label for v, label in zip(values, labels, strict=True) if isinstance(v, str)
            }
    for name, values in DERIVED_DATA.items():
        choices.setdefault(name, {v: translate(lang, f"data.{name}.{v}") for v in values})
    return choices


def data_labels(forms: dict[str, Any], lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Case-data names → the titles their forms give them (the intake's first), in `lang`."""
    labels = {name: prop.get("title", name) for name, prop in _fields_of_forms(forms, lang).items()}
    for name in ("placement", "petition_ground", "shelter_reason"):
        labels.setdefault(name, name.replace("_", " ").capitalize())
    for name in DERIVED_DATA:  # set by the diagram, not asked by a form
        labels.setdefault(name, translate(lang, f"data.{name}"))
    return labels

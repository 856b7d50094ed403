"""Art. 4 classification, declared where a field is declared: each property of a form carries
`"x-classification"`: `procedural` (dates, choices, yes/no, routing), `personal` (names, free text,
where a child stays) or `sensitive` (findings about harm or risk, the child's views). A field
without one is personal: deny by default. Who reads each class is engine/access/policy.py's."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CLASSIFICATION = "x-classification"
SHOW = "x-show"
PROCEDURAL, PERSONAL, SENSITIVE = "procedural", "personal", "sensitive"
# From the least to the most restricted: a field two forms classify differently takes the stricter.
CLASSES: tuple[str, ...] = (PROCEDURAL, PERSONAL, SENSITIVE)
UNCLASSIFIED = PERSONAL

# Case data no form asks but a diagram's script or decision sets (processes/*.bpmn, *.dmn):
# declared here, beside the forms' fields, so that every reader of case data (the engine's views,
# the documents' redactor) classifies it alike. A name set by a diagram and missing here is
# personal, like an unclassified field.
SET_BY_DIAGRAMS: Mapping[str, str] = {
    "outcome": PROCEDURAL,
    "is_child": PROCEDURAL,
    "child_location": PROCEDURAL,  # the kind of place; which facility is facility_id (personal)
    "placement": PROCEDURAL,
    "responsible_for_child": PROCEDURAL,  # a role, not a person
    "custody_granted": PROCEDURAL,
    "last_safety_check": PROCEDURAL,
    "safety_alert": PROCEDURAL,
    "petition_ground": PROCEDURAL,
    "shelter_reason": PROCEDURAL,
    "closure_refused_reason": PROCEDURAL,  # the diagram's own sentence
    "search_attempts": PROCEDURAL,  # dates, means and results, copied from procedural fields
    "closing_reason": PROCEDURAL,  # a code where a script sets it (close_case asks free text)
    "age_presumed": PROCEDURAL,
    # drra_return's reception (arrival_region.dmn and the routing script): regions and a date.
    "arrival_region": PROCEDURAL,
    "family_region": PROCEDURAL,
    "arrival_due": PROCEDURAL,
    "referral_history": SENSITIVE,  # the needs and expectations, as the screening's intake has it
    "child_at_risk_reason": PROCEDURAL,
    # What a service task answers: the document made, the case opened (engine/workflow/actions.py).
    "custody_petition_document": PROCEDURAL,
    "police_report_document": PROCEDURAL,
    "social_services_report_document": PROCEDURAL,
    "followup_visit_record_document": PROCEDURAL,
    "family_assessment_summary_document": PROCEDURAL,
    "guardianship_petition_document": PROCEDURAL,
    "screening_case": PROCEDURAL,
    "adult_referral_case": PROCEDURAL,
    "child_at_risk_case": PROCEDURAL,
    "child_return_case": PROCEDURAL,
    "foreign_victim_case": PROCEDURAL,
    "determination": PROCEDURAL,  # determination.dmn: identified as a victim or not
    "indicators": PROCEDURAL,
    "indicator_a": PROCEDURAL,  # the screening's indicators by section (determination.dmn)
    "indicator_b": PROCEDURAL,
    "indicator_c": PROCEDURAL,
}


def classification_of(prop: Any) -> str:
    value = prop.get(CLASSIFICATION) if isinstance(prop, Mapping) else None
    return value if value in CLASSES else UNCLASSIFIED


def stricter(one: str, other: str) -> str:
    return max(one, other, key=CLASSES.index)


def unclassified_fields(schema: Mapping[str, Any]) -> list[str]:
    """The properties of `schema` that declare no (or no known) classification."""
    properties = schema.get("properties")
    if not isinstance(properties, Mapping):
        return []
    return [
        name
        for name, prop in properties.items()
        if not (isinstance(prop, Mapping) and prop.get(CLASSIFICATION) in CLASSES)
    ]


def fields_shown(schema: Mapping[str, Any]) -> frozenset[str]:
    """The case data a task's form shows its holder: the fields it asks and those it names in
    `x-show` (what the task is about)."""
    properties = schema.get("properties")
    asked = set(properties) if isinstance(properties, Mapping) else set()
    shown = schema.get(SHOW)
    named = {name for name in shown if isinstance(name, str)} if isinstance(shown, list) else set()
    return frozenset(asked | named)


@dataclass(frozen=True)
class FormFields:
    """What the forms of one process version declare: each field's classification (the
    strictest any form gives it) and the fields each form shows."""

    classes: Mapping[str, str] = field(default_factory=dict)
    shown_by_form: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, forms: Mapping[str, Mapping[str, Any]]) -> FormFields:
        classes: dict[str, str] = {}
        for schema in forms.values():
            properties = schema.get("properties")
            if not isinstance(properties, Mapping):
                continue
            for name, prop in properties.items():
                found = classification_of(prop)
                classes[name] = stricter(classes.get(name, PROCEDURAL), found)
        return cls(classes, {name: fields_shown(schema) for name, schema in forms.items()})

    def classification(self, name: str) -> str:
        """A form's word first, then the diagrams' (`SET_BY_DIAGRAMS`); anything else is
        personal."""
        return self.classes.get(name) or SET_BY_DIAGRAMS.get(name, UNCLASSIFIED)


_BY_FORMS: dict[int, tuple[Mapping[str, Any], FormFields]] = {}


def form_fields(forms: Mapping[str, Mapping[str, Any]]) -> FormFields:
    """`FormFields.of(forms)`, kept for as long as the same forms object is: a version's forms
    are one shared object (engine/procedures/version_contents.py), read on every view."""
    kept = _BY_FORMS.get(id(forms))
    if kept is not None and kept[0] is forms:
        return kept[1]
    fields = FormFields.of(forms)
    if len(_BY_FORMS) >= 128:
        _BY_FORMS.clear()
    _BY_FORMS[id(forms)] = (forms, fields)
    return fields


@functools.cache
def shipped_form_fields() -> FormFields:
    """The classification the forms shipped with the code declare, all processes together (the
    strictest where two disagree): for a reader that has no case version at hand."""
    forms = {
        f"{path.parent.name}/{path.name}": json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(Path(__file__).parent.glob("*/*.schema.json"))
    }
    return FormFields.of(forms)

"""Every field of every form declares its classification (issue 15's `x-classification`:
procedural | personal | sensitive); free text and names are never procedural. The validator
ignores the keyword, so a form keeps validating as before."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from tests.support.setup import FORMS_DIR

CLASSES = {"procedural", "personal", "sensitive"}
FORMS = sorted(FORMS_DIR.glob("*/*.schema.json"))
# Free text that names no person: routing (a region, the court, the appointed case manager, from
# reference data), offices and official references.
NAMES_NO_PERSON = {
    "home_region", "family_home_region", "residence_region", "court", "case_manager",
    "guardianship_court_reference", "escort_unit", "drra_office", "police_office",
    "social_services_office", "court_registry_number", "court_reference",
    "police_report_reference", "complaint_reference", "host_country", "origin_authority",
    "assessment_authority", "pre_screening_team", "interviewed_by", "identified_by", "language",
}  # fmt: skip


@pytest.mark.parametrize("path", FORMS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_field_is_classified(path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    for name, prop in schema["properties"].items():
        assert prop.get("x-classification") in CLASSES, f"{path.name}: {name}"
        free_text = prop.get("type") == "string" and not (
            "enum" in prop or "format" in prop or "x-options" in prop
        )
        # A court's reference, a police unit and the routing region name no person.
        if free_text and name not in NAMES_NO_PERSON:
            assert prop["x-classification"] != "procedural", f"{path.name}: {name} is free text"

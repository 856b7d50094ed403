"""Every field of the forms issue 14 added or changed, and of foreign_victim (issue 19),
declares its classification (issue 15's `x-classification`: procedural | personal |
sensitive); free text and names are never procedural. The validator ignores the keyword, so
a form keeps validating as before."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from tests.support.setup import FORMS_DIR

CLASSES = {"procedural", "personal", "sensitive"}
CHILD_RETURN_FORMS = (
    "approve_long_term_solution", "assess_return_to_family", "close_case", "contact_parents",
    "coordinate_family_assessment", "decide_unsafe_child", "escalate_overdue_decision",
    "escorted_return", "inform_family_of_custody", "petition_for_guardianship",
    "place_in_shelter", "propose_long_term_solution", "record_court_decision",
    "record_followup_visit", "record_police_visit", "record_review_visit",
    "record_search_attempt", "release_to_family", "remind_parent_search",
    "respond_to_custody_refusal", "review_immediate_placement",
)  # fmt: skip
FORMS = sorted(
    [FORMS_DIR / "child_return" / f"{name}.schema.json" for name in CHILD_RETURN_FORMS]
    + list((FORMS_DIR / "child_at_risk").glob("*.schema.json"))
    + list((FORMS_DIR / "foreign_victim").glob("*.schema.json"))
)


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
        if free_text and name not in ("guardianship_court_reference", "escort_unit", "home_region"):
            assert prop["x-classification"] != "procedural", f"{path.name}: {name} is free text"

"""Art. 4 confidentiality in what is shown: a case's personal data (the child's name, addresses,
shelter and facility, family members' names, the free-text circumstances and welfare concerns)
withheld from those who may not see it, and the child's initials in place of the name."""

from __future__ import annotations

from typing import Any

from documents.confidentiality import CONFIDENTIAL_FIELDS
from documents.facts import initials

WITHHELD = "[withheld]"
# Free text that tells a person's story: shown only where the names are.
PERSONAL_FIELDS: tuple[str, ...] = (
    *CONFIDENTIAL_FIELDS,
    "facility_id",  # where the child stays (engine/directory/facilities.py)
    "circumstances",
    "welfare_concerns",
    "report_details",
    "referral_history",
    "needs_and_expectations",
    "immediate_safety_concerns",
    "information_summary",
    "decision_notes",
    "return_wish_notes",
    "interview_notes",
    "complaint_notes",
    "denunciation_notes",
    "pre_screening_findings",
    "assessment_findings",
    "child_views",
    # child_return and child_at_risk (issue 14): findings, reasons and the people they name.
    "police_concerns",
    "review_findings",
    "unsafe_decision_reasons",
    "return_assessment",
    "return_agreement_notes",
    "court_refusal_reasons",
    "refusal_response_reasons",
    "guardian_agreement_reason",
    "temporary_custody_holder",
    "child_views_weight",
    "placement_review_notes",
    "search_notes",
    "search_next_steps",
    "child_whereabouts",
    "follow_up_details",
)


def child_label(data: dict[str, Any], reference: str, personal: bool) -> str:
    name = data.get("child_name")
    if not isinstance(name, str) or not name.strip():
        return reference
    if personal:
        return name
    try:
        return initials(name)
    except ValueError:
        return WITHHELD


def redact_data(data: dict[str, Any]) -> dict[str, Any]:
    """Case data as someone without access to personal data may see it."""
    shown = dict(data)
    for name in PERSONAL_FIELDS:
        if shown.get(name) not in (None, ""):
            shown[name] = WITHHELD
    if isinstance(data.get("child_name"), str) and data["child_name"].strip():
        shown["child_name"] = child_label(data, "", personal=False)
    return shown


def redact_event_data(data: dict[str, Any]) -> dict[str, Any]:
    shown = redact_data(data)
    if isinstance(data.get("data"), dict):
        shown["data"] = redact_data(data["data"])
    return shown

# ruff: noqa: RUF001  (Albanian prose: a typographic apostrophe on purpose)
"""Case facts for the document tests, a test signer, and PDF reading helpers (also of a document
fetched through the API, `pdf_text`)."""

from __future__ import annotations

import atexit
import io
import shutil
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from pypdf import PdfReader

from documents.generate import CaseFacts, DocumentSigner, GeneratedDocument, generate_document
from documents.signing import demo_signer
from tests.support.auth import bearer

REFERENCE = "NRM-2026-000001"
ISSUED_AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
CHILD_NAME = "Ëndrra Çela"
FAMILY_ADDRESS = "Rruga Ismail Qemali 14, Shkodër"
SHELTER_NAME = "Shtëpia e Shpresës"
FATHER = "Gjergj Çela"
COURT = "Shkodër District Court"

INTAKE: Mapping[str, Any] = {
    "child_name": CHILD_NAME,
    "date_of_birth": "2010-03-14",
    "sex": "female",
    "home_region": "Shkodër",
    "family_address": FAMILY_ADDRESS,
    "identification_date": "2026-02-20",
    "identified_by": "Border Police Directorate, Kakavijë border crossing point",
    "case_manager": "mhoxha",
    "court": COURT,
    # People write names and places into free text; the documents must not repeat them.
    "circumstances": (
        "Ëndrra was found by border police travelling with an unrelated adult on a forged "
        "passport. She had been promised work in a restaurant in Greece but was made to beg and "
        "hand over the money every night.\n\n"
        f"Before leaving she lived with her parents at {FAMILY_ADDRESS}; the trip was arranged "
        "by an acquaintance of the Çela family."
    ),
    "shelter_name": SHELTER_NAME,
}

_PETITION_D1: Mapping[str, Any] = {
    **INTAKE,
    "child_wishes_return": False,
    "placement": "shelter",
    "petition_ground": "D.1",
    "shelter_reason": f"No relative can take her in safely; she is placed at {SHELTER_NAME}.",
}
_PETITION_D3: Mapping[str, Any] = {
    **INTAKE,
    "child_wishes_return": True,
    "parents_reachable": True,
    "family_implicated": True,
    "risk_identified": True,
    "risk_assessment_summary": (
        "The father admitted having received money from the recruiter; the family is in "
        "debt to the same person."
    ),
    "placement": "temporary_accommodation",
    "petition_ground": "D.3",
}
_RELEASE_D2: Mapping[str, Any] = {
    **INTAKE,
    "child_wishes_return": True,
    "parents_reachable": True,
    "family_implicated": False,
    "placement": "family",
}
_RELEASE_D3: Mapping[str, Any] = {
    **INTAKE,
    "child_wishes_return": True,
    "parents_reachable": True,
    "family_implicated": True,
    "risk_identified": False,
    "risk_assessment_summary": "Parents cooperative; no threat to Ëndrra was found.",
    "placement": "family",
}
# Art. 5.B.9: after a D.2 return the police found her unsafe; the case manager placed her.
_PETITION_5B9: Mapping[str, Any] = {
    **_RELEASE_D2,
    "release_date": "2026-02-24",
    "released_to": FATHER,
    "placement": "shelter",
    "petition_ground": "5.B.9",
    "unsafe_decision_date": "2026-02-27",
    "unsafe_decision_reasons": (
        f"The police found bruises on Ëndrra's arms; {FATHER} would not let her speak alone."
    ),
}
# Annex 1 D.4: the parents were never found; the court is asked for a guardian.
_GUARDIANSHIP_D4: Mapping[str, Any] = {
    **INTAKE,
    "child_wishes_return": True,
    "parents_reachable": False,
    "placement": "shelter",
    "shelter_placement_date": "2026-02-21",
    "search_attempts": [
        {"date": "2026-02-22", "means": "phone", "result": "not_found"},
        {"date": "2026-02-26", "means": "police", "result": "not_found"},
    ],
}
# The court granted temporary custody (Annex 1 D.1 / D.3): the summary names the holder.
_CUSTODY_GRANTED: Mapping[str, Any] = {
    "court_decision": "granted",
    "court_decision_date": "2026-03-10",
    "temporary_custody_holder": "State Social Services, Shkodër regional office",
    "custody_from": "2026-03-10",
}
_CUSTODY_FOLLOW_UP: Mapping[str, Any] = {
    "petition_filed_date": "2026-03-02",
    "court_reference": "Nr. 118/2026",
    "family_informed_of_custody": True,
    "family_informed_date": "2026-03-03",
    "inform_method": "in_person",
    "informed_person": FATHER,
    "family_assessment_date": "2026-03-16",
    "assessment_findings": (
        f"{FATHER}, the father, still owes money to the recruiter. Ëndrrës’ aunt in Lezhë is "
        "willing to take her in and her home was found suitable.\n\n"
        "Ëndrra wants to continue school."
    ),
    "recommended_solution": "extended_family",
    "assessment_notes": "Internal: call the aunt again on Friday.",
}

SCENARIOS: Mapping[str, Mapping[str, Any]] = {
    # Annex 1 D.1: the child refuses to return.
    "petition_d1": _PETITION_D1,
    # Annex 1 D.3: the family is implicated and the risk assessment found a risk.
    "petition_d3": _PETITION_D3,
    # Annex 1 D.2: the family is not implicated; released to the family.
    "release_d2": _RELEASE_D2,
    # Annex 1 D.3: family implicated, no risk found; escorted return.
    "release_d3": _RELEASE_D3,
    # D.2, then the visit: on time, by both offices, the child is well.
    "visit_d2": {
        **_RELEASE_D2,
        "release_date": "2026-02-24",
        "released_to": FATHER,
        "visit_date": "2026-02-27",
        "police_found_child_safe": True,
        "police_visit_date": "2026-02-28",
        "child_safe": True,
        "visit_notes": "Internal: the mother asked for school books.",
    },
    # D.3, then the visit: late (escalated), no police visit, concerns about the child.
    "visit_d3": {
        **_RELEASE_D3,
        "release_date": "2026-02-20",
        "released_to": FATHER,
        "escalation_date": "2026-02-27",
        "action_taken": f"Called {FATHER} and the local office; visit set for 2 March.",
        "visit_date": "2026-03-02",
        "police_visited": False,
        "child_safe": False,
        "welfare_concerns": (
            "Ëndrrën e gjetëm vetëm në shtëpi; babai, Gjergj Çela, ishte në Durrës. She has not "
            "been to school since her return."
        ),
    },
    # D.1, then the family assessment reported to the court.
    "assessment_d1": {**_PETITION_D1, **_CUSTODY_FOLLOW_UP},
    # Art. 5.B.9: found unsafe after a return, placed by the case manager, custody petitioned.
    "petition_5b9": _PETITION_5B9,
    # Art. 5.B.9, then the family assessment after the court granted temporary custody.
    "assessment_5b9": {**_PETITION_5B9, **_CUSTODY_FOLLOW_UP, **_CUSTODY_GRANTED},
    # Annex 1 D.4: the parents could not be found in time.
    "guardianship_d4": _GUARDIANSHIP_D4,
    # D.3, then the full family assessment.
    "assessment_d3": {
        **_PETITION_D3,
        **_CUSTODY_FOLLOW_UP,
        "family_informed_of_custody": False,
        "recommended_solution": "foster_family",
    },
}

CASES: list[tuple[str, str]] = [
    ("custody_petition", "petition_d1"),
    ("custody_petition", "petition_d3"),
    ("police_report", "release_d2"),
    ("police_report", "release_d3"),
    ("social_services_report", "release_d2"),
    ("social_services_report", "release_d3"),
    ("followup_visit_record", "visit_d2"),
    ("followup_visit_record", "visit_d3"),
    ("family_assessment_summary", "assessment_d1"),
    ("family_assessment_summary", "assessment_d3"),
    ("custody_petition", "petition_5b9"),
    ("family_assessment_summary", "assessment_5b9"),
    ("guardianship_petition", "guardianship_d4"),
]
# One case of each kind, for the slower checks.
ONE_OF_EACH: list[tuple[str, str]] = [
    ("custody_petition", "petition_d3"),
    ("police_report", "release_d3"),
    ("social_services_report", "release_d2"),
    ("followup_visit_record", "visit_d3"),
    ("family_assessment_summary", "assessment_d1"),
    ("guardianship_petition", "guardianship_d4"),
]
LANGUAGES = ["sq", "en"]

# Every name, address and place of the child, the family and the shelter above.
SECRETS = [
    CHILD_NAME,
    "Ëndrra",
    "Ëndrrën",
    "Ëndrrës",
    "Çela",
    FAMILY_ADDRESS,
    "Ismail Qemali",
    SHELTER_NAME,
    FATHER,
    "Gjergj",
]


def facts(scenario: str, **changes: Any) -> CaseFacts:
    data = {**SCENARIOS[scenario], **changes}
    return CaseFacts(reference=REFERENCE, process_version="child_return v1", data=data)


def without(scenario: str, field: str) -> CaseFacts:
    data = {key: value for key, value in SCENARIOS[scenario].items() if key != field}
    return CaseFacts(reference=REFERENCE, process_version="child_return v1", data=data)


@cache
def test_signer() -> DocumentSigner:
    """A demo signer of its own, in a temporary folder removed when the tests end."""
    directory = Path(tempfile.mkdtemp(prefix="nrm-test-signing-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    return demo_signer(directory)


test_signer.__test__ = False  # type: ignore[attr-defined]  # not a test, whatever its name


def generate(
    kind: str, case: CaseFacts, issued_at: datetime = ISSUED_AT, language: str = "en"
) -> GeneratedDocument:
    return generate_document(kind, case, issued_at, language, signer=test_signer())


_generated: dict[tuple[str, str, str], GeneratedDocument] = {}


def generated(kind: str, scenario: str, language: str = "en") -> GeneratedDocument:
    # Rendering takes a fraction of a second per PDF: render each case once per test run.
    if (kind, scenario, language) not in _generated:
        _generated[kind, scenario, language] = generate(
            kind, facts(scenario), ISSUED_AT, language
        )
    return _generated[kind, scenario, language]


def text_of(document: GeneratedDocument | bytes) -> str:
    """The PDF's text, whitespace collapsed and typographic apostrophes made plain."""
    content = document if isinstance(document, bytes) else document.content
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    return text.replace("\u2019", "'")


def metadata_of(document: GeneratedDocument) -> dict[str, str]:
    metadata = PdfReader(io.BytesIO(document.content)).metadata or {}
    return {str(key): str(value) for key, value in metadata.items()}


def pdf_text(client: TestClient, document_id: int) -> str:
    response = client.get(f"/api/documents/{document_id}", headers=bearer(client, "case.manager"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)

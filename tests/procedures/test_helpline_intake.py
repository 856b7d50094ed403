"""A call to the child helpline 116 111 (ALO 116) or the anti-trafficking line 116 006 opens a
screening with the line recorded as the source of the report, so that a child exploited on the
streets enters the referral mechanism (Art. 5.C.6)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from tests.support.auth import bearer, sign_in
from tests.support.procedure_data import CHILD_BORN, SCREENING_INTAKE
from tests.support.walks import CaseWalk

STREET_CHILD_CALL = {
    **SCREENING_INTAKE,
    "reported_by": "ALO 116 operator, call of 1 March 2026",
    "report_location": "Rruga e Durrësit, Tirana",
    "person_name": "Unknown boy, about 12",
    "date_of_birth": CHILD_BORN,
    "sex": "male",
    "report_details": "A boy begs at the crossroads every night; an adult collects his money.",
}


def record_call(client: TestClient, clock: ManualClock, line: str, recorded_by: str) -> CaseWalk:
    """The person who took the call over from the line opens the screening."""
    intake = {**STREET_CHILD_CALL, "report_source": line}
    return CaseWalk(client, clock, intake, process="screening", starter=recorded_by)


@pytest.mark.parametrize(
    ("line", "recorded_by"),
    [("child_helpline", "social.worker"), ("anti_trafficking_helpline", "sss.officer")],
)
def test_a_helpline_call_opens_a_screening_with_its_line_as_the_source(
    client: TestClient, clock: ManualClock, line: str, recorded_by: str
) -> None:
    walk = record_call(client, clock, line, recorded_by)
    assert walk.case["process"] == "screening"
    assert walk.case["data"]["report_source"] == line
    assert walk.ready() == ["record_consent"], "the call leads to the screening interview"


def test_an_unknown_source_is_refused_naming_the_field(client: TestClient) -> None:
    response = client.post(
        "/api/cases",
        json={"process": "screening", "data": {**STREET_CHILD_CALL, "report_source": "116"}},
        headers=bearer(client, "social.worker"),
    )
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["data", "report_source"]]


def test_the_case_page_shows_the_helpline_as_the_source(
    client: TestClient, clock: ManualClock
) -> None:
    walk = record_call(client, clock, "child_helpline", "social.worker")
    assert sign_in(client, "social.worker").status_code == 303
    page = client.get(f"/cases/{walk.id}")
    assert page.status_code == 200
    assert "Source of the report" in page.text and "child helpline" in page.text

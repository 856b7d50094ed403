"""Reference data admins keep (issue 18): a court added is offered and accepted at once, a court
retired is no longer offered and is refused naming the field; only admins change the lists."""

from __future__ import annotations

from fastapi.testclient import TestClient

from forms.examples import CHILD_RETURN_INTAKE
from tests.support.auth import bearer

NEW_COURT = "Gjykata e Shkallës së Parë Elbasan"


def courts_offered(client: TestClient) -> list[str]:
    response = client.get("/api/processes", headers=bearer(client, "border.officer"))
    form = next(p for p in response.json() if p["id"] == "child_return")["form"]
    return form["properties"]["court"]["enum"]


def start_with_court(client: TestClient, court: str) -> int:
    response = client.post(
        "/api/cases",
        json={"process": "child_return", "data": {**CHILD_RETURN_INTAKE, "court": court}},
        headers=bearer(client, "border.officer"),
    )
    return response.status_code


def test_a_court_an_admin_adds_is_offered_and_accepted(client: TestClient) -> None:
    added = client.post(
        "/api/reference/court",
        json={"name_sq": NEW_COURT, "name_en": "Elbasan First Instance Court"},
        headers=bearer(client, "admin"),
    )
    assert added.status_code == 201, added.text
    assert NEW_COURT in courts_offered(client)
    assert start_with_court(client, NEW_COURT) == 201


def test_a_retired_court_is_no_longer_offered_and_is_refused(client: TestClient) -> None:
    old = CHILD_RETURN_INTAKE["court"]
    retired = client.patch(
        f"/api/reference/court/{old}", json={"active": False}, headers=bearer(client, "admin")
    )
    assert retired.status_code == 200 and retired.json()["active"] is False
    assert old not in courts_offered(client)
    response = client.post(
        "/api/cases",
        json={"process": "child_return", "data": CHILD_RETURN_INTAKE},
        headers=bearer(client, "border.officer"),
    )
    assert response.status_code == 422
    assert [e["loc"][-1] for e in response.json()["detail"]] == ["court"]


def test_only_an_admin_changes_the_reference_data(client: TestClient) -> None:
    refused = client.post(
        "/api/reference/region",
        json={"name_sq": "Elbasn", "name_en": "Elbasn"},
        headers=bearer(client, "supervisor"),
    )
    assert refused.status_code == 403
    regions = client.get("/api/reference/region", headers=bearer(client, "supervisor")).json()
    assert len(regions) == 12
    assert {"value": "Tiranë", "name_sq": "Tiranë", "name_en": "Tirana", "active": True} in regions

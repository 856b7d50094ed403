"""Cases that cannot get lost (issue 18): the fields that route a case (region, court, case
manager) take only the values of the reference data, and an intake's dates must be possible.
Each refusal is a 422 naming the field, and no case is opened."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from forms.examples import CHILD_RETURN_INTAKE
from tests.support.auth import bearer

START_AS = "border.officer"


def start(client: TestClient, **changes: Any) -> Any:
    data = {**CHILD_RETURN_INTAKE, **changes}
    return client.post(
        "/api/cases",
        json={"process": "child_return", "data": data},
        headers=bearer(client, START_AS),
    )


def refused_fields(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.text
    fields: dict[str, str] = {}
    for error in response.json()["detail"]:
        name = error["loc"][-1]
        fields[name] = f"{fields[name]}; {error['msg']}" if name in fields else error["msg"]
    return fields


def case_count(client: TestClient) -> int:
    response = client.get("/api/cases", headers=bearer(client, "authority"))
    assert response.status_code == 200, response.text
    return len(response.json())


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("home_region", "Elbasn"),
        ("court", "Gjykata Elbasan"),
        ("case_manager", "supervisor"),  # an account, but not a case manager's
    ],
)
def test_a_routing_value_outside_the_reference_data_is_refused(
    client: TestClient, field: str, typed: str
) -> None:
    before = case_count(client)
    fields = refused_fields(start(client, **{field: typed}))
    assert field in fields and typed in fields[field]
    assert case_count(client) == before


def test_the_intake_form_offers_the_regions_courts_and_case_managers(client: TestClient) -> None:
    response = client.get("/api/processes", headers=bearer(client, START_AS))
    form = next(p for p in response.json() if p["id"] == "child_return")["form"]
    regions = form["properties"]["home_region"]["enum"]
    assert len(regions) == 12 and "Elbasan" in regions and "Tiranë" in regions
    assert "Gjykata e Rrethit Gjyqësor Elbasan" in form["properties"]["court"]["enum"]
    assert form["properties"]["case_manager"]["enum"] == ["case.manager", "case.manager.2"]
    # And the reference values are accepted.
    assert start(client, home_region="Korçë").status_code == 201


def test_a_date_of_birth_in_the_future_is_refused(client: TestClient, clock: ManualClock) -> None:
    tomorrow = (clock.now().date().replace(year=clock.now().year + 1)).isoformat()
    fields = refused_fields(start(client, date_of_birth=tomorrow))
    assert "future" in fields["date_of_birth"]


def test_an_identification_date_in_the_future_is_refused(
    client: TestClient, clock: ManualClock
) -> None:
    later = clock.now().date().replace(year=clock.now().year + 1).isoformat()
    fields = refused_fields(start(client, identification_date=later))
    assert "future" in fields["identification_date"]


def test_a_birth_after_the_identification_is_refused(client: TestClient) -> None:
    fields = refused_fields(
        start(client, date_of_birth="2026-02-01", identification_date="2026-01-15")
    )
    assert "before the date of identification" in fields["date_of_birth"]


def test_an_adult_on_the_identification_date_is_refused_unless_the_age_is_presumed(
    client: TestClient,
) -> None:
    adult = {"date_of_birth": "2007-02-28", "identification_date": "2026-03-01"}
    fields = refused_fields(start(client, **adult))
    assert "19" in fields["date_of_birth"] and "presumed" in fields["date_of_birth"]
    assert start(client, **adult, age_presumed=True).status_code == 201
    # The day before the 18th birthday is still a child's.
    child = {"date_of_birth": "2008-03-02", "identification_date": "2026-03-01"}
    assert start(client, **child).status_code == 201

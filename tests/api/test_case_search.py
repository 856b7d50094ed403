"""Finding cases (issue 18): GET /api/cases searches by reference, initials or (for the roles
that read personal data) the child's name, filters by process, status, region, overdue and the
user's own cases, sorts, and pages through every case found, the total in X-Total-Count."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from forms.examples import CHILD_RETURN_INTAKE
from tests.support.auth import bearer
from tests.support.walks import CaseWalk


def _open(client: TestClient, clock: ManualClock, starter: str, **changes: Any) -> int:
    return CaseWalk(client, clock, {**CHILD_RETURN_INTAKE, **changes}, starter=starter).id


@pytest.fixture
def opened(client: TestClient, clock: ManualClock) -> dict[str, int]:
    """Three children: two in Elbasan (case.manager), one in Korçë (case.manager.2)."""
    return {
        "endrra": _open(client, clock, "border.officer"),
        "arben": _open(client, clock, "border.officer", child_name="Arben Hoxha"),
        "besa": _open(
            client,
            clock,
            "border.officer.korce",
            child_name="Besa Krasniqi",
            home_region="Korçë",
            case_manager="case.manager.2",
        ),
    }


def _found(client: TestClient, user: str, **query: Any) -> list[dict[str, Any]]:
    response = client.get("/api/cases", params=query, headers=bearer(client, user))
    assert response.status_code == 200, response.text
    return response.json()


def _ids(client: TestClient, user: str, **query: Any) -> list[int]:
    return [case["id"] for case in _found(client, user, **query)]


def test_a_supervisor_finds_a_child_by_name_without_accents_or_by_initials(
    client: TestClient, opened: dict[str, int]
) -> None:
    assert _ids(client, "supervisor", q="cela") == [opened["endrra"]]
    assert _ids(client, "supervisor", q="ËNDRRA") == [opened["endrra"]]
    assert _ids(client, "supervisor", q="A. H.") == [opened["arben"]]
    assert _ids(client, "supervisor", q="ah") == [opened["arben"]]
    assert _ids(client, "supervisor", q="Krasniqi") == [], "another region's child"


def test_a_role_that_does_not_read_names_finds_by_initials_only(
    client: TestClient, opened: dict[str, int]
) -> None:
    assert _ids(client, "border.officer", q="Hoxha") == []
    (found,) = _found(client, "border.officer", q="A.H.")
    assert (found["id"], found["child"]) == (opened["arben"], "A. H.")
    assert _ids(client, "auditor", q="Krasniqi") == []
    assert _ids(client, "auditor", q="B K") == [opened["besa"]]


def test_a_case_is_found_by_part_of_its_reference(
    client: TestClient, opened: dict[str, int]
) -> None:
    everything = {case["id"]: case["reference"] for case in _found(client, "auditor")}
    reference = everything[opened["besa"]]
    assert _ids(client, "auditor", q=reference.lower()) == [opened["besa"]]
    assert _ids(client, "court.clerk.tirana", q=reference) == [], "not the Tirana court's case"


def test_filters_by_region_status_process_and_the_users_own_cases(
    client: TestClient, opened: dict[str, int]
) -> None:
    assert _ids(client, "auditor", region="korçë") == [opened["besa"]]
    assert _ids(client, "auditor", status="completed") == []
    assert len(_ids(client, "auditor", status="open", process="child_return")) == 3
    assert _ids(client, "auditor", process="drra_return") == []
    assert _ids(client, "case.manager.2", mine=True) == [opened["besa"]]
    assert sorted(_ids(client, "case.manager", mine="true")) == sorted(
        [opened["endrra"], opened["arben"]]
    )


def test_overdue_finds_the_cases_whose_task_is_past_its_due_date(
    client: TestClient, clock: ManualClock, opened: dict[str, int]
) -> None:
    walk = CaseWalk(client, clock, case_id=opened["endrra"])
    walk.complete("record_child_wishes", child_wishes_return=False, family_implicated=False)
    walk.complete("place_in_shelter")  # the case manager's review of it has a deadline
    assert _ids(client, "auditor", overdue=True) == []
    clock.advance(timedelta(days=60))
    assert _ids(client, "auditor", overdue=True) == [opened["endrra"]]


def test_sorted_and_paged_through_every_case_found(
    client: TestClient, opened: dict[str, int]
) -> None:
    newest_first = sorted(opened.values(), reverse=True)
    assert _ids(client, "auditor") == newest_first
    assert _ids(client, "auditor", sort="oldest") == newest_first[::-1]
    first = client.get("/api/cases?per_page=2", headers=bearer(client, "auditor"))
    second = client.get("/api/cases?per_page=2&page=2", headers=bearer(client, "auditor"))
    assert first.headers["X-Total-Count"] == second.headers["X-Total-Count"] == "3"
    assert [c["id"] for c in first.json() + second.json()] == newest_first
    assert _ids(client, "auditor", per_page=2, page=3) == []


def test_an_unknown_order_or_page_size_is_refused_naming_it(
    client: TestClient, opened: dict[str, int]
) -> None:
    for query, name in (("sort=name", "sort"), ("per_page=1000", "per_page"), ("page=0", "page")):
        response = client.get(f"/api/cases?{query}", headers=bearer(client, "auditor"))
        assert response.status_code == 422
        assert name in response.text


def test_only_the_lines_of_the_page_shown_are_written_to_the_access_log(
    client: TestClient, opened: dict[str, int]
) -> None:
    assert _ids(client, "supervisor", per_page=1) == [opened["arben"]]
    log = client.get(
        "/api/audit/access-log", params={"user": "supervisor"}, headers=bearer(client, "auditor")
    ).json()
    assert [(e["case_id"], e["what"], e["personal_data"]) for e in log] == [
        (opened["arben"], "list", True)
    ]

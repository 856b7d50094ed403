"""Every role against every endpoint: who may read, who may change, and who gets 403 (or 401
when not signed in). The case is a child in Elbasan waiting for the social worker."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from engine.base.clock import ManualClock
from tests.support.access_matrix import ALL, COURT_USERS, matrix
from tests.support.auth import PASSWORD, bearer, sign_in
from tests.support.walks import CaseWalk


@pytest.fixture
def walk(client: TestClient, clock: ManualClock) -> CaseWalk:
    return CaseWalk(client, clock)


def test_every_role_against_every_endpoint(walk: CaseWalk, client: TestClient) -> None:
    before = walk.refresh()
    failures = []
    for endpoint, call, allowed, ok in matrix(walk):
        for name in sorted(ALL):
            status = call(client, bearer(client, name)).status_code
            expected = ok if name in allowed else 403
            if status != expected:
                failures.append(f"{endpoint} as {name}: {status}, expected {expected}")
    assert not failures, "\n".join(failures)
    after = walk.refresh()
    assert after["revision"] == before["revision"] and after["tasks"] == before["tasks"]


def test_nothing_but_health_answers_without_signing_in(walk: CaseWalk, client: TestClient) -> None:
    assert client.get("/api/health").status_code == 200
    for endpoint, call, _allowed, _ok in matrix(walk):
        response = call(client, {})
        assert response.status_code == 401, endpoint
        assert response.headers["www-authenticate"] == "Bearer"
    forged = {"Authorization": "Bearer not-a-token", "X-NRM-User": "supervisor"}
    assert client.get(f"/api/cases/{walk.id}", headers=forged).status_code == 401


def test_inboxes_hold_only_the_tasks_of_ones_lane_and_region(
    walk: CaseWalk, client: TestClient
) -> None:
    def inbox(name: str) -> list[str]:
        return [t["name"] for t in client.get("/api/tasks", headers=bearer(client, name)).json()]

    assert inbox("social.worker") == ["record_child_wishes"]
    for name in ALL - {"social.worker"}:
        assert inbox(name) == [], name
    walk.complete("record_child_wishes", child_wishes_return=True, family_implicated=False)
    walk.complete("contact_parents", parents_reachable=True)
    # approve_placement goes to the appointed case manager only, not to every case manager.
    assert inbox("case.manager") == ["approve_placement"]
    assert inbox("case.manager.2") == []
    response = client.post(
        f"/api/tasks/{walk.task('approve_placement')['id']}/complete",
        json={"data": {"placement_approved": True, "approval_date": "2026-03-02"}},
        headers=bearer(client, "case.manager.2"),
    )
    assert response.status_code == 403


def test_a_supervisor_reassigns_the_case_manager_as_an_event(
    walk: CaseWalk, client: TestClient
) -> None:
    walk.complete("record_child_wishes", child_wishes_return=False, family_implicated=False)
    walk.complete("place_in_shelter")
    response = client.post(
        f"/api/cases/{walk.id}/case-manager",
        json={"case_manager": "case.manager.2", "reason": "leave"},
        headers=bearer(client, "supervisor"),
    )
    assert response.status_code == 200, response.text
    events = client.get(f"/api/cases/{walk.id}/events", headers=bearer(client, "supervisor"))
    last = events.json()[-1]
    assert (last["type"], last["actor"]) == ("case_manager_reassigned", "supervisor")
    assert last["data"] == {"from": "case.manager", "to": "case.manager.2", "reason": "leave"}
    tasks = client.get("/api/tasks", headers=bearer(client, "case.manager.2")).json()
    assert [t["name"] for t in tasks] == ["review_immediate_placement"]
    assert client.get("/api/tasks", headers=bearer(client, "case.manager")).json() == []
    walk.complete(
        "review_immediate_placement",
        actor="case.manager.2",
        immediate_placement_decision="approved",
    )
    walk.complete("file_custody_petition", actor="sss.officer")
    (petition,) = [d for d in walk.documents("custody_petition") if d["language"] == "en"]
    pdf = client.get(f"/api/documents/{petition['id']}", headers=bearer(client, "case.manager.2"))
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    assert "case.manager.2" in text, "the petition names the case manager appointed now"
    foreign = client.post(
        f"/api/cases/{walk.id}/case-manager",
        json={"case_manager": "case.manager"},
        headers=bearer(client, "supervisor.korce"),
    )
    assert foreign.status_code == 403


def test_a_claimed_task_is_only_completed_by_its_holder(walk: CaseWalk, client: TestClient) -> None:
    from engine.access.users import UserAccounts
    from engine.base.clock import SystemClock

    accounts = UserAccounts(client.app.state.engine.db)  # type: ignore[attr-defined]
    accounts.create("social.worker.b", "social_worker", PASSWORD, SystemClock().now(), "Elbasan")
    task = walk.task("record_child_wishes")
    assert (
        client.post(
            f"/api/tasks/{task['id']}/claim", headers=bearer(client, "social.worker")
        ).status_code
        == 200
    )
    response = client.post(
        "/api/auth/token", data={"username": "social.worker.b", "password": PASSWORD}
    )
    other = {"Authorization": f"Bearer {response.json()['access_token']}"}
    assert client.post(f"/api/tasks/{task['id']}/claim", headers=other).status_code == 409
    data = {
        "data": {
            "wishes_recorded_on": "2026-03-02",
            "child_told_family_contacted": True,
            "child_wishes_return": False,
            "family_implicated": False,
        }
    }
    response = client.post(f"/api/tasks/{task['id']}/complete", json=data, headers=other)
    assert response.status_code == 409 and "social.worker" in response.json()["detail"]
    walk.complete("record_child_wishes", actor="social.worker", child_wishes_return=False)


def test_the_matrix_covers_every_endpoint(walk: CaseWalk, client: TestClient) -> None:
    """A new endpoint must say who may use it: it fails here until it is in the matrix."""
    open_to_all = {"GET /api/health", "POST /api/auth/token", "POST /api/auth/logout"}
    routes = {
        f"{method.upper()} {re.sub(r'{[^}]+}', '{id}', path)}"
        for path, operations in client.app.openapi()["paths"].items()
        for method in operations
    }
    covered = {re.sub(r"{[^}]+}", "{id}", endpoint) for endpoint, *_ in matrix(walk)}
    assert "POST /api/tasks/{id}/complete" in routes
    assert routes - open_to_all - covered == set()


def test_only_court_users_open_the_court_outbox_page(walk: CaseWalk, client: TestClient) -> None:
    """The page twin of GET /api/court/outbox (pages are not in the OpenAPI routes above)."""
    for name in sorted(ALL):
        client.cookies.clear()
        sign_in(client, name)
        status = client.get("/court/outbox").status_code
        assert status == (200 if name in COURT_USERS else 403), name

"""Every role against every endpoint: who may read, who may change, and who gets 403 (or 401
when not signed in). The case is a child in Elbasan waiting for the social worker."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import BytesIO

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from pypdf import PdfReader

from engine.base.clock import ManualClock
from tests.auth_helpers import TEST_USERS, bearer
from tests.child_return_walk import CaseWalk
from tests.test_auth import sign_in

ALL = {name for name, *_ in TEST_USERS}
# Who may open the case: the social worker of its region (a task waits for them), the appointed
# case manager, the border officer who opened it, the supervisor of the region, the court named
# in it (for its documents) and the auditor.
CASE_READERS = {
    "social.worker",
    "case.manager",
    "border.officer",
    "supervisor",
    "court.clerk",
    "auditor",
}
STARTERS = {
    name
    for name, role, *_ in TEST_USERS
    if role
    in {
        "border_police",
        "social_worker",
        "case_manager",
        "supervisor",
        "state_social_services",
        "drra_officer",
    }
}

VERSION_READERS = {
    name for name, role, *_ in TEST_USERS if role in {"supervisor", "auditor", "admin"}
}
SUPERVISORS = {name for name, role, *_ in TEST_USERS if role == "supervisor"}
COURT_USERS = {name for name, role, *_ in TEST_USERS if role == "court"}
STATISTICS_READERS = {
    name
    for name, role, *_ in TEST_USERS
    if role in {"auditor", "supervisor", "responsible_authority"}
}
# Facility 1 of the test directory is in Elbasan, like NEW_FACILITY: Korçë's supervisor may not.
DIRECTORY_MANAGERS = {"admin", "supervisor"}
COMPLIANCE_READERS = {name for name, role, *_ in TEST_USERS if role in {"auditor", "supervisor"}}
NEW_FACILITY = {
    "name": "Strehëza e Provës",
    "kind": "shelter",
    "region": "Elbasan",
    "address": "Rruga e Provës 1, Elbasan",
    "capacity": 4,
    "takes_children": True,
    "out_of_hours_contact": "+355 69 000 0999",
}

Call = Callable[[TestClient, dict[str, str]], Response]


def matrix(walk: CaseWalk) -> list[tuple[str, Call, set[str], int]]:
    case, task = walk.id, walk.refresh()["tasks"][0]["id"]
    bad = {"data": {"child_wishes_return": "maybe"}}
    return [
        ("GET /api/processes", lambda c, h: c.get("/api/processes", headers=h), ALL, 200),
        ("GET /api/auth/me", lambda c, h: c.get("/api/auth/me", headers=h), ALL, 200),
        ("GET /api/cases", lambda c, h: c.get("/api/cases", headers=h), ALL, 200),
        (
            "GET /api/cases/{id}",
            lambda c, h: c.get(f"/api/cases/{case}", headers=h),
            CASE_READERS,
            200,
        ),
        (
            "GET /api/cases/{id}/events",
            lambda c, h: c.get(f"/api/cases/{case}/events", headers=h),
            CASE_READERS,
            200,
        ),
        (
            "GET /api/cases/{id}/as-of",
            lambda c, h: c.get(
                f"/api/cases/{case}/as-of", params={"at": "2030-01-01T00:00:00Z"}, headers=h
            ),
            CASE_READERS,
            200,
        ),
        (
            "GET /api/cases/{id}/diagram",
            lambda c, h: c.get(f"/api/cases/{case}/diagram", headers=h),
            CASE_READERS,
            200,
        ),
        (
            "GET /api/tasks/{id}",
            lambda c, h: c.get(f"/api/tasks/{task}", headers=h),
            CASE_READERS,
            200,
        ),
        # Invalid data: whoever may complete the task gets 422, nobody changes the case.
        (
            "POST /api/tasks/{id}/complete",
            lambda c, h: c.post(f"/api/tasks/{task}/complete", json=bad, headers=h),
            {"social.worker"},
            422,
        ),
        (
            "POST /api/tasks/{id}/claim",
            lambda c, h: c.post(f"/api/tasks/{task}/claim", headers=h),
            {"social.worker"},
            200,
        ),
        (
            "DELETE /api/tasks/{id}/claim",
            lambda c, h: c.delete(f"/api/tasks/{task}/claim", headers=h),
            {"social.worker"},
            200,
        ),
        (
            "POST /api/cases",
            lambda c, h: c.post(
                "/api/cases", json={"process": "child_return", "data": {}}, headers=h
            ),
            STARTERS,
            422,
        ),
        (
            "POST /api/cases/{id}/case-manager",
            lambda c, h: c.post(
                f"/api/cases/{case}/case-manager", json={"case_manager": "nobody"}, headers=h
            ),
            {"supervisor"},
            422,
        ),
        ("GET /api/admin/users", lambda c, h: c.get("/api/admin/users", headers=h), {"admin"}, 200),
        (
            "POST /api/admin/users",
            lambda c, h: c.post(
                "/api/admin/users",
                json={"name": "porter", "role": "night_porter", "password": "a long passphrase"},
                headers=h,
            ),
            {"admin"},
            422,
        ),
        ("GET /api/tasks", lambda c, h: c.get("/api/tasks", headers=h), ALL, 200),
        # Who may read a real document is tested with the court outbox; an unknown one is 404.
        (
            "GET /api/documents/{id}",
            lambda c, h: c.get("/api/documents/424242", headers=h),
            ALL,
            404,
        ),
        (
            "PATCH /api/admin/users/{name}",
            lambda c, h: c.patch(
                "/api/admin/users/authority", json={"region": "Elbasan"}, headers=h
            ),
            {"admin"},
            200,
        ),
        (
            "POST /api/admin/clock",
            lambda c, h: c.post("/api/admin/clock", json={"advance": "PT1M"}, headers=h),
            {"admin"},
            200,
        ),
        (
            "POST /api/decisions/{id}/evaluate",
            lambda c, h: c.post(
                "/api/decisions/determination/evaluate", json={"common_language": False}, headers=h
            ),
            ALL,
            200,
        ),
        (
            "GET /api/processes/{id}/versions",
            lambda c, h: c.get("/api/processes/child_return/versions", headers=h),
            VERSION_READERS,
            200,
        ),
        (
            "GET /api/processes/{id}/versions/{id}/bpmn",
            lambda c, h: c.get("/api/processes/child_return/versions/1/bpmn", headers=h),
            VERSION_READERS,
            200,
        ),
        (
            "GET /api/processes/{id}/diff",
            lambda c, h: c.get("/api/processes/child_return/diff?old=1&new=1", headers=h),
            VERSION_READERS,
            200,
        ),
        (
            "POST /api/processes/{id}/drafts",
            lambda c, h: c.post(
                "/api/processes/child_return/drafts",
                json={"bpmn_xml": "<not a diagram", "change_note": ""},
                headers=h,
            ),
            SUPERVISORS,
            400,
        ),
        (
            "POST /api/processes/{id}/check",
            lambda c, h: c.post(
                "/api/processes/child_return/check", json={"bpmn_xml": "<x/>"}, headers=h
            ),
            SUPERVISORS,
            200,
        ),
        (
            "POST /api/drafts/{id}/approve",
            lambda c, h: c.post("/api/drafts/424242/approve", headers=h),
            SUPERVISORS,
            404,
        ),
        (
            "POST /api/processes/{id}/migrations",
            lambda c, h: c.post(
                "/api/processes/child_return/migrations",
                json={"from_version": 1, "to_version": 2, "dry_run": True},
                headers=h,
            ),
            SUPERVISORS,
            404,  # there is no version 2 to move to
        ),
        (
            "GET /api/statistics",
            lambda c, h: c.get("/api/statistics", headers=h),
            STATISTICS_READERS,
            200,
        ),
        (
            "GET /api/exports/htcds.csv",
            lambda c, h: c.get("/api/exports/htcds.csv", headers=h),
            {"auditor"},
            200,
        ),
        (
            "GET /api/statistics.csv",
            lambda c, h: c.get("/api/statistics.csv", headers=h),
            STATISTICS_READERS,
            200,
        ),
        # The service directory: everyone reads it (locations masked by role, see
        # tests/test_directory.py); admins and the supervisor of the facility's region manage it.
        ("GET /api/directory", lambda c, h: c.get("/api/directory", headers=h), ALL, 200),
        ("GET /api/directory/{id}", lambda c, h: c.get("/api/directory/1", headers=h), ALL, 200),
        (
            "POST /api/directory",
            lambda c, h: c.post("/api/directory", json=NEW_FACILITY, headers=h),
            DIRECTORY_MANAGERS,
            201,
        ),
        (
            "PATCH /api/directory/{id}",
            lambda c, h: c.patch("/api/directory/1", json={"capacity": 9}, headers=h),
            DIRECTORY_MANAGERS,
            200,
        ),
        (
            "GET /api/compliance",
            lambda c, h: c.get("/api/compliance", headers=h),
            COMPLIANCE_READERS,
            200,
        ),
        (
            "GET /api/compliance.csv",
            lambda c, h: c.get("/api/compliance.csv", headers=h),
            COMPLIANCE_READERS,
            200,
        ),
        (
            "GET /api/audit/access-log",
            lambda c, h: c.get("/api/audit/access-log", headers=h),
            {"auditor"},
            200,
        ),
        (
            "GET /api/court/outbox",
            lambda c, h: c.get("/api/court/outbox", headers=h),
            COURT_USERS,
            200,
        ),
        # Everyone lists the incidents of the cases they may open (tests/test_incidents.py);
        # who may retry a real one is tested there too, an unknown one is 404.
        ("GET /api/incidents", lambda c, h: c.get("/api/incidents", headers=h), ALL, 200),
        (
            "POST /api/incidents/{id}/retry",
            lambda c, h: c.post("/api/incidents/424242/retry", headers=h),
            ALL,
            404,
        ),
    ]


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
    walk.complete("record_child_wishes", child_wishes_return=False, family_implicated=False)
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
    assert [t["name"] for t in tasks] == ["approve_placement"]
    assert client.get("/api/tasks", headers=bearer(client, "case.manager")).json() == []
    walk.complete("approve_placement", actor="case.manager.2", placement_approved=True)
    walk.complete("place_in_shelter")
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
    accounts.create("social.worker.b", "social_worker", "x" * 12, SystemClock().now(), "Elbasan")
    task = walk.task("record_child_wishes")
    assert (
        client.post(
            f"/api/tasks/{task['id']}/claim", headers=bearer(client, "social.worker")
        ).status_code
        == 200
    )
    response = client.post(
        "/api/auth/token", data={"username": "social.worker.b", "password": "x" * 12}
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

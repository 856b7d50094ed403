"""User administration leaves a trace: every account change is in a hash-chained admin log that
auditors read (never a password); nobody changes their own role; a role that reads personal
data is given only when a second administrator approves."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session

from engine.access.admin_log import admin_log_findings
from engine.nrm_engine import NrmEngine
from engine.storage.models import AdminLogEntry
from tests.support.auth import PASSWORD, bearer

NEW_PASSWORD = "another long passphrase"


def log(client: TestClient, user: str | None = None) -> list[dict]:
    params = {"user": user} if user else {}
    response = client.get("/api/audit/admin-log", params=params, headers=bearer(client, "auditor"))
    assert response.status_code == 200, response.text
    return response.json()


def test_a_second_admin_cannot_make_itself_a_supervisor_and_everything_is_logged(
    client: TestClient, engine: NrmEngine
) -> None:
    admin = bearer(client, "admin")
    created = client.post(
        "/api/admin/users",
        json={"name": "admin.two", "role": "admin", "password": PASSWORD},
        headers=admin,
    )
    assert created.status_code == 201, created.text
    second = bearer(client, "admin.two")
    itself = client.patch(
        "/api/admin/users/admin.two",
        json={"role": "supervisor", "region": "Elbasan"},
        headers=second,
    )
    assert itself.status_code == 403 and "own role" in itself.text
    reset = client.patch(
        "/api/admin/users/court.clerk", json={"password": NEW_PASSWORD}, headers=second
    )
    assert reset.status_code == 200, reset.text

    entries = log(client)
    assert [(e["actor"], e["action"], e["target"]) for e in entries[-2:]] == [
        ("admin", "create", "admin.two"),
        ("admin.two", "change", "court.clerk"),
    ]
    assert entries[-2]["after"]["role"] == "admin"
    assert entries[-1]["after"]["password"] == "set"
    text = str(entries)
    assert PASSWORD not in text and NEW_PASSWORD not in text and "argon2" not in text
    assert admin_log_findings(engine.db) == []


def test_a_role_that_reads_personal_data_needs_a_second_admin(client: TestClient) -> None:
    admin = bearer(client, "admin")
    client.post(
        "/api/admin/users",
        json={"name": "admin.two", "role": "admin", "password": PASSWORD},
        headers=admin,
    )
    second = bearer(client, "admin.two")
    asked = client.patch(
        "/api/admin/users/local.police", json={"role": "supervisor"}, headers=admin
    )
    assert asked.status_code == 200, asked.text
    assert asked.json()["role"] == "local_police" and asked.json()["pending_role"] == "supervisor"
    grants = client.get("/api/admin/role-grants", headers=admin).json()
    assert [(g["user_name"], g["role"], g["requested_by"]) for g in grants] == [
        ("local.police", "supervisor", "admin")
    ]
    grant = grants[0]["id"]
    own = client.post(f"/api/admin/role-grants/{grant}/approve", headers=admin)
    assert own.status_code == 403, own.text
    approved = client.post(f"/api/admin/role-grants/{grant}/approve", headers=second)
    assert approved.status_code == 200, approved.text
    assert approved.json()["role"] == "supervisor"
    assert client.get("/api/admin/role-grants", headers=admin).json() == []
    actions = [(e["actor"], e["action"]) for e in log(client, "local.police")]
    assert actions == [
        ("command line", "create"),  # the test users are made as `nrm users add` makes them
        ("admin", "ask role"),
        ("admin.two", "approve role"),
    ]


def test_a_new_account_with_such_a_role_waits_inactive_for_the_second_admin(
    client: TestClient,
) -> None:
    admin = bearer(client, "admin")
    created = client.post(
        "/api/admin/users",
        json={"name": "sw.new", "role": "social_worker", "region": "Elbasan", "password": PASSWORD},
        headers=admin,
    )
    assert created.status_code == 201, created.text
    assert created.json()["active"] is False and created.json()["pending_role"] == "social_worker"
    signed_in = client.post("/api/auth/token", data={"username": "sw.new", "password": PASSWORD})
    assert signed_in.status_code == 401
    activated = client.patch("/api/admin/users/sw.new", json={"active": True}, headers=admin)
    assert activated.status_code == 403, activated.text


def test_an_altered_admin_log_entry_is_found(client: TestClient, engine: NrmEngine) -> None:
    client.patch(
        "/api/admin/users/court.clerk",
        json={"password": NEW_PASSWORD},
        headers=bearer(client, "admin"),
    )
    assert admin_log_findings(engine.db) == []
    with Session(engine.db) as session:
        session.execute(update(AdminLogEntry).values(actor="someone else"))
        session.commit()
    assert admin_log_findings(engine.db) == ["admin log entry 1 was altered after it was written"]

"""Taking a task from the team's inbox: one holder at a time, recorded in the case's history."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from engine.access.users import UserAccounts
from engine.base.clock import ManualClock, SystemClock
from engine.history.audit import verify_chains
from engine.history.replay import replay_case
from engine.nrm_engine import NrmEngine
from tests.support.auth import PASSWORD, bearer
from tests.support.walks import CaseWalk


@pytest.fixture
def client(client: TestClient) -> TestClient:
    """The test users and a second social worker of Elbasan, a colleague of social.worker."""
    accounts = UserAccounts(client.app.state.engine.db)  # type: ignore[attr-defined]
    accounts.create("social.worker.2", "social_worker", PASSWORD, SystemClock().now(), "Elbasan")
    return client


def _wishes_task(walk: CaseWalk) -> str:
    return walk.task("record_child_wishes")["id"]


def _events(client: TestClient, case_id: int) -> list[dict]:
    response = client.get(f"/api/cases/{case_id}/events", headers=bearer(client, "supervisor"))
    assert response.status_code == 200, response.text
    return response.json()


def test_a_claimed_task_belongs_to_its_holder_until_given_back(
    client: TestClient, clock: ManualClock
) -> None:
    walk = CaseWalk(client, clock)
    task_id = _wishes_task(walk)

    taken = client.post(f"/api/tasks/{task_id}/claim", headers=bearer(client, "social.worker"))
    assert taken.status_code == 200 and taken.json()["claimed_by"] == "social.worker"

    second = client.post(f"/api/tasks/{task_id}/claim", headers=bearer(client, "social.worker.2"))
    assert second.status_code == 409
    assert "social.worker" in second.json()["detail"]

    refused = client.delete(
        f"/api/tasks/{task_id}/claim", headers=bearer(client, "social.worker.2")
    )
    assert refused.status_code == 403, "a colleague cannot take a held task away"

    returned = client.delete(f"/api/tasks/{task_id}/claim", headers=bearer(client, "supervisor"))
    assert returned.status_code == 200 and returned.json()["claimed_by"] is None

    again = client.post(f"/api/tasks/{task_id}/claim", headers=bearer(client, "social.worker.2"))
    assert again.json()["claimed_by"] == "social.worker.2"


def test_claims_and_releases_are_events_in_the_case_history(
    client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    walk = CaseWalk(client, clock)
    task_id = _wishes_task(walk)
    client.post(f"/api/tasks/{task_id}/claim", headers=bearer(client, "social.worker"))
    client.delete(f"/api/tasks/{task_id}/claim", headers=bearer(client, "supervisor"))
    client.post(f"/api/tasks/{task_id}/claim", headers=bearer(client, "social.worker.2"))

    history = [(e["type"], e["actor"]) for e in _events(client, walk.id)]
    assert history[-3:] == [
        ("task_claimed", "social.worker"),
        ("task_released", "supervisor"),
        ("task_claimed", "social.worker.2"),
    ]
    released = _events(client, walk.id)[-2]
    assert released["data"]["holder"] == "social.worker"
    assert released["task_name"] == "record_child_wishes"

    walk.complete("record_child_wishes", actor="social.worker.2", family_implicated=False)
    with Session(engine.db) as session:
        assert verify_chains(session, walk.id) == []
        assert replay_case(session, engine.catalog, walk.id).matches


def test_completing_a_task_frees_its_claim(client: TestClient, clock: ManualClock) -> None:
    walk = CaseWalk(client, clock)
    task_id = _wishes_task(walk)
    client.post(f"/api/tasks/{task_id}/claim", headers=bearer(client, "social.worker"))
    walk.complete("record_child_wishes", actor="social.worker", family_implicated=False)

    late = client.post(f"/api/tasks/{task_id}/claim", headers=bearer(client, "social.worker"))
    assert late.status_code in (404, 409)
    inbox = client.get("/api/tasks", headers=bearer(client, "social.worker")).json()
    contact = next(t for t in inbox if t["name"] == "contact_parents")
    assert (
        client.post(
            f"/api/tasks/{contact['id']}/claim", headers=bearer(client, "social.worker.2")
        ).json()["claimed_by"]
        == "social.worker.2"
    )

"""Taking a task and giving it back from the inbox page: the same use case as the JSON API, so
the page refuses what the route refuses (a task someone else holds)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from engine.access.users import UserAccounts
from engine.base.clock import ManualClock, SystemClock
from tests.support.auth import PASSWORD, bearer, csrf_of, sign_in
from tests.support.walks import CaseWalk


@pytest.fixture
def walk(client: TestClient, clock: ManualClock) -> CaseWalk:
    """A child's case waiting for a social worker of Elbasan, and a colleague of theirs."""
    accounts = UserAccounts(client.app.state.engine.db)  # type: ignore[attr-defined]
    accounts.create("social.worker.2", "social_worker", PASSWORD, SystemClock().now(), "Elbasan")
    return CaseWalk(client, clock)


def test_the_page_refuses_a_task_someone_else_holds_as_the_route_does(
    client: TestClient, walk: CaseWalk
) -> None:
    task = walk.task("record_child_wishes")["id"]
    taken = client.post(f"/api/tasks/{task}/claim", headers=bearer(client, "social.worker"))
    assert taken.status_code == 200

    route = client.post(f"/api/tasks/{task}/claim", headers=bearer(client, "social.worker.2"))
    sign_in(client, "social.worker.2")
    page = client.post(
        f"/tasks/{task}/claim",
        data={"csrf": csrf_of(client.get("/").text)},
        follow_redirects=False,
    )
    assert route.status_code == page.status_code == 409
    assert "social.worker has taken this task" in page.text

    given_back = client.post(
        f"/tasks/{task}/unclaim",
        data={"csrf": csrf_of(client.get("/").text)},
        follow_redirects=False,
    )
    assert given_back.status_code == 403, "a colleague cannot take a held task away"
    holder = client.get(f"/api/cases/{walk.id}/events", headers=bearer(client, "supervisor"))
    claims = [e for e in holder.json() if e["type"] in ("task_claimed", "task_released")]
    assert [(e["type"], e["actor"]) for e in claims] == [("task_claimed", "social.worker")]


def test_a_task_nobody_holds_is_given_back_only_by_who_may_do_it(
    client: TestClient, walk: CaseWalk
) -> None:
    task = walk.task("record_child_wishes")["id"]
    sign_in(client, "social.worker.korce")
    page = client.post(
        f"/tasks/{task}/unclaim",
        data={"csrf": csrf_of(client.get("/").text)},
        follow_redirects=False,
    )
    route = client.delete(f"/api/tasks/{task}/claim", headers=bearer(client, "social.worker.korce"))
    assert page.status_code == route.status_code == 403

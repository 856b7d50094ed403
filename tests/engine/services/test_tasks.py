"""The task use cases over HTTP: one completion is one session and one commit (the check, the
step, the view and its access-log entry together), and the page and the route answer alike."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from engine.base.clock import ManualClock
from forms.examples import example_submission
from tests.support.auth import bearer
from tests.support.walks import CaseWalk


@dataclass
class Count:
    sessions: int = 0
    commits: int = 0


@contextmanager
def counted() -> Iterator[Count]:
    """The database sessions that began a transaction, and the commits, meanwhile."""
    count = Count()

    def began(*_args: object) -> None:
        count.sessions += 1

    def committed(*_args: object) -> None:
        count.commits += 1

    event.listen(Session, "after_begin", began)
    event.listen(Session, "after_commit", committed)
    try:
        yield count
    finally:
        event.remove(Session, "after_begin", began)
        event.remove(Session, "after_commit", committed)


def test_completing_a_task_over_http_opens_one_session_and_commits_once(
    client: TestClient, clock: ManualClock
) -> None:
    walk = CaseWalk(client, clock)
    task = walk.task("record_child_wishes")
    data = example_submission(
        task["form"],
        clock.now().date(),
        {"child_wishes_return": True, "family_implicated": False},
        follow_rules=True,
    )
    headers = bearer(client, "social.worker")
    with counted() as signing_in:  # what every request costs: the bearer token looked up
        assert client.get("/api/auth/me", headers=headers).status_code == 200
    with counted() as completing:
        response = client.post(
            f"/api/tasks/{task['id']}/complete", json={"data": data}, headers=headers
        )
    assert response.status_code == 200, response.text
    assert "record_child_wishes" not in [t["name"] for t in response.json()["tasks"]]
    assert completing.sessions - signing_in.sessions == 1
    assert completing.commits - signing_in.commits == 1

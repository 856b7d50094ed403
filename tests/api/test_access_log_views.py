"""Every view that shows a case reaches the access log (Art. 4; issue 15, item 9): besides the
case, its events and its history, a document downloaded, a task page (it names the child), and
each line of the case list and of the inbox. Auditors read it at /api/audit/access-log."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from tests.support.auth import bearer, sign_in
from tests.support.walks import CaseWalk


@pytest.fixture
def walk(client: TestClient, clock: ManualClock) -> CaseWalk:
    return CaseWalk(client, clock)


def views(client: TestClient, walk: CaseWalk, user: str) -> list[tuple[str, bool]]:
    response = client.get(
        "/api/audit/access-log",
        params={"case_id": walk.id, "user": user},
        headers=bearer(client, "auditor"),
    )
    assert response.status_code == 200, response.text
    return [(entry["what"], entry["personal_data"]) for entry in response.json()]


def test_the_case_list_and_the_inbox_log_each_case_they_show(
    walk: CaseWalk, client: TestClient
) -> None:
    assert client.get("/api/cases", headers=bearer(client, "social.worker")).status_code == 200
    assert client.get("/api/cases", headers=bearer(client, "court.clerk")).status_code == 200
    sign_in(client, "social.worker")
    assert client.get("/cases").status_code == 200
    assert client.get("/").status_code == 200
    assert views(client, walk, "social.worker") == [
        ("list", True),
        ("list", True),
        ("inbox", False),  # the inbox's line gives the child's initials
    ]
    assert views(client, walk, "court.clerk") == [("list", False)], "initials only"


def test_a_task_page_is_logged(walk: CaseWalk, client: TestClient) -> None:
    (task,) = walk.refresh()["tasks"]
    sign_in(client, "social.worker")
    assert client.get(f"/tasks/{task['id']}").status_code == 200
    assert views(client, walk, "social.worker") == [("task", True)]


def test_a_downloaded_document_is_logged(walk: CaseWalk, client: TestClient) -> None:
    walk.complete("record_child_wishes", child_wishes_return=False, family_implicated=False)
    walk.complete("place_in_shelter")
    walk.complete(
        "review_immediate_placement", actor="case.manager", immediate_placement_decision="approved"
    )
    walk.complete("file_custody_petition", actor="sss.officer")
    (petition,) = [d for d in walk.documents("custody_petition") if d["language"] == "en"]
    pdf = client.get(f"/api/documents/{petition['id']}", headers=bearer(client, "court.clerk"))
    assert pdf.status_code == 200
    assert views(client, walk, "court.clerk") == [("document", True)]

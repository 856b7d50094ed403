"""Art. 4 by allow-list (issue 15, item 1): the free text a social worker or a supervisor writes
reaches only the roles that read its classification, or who need to know it, in every view of a
case: the case API, its events, the case as of a moment, the case page and the replay page."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from tests.support.auth import bearer, sign_in
from tests.support.walks import CaseWalk

WISHES = "Drita wants to stay with her aunt Mira Dushku in Rruga e Kavajës 12."
CONTACT = "Spoke to uncle Mirel Dushku, who threatened the social worker."
REASON = "Drita Hoxha's uncle works with the first case manager's brother."
SECRETS = (WISHES, CONTACT, REASON)
# Roles that open the case but do not act for the child: its court, the auditor and the border
# officer who opened it.
OUTSIDERS = ("court.clerk", "auditor", "border.officer")


@pytest.fixture
def walk(client: TestClient, clock: ManualClock) -> CaseWalk:
    case = CaseWalk(client, clock)
    case.complete(
        "record_child_wishes",
        child_wishes_return=True,
        family_implicated=False,
        wishes_notes=WISHES,
    )
    case.complete("contact_parents", parents_reachable=True, contact_notes=CONTACT)
    response = client.post(
        f"/api/cases/{case.id}/case-manager",
        json={"case_manager": "case.manager.2", "reason": REASON},
        headers=case.headers("supervisor"),
    )
    assert response.status_code == 200, response.text
    return case


def api_views(client: TestClient, walk: CaseWalk, name: str, clock: ManualClock) -> list[str]:
    headers = bearer(client, name)
    urls = [
        f"/api/cases/{walk.id}",
        f"/api/cases/{walk.id}/events",
        f"/api/cases/{walk.id}/as-of?at={clock.now().isoformat().replace('+', '%2B')}",
    ]
    texts = []
    for url in urls:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, name, response.text)
        texts.append(response.text)
    return texts


def page_views(client: TestClient, walk: CaseWalk, name: str) -> list[str]:
    client.cookies.clear()
    sign_in(client, name)
    urls = [f"/cases/{walk.id}"]
    if name == "auditor":
        urls.append(f"/audit/cases/{walk.id}/replay")
    texts = []
    for url in urls:
        response = client.get(url, follow_redirects=False)
        assert response.status_code == 200, (url, name)
        texts.append(response.text)
    return texts


@pytest.mark.parametrize("name", OUTSIDERS)
def test_the_childs_wishes_contact_notes_and_a_reassignment_reason_are_withheld(
    client: TestClient, walk: CaseWalk, clock: ManualClock, name: str
) -> None:
    for text in api_views(client, walk, name, clock) + page_views(client, walk, name):
        for secret in SECRETS:
            assert secret not in text and secret.replace("'", "&#39;") not in text, name
        assert "Mirel" not in text and "Hoxha" not in text, name
    case = client.get(f"/api/cases/{walk.id}", headers=bearer(client, name)).json()
    assert case["data"]["wishes_notes"] == "[withheld]"
    assert case["data"]["child_wishes_return"] is True  # procedural: every reader sees it
    events = client.get(f"/api/cases/{walk.id}/events", headers=bearer(client, name)).json()
    reassigned = next(e for e in events if e["type"] == "case_manager_reassigned")
    assert reassigned["data"]["reason"] == "[withheld]"
    assert reassigned["data"]["to"] == "case.manager.2"


def test_those_who_act_for_the_child_read_what_they_need(
    client: TestClient, walk: CaseWalk, clock: ManualClock
) -> None:
    def data(name: str) -> dict[str, Any]:
        return client.get(f"/api/cases/{walk.id}", headers=bearer(client, name)).json()["data"]

    assert data("social.worker")["wishes_notes"] == WISHES
    assert data("supervisor")["contact_notes"] == CONTACT
    events = client.get(f"/api/cases/{walk.id}/events", headers=walk.headers("supervisor")).json()
    assert any(e["data"].get("reason") == REASON for e in events)
    # The appointed case manager acts for the child; the child's views are theirs to weigh.
    assert data("case.manager.2")["wishes_notes"] == WISHES

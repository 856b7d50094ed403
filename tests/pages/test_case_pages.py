"""The case page: the case and its history as the user may see them, read by the same use case
as the JSON API, and written to the access log like every view of a case (Art. 4)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from forms.examples import CHILD_RETURN_INTAKE
from tests.support.auth import bearer, sign_in
from tests.support.walks import CaseWalk


def _logged(client: TestClient, case_id: int) -> list[tuple[str, str, bool]]:
    response = client.get(
        "/api/audit/access-log", params={"case_id": case_id}, headers=bearer(client, "auditor")
    )
    assert response.status_code == 200
    return [(e["user"], e["what"], e["personal_data"]) for e in response.json()]


def test_the_case_page_and_its_history_are_written_to_the_access_log(
    client: TestClient, clock: ManualClock
) -> None:
    walk = CaseWalk(client, clock)
    walk.complete("record_child_wishes", child_wishes_return=True, family_implicated=False)
    before = _logged(client, walk.id)

    sign_in(client, "border.officer")  # opened the case; not one who acts for the child
    page = client.get(f"/cases/{walk.id}")
    assert page.status_code == 200
    assert CHILD_RETURN_INTAKE["child_name"] not in page.text
    assert _logged(client, walk.id)[len(before) :] == [("border.officer", "page", False)]

    events = client.get(f"/api/cases/{walk.id}/events", headers=bearer(client, "border.officer"))
    assert events.status_code == 200
    assert CHILD_RETURN_INTAKE["child_name"] not in events.text
    assert _logged(client, walk.id)[len(before) + 1 :] == [("border.officer", "events", False)]

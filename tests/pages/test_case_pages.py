"""The case page: the case and its history as the user may see them, read by the same use case
as the JSON API, and written to the access log like every view of a case (Art. 4)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from forms.examples import CHILD_RETURN_INTAKE, example_submission
from tests.support.auth import bearer, csrf_of, sign_in
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


def test_the_done_message_is_the_servers_never_the_links(
    client: TestClient, clock: ManualClock
) -> None:
    """/cases/23?done=… once printed any text under the header; now only a task completed in
    this session is said done, once."""
    walk = CaseWalk(client, clock)
    task = walk.task("record_child_wishes")
    sign_in(client, "social.worker")
    forged = client.get(f"/cases/{walk.id}", params={"done": "Call 069 000 0000 now"})
    assert forged.status_code == 200
    assert "Call 069" not in forged.text and 'data-testid="next"' not in forged.text

    answers = example_submission(
        task["form"],
        clock.now().date(),
        {"child_wishes_return": True, "family_implicated": False},
        follow_rules=True,
    )
    fields = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in answers.items()}
    form = client.get(f"/tasks/{task['id']}")
    posted = client.post(
        f"/tasks/{task['id']}",
        data={"csrf": csrf_of(form.text), **fields},
        follow_redirects=False,
    )
    assert posted.status_code == 303, posted.text
    assert posted.headers["location"] == f"/cases/{walk.id}", "nothing said in the link"
    flash = posted.cookies["nrm_done"]
    done = client.get(f"/cases/{walk.id}")
    assert "Done: Record the child&#39;s wishes." in done.text
    again = client.get(f"/cases/{walk.id}")
    assert 'data-testid="next"' not in again.text, "said once"

    sign_in(client, "supervisor")  # another session cannot replay the message
    client.cookies.set("nrm_done", flash)
    assert 'data-testid="next"' not in client.get(f"/cases/{walk.id}").text


def test_the_case_list_searches_and_pages_for_the_user(
    client: TestClient, clock: ManualClock
) -> None:
    first = CaseWalk(client, clock).id
    second = CaseWalk(client, clock, {**CHILD_RETURN_INTAKE, "child_name": "Arben Hoxha"}).id
    sign_in(client, "supervisor")
    found = client.get("/cases", params={"q": "hoxha"})
    assert found.status_code == 200
    assert f'href="/cases/{second}"' in found.text and f'href="/cases/{first}"' not in found.text
    assert "1 case(s) found" in found.text

    paged = client.get("/cases", params={"per_page": 1, "sort": "oldest"})
    assert f'href="/cases/{first}"' in paged.text and "Page 1 of 2" in paged.text
    assert 'href="/cases?sort=oldest&amp;per_page=1&amp;page=2"' in paged.text

    sign_in(client, "border.officer")  # reads no names: initials only
    assert "0 case(s) found" in client.get("/cases", params={"q": "hoxha"}).text
    by_initials = client.get("/cases", params={"q": "A.H."})
    assert f'href="/cases/{second}"' in by_initials.text and "Hoxha" not in by_initials.text

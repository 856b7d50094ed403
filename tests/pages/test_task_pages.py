"""The task page: a submission with a missing or wrong answer comes back with each error by its
field, in the user's language (the engine's messages, forms/messages.py)."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from cli.demo_directory import DEMO_FACILITIES
from engine.base.clock import ManualClock
from tests.support.auth import bearer, csrf_of, sign_in
from tests.support.walks import CaseWalk


def _field_error(page: str, field: str) -> str:
    found = re.search(
        rf'data-field="{field}".*?<p class="error-text" role="alert">(.*?)</p>', page, re.S
    )
    assert found, f"no error shown by {field}"
    return html.unescape(found.group(1))


def test_a_missing_answer_is_named_by_its_field_in_albanian_on_an_albanian_page(
    client: TestClient, clock: ManualClock
) -> None:
    walk = CaseWalk(client, clock)
    task_id = walk.task("record_child_wishes")["id"]
    sign_in(client, "social.worker")
    client.cookies.set("nrm_lang", "sq")
    token = csrf_of(client.get(f"/tasks/{task_id}").text)

    answered = client.post(f"/tasks/{task_id}", data={"csrf": token, "child_wishes_return": "true"})

    assert answered.status_code == 422
    assert _field_error(answered.text, "family_implicated") == "Plotësoni këtë fushë."
    assert "record_child_wishes" in walk.ready(), "nothing was completed"
    client.cookies.set("nrm_lang", "en")
    token = csrf_of(client.get(f"/tasks/{task_id}").text)
    english = client.post(f"/tasks/{task_id}", data={"csrf": token, "child_wishes_return": "true"})
    assert _field_error(english.text, "family_implicated") == "Fill in this field."


def test_a_facility_that_may_not_be_chosen_is_refused_in_albanian_on_an_albanian_page(
    client: TestClient, clock: ManualClock
) -> None:
    # D.4: the parents cannot be reached, so the child is placed in a shelter at once.
    walk = CaseWalk(client, clock)
    walk.complete("record_child_wishes", child_wishes_return=True, family_implicated=False)
    walk.complete("contact_parents", parents_reachable=False)
    adults = next(f.name for f in DEMO_FACILITIES if f.region == "Elbasan" and not f.takes_children)
    directory = client.get("/api/directory", headers=bearer(client, "social.worker")).json()
    adults_id = next(f["id"] for f in directory if f["name"] == adults)
    task_id = walk.task("place_in_shelter")["id"]
    sign_in(client, "social.worker")
    client.cookies.set("nrm_lang", "sq")
    token = csrf_of(client.get(f"/tasks/{task_id}").text)

    # Chosen from a page shown before (or forged): the centre takes adults only.
    answered = client.post(
        f"/tasks/{task_id}",
        data={
            "csrf": token,
            "facility_id": str(adults_id),
            "shelter_placement_date": clock.now().date().isoformat(),
            "shelter_approved_by_molsa": "true",
            "responsibility_taken": "true",
        },
    )

    assert answered.status_code == 422
    assert _field_error(answered.text, "facility_id") == (
        f"{adults} nuk pranon fëmijë; zgjidhni një mjedis për fëmijë."
    )
    assert walk.ready() == ["place_in_shelter"], "nothing was completed"


def test_the_json_api_gives_the_code_and_renders_the_message_in_the_accepted_language(
    client: TestClient, clock: ManualClock
) -> None:
    walk = CaseWalk(client, clock)
    task_id = walk.task("record_child_wishes")["id"]

    refused = client.post(
        f"/api/tasks/{task_id}/complete",
        json={"data": {"child_wishes_return": True}},
        headers={**bearer(client, "social.worker"), "Accept-Language": "sq-AL,sq;q=0.9,en;q=0.5"},
    )

    assert refused.status_code == 422
    [error] = [e for e in refused.json()["detail"] if e["loc"][-1] == "family_implicated"]
    assert error["code"] == "form.required" and error["params"] == {}
    assert error["msg"] == "fill in this field", "the English text stays where clients read it"
    assert error["message"] == "plotësoni këtë fushë"

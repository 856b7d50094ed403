"""The supervisors' procedure pages without a browser: who may open them, what a draft page
shows (problems, the changed elements), four eyes on approval, versions and their diff."""

from __future__ import annotations

import html
import json
import re

from fastapi.testclient import TestClient

from api.i18n import translate
from engine.procedures.version_diff import ASPECTS
from tests.support.auth import TEST_USERS, bearer, csrf_of, sign_in
from tests.support.setup import PROCESSES_DIR

CHILD_RETURN = (PROCESSES_DIR / "child_return.bpmn").read_text()
FIVE_DAYS = CHILD_RETURN.replace('"P7D"', '"P5D"')
CHANGED = r'class="diff-changed" data-element="([^"]+)">([^<]+)<'
STATUSES = ("added", "removed", "changed")
PAGES = [
    "/processes",
    "/processes/child_return/modeler",
    "/drafts",
    "/processes/child_return/versions",
    "/processes/child_return/diff?old=1&new=1",
    "/processes/screening/decisions/determination.dmn",
]


def save_draft(client: TestClient, xml: str, author: str = "supervisor") -> dict:
    response = client.post(
        "/api/processes/child_return/drafts",
        json={"bpmn_xml": xml, "change_note": "Visit within five days"},
        headers=bearer(client, author),
    )
    assert response.status_code == 201, response.text
    return response.json()


def shown_digest(page: str, draft_id: int) -> str:
    """The digest of the changes the drafts page shows for the draft, as its form sends it."""
    section = page[page.index(f'data-draft="{draft_id}"') :]
    found = re.search(r'name="diff_digest" value="([0-9a-f]*)"', section)
    return found.group(1) if found else ""


def approve(client: TestClient, name: str, draft_id: int):  # type: ignore[no-untyped-def]
    client.cookies.clear()
    sign_in(client, name)
    page = client.get("/drafts").text
    digest = shown_digest(page, draft_id) if f'data-draft="{draft_id}"' in page else ""
    return client.post(
        f"/drafts/{draft_id}/approve",
        data={"csrf": csrf_of(page), "diff_digest": digest},
        follow_redirects=False,
    )


def test_only_supervisors_open_the_procedure_pages(client: TestClient) -> None:
    for name, role, *_ in TEST_USERS:
        client.cookies.clear()
        sign_in(client, name)
        for page in PAGES:
            status = client.get(page).status_code
            assert status == (200 if role == "supervisor" else 403), (name, page)
        assert ('href="/processes"' in client.get("/").text) == (role == "supervisor"), name
    client.cookies.clear()
    for page in PAGES:
        response = client.get(page, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_the_draft_page_lists_the_changed_timer_and_the_author_cannot_approve(
    client: TestClient,
) -> None:
    draft = save_draft(client, FIVE_DAYS)
    sign_in(client, "supervisor")
    page = client.get("/drafts").text
    assert "Visit within five days" in page
    assert re.search(
        r'<tr data-process="child_return">(?:(?!</tr>).)*<td>1</td>',
        client.get("/processes").text,
        re.S,
    )
    # The changed timer is listed by its name and id, and nothing is added or removed.
    assert re.findall(CHANGED, page) == [
        ("timer_followup_week", "One week from the return "),
        ("timer_police_visit_week", "One week from the return "),
    ]
    assert 'class="diff-added"' not in page and 'class="diff-removed"' not in page
    # The author opens the modeler on their draft, not on the published version.
    assert f"your draft {draft['id']}" in client.get("/processes/child_return/modeler").text

    refused = approve(client, "supervisor", draft["id"])
    assert refused.status_code == 409
    assert "another supervisor must approve it" in refused.text
    assert len(client.get("/api/processes/child_return/versions").json()) == 1

    published = approve(client, "supervisor.korce", draft["id"])
    assert published.status_code == 303
    versions = client.get(published.headers["location"]).text
    assert "Version 2 is published" in versions
    row = re.search(r'<tr data-version="2">(.*?)</tr>', versions, re.S)
    assert row is not None
    assert all(text in row.group(1) for text in ("supervisor.korce", "Visit within five days"))
    assert "No draft is waiting." in client.get("/drafts").text

    diff = client.get("/processes/child_return/diff?old=1&new=2").text
    assert [element for element, _name in re.findall(CHANGED, diff)] == [
        "timer_followup_week",
        "timer_police_visit_week",
    ]


def test_a_draft_with_problems_shows_them_and_cannot_be_approved(client: TestClient) -> None:
    broken = FIVE_DAYS.replace('"P5D"', '"five days"')
    save_draft(client, broken)
    sign_in(client, "supervisor.korce")
    client.cookies.set("nrm_lang", "sq")
    page = client.get("/drafts").text
    assert "timer_followup_week" in page and "five days" in page
    assert re.search(r'<button class="primary" disabled>\s*Mirato dhe publiko', page)


def test_check_names_the_element_of_each_problem_and_stores_nothing(client: TestClient) -> None:
    headers = bearer(client, "supervisor")
    clean = client.post(
        "/api/processes/child_return/check", json={"bpmn_xml": FIVE_DAYS}, headers=headers
    )
    assert clean.json() == {"problems": []}
    broken = client.post(
        "/api/processes/child_return/check",
        json={"bpmn_xml": CHILD_RETURN.replace('"P7D"', '"next week"')},
        headers=headers,
    )
    problems = broken.json()["problems"]
    assert sorted(p["element"] for p in problems) == [
        "timer_followup_week",
        "timer_police_visit_week",
    ]
    sign_in(client, "supervisor")
    assert "No draft is waiting." in client.get("/drafts").text


def test_a_draft_of_an_older_version_warns_that_approving_it_undoes_the_newer_one(
    client: TestClient,
) -> None:
    first = save_draft(client, FIVE_DAYS)
    save_draft(client, CHILD_RETURN.replace('"P7D"', '"P6D"'), author="supervisor.korce")
    assert approve(client, "supervisor.korce", first["id"]).status_code == 303
    page = client.get("/drafts").text
    assert "This draft edits version 1, but version 2 was published since" in page
    assert "version 2 was published since" in client.get("/processes/child_return/modeler").text
    client.cookies.clear()
    sign_in(client, "supervisor")
    assert "was published since" not in client.get("/processes/child_return/modeler").text


def test_only_the_author_withdraws_a_draft_and_a_withdrawn_draft_is_not_published(
    client: TestClient,
) -> None:
    draft = save_draft(client, FIVE_DAYS)

    def withdraw(name: str):  # type: ignore[no-untyped-def]
        client.cookies.clear()
        sign_in(client, name)
        token = csrf_of(client.get("/drafts").text)
        return client.post(f"/drafts/{draft['id']}/withdraw", data={"csrf": token})

    refused = withdraw("supervisor.korce")
    assert refused.status_code == 403 and "only supervisor" in refused.text
    assert "Withdraw my draft" not in client.get("/drafts").text
    client.cookies.clear()
    sign_in(client, "supervisor")
    assert "Withdraw my draft" in client.get("/drafts").text  # still waiting, for its author
    page = withdraw("supervisor")
    assert page.status_code == 200 and "No draft is waiting." in page.text
    assert withdraw("supervisor").status_code == 409
    late = approve(client, "supervisor.korce", draft["id"])
    assert late.status_code == 409 and "already withdrawn" in late.text
    assert len(client.get("/api/processes/child_return/versions").json()) == 1


def test_the_draft_page_spells_out_a_changed_condition_above_the_approve_button(
    client: TestClient,
) -> None:
    rewritten = CHILD_RETURN.replace(
        "child_wishes_return == True</", "child_wishes_return != None</"
    )
    save_draft(client, FIVE_DAYS)
    draft = save_draft(client, rewritten)  # saved again: the same draft, two saves
    sign_in(client, "supervisor.korce")
    page = client.get("/drafts").text
    assert page.count('data-testid="draft"') == 1
    saves = re.search(r'data-testid="saves".*?</details>', page, re.S)
    assert saves is not None and "Saved 2 times" in saves.group(0)
    semantic = page.index('data-testid="semantic-diff"')
    assert semantic < page.index(f'action="/drafts/{draft["id"]}/approve"')
    element = re.search(r'data-element="flow_wishes_return".*?</article>', page, re.S)
    assert element is not None
    assert "Condition" in element.group(0)
    assert "<del>child_wishes_return == True</del>" in element.group(0)
    assert "<ins>child_wishes_return != None</ins>" in element.group(0)
    client.cookies.set("nrm_lang", "sq")
    assert "Kushti" in client.get("/drafts").text


def test_every_label_of_the_semantic_diff_is_in_english_and_albanian() -> None:
    keys = [f"sdiff.aspect.{aspect}" for aspect in ASPECTS]
    keys += [f"sdiff.{kind}.{status}" for kind in ("status", "field") for status in STATUSES]
    keys += [f"sdiff.line.{kind}" for kind in ("added", "removed", "same")]
    for key in keys:
        english, albanian = translate("en", key), translate("sq", key)
        assert english != key and albanian not in (key, english), key


def check_text(client: TestClient, kind: str, text: str) -> list[str]:
    response = client.post(
        "/api/modeler/check-text",
        json={"kind": kind, "text": text},
        headers=bearer(client, "supervisor"),
    )
    assert response.status_code == 200, response.text
    return response.json()["problems"]


def test_the_panel_checks_a_condition_a_script_and_a_timer_as_the_publishing_rules_do(
    client: TestClient,
) -> None:
    assert check_text(client, "condition", "child_wishes_return == True") == []
    assert "not allowed" in check_text(client, "condition", "__import__('os')")[0]
    assert "imports are not allowed" in check_text(client, "script", "x = 1\nimport os")[0]
    assert check_text(client, "timeDuration", '"P5D"') == []
    assert 'write it "P5D", with the quotes' in check_text(client, "timeDuration", "P5D")[0]
    assert "not valid ISO 8601" in check_text(client, "timeDuration", '"five days"')[0]
    assert "not a setting" in check_text(client, "timeDuration", 'setting("soon")')[0]
    assert check_text(client, "timeDate", 'deadline_after(release_date, "P7D")') == []
    assert "repeating interval" in check_text(client, "timeCycle", '"P7D"')[0]
    unknown = client.post(
        "/api/modeler/check-text",
        json={"kind": "formula", "text": "1"},
        headers=bearer(client, "supervisor"),
    )
    assert unknown.status_code == 422 and "kind" in unknown.text


def panel_of(page: str) -> dict:
    found = re.search(r'data-panel="([^"]+)"', page)
    assert found is not None
    return json.loads(html.unescape(found.group(1)))


def test_the_panel_offers_the_process_forms_documents_processes_and_roles_in_albanian(
    client: TestClient,
) -> None:
    sign_in(client, "supervisor")
    client.cookies.set("nrm_lang", "sq")
    panel = panel_of(client.get("/processes/child_return/modeler").text)
    choices = panel["choices"]
    assert "contact_parents.schema.json" in choices["forms"]
    assert "screening" in choices["processes"] and "police_report" in choices["documents"]
    lanes = {lane["value"]: lane["label"] for lane in choices["lanes"]}
    assert lanes["Social worker"] == "Punonjës social"
    assert lanes["State social services"] != "State social services"
    assert panel["texts"]["General"] == "Të përgjithshme"
    assert panel["texts"]["The form this task shows"] == "Formulari që shfaq kjo detyrë"
    assert panel_of(client.get("/processes/screening/modeler").text)["choices"]["decisions"] == [
        "determination",
        "exploitation_indicators",
        "means_indicators",
        "recruitment_indicators",
    ]


def test_approving_a_draft_saved_again_since_the_page_showed_it_is_refused(
    client: TestClient,
) -> None:
    draft = save_draft(client, FIVE_DAYS)
    client.cookies.clear()
    sign_in(client, "supervisor.korce")
    page = client.get("/drafts").text
    shown = shown_digest(page, draft["id"])
    # Meanwhile the author rewrites the wishes condition and saves again.
    rewritten = FIVE_DAYS.replace("child_wishes_return == True</", "child_wishes_return != None</")
    assert save_draft(client, rewritten)["id"] == draft["id"]
    refused = client.post(
        f"/drafts/{draft['id']}/approve",
        data={"csrf": csrf_of(page), "diff_digest": shown},
        follow_redirects=False,
    )
    assert refused.status_code == 409
    assert f"draft {draft['id']} changed since this page showed it" in refused.text
    assert "<ins>child_wishes_return != None</ins>" in refused.text, "the new changes are shown"
    assert len(client.get("/api/processes/child_return/versions").json()) == 1

"""The auditors' pages: chain verification, step-by-step replay, the case at a moment, anonymous
statistics with their chart, and the access log; who may open them, and that auditors change
nothing. On SQLite and PostgreSQL (the `client` fixture)."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlmodel import Session, SQLModel, col, select, update

from engine.base.clock import ManualClock
from engine.history.anchors import record_anchor
from engine.nrm_engine import NrmEngine
from engine.storage.models import AccessLogEntry, Event
from forms.examples import CHILD_RETURN_INTAKE
from tests.support.access_matrix import matrix
from tests.support.auth import TEST_USERS, bearer, csrf_of, sign_in
from tests.support.procedure_data import ADULT_REFERRAL_INTAKE
from tests.support.versions import RENAMED, move_cases, publish_v2
from tests.support.walks import CaseWalk, complete

ALL = sorted(name for name, *_ in TEST_USERS)
STATISTICS_READERS = {
    name
    for name, role, *_ in TEST_USERS
    if role in {"auditor", "supervisor", "responsible_authority"}
}


def page(client: TestClient, name: str, url: str, **params: Any) -> Any:
    client.cookies.clear()
    sign_in(client, name)
    return client.get(url, params=params, follow_redirects=False)


def text_of(response: Any) -> str:
    """The page's visible text, roughly: tags dropped, entities decoded, spaces collapsed."""
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())
    return re.sub(r" ([:.,])", r"\1", words)


@pytest.fixture
def walk(client: TestClient, clock: ManualClock) -> CaseWalk:
    """A child_return case: opened, then the child's wishes recorded an hour later."""
    case = CaseWalk(client, clock)
    clock.advance(timedelta(hours=1))
    case.complete("record_child_wishes", child_wishes_return=True, family_implicated=False)
    return case


def test_the_audit_home_verifies_every_history_and_names_the_first_altered_event(
    walk: CaseWalk, client: TestClient, engine: NrmEngine
) -> None:
    response = page(client, "auditor", "/audit")
    assert response.status_code == 200
    assert "All 1 case histories verified (2 events): nothing was altered." in text_of(response)
    assert f'href="/audit/cases/{walk.id}/replay"' in response.text

    with Session(engine.db) as session:
        session.execute(
            update(Event)
            .where(col(Event.case_id) == walk.id, col(Event.seq) == 2)
            .values(actor="someone.else")
        )
        session.commit()
    reference = walk.case["reference"]
    for params in ({}, {"case": str(walk.id)}):
        shown = text_of(page(client, "auditor", "/audit", **params))
        assert "1 broken histories found (1 cases, 2 events checked)." in shown
        assert f"Case {reference}, event 2: altered after it was recorded" in shown
        assert "by someone.else" in shown
    replayed = text_of(page(client, "auditor", f"/audit/cases/{walk.id}/replay"))
    assert "The recorded history itself was altered" in replayed
    assert "The rebuilt state equals the stored one" not in replayed


def test_the_audit_home_finds_a_history_cut_short_since_the_newest_anchor(
    walk: CaseWalk, client: TestClient, engine: NrmEngine
) -> None:
    with Session(engine.db) as session:
        record_anchor(session, engine.clock.now())
        session.commit()
        # The newest event removed: what is left is still a valid chain.
        session.execute(delete(Event).where(col(Event.case_id) == walk.id, col(Event.seq) == 2))
        session.commit()
    shown = text_of(page(client, "auditor", "/audit"))
    assert "1 broken histories found (1 cases, 1 events checked)." in shown
    assert f"{walk.case['reference']}: events were removed: the anchor" in shown


def test_a_case_chosen_for_verification_must_be_a_case_id(
    walk: CaseWalk, client: TestClient
) -> None:
    response = page(client, "auditor", "/audit", case="NRM-1")
    assert response.status_code == 422
    assert "'NRM-1' is not a case id" in text_of(response)
    assert page(client, "auditor", "/audit", case="424242").status_code == 404


def test_the_replay_steps_through_the_case_on_its_diagram(
    walk: CaseWalk, client: TestClient, engine: NrmEngine
) -> None:
    url = f"/audit/cases/{walk.id}/replay"
    response = page(client, "auditor", url)
    assert response.status_code == 200
    shown = text_of(response)
    assert "The rebuilt state equals the stored one after 2 steps" in shown
    assert "Case opened" in shown and "by border.officer" in shown
    assert "Task completed: Record the child's wishes" in shown and "by social.worker" in shown

    first = page(client, "auditor", url, step=1)
    assert "Step 1 of 2: Case opened" in text_of(first)
    assert re.search(r'data-active="\[&#34;record_child_wishes&#34;\]"', first.text)
    assert 'data-xml="/api/processes/child_return/versions/1/bpmn"' in first.text
    after_wishes = page(client, "auditor", url, step=2)
    assert "Step 2 of 2: Task completed — Record the child's wishes" in text_of(after_wishes)
    assert "record_child_wishes" not in after_wishes.text.split('id="diagram"')[1][:300]
    assert "Contact the parents" in text_of(after_wishes)
    assert page(client, "auditor", url, step=9).status_code == 404


def test_a_replay_across_a_migration_draws_each_step_on_its_own_version(
    client: TestClient, engine: NrmEngine
) -> None:
    case_id = engine.commands.start_case("child_return", CHILD_RETURN_INTAKE, "border.officer")
    publish_v2(engine)
    move_cases(engine, 1, 2, [case_id])
    complete(
        engine,
        case_id,
        "record_child_wishes",
        "social.worker",
        child_wishes_return=True,
        family_implicated=False,
    )
    complete(engine, case_id, "contact_parents", "social.worker", parents_reachable=True)
    url = f"/audit/cases/{case_id}/replay"
    assert "The rebuilt state equals the stored one after 4 steps" in text_of(
        page(client, "auditor", url)
    )
    before = page(client, "auditor", url, step=1)
    assert 'data-xml="/api/processes/child_return/versions/1/bpmn"' in before.text
    assert "child_return v1" in text_of(before)
    after = page(client, "auditor", url, step=4)
    assert 'data-xml="/api/processes/child_return/versions/2/bpmn"' in after.text
    assert f"&#34;{RENAMED}&#34;" in after.text  # version 2's element is the one outlined
    xml = client.get("/api/processes/child_return/versions/2/bpmn").text
    assert f'id="{RENAMED}"' in xml


def test_the_replay_withholds_personal_data_and_is_logged(
    walk: CaseWalk, client: TestClient, engine: NrmEngine
) -> None:
    response = page(client, "auditor", f"/audit/cases/{walk.id}/replay", step=1)
    shown = text_of(response)
    assert "Personal data is withheld for your role" in shown
    assert "Ë. Ç." in shown  # the child's initials in the case data at that step
    for personal in ("Ëndrra", "Çela", "Rruga e Kavajës", "Ioannina"):
        assert personal not in shown, personal
    with Session(engine.db) as session:
        logged = session.exec(
            select(AccessLogEntry).where(
                AccessLogEntry.user_name == "auditor", AccessLogEntry.what == "replay"
            )
        ).all()
    assert [(e.case_id, e.personal_data) for e in logged] == [(walk.id, False)]


def test_the_case_at_a_moment_shows_what_was_waiting_then(
    walk: CaseWalk, client: TestClient
) -> None:
    url = f"/audit/cases/{walk.id}/replay"
    then = text_of(page(client, "auditor", url, at="2026-03-02T09:30"))
    assert "On 2026-03-02 09:30 UTC: Open · 1 events recorded by then" in then
    assert "The diagram shows step 1, the last one taken by then." in then
    assert "Step 1 of 2" in then

    later = text_of(page(client, "auditor", url, at="2026-03-02T10:30"))
    assert "Step 2 of 2" in later and "Contact the parents" in later

    before = page(client, "auditor", url, at="2026-03-01")
    assert before.status_code == 200  # a fair question, answered
    assert "did not exist yet on 2026-03-01 00:00 UTC" in text_of(before)
    wrong = page(client, "auditor", url, at="yesterday")
    assert wrong.status_code == 422
    assert "Check the date and time: 'yesterday' is not a date" in text_of(wrong)


def start_cases(engine: NrmEngine, count: int, **changes: Any) -> None:
    for _ in range(count):
        engine.commands.start_case("child_return", {**CHILD_RETURN_INTAKE, **changes}, "x")


def test_statistics_show_suppressed_cells_and_a_chart_without_personal_data(
    client: TestClient, engine: NrmEngine, clock: ManualClock
) -> None:
    start_cases(engine, 11)
    start_cases(
        engine,
        2,
        child_name="Mirela Hoxha",
        date_of_birth="2009-02-27",
        sex="male",
        family_address="Lagjja Kala, Berat",
        identified_by="Shelter Tjeter Vizion, Elbasan",
    )
    clock.advance(timedelta(days=100))
    start_cases(engine, 1)
    response = page(client, "auditor", "/audit/statistics")
    assert response.status_code == 200
    rows = re.findall(r"<tr>(.*?)</tr>", response.text, re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in rows]
    assert ["2026-Q1", "child_return", "open", "14-17", "female", "11"] in cells
    assert ["2026-Q1", "child_return", "open", "14-17", "male", "&lt;11"] in cells
    assert 'src="/audit/statistics/chart.svg"' in response.text
    assert 'href="/api/statistics.csv"' in response.text
    assert 'href="/api/exports/htcds.csv"' in response.text

    chart = page(client, "auditor", "/audit/statistics/chart.svg")
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert "<script" not in chart.text
    captions = re.findall(r'<text x="\d+" y="\d+" text-anchor="middle">([^<]*)</text>', chart.text)
    assert captions == ["11+", "&lt;11"], "Q1: 11 shown, the male group left out; Q2: 1 case"
    personal = [
        *(str(v) for v in CHILD_RETURN_INTAKE.values()),
        "Mirela", "Hoxha", "2009-02-27", "Berat", "Lagjja Kala", "Tjeter Vizion", "Elbasan",
    ]  # fmt: skip
    for output in (response.text, chart.text):
        for value in personal:
            if value not in ("female", "case.manager"):
                assert value not in output, value


def test_the_access_log_filters_by_user_case_and_date(
    walk: CaseWalk, client: TestClient, clock: ManualClock
) -> None:
    client.get(f"/api/cases/{walk.id}", headers=bearer(client, "supervisor"))
    clock.advance(timedelta(days=2))
    client.get(f"/api/cases/{walk.id}", headers=bearer(client, "court.clerk"))
    auditor = bearer(client, "auditor")

    def api(**params: str) -> list[tuple[str, str]]:
        response = client.get("/api/audit/access-log", params=params, headers=auditor)
        assert response.status_code == 200, response.text
        return [(e["user"], e["at"][:10]) for e in response.json()]

    everyone = api()
    assert ("supervisor", "2026-03-02") in everyone and ("court.clerk", "2026-03-04") in everyone
    assert set(api(user="court.clerk")) == {("court.clerk", "2026-03-04")}
    assert all(day == "2026-03-04" for _, day in api(since="2026-03-03T00:00:00Z"))
    assert all(day == "2026-03-02" for _, day in api(until="2026-03-03T00:00:00+01:00"))
    assert api(case_id="424242") == []
    naive = client.get("/api/audit/access-log", params={"since": "2026-03-03"}, headers=auditor)
    assert naive.status_code == 422

    response = page(client, "auditor", "/audit/access-log", user="court.clerk", since="2026-03-04")
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>", response.text)
    assert rows and {user for _, user in rows} == {"court.clerk"}
    assert walk.case["reference"] in text_of(response) and "Case (API)" in text_of(response)
    narrowed = page(client, "auditor", "/audit/access-log", case=str(walk.id), until="2026-03-02")
    users = {user for _, user in re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>", narrowed.text)}
    assert "supervisor" in users and "court.clerk" not in users
    wrong = page(client, "auditor", "/audit/access-log", since="03/04/2026")
    assert wrong.status_code == 422
    assert "Check the filter: '03/04/2026' is not a date" in text_of(wrong)


def test_only_auditors_open_the_audit_pages_and_statistics_readers_the_statistics(
    walk: CaseWalk, client: TestClient
) -> None:
    auditor_only = ["/audit", f"/audit/cases/{walk.id}/replay", "/audit/access-log"]
    statistics = ["/audit/statistics", "/audit/statistics/chart.svg"]
    failures = []
    for name in ALL:
        for url in auditor_only + statistics:
            allowed = name == "auditor" or (url in statistics and name in STATISTICS_READERS)
            status = page(client, name, url).status_code
            if status != (200 if allowed else 403):
                failures.append(f"{url} as {name}: {status}")
    assert not failures, "\n".join(failures)
    client.cookies.clear()
    for url in auditor_only + statistics:
        response = client.get(url, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_the_navigation_leads_auditors_and_statistics_readers_to_their_pages(
    client: TestClient,
) -> None:
    assert 'href="/audit"' in page(client, "auditor", "/").text
    assert 'href="/audit/statistics"' in page(client, "authority", "/").text
    assert 'href="/audit' not in page(client, "social.worker", "/").text
    page(client, "auditor", "/")
    client.get("/lang/sq")
    shown = text_of(client.get("/audit"))
    assert "Auditimi" in shown and "U verifikuan të gjithë 0 historikët e rasteve" in shown


def test_auditors_change_nothing(walk: CaseWalk, client: TestClient, engine: NrmEngine) -> None:
    """Every write endpoint of the JSON API refuses auditors (the access matrix tries each one),
    and so does every form of the pages, with a valid CSRF token."""
    # Evaluating a decision without a case computes an answer and stores nothing. A row that
    # expects 404 calls about something that does not exist, which shows nobody's rights.
    reads = ("GET ", "POST /api/decisions/")
    writers = {
        e: allowed for e, _, allowed, ok in matrix(walk) if not e.startswith(reads) and ok != 404
    }
    assert writers and [e for e, allowed in writers.items() if "auditor" in allowed] == []

    task_id = walk.refresh()["tasks"][0]["id"]
    # Taken by the social worker: giving it back is then a change only its holder may make.
    claimed = client.post(f"/api/tasks/{task_id}/claim", headers=bearer(client, "social.worker"))
    assert claimed.status_code == 200
    values = {"case_id": str(walk.id), "task_id": task_id}
    client.cookies.clear()
    sign_in(client, "auditor")
    token = csrf_of(client.get("/").text)
    before = stored(engine)
    refused = []
    # Routers are included as a tree (FastAPI 0.137+): walk every route of every page router.
    for context in iter_route_contexts(client.app.routes):  # type: ignore[attr-defined]
        route = context.original_route
        methods = (getattr(route, "methods", None) or set()) - {"GET", "HEAD"}
        path = context.path or ""
        if not methods or (isinstance(route, APIRoute) and route.include_in_schema):
            continue  # the JSON API: the matrix above
        if path in ("/login", "/logout"):
            continue
        url = re.sub(r"{(\w+)}", lambda m: values.get(m.group(1), "1"), path)
        for method in methods:
            response = client.request(
                method, url, data={"csrf": token}, headers={"referer": "/"}, follow_redirects=False
            )
            refused.append((method, path, response.status_code))
    assert refused, "the pages have forms"
    # 404: about something that does not exist here (an id other than the case's or its task's);
    # 422: the empty form is refused before anything else is looked at.
    assert [r for r in refused if r[2] not in (403, 404, 422)] == []
    forbidden = {path for _, path, status in refused if status == 403}
    case_forms = {"/cases/new", "/cases/{case_id}/case-manager", "/tasks/{task_id}"}
    assert case_forms | {"/tasks/{task_id}/claim", "/tasks/{task_id}/unclaim"} <= forbidden
    for url in ("/audit", "/audit/access-log", f"/audit/cases/{walk.id}/replay"):
        assert client.post(url, data={"csrf": token}).status_code == 405
    assert stored(engine) == before


def stored(engine: NrmEngine) -> dict[str, Any]:
    """Every table's rows, to show that nothing stored changed."""
    with Session(engine.db) as session:
        return {
            table.name: sorted(map(repr, session.execute(table.select()).all()))
            for table in SQLModel.metadata.sorted_tables
        }


def test_case_data_holding_a_record_is_shown_on_the_replay_and_the_case_page(
    client: TestClient, engine: NrmEngine
) -> None:
    """adult_referral's intake records the screening's indicators as one record (A, B, C)."""
    case_id = engine.commands.start_case("adult_referral", ADULT_REFERRAL_INTAKE, "border.officer")
    for url in (f"/audit/cases/{case_id}/replay", f"/cases/{case_id}"):
        response = page(client, "auditor", url)
        assert response.status_code == 200, url
        assert "&#39;A&#39;: True" in response.text, url

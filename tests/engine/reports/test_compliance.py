"""Compliance figures (issue 10): computed from the cases with the clock moved, scoped to the
reader's region, as JSON, CSV without personal data, and a page with charts."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cli.demo_directory import DEMO_FACILITIES
from engine.base.clock import ManualClock
from engine.nrm_engine import NrmEngine
from forms.examples import CHILD_RETURN_INTAKE
from tests.support.auth import bearer, sign_in
from tests.support.walks import CaseWalk, return_home, visit

QUARTER = "2026-Q1"  # the tests' clock starts on 2 March 2026


def walk_home(client: TestClient, clock: ManualClock) -> CaseWalk:
    """D.2: the child goes home; the follow-up visit is due within the week."""
    walk = CaseWalk(client, clock)
    walk.complete("record_child_wishes", child_wishes_return=True, family_implicated=False)
    walk.complete("contact_parents", parents_reachable=True)
    walk.complete("approve_placement", placement_approved=True)
    return_home(walk)
    assert "record_followup_visit" in walk.ready()
    return walk


def walk_to_shelter(client: TestClient, clock: ManualClock, days_to_place: int) -> CaseWalk:
    """D.1: the child refuses return and is placed in a shelter `days_to_place` days after
    being identified; the custody petition is generated at once."""
    walk = CaseWalk(client, clock)
    walk.complete("record_child_wishes", child_wishes_return=False, family_implicated=False)
    clock.advance(timedelta(days=days_to_place))
    walk.complete("place_in_shelter")
    walk.complete("review_immediate_placement", immediate_placement_decision="approved")
    assert walk.documents("custody_petition")
    return walk


def figures(client: TestClient, user: str) -> dict[tuple[str, str], dict[str, Any]]:
    response = client.get("/api/compliance", headers=bearer(client, user))
    assert response.status_code == 200, response.text
    return {(f["measure"], f["case_manager"]): f for f in response.json()}


@pytest.fixture
def history(client: TestClient, clock: ManualClock, engine: NrmEngine) -> list[CaseWalk]:
    """Two children sent home on day 0 (one visited on day 6, one on day 9), and a child who
    refused return placed in a shelter on day 2; the clock then stands at day 9."""
    on_time, late = walk_home(client, clock), walk_home(client, clock)
    sheltered = walk_to_shelter(client, clock, days_to_place=2)
    clock.advance(timedelta(days=4))
    visit(on_time)
    clock.advance(timedelta(days=3))
    engine.commands.fire_due_timers()  # the week of the late one ran out with day 7
    assert "escalate_missed_visit" in late.ready()
    visit(late)
    return [on_time, late, sheltered]


def test_figures_are_computed_from_the_cases_with_the_clock_moved(
    client: TestClient, history: list[CaseWalk]
) -> None:
    found = figures(client, "supervisor")
    visits = found[("visits_on_time", "")]
    assert (visits["region"], visits["quarter"]) == ("Elbasan", QUARTER)
    assert (visits["cases"], visits["value"]) == (4, 50.0), "two on day 6 in time, two late"
    petition = found[("days_to_petition", "")]
    assert (petition["cases"], petition["value"]) == (1, 2.0)
    stay = found[("days_in_accommodation", "")]
    assert (stay["cases"], stay["value"]) == (1, 7.0), "placed on day 2, still there on day 9"
    open_now = [w for w in history if w.refresh()["status"] == "open"]
    managers = found[("open_cases", "case.manager")]
    assert managers["cases"] == managers["value"] == len(open_now)


def test_a_visit_not_yet_due_is_not_counted(client: TestClient, clock: ManualClock) -> None:
    walk_home(client, clock)
    clock.advance(timedelta(days=6))
    assert ("visits_on_time", "") not in figures(client, "auditor")
    clock.advance(timedelta(days=2))
    missed = figures(client, "auditor")[("visits_on_time", "")]
    assert (missed["cases"], missed["value"]) == (2, 0.0), "the week ran out without the visits"


def test_each_reader_sees_their_scope_and_others_are_refused(
    client: TestClient, history: list[CaseWalk]
) -> None:
    assert figures(client, "auditor") == figures(client, "supervisor")
    assert figures(client, "supervisor.korce") == {}, "Elbasan's cases are not Korçë's"
    for user in ("border.officer", "social.worker", "case.manager", "admin", "court.clerk"):
        assert client.get("/api/compliance", headers=bearer(client, user)).status_code == 403
        assert client.get("/api/compliance.csv", headers=bearer(client, user)).status_code == 403


def test_the_csv_holds_the_figures_and_no_personal_data(
    client: TestClient, history: list[CaseWalk]
) -> None:
    response = client.get("/api/compliance.csv", headers=bearer(client, "auditor"))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["measure"] for r in rows} == {
        "visits_on_time",
        "days_to_petition",
        "days_in_accommodation",
        "open_cases",
    }
    secrets = [
        CHILD_RETURN_INTAKE["child_name"],
        CHILD_RETURN_INTAKE["family_address"],
        *CHILD_RETURN_INTAKE["child_name"].split(),
        *(f.name for f in DEMO_FACILITIES),
        *(f.address for f in DEMO_FACILITIES),
        *(w.case["reference"] for w in history),
    ]
    for secret in secrets:
        assert secret not in response.text, secret


def test_the_page_shows_tables_and_charts(client: TestClient, history: list[CaseWalk]) -> None:
    sign_in(client, "supervisor")
    page = client.get("/compliance")
    assert page.status_code == 200
    for measure in ("visits_on_time", "days_to_petition", "days_in_accommodation", "open_cases"):
        assert f'src="/compliance/charts/{measure}.svg"' in page.text
    assert "50%" in page.text and "<script" not in page.text.split("</header>")[-1]
    chart = client.get("/compliance/charts/visits_on_time.svg")
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/svg+xml"
    assert chart.text.count('class="bar"') == 1 and "50%" in chart.text
    assert client.get("/compliance/charts/nothing.svg").status_code == 404
    client.cookies.clear()
    sign_in(client, "border.officer")
    assert client.get("/compliance").status_code == 403

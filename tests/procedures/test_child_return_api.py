"""Every situation of Annex 1 D, walked through the JSON API from intake to its end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from engine.base.clock import ManualClock
from engine.history.replay import replay_case
from engine.nrm_engine import NrmEngine
from tests.support.auth import bearer
from tests.support.documents import pdf_text
from tests.support.walks import (
    CUSTODY_GRANTED,
    INTAKE,
    RETURN_AGREED,
    CaseWalk,
    agree_long_term_solution,
    close_case,
    inform_and_assess_family,
    return_home,
    visit,
)


@pytest.fixture
def walk(client: TestClient, clock: ManualClock) -> CaseWalk:
    return CaseWalk(client, clock)


def assert_replays(engine: NrmEngine, case_id: int) -> None:
    with Session(engine.db) as session:
        report = replay_case(session, engine.catalog, case_id)
    assert report.matches, report.findings


def walk_to_custody(walk: CaseWalk) -> dict:
    """File the petition; the court acknowledges and decides while State Social Services
    inform and assess the family (Annex 1 D.1 / D.3); then the long-term solution is agreed and
    the case manager closes the case (Art. 5.B.9, 5.C.5)."""
    walk.complete("file_custody_petition", actor="sss.officer")
    assert walk.ready() == ["acknowledge_petition", "inform_family_of_custody"]
    walk.complete("acknowledge_petition", actor="court.clerk")
    inform_and_assess_family(walk)
    assert walk.ready() == ["record_court_decision"], "the case waits for the court"
    walk.complete("record_court_decision", actor="court.clerk", **CUSTODY_GRANTED)
    assert walk.ready() == ["propose_long_term_solution"]
    agree_long_term_solution(walk)
    return close_case(walk)


def test_d1_child_refusing_return_is_sheltered_and_custody_is_petitioned(
    walk: CaseWalk, client: TestClient, engine: NrmEngine
) -> None:
    assert walk.ready() == ["record_child_wishes"]
    walk.complete("record_child_wishes", child_wishes_return=False, family_implicated=False)
    assert walk.case["data"]["placement"] == "shelter"
    assert walk.ready() == ["place_in_shelter"], "placed at once (Annex 1 D.1)"

    walk.complete("place_in_shelter", actor="social.worker")
    assert walk.task("review_immediate_placement")["role"] == "case_manager"
    walk.complete(
        "review_immediate_placement", actor="case.manager", immediate_placement_decision="approved"
    )

    petitions = walk.documents("custody_petition")
    assert [p["language"] for p in petitions] == ["sq", "en"], "one petition, in both languages"
    texts = {}
    for petition in petitions:
        assert "Çela" not in petition["filename"] and "Ëndrra" not in petition["filename"]
        text = texts[petition["language"]] = " ".join(pdf_text(client, petition["id"]).split())
        assert "D.1" in text and INTAKE["court"] in text and "Ë. Ç." in text
        for secret in (INTAKE["child_name"], INTAKE["family_address"], "Tjetër Vizion"):
            assert secret not in text
        assert "child_refuses_return" not in text
    assert "does not want to return" in texts["en"]
    assert "nuk dëshiron të kthehet" in texts["sq"]

    case = walk_to_custody(walk)
    assert case["status"] == "completed"
    assert case["data"]["petition_ground"] == "D.1"
    assert_replays(engine, walk.id)


def test_d2_child_returns_to_an_uninvolved_family_with_reports_and_a_visit_in_time(
    walk: CaseWalk, client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    walk.complete("record_child_wishes", child_wishes_return=True, family_implicated=False)
    walk.complete("contact_parents", parents_reachable=True, guardian_agreement="agreed")
    assert walk.case["data"]["placement"] == "family"
    walk.complete("approve_placement", actor="case.manager", placement_approved=True)
    assert walk.documents("police_report") == [], "the Responsible Authority assesses first"
    walk.complete("assess_return_to_family", actor="authority", **RETURN_AGREED)

    assert [(d["kind"], d["language"]) for d in walk.refresh()["documents"]] == [
        ("police_report", "sq"),
        ("police_report", "en"),
        ("social_services_report", "sq"),
        ("social_services_report", "en"),
    ]
    for report in walk.documents("police_report"):
        assert INTAKE["home_region"] in pdf_text(client, report["id"])
    walk.complete("confirm_reports_filed", actor="border.officer")
    assert walk.ready() == ["release_to_family"]
    released_on = clock.now().date()
    walk.complete("release_to_family", actor="social.worker")

    # Both visits are due by the end of the seventh day after the return date (Annex 1 D.2).
    week_end = datetime.combine(released_on + timedelta(days=8), datetime.min.time(), UTC)
    for name in ("record_followup_visit", "record_police_visit"):
        assert datetime.fromisoformat(walk.task(name)["due_at"]) == week_end
    assert sorted((t["name"], t["status"]) for t in walk.case["timers"]) == [
        ("timer_followup_week", "pending"),
        ("timer_police_visit_week", "pending"),
    ]
    clock.advance(timedelta(days=5))
    moved = client.post("/api/admin/clock", json={"advance": "P1D"}, headers=walk.headers("admin"))
    assert moved.status_code == 200
    case = visit(walk)

    assert case["status"] == "open" and walk.ready() == ["close_case"]
    assert sorted((t["name"], t["status"]) for t in case["timers"]) == [
        ("timer_followup_week", "cancelled"),
        ("timer_police_visit_week", "cancelled"),
        ("timer_review_period", "pending"),  # a review is due if the case stays open
    ]
    assert close_case(walk)["status"] == "completed"
    assert_replays(engine, walk.id)


def test_d2_a_missed_visit_escalates_to_the_supervisor_as_overdue(
    walk: CaseWalk, client: TestClient, engine: NrmEngine
) -> None:
    walk.complete("record_child_wishes", child_wishes_return=True, family_implicated=False)
    walk.complete("contact_parents", parents_reachable=True, guardian_agreement="agreed")
    walk.complete("approve_placement", actor="case.manager", placement_approved=True)
    return_home(walk)

    moved = client.post("/api/admin/clock", json={"advance": "P8D"}, headers=walk.headers("admin"))
    assert moved.status_code == 200 and moved.json()["advanced_cases"] == [walk.id]

    tasks = {t["name"]: t for t in walk.refresh()["tasks"]}
    assert set(tasks) == {
        "record_followup_visit",
        "record_police_visit",
        "escalate_missed_visit",
        "escalate_missed_police_visit",
    }
    assert tasks["escalate_missed_visit"]["role"] == "supervisor"
    assert tasks["escalate_missed_visit"]["overdue"] and tasks["record_followup_visit"]["overdue"]
    inbox = client.get(
        "/api/tasks", params={"role": "supervisor"}, headers=walk.headers("supervisor")
    ).json()
    assert {t["name"] for t in inbox} == {"escalate_missed_visit", "escalate_missed_police_visit"}
    assert all(t["overdue"] for t in inbox)

    walk.complete("escalate_missed_visit", actor="supervisor")
    walk.complete("escalate_missed_police_visit", actor="supervisor")
    visit(walk)
    assert walk.ready() == ["close_case"]
    assert_replays(engine, walk.id)


def test_d3_implicated_family_without_risk_gets_an_escorted_return(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    walk.complete("record_child_wishes", child_wishes_return=True, family_implicated=True)
    walk.complete("contact_parents", parents_reachable=True, guardian_agreement="agreed")
    assert walk.ready() == ["preliminary_risk_assessment"], "no release before the assessment"
    walk.complete("preliminary_risk_assessment", actor="sss.officer", risk_identified=False)
    assert walk.case["data"]["placement"] == "family"
    walk.complete("approve_placement", actor="case.manager", placement_approved=True)
    walk.complete("assess_return_to_family", actor="authority", **RETURN_AGREED)
    walk.complete("confirm_reports_filed", actor="border.officer")
    assert walk.ready() == ["escorted_return"]
    walk.complete("escorted_return", actor="social.worker")
    assert walk.ready() == ["record_followup_visit", "record_police_visit"]
    visit(walk)
    assert close_case(walk)["status"] == "completed"
    assert_replays(engine, walk.id)


def test_d3_implicated_family_with_a_risk_means_accommodation_and_a_petition(
    walk: CaseWalk, client: TestClient, engine: NrmEngine
) -> None:
    walk.complete("record_child_wishes", child_wishes_return=True, family_implicated=True)
    walk.complete("contact_parents", parents_reachable=True, guardian_agreement="refused")
    walk.complete("preliminary_risk_assessment", risk_identified=True)
    assert walk.case["data"]["placement"] == "temporary_accommodation"
    walk.complete("approve_placement", actor="case.manager", placement_approved=True)
    walk.complete("place_in_temporary_accommodation", actor="social.worker")

    petitions = walk.documents("custody_petition")
    assert [p["language"] for p in petitions] == ["sq", "en"]
    for petition in petitions:
        text = pdf_text(client, petition["id"])
        assert "D.3" in text and "Vatra" not in text
    assert walk.documents("police_report") == []
    assert walk_to_custody(walk)["status"] == "completed"
    assert_replays(engine, walk.id)


def test_d4_unreachable_parents_mean_shelter_at_once_and_a_search(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    walk.complete("record_child_wishes", child_wishes_return=True, family_implicated=False)
    walk.complete(
        "contact_parents", parents_reachable=False, guardian_agreement="cannot_be_obtained"
    )
    assert walk.case["data"]["placement"] == "shelter"
    assert walk.ready() == ["place_in_shelter"], "the social worker places the child at once"
    walk.complete("place_in_shelter", actor="social.worker")
    walk.complete(
        "review_immediate_placement", actor="case.manager", immediate_placement_decision="approved"
    )
    assert walk.documents("custody_petition") == [], "D.4 shelter is no custody petition"
    assert walk.ready() == ["record_search_attempt"]
    assert_replays(engine, walk.id)


def test_a_rejected_placement_goes_back_to_the_childs_wishes(walk: CaseWalk) -> None:
    walk.complete("record_child_wishes", child_wishes_return=True, family_implicated=False)
    walk.complete("contact_parents", parents_reachable=True, guardian_agreement="agreed")
    walk.complete(
        "approve_placement",
        actor="case.manager",
        placement_approved=False,
        approval_notes="Hear the child again with a psychologist present.",
    )
    assert walk.ready() == ["record_child_wishes"]


def test_invalid_data_gets_field_errors_and_changes_nothing(
    walk: CaseWalk, client: TestClient
) -> None:
    task = walk.task("record_child_wishes")
    before = walk.refresh()
    response = client.post(
        f"/api/tasks/{task['id']}/complete",
        json={"data": {"child_wishes_return": "maybe", "unexpected": 1}},
        headers=walk.headers("social_worker"),
    )
    assert response.status_code == 422
    locations = [tuple(error["loc"]) for error in response.json()["detail"]]
    assert ("data", "child_wishes_return") in locations
    assert ("data", "family_implicated") in locations
    assert walk.refresh() == before
    events = client.get(f"/api/cases/{walk.id}/events", headers=walk.headers())
    assert len(events.json()) == 1


def test_a_stale_completion_is_a_conflict(walk: CaseWalk, client: TestClient) -> None:
    task = walk.task("record_child_wishes")
    walk.complete("record_child_wishes", child_wishes_return=False, family_implicated=False)
    response = client.post(
        f"/api/tasks/{task['id']}/complete",
        json={"data": {"child_wishes_return": True, "family_implicated": False}},
        headers=walk.headers("social_worker"),
    )
    assert response.status_code == 409
    assert walk.ready() == ["place_in_shelter"]


def test_invalid_intake_is_refused_with_field_errors(client: TestClient) -> None:
    data = {key: value for key, value in INTAKE.items() if key != "date_of_birth"}
    response = client.post(
        "/api/cases",
        json={"process": "child_return", "data": data},
        headers=bearer(client, "border.officer"),
    )
    assert response.status_code == 422
    assert ["data", "date_of_birth"] in [error["loc"] for error in response.json()["detail"]]
    assert client.get("/api/tasks", headers=bearer(client, "social.worker")).json() == []


def test_unknown_ids_are_404(client: TestClient) -> None:
    auth = bearer(client, "supervisor")
    assert client.get("/api/cases/424242", headers=auth).status_code == 404
    assert client.get("/api/tasks/nope", headers=auth).status_code == 404
    response = client.post("/api/tasks/nope/complete", json={"data": {}}, headers=auth)
    assert response.status_code == 404
    assert client.get("/api/documents/424242", headers=auth).status_code == 404
    response = client.post("/api/cases", json={"process": "nope", "data": {}}, headers=auth)
    assert response.status_code == 404


def test_the_api_describes_processes_tasks_and_events(walk: CaseWalk, client: TestClient) -> None:
    assert client.get("/api/health").json() == {"status": "ok"}
    processes = {p["id"]: p for p in client.get("/api/processes", headers=walk.headers()).json()}
    assert processes["child_return"]["version"] == 1
    assert "child_name" in processes["child_return"]["form"]["properties"]

    task = walk.task("record_child_wishes")
    assert {"id", "case_id", "name", "title", "role", "form", "due_at"} <= set(task)
    assert task["role"] == "social_worker"
    events = client.get(f"/api/cases/{walk.id}/events", headers=walk.headers()).json()
    assert [(e["type"], e["actor"]) for e in events] == [("case_started", "border.officer")]


def test_the_clock_endpoint_exists_only_with_a_manual_clock(engine: NrmEngine) -> None:
    from api.app import create_app
    from engine.base.clock import SystemClock
    from engine.base.settings import Settings

    engine.clock = SystemClock()
    with TestClient(create_app(engine, Settings())) as system_client:
        response = system_client.post("/api/admin/clock", json={"advance": "P1D"})
    assert response.status_code == 404


def test_what_a_case_looked_like_on_a_date(
    walk: CaseWalk, client: TestClient, clock: ManualClock
) -> None:
    opened = clock.now()
    clock.advance(timedelta(days=1))
    walk.complete("record_child_wishes", child_wishes_return=False, family_implicated=False)
    clock.advance(timedelta(days=1))
    walk.complete("place_in_shelter")

    def as_of(moment: datetime) -> dict:
        answer = client.get(
            f"/api/cases/{walk.id}/as-of",
            params={"at": moment.isoformat()},
            headers=bearer(client, "auditor"),
        )
        assert answer.status_code == 200, answer.text
        return answer.json()

    first_day = as_of(opened + timedelta(hours=1))
    assert first_day["ready_tasks"] == ["Record the child's wishes"] and first_day["events"] == 1
    assert "placement" not in first_day["data"]
    assert first_day["data"]["child_name"] == "Ë. Ç.", "the auditor sees initials"
    second_day = as_of(opened + timedelta(days=1, hours=1))
    assert second_day["ready_tasks"] == ["Place the child in a safe shelter now"]
    assert second_day["data"]["placement"] == "shelter"
    before = client.get(
        f"/api/cases/{walk.id}/as-of",
        params={"at": (opened - timedelta(days=1)).isoformat()},
        headers=bearer(client, "auditor"),
    )
    assert before.status_code == 404

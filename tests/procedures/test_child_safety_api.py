"""No dead end for a child (issue 14): every unsafe or open outcome of child_return leads to a
person's task with a deadline, the court's decision is acted on, the case page says where the
child is, and the case ends only through the case manager's closing task. Walked through the
JSON API."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from engine.nrm_engine import NrmEngine
from tests.support.documents import pdf_text
from tests.support.procedure_data import assert_replays
from tests.support.walks import (
    CUSTODY_GRANTED,
    LONG_TERM_PROPOSAL,
    RETURN_AGREED,
    CaseWalk,
    agree_long_term_solution,
    close_case,
    inform_and_assess_family,
    return_home,
    shelter_at_once,
    visit,
    walk_to_proposal,
)


@pytest.fixture
def walk(client: TestClient, clock: ManualClock) -> CaseWalk:
    return CaseWalk(client, clock)


def advance(client: TestClient, walk: CaseWalk, duration: str) -> None:
    moved = client.post(
        "/api/admin/clock", json={"advance": duration}, headers=walk.headers("admin")
    )
    assert moved.status_code == 200, moved.text


def released_d2(walk: CaseWalk, **release: object) -> None:
    """Annex 1 D.2: the child wishes to return, the family is not implicated, the parents agree
    to the services, the case manager approves, the Responsible Authority assesses the return
    with both agreements, and the child is released."""
    walk.complete("record_child_wishes", child_wishes_return=True, family_implicated=False)
    walk.complete("contact_parents", parents_reachable=True, guardian_agreement="agreed")
    walk.complete("approve_placement", actor="case.manager", placement_approved=True)
    return_home(walk, **release)


def tasks_by_name(walk: CaseWalk) -> dict[str, dict]:
    return {task["name"]: task for task in walk.refresh()["tasks"]}


# --- unsafe at the follow-up visit --------------------------------------------------------------


def test_a_visit_finding_the_child_unsafe_opens_the_case_managers_urgent_decision(
    walk: CaseWalk, client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    released_d2(walk)
    assert walk.ready() == ["record_followup_visit", "record_police_visit"]
    assert walk.task("record_police_visit")["role"] == "local_police"

    found_at = clock.now()
    case = walk.complete(
        "record_police_visit",
        actor="local.police",
        police_found_child_safe=False,
        police_concerns="Bruises on her arms; she would not speak in front of her father.",
    )
    assert case["status"] == "open", "an unsafe child is never 'complete'"
    assert walk.ready() == ["decide_unsafe_child"], "the routine visit gave way to the alarm"
    decision = walk.task("decide_unsafe_child")
    assert decision["role"] == "case_manager" and decision["title"].startswith(
        "The child is not safe"
    )
    assert datetime.fromisoformat(decision["due_at"]) == found_at + timedelta(hours=24)
    assert case["data"]["safety_alert"] == "unsafe_at_visit"
    assert case["data"]["police_concerns"].startswith("Bruises"), "the findings reach the decision"
    assert "police_concerns" in decision["form"]["x-show"]
    assert [d["kind"] for d in walk.documents("followup_visit_record")] == [
        "followup_visit_record"
    ] * 2, "the unsafe visit is on record in both languages"

    # Nobody decides for a day: the supervisor is asked, the decision stays overdue.
    advance(client, walk, "PT25H")
    tasks = tasks_by_name(walk)
    assert set(tasks) == {"decide_unsafe_child", "escalate_unsafe_child"}
    assert tasks["escalate_unsafe_child"]["role"] == "supervisor"
    assert tasks["decide_unsafe_child"]["overdue"]

    case = walk.complete(
        "decide_unsafe_child",
        actor="case.manager",
        unsafe_decision="emergency_placement",
        unsafe_decision_reasons="Signs of violence at home; she asks not to stay.",
    )
    assert case["data"]["child_location"] == "shelter"
    assert case["data"]["petition_ground"] == "5.B.9"
    assert case["whereabouts"]["location"] == "shelter"
    assert case["whereabouts"]["decided_by"] == "case.manager"
    assert case["whereabouts"]["facility"], "the shelter is named to the case manager"
    assert [p["language"] for p in walk.documents("custody_petition")] == ["sq", "en"]
    assert walk.ready() == ["escalate_unsafe_child", "file_custody_petition"]
    assert_replays(engine, walk.id)


def test_a_refused_decision_is_refused_without_the_shelter(
    walk: CaseWalk, client: TestClient
) -> None:
    released_d2(walk)
    visit(walk, safe=False)
    task = walk.task("decide_unsafe_child")
    response = client.post(
        f"/api/tasks/{task['id']}/complete",
        json={
            "data": {
                "unsafe_decision": "emergency_placement",
                "unsafe_decision_date": "2026-03-02",
                "unsafe_decision_reasons": "Violence at home.",
            }
        },
        headers=walk.headers("case.manager"),
    )
    assert response.status_code == 422
    errors = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert "choose one from the directory" in errors[("data", "facility_id")]


def test_d2_return_date_ten_days_ago_makes_both_visits_overdue_at_once(
    walk: CaseWalk, client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    returned = (clock.now() - timedelta(days=10)).date()
    released_d2(walk, release_date=returned.isoformat())

    tasks = tasks_by_name(walk)
    week_end = datetime.combine(
        returned + timedelta(days=8), datetime.min.time(), clock.now().tzinfo
    )
    for name in ("record_police_visit", "record_followup_visit"):
        assert datetime.fromisoformat(tasks[name]["due_at"]) == week_end, name
        assert tasks[name]["overdue"], f"{name} is overdue from the moment the return is entered"
    timers = {t["name"]: t for t in walk.case["timers"]}
    assert timers["timer_followup_week"]["status"] == "fired"
    assert timers["timer_police_visit_week"]["status"] == "fired"
    assert {"escalate_missed_visit", "escalate_missed_police_visit"} <= set(tasks)

    visit(walk)
    compliance = client.get("/api/compliance", headers=walk.headers("auditor"))
    assert compliance.status_code == 200, compliance.text
    on_time = [f for f in compliance.json() if f["measure"] == "visits_on_time"]
    assert on_time and all(f["value"] == 0 for f in on_time), "late by the return date"
    assert_replays(engine, walk.id)


def test_visits_within_the_week_of_the_return_lead_to_the_closing_task(
    walk: CaseWalk, clock: ManualClock, engine: NrmEngine
) -> None:
    released_d2(walk)
    assert walk.refresh()["whereabouts"]["location"] == "family"
    case = visit(walk)
    assert case["status"] == "open"
    assert walk.ready() == ["close_case"], "only the case manager ends a child's case"
    assert [d["language"] for d in walk.documents("followup_visit_record")] == ["sq", "en"]
    case = close_case(walk)
    assert case["status"] == "completed"
    assert case["data"]["outcome"] == "closed_after_return"
    assert_replays(engine, walk.id)


# --- a return refused (Art. 5.B.10) -------------------------------------------------------------


def test_a_return_the_family_refuses_goes_to_the_case_managers_urgent_decision(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    walk.complete("record_child_wishes", child_wishes_return=True, family_implicated=False)
    walk.complete("contact_parents", parents_reachable=True, guardian_agreement="agreed")
    walk.complete("approve_placement", actor="case.manager", placement_approved=True)
    assessment = walk.task("assess_return_to_family")
    assert assessment["role"] == "responsible_authority"

    case = walk.complete(
        "assess_return_to_family",
        actor="authority",
        **{**RETURN_AGREED, "family_agrees_to_return": False},
        return_assessment="The father says he cannot take her back.",
    )
    assert walk.documents("police_report") == [], "no return is prepared"
    assert walk.ready() == ["decide_unsafe_child"]
    assert case["data"]["safety_alert"] == "return_not_agreed"
    assert case["whereabouts"]["location"] is None, "not placed yet"
    assert case["whereabouts"]["responsible"] == "identifying_office"

    walk.complete(
        "decide_unsafe_child",
        actor="case.manager",
        unsafe_decision="new_long_term_proposal",
        unsafe_decision_reasons="Her aunt in Durrës may take her; assess that.",
    )
    assert walk.ready() == ["propose_long_term_solution"]
    assert_replays(engine, walk.id)


def test_the_responsible_authority_is_national_and_sees_the_cases_it_acts_on(
    walk: CaseWalk, client: TestClient
) -> None:
    walk.complete("record_child_wishes", child_wishes_return=True, family_implicated=False)
    walk.complete("contact_parents", parents_reachable=True, guardian_agreement="agreed")
    walk.complete("approve_placement", actor="case.manager", placement_approved=True)
    inbox = client.get("/api/tasks", headers=walk.headers("authority")).json()
    assert [t["name"] for t in inbox] == ["assess_return_to_family"]
    seen = client.get(f"/api/cases/{walk.id}", headers=walk.headers("authority")).json()
    assert seen["data"]["child_name"] == "Ëndrra Çela", "it assesses the child's circumstances"

    refused = client.post(
        "/api/admin/users",
        json={
            "name": "authority.tirana",
            "role": "responsible_authority",
            "region": "Tiranë",
            "password": "a long enough password",
        },
        headers=walk.headers("admin"),
    )
    assert refused.status_code == 422
    assert "national" in refused.text


# --- unsafe at a review, and the closing that refuses -------------------------------------------


def test_a_review_finding_the_child_unsafe_stops_the_closing_until_decided(
    walk: CaseWalk, client: TestClient, engine: NrmEngine
) -> None:
    walk_to_proposal(walk)
    walk.complete("propose_long_term_solution", **LONG_TERM_PROPOSAL)
    approval = walk.task("approve_long_term_solution")
    assert {"child_views", "child_views_weight"} <= set(approval["form"]["x-show"])
    assert walk.case["data"]["child_views"].startswith("She wants to live with her grandmother")
    walk.complete("approve_long_term_solution", long_term_solution_approved=True)
    assert walk.ready() == ["close_case"]
    assert walk.refresh()["whereabouts"]["location"] == "extended_family"

    advance(client, walk, "P31D")
    assert walk.ready() == ["record_review_visit"], "the review is due; closing waits for it"
    case = walk.complete(
        "record_review_visit",
        actor="sss.officer",
        review_child_safe=False,
        review_findings="Not at school for two weeks; the grandmother's partner threatens her.",
    )
    assert walk.ready() == ["decide_unsafe_child"]
    assert case["data"]["last_safety_check"] == "unsafe"

    # A new long-term proposal leaves the last safety check unsafe: the closing refuses.
    walk.complete(
        "decide_unsafe_child",
        actor="case.manager",
        unsafe_decision="new_long_term_proposal",
        unsafe_decision_reasons="A foster family is ready to take her.",
    )
    agree_long_term_solution(walk, long_term_solution="foster_family", foster_family_approved=True)
    case = close_case(walk)
    assert case["status"] == "open", "the closing is refused while the last check says unsafe"
    assert case["data"]["safety_alert"] == "closure_refused"
    assert walk.ready() == ["decide_unsafe_child"]

    walk.complete(
        "decide_unsafe_child",
        actor="case.manager",
        unsafe_decision="emergency_placement",
        unsafe_decision_reasons="Until the foster family is confirmed safe.",
    )
    assert walk.ready() == ["propose_long_term_solution"], "custody stands: no new petition"
    agree_long_term_solution(walk, long_term_solution="foster_family", foster_family_approved=True)
    case = close_case(walk)
    assert case["status"] == "completed"
    assert case["data"]["outcome"] == "closed_after_long_term_solution"
    assert_replays(engine, walk.id)


# --- the court's decision -----------------------------------------------------------------------


def petition_filed(walk: CaseWalk) -> None:
    shelter_at_once(walk)
    walk.complete("file_custody_petition", actor="sss.officer")
    walk.complete("acknowledge_petition", actor="court.clerk")
    inform_and_assess_family(walk)


def test_custody_granted_names_the_holder_on_the_case_and_in_the_summary(
    walk: CaseWalk, client: TestClient, engine: NrmEngine
) -> None:
    petition_filed(walk)
    walk.complete("record_court_decision", actor="court.clerk", **CUSTODY_GRANTED)
    assert walk.case["whereabouts"]["custody_holder"] == "[withheld]", "the court sees initials"
    where = walk.refresh()["whereabouts"]
    assert where["responsible"] == "temporary_custody_holder"
    assert where["custody_holder"] == CUSTODY_GRANTED["temporary_custody_holder"]
    assert where["custody_from"] == "2026-03-04"
    assert walk.ready() == ["propose_long_term_solution"]
    summaries = walk.documents("family_assessment_summary")
    assert [s["language"] for s in summaries] == ["sq", "en"]

    english = " ".join(pdf_text(client, summaries[1]["id"]).split())
    assert "State Social Services, Elbasan regional office" in english
    assert "04.03.2026" in english
    assert_replays(engine, walk.id)


def test_a_hearing_waits_for_its_date_then_the_outcome_is_recorded(
    walk: CaseWalk, client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    petition_filed(walk)
    hearing = (clock.now() + timedelta(days=10)).date().isoformat()
    walk.complete(
        "record_court_decision",
        actor="court.clerk",
        court_decision="hearing_scheduled",
        hearing_date=hearing,
    )
    assert walk.ready() == [], "nothing to do before the hearing"
    timers = {t["name"]: t for t in walk.case["timers"]}
    assert timers["timer_hearing_date"]["due_at"].startswith(hearing)

    advance(client, walk, "P10D")
    assert walk.ready() == ["record_court_decision"], "the outcome is asked for after the hearing"
    walk.complete("record_court_decision", actor="court.clerk", **CUSTODY_GRANTED)
    assert walk.ready() == ["propose_long_term_solution"]
    assert_replays(engine, walk.id)


def test_a_refused_order_goes_to_the_case_manager_with_the_courts_reasons(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    petition_filed(walk)
    case = walk.complete(
        "record_court_decision",
        actor="court.clerk",
        court_decision="refused",
        court_refusal_reasons="The grandmother has applied for guardianship herself.",
    )
    assert walk.ready() == ["respond_to_custody_refusal"]
    task = walk.task("respond_to_custody_refusal")
    assert task["role"] == "case_manager" and "court_refusal_reasons" in task["form"]["x-show"]
    # The clerk who recorded the reasons reads them back (their task's form shows them: the need
    # to know), not the rest of the case's personal data; the case manager reads both.
    assert case["data"]["court_refusal_reasons"].startswith("The grandmother")
    assert case["data"]["family_address"] == "[withheld]"
    as_manager = walk.client.get(f"/api/cases/{walk.id}", headers=walk.headers("case_manager"))
    assert as_manager.json()["data"]["court_refusal_reasons"].startswith("The grandmother")

    walk.complete("respond_to_custody_refusal", actor="case.manager", refusal_response="appeal")
    assert walk.ready() == ["record_court_decision"], "the appeal's decision is awaited"
    walk.complete(
        "record_court_decision",
        actor="court.clerk",
        court_decision="refused",
        court_refusal_reasons="Appeal dismissed.",
    )
    walk.complete(
        "respond_to_custody_refusal", actor="case.manager", refusal_response="another_placement"
    )
    assert walk.ready() == ["propose_long_term_solution"]
    assert_replays(engine, walk.id)


def test_the_court_outbox_lists_a_petition_only_once_it_is_filed(
    walk: CaseWalk, client: TestClient
) -> None:
    shelter_at_once(walk)
    assert walk.documents("custody_petition"), "the petition is generated"
    outbox = client.get("/api/court/outbox", headers=walk.headers("court.clerk")).json()
    assert outbox == [], "not filed yet: nothing for the court"
    walk.complete("file_custody_petition", actor="sss.officer")
    outbox = client.get("/api/court/outbox", headers=walk.headers("court.clerk")).json()
    assert [entry["case_reference"] for entry in outbox] == [walk.case["reference"]]


# --- immediate placement, and the case manager's change -------------------------------------


def test_the_social_worker_places_at_once_and_the_case_manager_changes_it(
    walk: CaseWalk, client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    walk.complete("record_child_wishes", child_wishes_return=False, family_implicated=False)
    assert walk.ready() == ["place_in_shelter"], "no approval before the child is safe"
    placed_at = clock.now()
    case = walk.complete("place_in_shelter", actor="social.worker")
    where = case["whereabouts"]
    assert where["location"] == "shelter" and where["decided_by"] == "social.worker"
    assert datetime.fromisoformat(where["since"]) == placed_at
    assert where["responsible"] == "social_worker"
    first = where["facility"]
    review = walk.task("review_immediate_placement")
    assert datetime.fromisoformat(review["due_at"]) == placed_at + timedelta(hours=24)

    clock.advance(timedelta(hours=3))
    options = review["form"]["properties"]["facility_id"]["enum"]
    other = next(o for o in options if o != case["data"]["facility_id"])
    case = walk.complete(
        "review_immediate_placement",
        actor="case.manager",
        immediate_placement_decision="changed",
        facility_id=other,
        placement_review_notes="Nearer to her school.",
    )
    where = case["whereabouts"]
    assert where["decided_by"] == "case.manager" and where["facility"] != first
    assert datetime.fromisoformat(where["since"]) == placed_at + timedelta(hours=3)
    auditor = client.get(f"/api/cases/{walk.id}", headers=walk.headers("auditor")).json()
    assert auditor["whereabouts"]["facility"] == "[withheld]", "where the child is: Art. 4"
    assert_replays(engine, walk.id)


def test_an_unreviewed_placement_escalates_after_a_day(walk: CaseWalk, client: TestClient) -> None:
    shelter = walk.complete
    shelter("record_child_wishes", child_wishes_return=False, family_implicated=False)
    shelter("place_in_shelter", actor="social.worker")
    advance(client, walk, "PT25H")
    tasks = tasks_by_name(walk)
    assert set(tasks) == {"review_immediate_placement", "escalate_placement_review"}
    assert tasks["escalate_placement_review"]["role"] == "supervisor"


# --- D.4: searching for the parents -------------------------------------------------------------


def test_d4_search_attempts_reminders_and_the_guardianship_petition_after_30_days(
    walk: CaseWalk, client: TestClient, engine: NrmEngine
) -> None:
    walk.complete("record_child_wishes", child_wishes_return=True, family_implicated=False)
    walk.complete(
        "contact_parents", parents_reachable=False, guardian_agreement="cannot_be_obtained"
    )
    case = walk.complete("place_in_shelter", actor="social.worker")
    assert case["whereabouts"]["responsible"] == "social_worker", "Annex 1 D.4"
    walk.complete(
        "review_immediate_placement", actor="case.manager", immediate_placement_decision="approved"
    )
    assert walk.ready() == ["record_search_attempt"]
    for means in ("phone", "local_authorities"):
        walk.complete(
            "record_search_attempt",
            actor="social.worker",
            search_means=means,
            search_result="not_found",
        )
    assert [a["means"] for a in walk.refresh()["data"]["search_attempts"]] == [
        "phone",
        "local_authorities",
    ]

    advance(client, walk, "P8D")
    tasks = tasks_by_name(walk)
    assert set(tasks) == {"record_search_attempt", "remind_parent_search"}
    assert tasks["remind_parent_search"]["role"] == "case_manager"
    walk.complete("remind_parent_search", actor="case.manager")

    advance(client, walk, "P23D")
    tasks = tasks_by_name(walk)
    assert "petition_for_guardianship" in tasks and "record_search_attempt" not in tasks
    # The reminders the weeks without an attempt sent stay with the case manager until handled.
    assert tasks["remind_parent_search"]["role"] == "case_manager"
    assert tasks["petition_for_guardianship"]["role"] == "case_manager"
    assert [d["language"] for d in walk.documents("guardianship_petition")] == ["sq", "en"]
    walk.complete("petition_for_guardianship", actor="case.manager")
    assert "propose_long_term_solution" in walk.ready()
    outbox = client.get("/api/court/outbox", headers=walk.headers("court.clerk")).json()
    assert [d["kind"] for d in outbox[0]["documents"]] == ["guardianship_petition"] * 2
    assert_replays(engine, walk.id)


def test_d4_parents_found_continue_as_d2(walk: CaseWalk, engine: NrmEngine) -> None:
    walk.complete("record_child_wishes", child_wishes_return=True, family_implicated=False)
    walk.complete(
        "contact_parents", parents_reachable=False, guardian_agreement="cannot_be_obtained"
    )
    walk.complete("place_in_shelter", actor="social.worker")
    walk.complete(
        "review_immediate_placement", actor="case.manager", immediate_placement_decision="approved"
    )
    walk.complete(
        "record_search_attempt",
        actor="social.worker",
        search_result="found",
        guardian_agreement="agreed",
    )
    case = walk.refresh()
    assert case["data"]["parents_reachable"] is True and case["data"]["placement"] == "family"
    assert walk.ready() == ["approve_placement"]
    assert case["whereabouts"]["location"] == "shelter", "a proposal is not a move"
    walk.complete("approve_placement", actor="case.manager", placement_approved=True)
    return_home(walk)
    assert walk.refresh()["whereabouts"]["location"] == "family"
    visit(walk)
    assert close_case(walk)["status"] == "completed"
    assert_replays(engine, walk.id)

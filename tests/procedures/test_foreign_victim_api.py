"""foreign_victim walked through the JSON API: services at once and an interview the victim may
decline (Art. 4, 5.A.10), interpreters (Annex 1 IV.a), the reflection period as a timer over case
data that the victim may end early, the permit and its expiry (Art. 5.A.9), withdrawal at any
point, assisted repatriation (DRRA guidance, foreign victims) and, for a child, the protections of
Annex 1 D and the child strategy principles, with no dead end."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from engine.nrm_engine import NrmEngine
from tests.support.auth import ELBASAN_COURT
from tests.support.procedure_data import FOREIGN_VICTIM_INTAKE, assert_replays
from tests.support.walks import CaseWalk

CHILD_INTAKE: dict[str, Any] = {**FOREIGN_VICTIM_INTAKE, "date_of_birth": "2010-06-30"}


@pytest.fixture
def walk(client: TestClient, clock: ManualClock) -> CaseWalk:
    return CaseWalk(client, clock, FOREIGN_VICTIM_INTAKE, process="foreign_victim")


@pytest.fixture
def child(client: TestClient, clock: ManualClock) -> CaseWalk:
    return CaseWalk(client, clock, CHILD_INTAKE, process="foreign_victim")


def move_clock(client: TestClient, walk: CaseWalk, duration: str) -> list[int]:
    moved = client.post(
        "/api/admin/clock", json={"advance": duration}, headers=walk.headers("admin")
    )
    assert moved.status_code == 200, moved.text
    return moved.json()["advanced_cases"]


def safeguards(walk: CaseWalk) -> None:
    """Art. 5.A.10: interview (with an interpreter), pre-screening and social services."""
    walk.complete(
        "police_interview",
        consents_to_interview=True,
        interviewing_authority="police",
        social_worker_present=True,
        common_language=False,
        interpreter_present=True,
        interpreter_language="Ukrainian",
    )
    walk.complete("pre_screening")
    assert walk.task("social_services")["role"] == "social_worker"
    walk.complete(
        "social_services", accepts_assistance=True, accommodation="national_reception_centre"
    )


def reflection_timer(walk: CaseWalk) -> dict[str, Any]:
    [timer] = [t for t in walk.refresh()["timers"] if t["name"] == "timer_reflection_period"]
    return timer


def child_wishes_return(child: CaseWalk) -> None:
    child.complete(
        "record_return_wish",
        wishes_to_return=True,
        wishes_safety_assessment=False,
        inform_origin_authorities=False,
    )
    child.complete("call_return_meeting")


def test_services_start_at_once_and_the_interview_may_be_declined(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    walk.complete("report_and_refer")
    assert walk.case["data"]["is_child"] is False
    assert walk.ready() == ["police_interview", "record_withdrawal", "social_services"], (
        "services start beside the interview, and the victim may leave at any point"
    )
    walk.complete(
        "social_services", accepts_assistance=True, accommodation="national_reception_centre"
    )
    case = walk.complete("police_interview", consents_to_interview=False)
    assert case["data"]["consents_to_interview"] is False
    assert "interview_date" not in case["data"]
    walk.complete("pre_screening", common_language=True)
    assert walk.ready() == ["offer_reflection_period", "record_withdrawal"], (
        "declining the interview changes nothing else (Art. 4)"
    )
    assert_replays(engine, walk.id)


def test_an_interview_without_a_common_language_needs_an_interpreter(walk: CaseWalk) -> None:
    walk.complete("report_and_refer")
    task = walk.task("police_interview")
    response = walk.client.post(
        f"/api/tasks/{task['id']}/complete",
        json={
            "data": {
                "interview_offered_date": "2026-03-02",
                "told_support_not_conditional": True,
                "consents_to_interview": True,
                "interview_date": "2026-03-02",
                "interviewing_authority": "police",
                "same_sex_interviewer_offered": True,
                "social_worker_present": True,
                "common_language": False,
                "interpreter_present": False,
            }
        },
        headers=walk.headers("border_police"),
    )
    assert response.status_code == 422
    errors = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert "Annex 1 IV.a" in errors[("data", "interpreter_present")]
    assert walk.ready() == ["police_interview", "record_withdrawal", "social_services"]


def test_no_return_before_the_reflection_period_ends_then_assisted_repatriation(
    walk: CaseWalk, client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    assert walk.task("report_and_refer")["role"] == "border_police"
    walk.complete("report_and_refer")
    safeguards(walk)
    assert walk.case["data"]["interpreter_language"] == "Ukrainian"
    assert walk.case["data"]["reflection_period_days"] == 30, "the default, set in the diagram"

    offered_at = clock.now()
    walk.complete("offer_reflection_period", wishes_reflection_period=True)
    timer = reflection_timer(walk)
    assert timer["status"] == "pending"
    assert datetime.fromisoformat(timer["due_at"]) == offered_at + timedelta(days=30)
    assert walk.ready() == ["decide_residence_permit", "record_early_return", "record_withdrawal"]
    walk.complete("decide_residence_permit", permit_granted=True, permit_valid_until="2026-09-01")

    assert move_clock(client, walk, "P29D") == []
    assert walk.ready() == ["record_early_return", "record_withdrawal"]
    # SpiffWorkflow fires a timer once its moment has passed: a minute after the 30 days.
    assert move_clock(client, walk, "P1DT1M") == [walk.id]
    assert reflection_timer(walk)["status"] == "fired"
    assert walk.ready() == ["record_denunciation_wish", "record_withdrawal"]

    walk.complete("record_denunciation_wish", wishes_to_denounce=False)
    walk.complete(
        "record_return_wish",
        wishes_to_return=True,
        wishes_safety_assessment=False,
        inform_origin_authorities=True,
    )
    walk.complete("call_return_meeting")
    assert walk.ready() == ["organise_travel", "record_withdrawal"], "an adult who did not ask"
    walk.complete("organise_travel", escort="iom", travel_documents_issued="Passport returned")
    walk.complete("inform_origin_authorities", receives_victim=False)
    assert walk.task("confirm_departure")["role"] == "border_police"
    case = walk.complete("confirm_departure")
    assert case["status"] == "completed" and case["data"]["outcome"] == "repatriated"
    assert walk.ready() == [], "the withdrawal branch ends with the case"
    assert_replays(engine, walk.id)


def test_the_victim_may_ask_to_return_before_the_reflection_period_ends(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    walk.complete("report_and_refer")
    safeguards(walk)
    walk.complete("offer_reflection_period", wishes_reflection_period=True)
    walk.complete("decide_residence_permit", permit_granted=False, permit_refusal_reason="None.")
    assert walk.task("record_early_return")["role"] == "responsible_authority"
    walk.complete("record_early_return")
    assert reflection_timer(walk)["status"] == "cancelled"
    assert walk.ready() == ["record_denunciation_wish", "record_withdrawal"], (
        "the victim's request ends the waiting at once"
    )
    assert_replays(engine, walk.id)


def test_the_reflection_period_length_is_case_data_and_a_refused_permit_does_not_shorten_it(
    walk: CaseWalk, client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    walk.complete("report_and_refer")
    safeguards(walk)
    offered_at = clock.now()
    walk.complete(
        "offer_reflection_period", wishes_reflection_period=True, reflection_period_days=45
    )
    assert walk.case["data"]["reflection_period_days"] == 45
    assert datetime.fromisoformat(reflection_timer(walk)["due_at"]) == offered_at + timedelta(
        days=45
    )
    walk.complete(
        "decide_residence_permit",
        permit_granted=False,
        permit_refusal_reason="Application incomplete.",
    )
    move_clock(client, walk, "P30D")
    assert reflection_timer(walk)["status"] == "pending"
    move_clock(client, walk, "P15DT1M")
    assert walk.ready() == ["record_denunciation_wish", "record_withdrawal"]
    assert_replays(engine, walk.id)


def test_a_reflection_period_shorter_than_30_days_is_refused(walk: CaseWalk) -> None:
    walk.complete("report_and_refer")
    safeguards(walk)
    task = walk.task("offer_reflection_period")
    response = walk.client.post(
        f"/api/tasks/{task['id']}/complete",
        json={
            "data": {
                "reflection_offer_date": "2026-03-02",
                "informed_of_permit_options": True,
                "legal_counsel_offered": True,
                "wishes_reflection_period": True,
                "reflection_period_days": 10,
            }
        },
        headers=walk.headers("responsible_authority"),
    )
    assert response.status_code == 422
    assert ["data", "reflection_period_days"] in [e["loc"] for e in response.json()["detail"]]


def test_the_case_waits_for_the_permit_decision_even_after_the_period(
    walk: CaseWalk, client: TestClient, engine: NrmEngine
) -> None:
    walk.complete("report_and_refer")
    safeguards(walk)
    walk.complete("offer_reflection_period", wishes_reflection_period=True)
    move_clock(client, walk, "P31D")
    assert walk.ready() == ["decide_residence_permit", "record_withdrawal"]
    walk.complete("decide_residence_permit", permit_granted=True, permit_valid_until="2026-12-31")
    assert walk.ready() == ["record_denunciation_wish", "record_withdrawal"]
    assert_replays(engine, walk.id)


def test_the_permit_expiry_is_reminded_and_renewed_then_the_victim_stays(
    walk: CaseWalk, client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    walk.complete("report_and_refer")
    safeguards(walk)
    walk.complete("offer_reflection_period", wishes_reflection_period=True)
    expiry = (clock.now() + timedelta(days=100)).date()
    walk.complete("decide_residence_permit", permit_granted=True, permit_valid_until=str(expiry))
    move_clock(client, walk, "P30DT1M")
    walk.complete("record_denunciation_wish", wishes_to_denounce=False)
    walk.complete("record_return_wish", wishes_to_return=False)
    walk.complete("arrange_stay", stay_reason="criminal_proceedings")
    [reminder] = [t for t in walk.refresh()["timers"] if t["name"] == "timer_permit_reminder"]
    due = datetime.fromisoformat(reminder["due_at"])
    assert due.date() == expiry - timedelta(days=30), "setting permit_expiry_reminder: P30D"
    assert walk.ready() == ["record_withdrawal"] and walk.case["status"] == "open"

    move_clock(client, walk, "P40D")
    assert walk.task("review_residence_permit")["role"] == "responsible_authority"
    renewed = expiry + timedelta(days=180)
    walk.complete(
        "review_residence_permit", permit_review="renewed", permit_valid_until=str(renewed)
    )
    reminders = [t for t in walk.refresh()["timers"] if t["name"] == "timer_permit_reminder"]
    assert [t["status"] for t in reminders] == ["fired", "pending"]
    assert datetime.fromisoformat(reminders[1]["due_at"]).date() == renewed - timedelta(days=30)

    move_clock(client, walk, "P180D")
    case = walk.complete("review_residence_permit", permit_review="stays_on_another_basis")
    assert case["status"] == "completed" and case["data"]["outcome"] == "remains_in_albania"
    assert_replays(engine, walk.id)


def test_an_adult_may_withdraw_at_any_point(walk: CaseWalk, engine: NrmEngine) -> None:
    walk.complete("report_and_refer")
    safeguards(walk)
    walk.complete("offer_reflection_period", wishes_reflection_period=True)
    assert walk.task("record_withdrawal")["role"] == "social_worker"
    case = walk.complete("record_withdrawal", withdrawal_kind="left_the_centre")
    assert case["status"] == "completed" and case["data"]["outcome"] == "left_assistance"
    assert walk.refresh()["tasks"] == []
    assert reflection_timer(walk)["status"] == "cancelled"
    assert_replays(engine, walk.id)


def test_declining_the_period_denouncing_and_staying_in_albania(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    walk.complete("report_and_refer")
    safeguards(walk)
    walk.complete("offer_reflection_period", wishes_reflection_period=False)
    assert walk.case["timers"] == []
    walk.complete("record_denunciation_wish", wishes_to_denounce=True)
    assert walk.task("support_denunciation")["role"] == "border_police"
    walk.complete(
        "support_denunciation",
        authority="prosecutor",
        support_present="lawyer",
        protection_needed=True,
        common_language=True,
    )
    walk.complete("record_return_wish", wishes_to_return=False)
    assert walk.task("arrange_stay")["role"] == "responsible_authority"
    case = walk.complete("arrange_stay", stay_reason="criminal_proceedings")
    assert case["status"] == "completed" and case["data"]["outcome"] == "remains_in_albania"
    assert_replays(engine, walk.id)


def test_the_assessment_is_a_waiting_state_with_reminders_and_a_risk_stops_the_travel(
    walk: CaseWalk, client: TestClient, engine: NrmEngine
) -> None:
    walk.complete("report_and_refer")
    safeguards(walk)
    walk.complete("offer_reflection_period", wishes_reflection_period=False)
    walk.complete("record_denunciation_wish", wishes_to_denounce=False)
    walk.complete(
        "record_return_wish",
        wishes_to_return=True,
        wishes_safety_assessment=True,
        inform_origin_authorities=False,
    )
    walk.complete("call_return_meeting")
    walk.complete("request_safety_assessment")
    assert walk.ready() == ["receive_safety_assessment", "record_withdrawal"], "it waits"
    move_clock(client, walk, "P14DT1M")
    assert walk.ready() == [
        "chase_safety_assessment", "receive_safety_assessment", "record_withdrawal",
    ]  # fmt: skip
    walk.complete("chase_safety_assessment")
    walk.complete("receive_safety_assessment", risk_on_return=True)
    assert walk.ready() == ["record_return_wish", "record_withdrawal"], "no travel after a risk"
    walk.complete("record_return_wish", wishes_to_return=False)
    case = walk.complete("arrange_stay", stay_reason="victim_does_not_wish_to_return")
    assert case["data"]["outcome"] == "remains_in_albania"
    assert_replays(engine, walk.id)


def protect_child(child: CaseWalk, **custody: Any) -> None:
    """Annex 1 D, Art. 5.B.4, 5.B.12: a child with no parent in Albania gets a case manager, an
    interview with a legal advocate and an interpreter, and a custody petition the court decides
    (granted unless `custody` says otherwise); the reflection period and denunciation follow."""
    child.complete("report_and_refer")
    assert child.case["data"]["is_child"] is True
    assert child.task("appoint_case_manager")["role"] == "state_social_services"
    child.complete(
        "appoint_case_manager", case_manager="case.manager", parent_or_guardian_present=False
    )
    child.complete(
        "police_interview",
        consents_to_interview=True,
        interviewing_authority="police",
        social_worker_present=True,
        legal_advocate_present=True,
        common_language=False,
        interpreter_present=True,
        interpreter_language="Romanian",
    )
    child.complete("pre_screening")
    assert child.task("file_custody_petition")["role"] == "state_social_services"
    child.complete("file_custody_petition", custody_court=ELBASAN_COURT)
    assert child.task("record_custody_decision")["role"] == "case_manager"
    child.complete(
        "record_custody_decision",
        actor="case.manager",
        **(custody or {"custody_decision": "granted", "custody_holder": "SSS Elbasan"}),
    )
    if custody:
        return
    child.complete("social_services", accepts_assistance=True, accommodation="other_centre")
    child.complete("offer_reflection_period", wishes_reflection_period=False)
    child.complete("record_denunciation_wish", wishes_to_denounce=False)


def child_to_travel(child: CaseWalk) -> None:
    protect_child(child)
    child_wishes_return(child)
    assert child.ready() == ["record_withdrawal", "request_safety_assessment"], (
        "always assessed for a child"
    )
    child.complete("request_safety_assessment")
    child.complete("receive_safety_assessment", risk_on_return=False)
    assert child.task("approve_child_return")["role"] == "case_manager"
    child.complete("approve_child_return", actor="case.manager", return_approved=True)
    child.complete(
        "organise_travel", escort="social_worker", travel_documents_issued="Laissez-passer"
    )
    assert "inform_origin_authorities" in child.ready(), "a child's return is always handed over"


def urgent_decision(child: CaseWalk) -> dict[str, Any]:
    """The case manager's decision, due within setting unsafe_child_decision_deadline (PT24H)."""
    task = child.task("decide_foreign_child")
    assert task["role"] == "case_manager"
    assert datetime.fromisoformat(task["due_at"]) == child.clock.now() + timedelta(hours=24)
    return task


def test_a_foreign_child_is_protected_assessed_and_received_by_child_protection(
    child: CaseWalk, engine: NrmEngine
) -> None:
    child_to_travel(child)
    child.complete(
        "inform_origin_authorities",
        origin_authority_kind="child_protection",
        receives_victim=True,
        receiving_officer="Child protection officer, Chisinau",
    )
    child.complete("confirm_departure")
    assert child.case["status"] == "open", "a child's case ends only through its closing"
    assert child.task("close_child_case")["role"] == "case_manager"
    case = child.complete(
        "close_child_case",
        actor="case.manager",
        child_situation="received_by_origin_child_protection",
        child_safe_and_in_care=True,
    )
    assert case["status"] == "completed" and case["data"]["outcome"] == "repatriated"
    assert_replays(engine, child.id)


def test_a_child_the_counterpart_will_not_receive_does_not_travel(
    child: CaseWalk, engine: NrmEngine
) -> None:
    child_to_travel(child)
    child.complete(
        "inform_origin_authorities", origin_authority_kind="anti_trafficking", receives_victim=True
    )
    urgent_decision(child)
    assert "confirm_departure" not in child.ready()
    child.complete(
        "decide_foreign_child", actor="case.manager", foreign_child_decision="hear_child_again"
    )
    assert child.ready() == ["record_return_wish", "record_withdrawal"]
    assert_replays(engine, child.id)


def test_a_risk_for_a_child_reaches_the_case_manager_who_keeps_the_child_in_albania(
    child: CaseWalk, client: TestClient, engine: NrmEngine
) -> None:
    protect_child(child)
    child_wishes_return(child)
    child.complete("request_safety_assessment")
    child.complete("receive_safety_assessment", risk_on_return=True)
    urgent_decision(child)
    move_clock(client, child, "PT24H1M")
    assert child.task("escalate_foreign_child")["role"] == "supervisor"
    child.complete("escalate_foreign_child")
    child.complete(
        "decide_foreign_child", actor="case.manager", foreign_child_decision="stay_in_albania"
    )
    child.complete("arrange_stay", stay_reason="other")
    child.complete(
        "close_child_case",
        actor="case.manager",
        child_situation="placed_in_albania",
        child_safe_and_in_care=False,
    )
    urgent_decision(child)
    child.complete(
        "decide_foreign_child", actor="case.manager", foreign_child_decision="stay_in_albania"
    )
    child.complete("arrange_stay", stay_reason="other")
    case = child.complete(
        "close_child_case",
        actor="case.manager",
        child_situation="placed_in_albania",
        child_safe_and_in_care=True,
    )
    assert case["status"] == "completed" and case["data"]["outcome"] == "remains_in_albania"
    assert_replays(engine, child.id)


def test_a_return_the_case_manager_does_not_approve_reaches_the_decision(
    child: CaseWalk, engine: NrmEngine
) -> None:
    protect_child(child)
    child_wishes_return(child)
    child.complete("request_safety_assessment")
    child.complete("receive_safety_assessment", risk_on_return=False)
    child.complete("approve_child_return", actor="case.manager", return_approved=False)
    urgent_decision(child)
    child.complete(
        "decide_foreign_child", actor="case.manager", foreign_child_decision="new_assessment"
    )
    assert child.ready() == ["record_withdrawal", "request_safety_assessment"]
    assert_replays(engine, child.id)


def test_a_refused_custody_petition_reaches_the_case_manager_with_a_deadline(
    child: CaseWalk, engine: NrmEngine
) -> None:
    protect_child(
        child, custody_decision="refused", custody_refusal_reasons="The petition lacked the facts."
    )
    task = child.task("respond_to_custody_refusal")
    assert task["role"] == "case_manager"
    assert datetime.fromisoformat(task["due_at"]) == child.clock.now() + timedelta(hours=24)
    child.complete(
        "respond_to_custody_refusal", actor="case.manager", custody_refusal_response="new_petition"
    )
    child.complete("file_custody_petition", custody_court=ELBASAN_COURT)
    child.complete(
        "record_custody_decision",
        actor="case.manager",
        custody_decision="granted",
        custody_holder="SSS Elbasan",
    )
    assert "offer_reflection_period" not in child.ready(), "services still to be recorded"
    child.complete("social_services", accepts_assistance=True, accommodation="other_centre")
    assert "offer_reflection_period" in child.ready()
    assert_replays(engine, child.id)


def test_a_child_with_a_parent_who_can_act_needs_no_custody_petition(
    child: CaseWalk,
) -> None:
    child.complete("report_and_refer")
    child.complete(
        "appoint_case_manager",
        case_manager="case.manager",
        parent_or_guardian_present=True,
        guardian_implicated=False,
    )
    child.complete("police_interview", consents_to_interview=False)
    child.complete("pre_screening")
    assert child.ready() == ["record_withdrawal", "social_services"]


def test_a_child_who_leaves_care_is_followed_until_back_in_care(
    child: CaseWalk, engine: NrmEngine
) -> None:
    child.complete("report_and_refer")
    case = child.complete("record_withdrawal", withdrawal_kind="whereabouts_unknown")
    assert case["status"] == "open" and "outcome" not in case["data"]
    task = child.task("respond_to_child_leaving")
    assert task["role"] == "state_social_services", "also before a case manager is appointed"
    assert datetime.fromisoformat(task["due_at"]) == child.clock.now() + timedelta(hours=24)
    child.complete(
        "respond_to_child_leaving",
        child_back_in_care=False,
        police_notified=True,
    )
    assert "respond_to_child_leaving" in child.ready(), "it comes back until the child is found"
    child.complete("respond_to_child_leaving", child_back_in_care=True)
    assert "record_withdrawal" in child.ready()
    assert_replays(engine, child.id)


def test_a_foreign_person_presumed_a_child_is_protected_as_one_whatever_the_estimate(
    client: TestClient, clock: ManualClock
) -> None:
    intake = {**FOREIGN_VICTIM_INTAKE, "date_of_birth": "2001-01-01", "age_presumed": True}
    walk = CaseWalk(client, clock, intake, process="foreign_victim")
    walk.complete("report_and_refer")
    assert walk.case["data"]["is_child"] is True, "Council of Europe Convention, Art. 10.3"
    assert walk.task("appoint_case_manager")["role"] == "state_social_services"

"""foreign_victim walked through the JSON API: the safeguards of Art. 5.A.10 before any return,
the reflection period as a timer over case data, the permit, an optional denunciation, assisted
repatriation (DRRA guidance, foreign victims) and the child protections."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from engine.nrm_engine import NrmEngine
from tests.support.procedure_data import FOREIGN_VICTIM_INTAKE, assert_replays
from tests.support.walks import CaseWalk


@pytest.fixture
def walk(client: TestClient, clock: ManualClock) -> CaseWalk:
    return CaseWalk(client, clock, FOREIGN_VICTIM_INTAKE, process="foreign_victim")


def move_clock(client: TestClient, walk: CaseWalk, duration: str) -> list[int]:
    moved = client.post(
        "/api/admin/clock", json={"advance": duration}, headers=walk.headers("admin")
    )
    assert moved.status_code == 200, moved.text
    return moved.json()["advanced_cases"]


def safeguards(walk: CaseWalk) -> None:
    """Art. 5.A.10: interview, pre-screening and access to social services."""
    walk.complete(
        "police_interview",
        interviewing_authority="police",
        social_worker_present=True,
        interpreter_present=True,
    )
    walk.complete("pre_screening")
    assert walk.task("social_services")["role"] == "social_worker"
    walk.complete(
        "social_services", accepts_assistance=True, accommodation="national_reception_centre"
    )


def test_no_return_before_the_reflection_period_ends_then_assisted_repatriation(
    walk: CaseWalk, client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    assert walk.task("report_and_refer")["role"] == "border_police"
    walk.complete("report_and_refer")
    assert walk.case["data"]["is_child"] is False
    assert walk.ready() == ["police_interview"], "an adult gets no case manager"
    safeguards(walk)
    assert walk.case["data"]["reflection_period_days"] == 30, "the default, set in the diagram"

    offered_at = clock.now()
    walk.complete("offer_reflection_period", wishes_reflection_period=True)
    [timer] = walk.case["timers"]
    assert (timer["name"], timer["status"]) == ("timer_reflection_period", "pending")
    assert datetime.fromisoformat(timer["due_at"]) == offered_at + timedelta(days=30)
    assert walk.ready() == ["decide_residence_permit"]
    walk.complete("decide_residence_permit", permit_granted=True, permit_valid_until="2026-09-01")

    assert walk.ready() == [], "nothing leads to a return while the period runs"
    assert move_clock(client, walk, "P29D") == []
    assert walk.ready() == [] and walk.refresh()["status"] == "open"
    # SpiffWorkflow fires a timer once its moment has passed: a minute after the 30 days.
    assert move_clock(client, walk, "P1DT1M") == [walk.id]
    assert [(t["name"], t["status"]) for t in walk.refresh()["timers"]] == [
        ("timer_reflection_period", "fired")
    ]
    assert walk.ready() == ["record_denunciation_wish"]

    walk.complete("record_denunciation_wish", wishes_to_denounce=False)
    walk.complete(
        "record_return_wish",
        wishes_to_return=True,
        wishes_safety_assessment=False,
        inform_origin_authorities=True,
    )
    walk.complete("call_return_meeting")
    assert walk.ready() == ["organise_travel"], "an adult who did not ask: no assessment"
    walk.complete("organise_travel", escort="iom")
    walk.complete("inform_origin_authorities", receives_victim=True)
    assert walk.task("confirm_departure")["role"] == "border_police"
    case = walk.complete("confirm_departure")
    assert case["status"] == "completed" and case["data"]["outcome"] == "repatriated"
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
    due = datetime.fromisoformat(walk.case["timers"][0]["due_at"])
    assert due == offered_at + timedelta(days=45)
    walk.complete(
        "decide_residence_permit",
        permit_granted=False,
        permit_refusal_reason="Application incomplete.",
    )

    move_clock(client, walk, "P30D")
    assert walk.ready() == [] and walk.case["timers"][0]["status"] == "pending"
    move_clock(client, walk, "P15DT1M")
    assert walk.ready() == ["record_denunciation_wish"]
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
    assert walk.ready() == ["decide_residence_permit"]
    walk.complete("decide_residence_permit", permit_granted=True, permit_valid_until="2026-12-31")
    assert walk.ready() == ["record_denunciation_wish"]
    assert_replays(engine, walk.id)


def test_declining_the_period_denouncing_and_staying_in_albania(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    walk.complete("report_and_refer")
    safeguards(walk)
    walk.complete("offer_reflection_period", wishes_reflection_period=False)
    assert walk.case["timers"] == []
    assert walk.ready() == ["record_denunciation_wish"]
    walk.complete("record_denunciation_wish", wishes_to_denounce=True)
    assert walk.task("support_denunciation")["role"] == "border_police"
    walk.complete(
        "support_denunciation",
        authority="prosecutor",
        support_present="lawyer",
        protection_needed=True,
    )
    walk.complete("record_return_wish", wishes_to_return=False)
    assert walk.task("arrange_stay")["role"] == "responsible_authority"
    case = walk.complete("arrange_stay", stay_reason="criminal_proceedings")
    assert case["status"] == "completed" and case["data"]["outcome"] == "remains_in_albania"
    assert_replays(engine, walk.id)


def test_a_risk_on_return_stops_the_travel_and_the_victim_decides_again(
    walk: CaseWalk, engine: NrmEngine
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
    walk.complete("request_safety_assessment", risk_on_return=True)
    assert walk.ready() == ["record_return_wish"], "no travel after a risk is found"
    walk.complete("record_return_wish", wishes_to_return=False)
    case = walk.complete("arrange_stay", stay_reason="victim_does_not_wish_to_return")
    assert case["data"]["outcome"] == "remains_in_albania"
    assert_replays(engine, walk.id)


def test_a_foreign_child_gets_a_case_manager_an_assessment_and_an_approved_return(
    client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    intake = {**FOREIGN_VICTIM_INTAKE, "date_of_birth": "2010-06-30"}
    walk = CaseWalk(client, clock, intake, process="foreign_victim")
    walk.complete("report_and_refer")
    assert walk.case["data"]["is_child"] is True
    assert walk.task("appoint_case_manager")["role"] == "state_social_services"
    walk.complete("appoint_case_manager", case_manager="case.manager")
    safeguards(walk)
    walk.complete("offer_reflection_period", wishes_reflection_period=False)
    walk.complete("record_denunciation_wish", wishes_to_denounce=False)
    walk.complete(
        "record_return_wish",
        wishes_to_return=True,
        wishes_safety_assessment=False,
        inform_origin_authorities=False,
    )
    walk.complete("call_return_meeting")
    assert walk.ready() == ["request_safety_assessment"], "always assessed for a child"
    walk.complete("request_safety_assessment", risk_on_return=False)
    assert walk.task("approve_child_return")["role"] == "case_manager"
    walk.complete("approve_child_return", actor="case.manager", return_approved=False)
    assert walk.ready() == ["record_return_wish"], "not approved: the child is heard again"

    walk.complete(
        "record_return_wish",
        wishes_to_return=True,
        wishes_safety_assessment=True,
        inform_origin_authorities=False,
    )
    walk.complete("call_return_meeting")
    walk.complete("request_safety_assessment", risk_on_return=False)
    walk.complete("approve_child_return", actor="case.manager", return_approved=True)
    walk.complete("organise_travel", escort="social_worker")
    assert walk.ready() == ["confirm_departure"], "authorities of origin not informed"
    case = walk.complete("confirm_departure")
    assert case["data"]["outcome"] == "repatriated"
    assert_replays(engine, walk.id)


def test_a_foreign_person_presumed_a_child_is_protected_as_one_whatever_the_estimate(
    client: TestClient, clock: ManualClock
) -> None:
    intake = {**FOREIGN_VICTIM_INTAKE, "date_of_birth": "2001-01-01", "age_presumed": True}
    walk = CaseWalk(client, clock, intake, process="foreign_victim")
    walk.complete("report_and_refer")
    assert walk.case["data"]["is_child"] is True, "Council of Europe Convention, Art. 10.3"
    assert walk.task("appoint_case_manager")["role"] == "state_social_services"

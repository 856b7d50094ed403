"""drra_return walked through the JSON API: the consular flow for an Albanian presumed victim
abroad, and the hand-off on return: DRRA → screening → child_return or adult_referral, each a
case linked both ways to the one that opened it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from engine.nrm_engine import NrmEngine
from tests.support.auth import sign_in
from tests.support.procedure_data import (
    CHILD_CONSENT,
    CONSENT,
    DRRA_INTAKE,
    INDICATOR_A,
    INDICATOR_B,
    INDICATOR_C,
    assert_replays,
    questionnaire,
)
from tests.support.walks import CaseWalk


@pytest.fixture
def walk(client: TestClient, clock: ManualClock) -> CaseWalk:
    return CaseWalk(client, clock, DRRA_INTAKE, process="drra_return", starter="drra.officer")


def inform(walk: CaseWalk, wishes_to_return: bool) -> None:
    assert walk.task("notify_responsible_authority")["role"] == "drra_officer"
    walk.complete("notify_responsible_authority", notification_method="phone")
    walk.complete("assess_needs", needs_and_expectations="Safety, medical care, to see her mother.")
    walk.complete("inform_of_options", wishes_to_return=wishes_to_return)


def arrange_return(walk: CaseWalk) -> None:
    inform(walk, wishes_to_return=True)
    assert walk.task("plan_return")["role"] == "responsible_authority"
    walk.complete("plan_return", arrival_point="Rinas airport", family_tracing_requested=True)
    walk.complete(
        "arrange_safe_accommodation",
        accommodation_type="ngo_shelter",
        accommodation_name="Casa Rifugio, Bari",
    )


def test_a_person_who_wishes_to_remain_is_helped_in_the_host_country(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    inform(walk, wishes_to_return=False)
    assert walk.ready() == ["contact_host_agencies"]
    case = walk.complete("contact_host_agencies", identification_facilitated=True)
    assert case["status"] == "completed"
    assert case["data"]["outcome"] == "remains_in_host_country"
    assert case["links"] == []
    assert_replays(engine, walk.id)


def test_a_person_may_change_their_mind_before_travel(walk: CaseWalk, engine: NrmEngine) -> None:
    arrange_return(walk)
    walk.complete("confirm_return", wishes_to_return=False)
    assert walk.ready() == ["contact_host_agencies"]
    case = walk.complete("contact_host_agencies", identification_facilitated=False)
    assert case["data"]["outcome"] == "remains_in_host_country" and case["links"] == []
    assert_replays(engine, walk.id)


def test_a_returned_child_goes_through_screening_into_child_return_with_the_history(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    arrange_return(walk)
    case = walk.complete("confirm_return", wishes_to_return=True, return_date="2026-03-05")
    assert case["status"] == "completed" and case["data"]["outcome"] == "returned"

    screening = walk.linked("screening")
    data = screening.case["data"]
    assert data["report_source"] == "drra" and data["report_date"] == "2026-03-05"
    assert data["reported_by"] == DRRA_INTAKE["drra_office"]
    assert data["albanian_citizen"] is True and data["home_region"] == "Elbasan"
    history = data["referral_history"]
    assert "Italy" in history and "Rinas airport" in history and "her mother" in history
    assert screening.ready() == ["record_consent"]

    screening.complete("record_consent", **CHILD_CONSENT)
    screening.complete(
        "questionnaire",
        **questionnaire(INDICATOR_A, INDICATOR_C, born=DRRA_INTAKE["date_of_birth"]),
    )
    screening.complete(
        "appoint_case_manager",
        case_manager="case.manager",
        family_home_region="Elbasan",
        court="Gjykata e Rrethit Gjyqësor Elbasan",
    )

    child = screening.linked("child_return")
    assert child.case["data"]["child_name"] == DRRA_INTAKE["person_name"]
    assert child.ready() == ["record_child_wishes"]
    # Each case shows its neighbours: DRRA ← screening → child_return.
    assert [(x["process"], x["relation"]) for x in walk.refresh()["links"]] == [
        ("screening", "started")
    ]
    assert [(x["process"], x["relation"]) for x in screening.refresh()["links"]] == [
        ("drra_return", "started_from"),
        ("child_return", "started"),
    ]
    assert [(x["case_id"], x["relation"]) for x in child.case["links"]] == [
        (screening.id, "started_from")
    ]
    for case_id in (walk.id, screening.id, child.id):
        assert_replays(engine, case_id)
    # …and so does the case page.
    sign_in(walk.client, "supervisor")
    page = walk.client.get(f"/cases/{screening.id}").text
    assert "Linked cases" in page
    assert walk.case["reference"] in page and child.case["reference"] in page


def test_a_returned_adult_goes_through_screening_into_adult_referral(
    client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    walk = CaseWalk(
        client,
        clock,
        {**DRRA_INTAKE, "date_of_birth": "1996-02-14"},
        process="drra_return",
        starter="drra.officer",
    )
    arrange_return(walk)
    walk.complete("confirm_return", wishes_to_return=True, return_date="2026-03-05")

    screening = walk.linked("screening")
    screening.complete("record_consent", **CONSENT)
    screening.complete(
        "questionnaire",
        **questionnaire(INDICATOR_A, INDICATOR_B, INDICATOR_C, born="1996-02-14"),
    )
    adult = screening.linked("adult_referral")
    assert adult.case["data"]["person_name"] == DRRA_INTAKE["person_name"]
    assert adult.ready() == ["offer_assistance"]
    assert_replays(engine, screening.id)

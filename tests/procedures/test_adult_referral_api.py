"""adult_referral walked through the JSON API: voluntary assistance (Art. 4), accommodation
(Art. 5.B.6-7), an optional complaint, family reunification only when both agree (Art. 5.B.10),
reintegration (Art. 5.B.11), and leaving or refusing at any time."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from engine.nrm_engine import NrmEngine
from tests.support.procedure_data import ADULT_REFERRAL_INTAKE, assert_replays
from tests.support.walks import CaseWalk

WITHDRAWAL = "record_withdrawal"


@pytest.fixture
def walk(client: TestClient, clock: ManualClock) -> CaseWalk:
    return CaseWalk(
        client, clock, ADULT_REFERRAL_INTAKE, process="adult_referral", starter="social.worker"
    )


def accept(walk: CaseWalk) -> None:
    walk.complete("offer_assistance", accepts_assistance=True)
    assert walk.ready() == ["record_withdrawal", "refer_and_accommodate"]


def task_names(client: TestClient, walk: CaseWalk) -> list[str]:
    events = client.get(f"/api/cases/{walk.id}/events", headers=walk.headers("supervisor"))
    return [e["task_name"] for e in events.json() if e["type"] == "task_completed"]


def test_declining_assistance_closes_the_case_and_the_person_is_free_to_go(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    assert walk.ready() == ["offer_assistance"]
    assert walk.task("offer_assistance")["role"] == "social_worker"
    case = walk.complete("offer_assistance", accepts_assistance=False)
    assert case["status"] == "completed"
    assert case["data"]["outcome"] == "assistance_declined"
    assert "Art. 4" in case["data"]["closing_reason"]
    assert_replays(engine, walk.id)


def test_centre_complaint_family_return_and_reintegration(
    walk: CaseWalk, client: TestClient, engine: NrmEngine
) -> None:
    accept(walk)
    assert walk.task("refer_and_accommodate")["role"] == "responsible_authority"
    walk.complete(
        "refer_and_accommodate",
        accommodation="national_reception_centre",
        accommodation_reason="judicial_proceedings_in_tirana",
    )
    assert walk.ready() == ["admit_to_centre", WITHDRAWAL]
    walk.complete("admit_to_centre", centre_name="Qendra Kombëtare e Pritjes")
    walk.complete("offer_complaint", wishes_to_denounce=True)
    assert walk.task("register_complaint")["role"] == "border_police"
    walk.complete("register_complaint", support_present="lawyer", protection_needed=False)
    walk.complete("ask_family_reunification", wishes_family_reunification=True)
    walk.complete("assess_family_reunification", victim_agrees=True, family_agrees=True)
    walk.complete("reunite_with_family", transport="centre_vehicle")
    assert walk.ready() == [WITHDRAWAL, "reintegration_services"]
    case = walk.complete("reintegration_services", services=["vocational_training", "housing"])

    assert case["status"] == "completed" and case["tasks"] == []
    assert case["data"]["outcome"] == "reintegration_services"
    assert WITHDRAWAL not in task_names(client, walk)
    assert_replays(engine, walk.id)


def test_no_accommodation_and_no_complaint_lead_to_the_same_help(
    walk: CaseWalk, client: TestClient, engine: NrmEngine
) -> None:
    accept(walk)
    walk.complete(
        "refer_and_accommodate",
        accommodation="no_accommodation",
        accommodation_reason="person_declines_accommodation",
    )
    assert walk.ready() == ["offer_complaint", WITHDRAWAL], "no admission without accommodation"
    walk.complete("offer_complaint", wishes_to_denounce=False)
    assert walk.ready() == ["ask_family_reunification", WITHDRAWAL], "help is not conditional"
    walk.complete("ask_family_reunification", wishes_family_reunification=False)
    assert walk.ready() == [WITHDRAWAL, "reintegration_services"]
    case = walk.complete("reintegration_services", services=["counselling"])

    assert case["data"]["outcome"] == "reintegration_services"
    names = task_names(client, walk)
    assert "register_complaint" not in names and "assess_family_reunification" not in names
    assert_replays(engine, walk.id)


@pytest.mark.parametrize(("victim", "family"), [(True, False), (False, True)])
def test_no_return_to_the_family_unless_both_agree(
    walk: CaseWalk, engine: NrmEngine, victim: bool, family: bool
) -> None:
    accept(walk)
    walk.complete(
        "refer_and_accommodate",
        accommodation="other_centre",
        accommodation_reason="closer_to_family",
    )
    walk.complete("admit_to_centre", centre_name="Qendra Tjetër Vizion")
    walk.complete("offer_complaint", wishes_to_denounce=False)
    walk.complete("ask_family_reunification", wishes_family_reunification=True)
    assert walk.task("assess_family_reunification")["role"] == "responsible_authority"
    walk.complete("assess_family_reunification", victim_agrees=victim, family_agrees=family)
    assert walk.ready() == [WITHDRAWAL, "reintegration_services"]
    assert walk.complete("reintegration_services")["status"] == "completed"
    assert_replays(engine, walk.id)


def test_leaving_the_centre_closes_the_case_whatever_is_open(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    accept(walk)
    walk.complete(
        "refer_and_accommodate",
        accommodation="national_reception_centre",
        accommodation_reason="longer_term_reintegration",
    )
    walk.complete("admit_to_centre", centre_name="Qendra Kombëtare e Pritjes")
    assert walk.ready() == ["offer_complaint", WITHDRAWAL]

    case = walk.complete(WITHDRAWAL, withdrawal_kind="left_the_centre")
    assert case["status"] == "completed" and case["tasks"] == []
    assert case["data"]["outcome"] == "left_assistance"
    assert_replays(engine, walk.id)


def test_refusing_further_services_right_after_accepting_is_allowed(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    accept(walk)
    case = walk.complete(WITHDRAWAL, withdrawal_kind="refused_further_services")
    assert case["status"] == "completed" and case["tasks"] == []
    assert case["data"]["outcome"] == "left_assistance"
    assert_replays(engine, walk.id)

"""drra_return walked through the JSON API: the consular flow for an Albanian presumed victim
abroad (a child's assisted voluntary return with a case manager, the parent's agreement and the
Art. 5.B.9 assessment; the family traced; documents issued), a return announced in advance by
foreign counterparts, and the hand-off on return: received at the border by the team of the
crossing point, DRRA → screening → child_return or adult_referral, each case linked both ways."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from lxml import etree

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
from tests.support.setup import FORMS_DIR, PROCESSES_DIR
from tests.support.walks import CaseWalk

ADULT_INTAKE = {**DRRA_INTAKE, "date_of_birth": "1996-02-14"}
# Qafë Thanë is in Korçë county: its border police and State Social Services receive the person.
ARRIVAL = "qafe_thane"
RECEIVING = {"border_police": "border.officer.korce", "state_social_services": "sss.officer.korce"}
KORCE_SUPERVISOR = "supervisor.korce"


@pytest.fixture
def walk(client: TestClient, clock: ManualClock) -> CaseWalk:
    return CaseWalk(client, clock, DRRA_INTAKE, process="drra_return", starter="drra.officer")


@pytest.fixture
def adult(client: TestClient, clock: ManualClock) -> CaseWalk:
    return CaseWalk(client, clock, ADULT_INTAKE, process="drra_return", starter="drra.officer")


def today(walk: CaseWalk) -> str:
    """The return and the arrival are recorded on the day they happen (never in the future)."""
    return str(walk.clock.now().date())


def inform(walk: CaseWalk, wishes_to_return: bool) -> None:
    assert walk.task("notify_responsible_authority")["role"] == "drra_officer"
    walk.complete("notify_responsible_authority", notification_method="phone")
    walk.complete("assess_needs", needs_and_expectations="Safety, medical care, to see her mother.")
    walk.complete("inform_of_options", wishes_to_return=wishes_to_return)


def approve_child_return(walk: CaseWalk, approved: bool = True) -> None:
    """Art. 5.B.4, 5.B.9, 5.D.6: case manager, the mother's agreement, the family assessment and
    the case manager's approval of the assisted voluntary return."""
    assert walk.task("appoint_case_manager")["role"] == "state_social_services"
    walk.complete(
        "appoint_case_manager",
        case_manager="case.manager",
        parent_or_guardian="parent",
        guardian_agreement="agreed",
    )
    walk.complete(
        "assess_family_before_return",
        family_environment_safe=False,
        family_implicated=False,
        recommended_reception="extended_family",
    )
    assert walk.task("approve_child_return")["role"] == "case_manager"
    walk.complete(
        "approve_child_return",
        actor="case.manager",
        child_return_approved=approved,
        reception_placement="extended_family",
    )


def plan_and_travel(walk: CaseWalk, traced: bool = True) -> None:
    assert walk.task("plan_return")["role"] == "responsible_authority"
    walk.complete(
        "plan_return", arrival_point=ARRIVAL, escort="social_worker", family_tracing_requested=False
    )
    if traced:
        assert walk.task("record_family_tracing")["role"] == "border_police"
        walk.complete(
            "record_family_tracing",
            family_found=True,
            family_tracing_result="The grandmother lives in Elbasan and can take her in.",
        )
    assert walk.task("issue_travel_documents")["role"] == "drra_officer"
    walk.complete(
        "issue_travel_documents",
        documents_issued=["emergency_travel_document"],
        documents_issued_by="Consular section, Rome",
    )
    walk.complete(
        "arrange_safe_accommodation",
        accommodation_type="ngo_shelter",
        accommodation_name="Casa Rifugio, Bari",
    )


def received_at_the_crossing_point(walk: CaseWalk) -> dict:
    """The reception task is for the border police of Korçë, not of the home region Elbasan:
    from here the case is Korçë's (its supervisor reads it)."""
    walk.viewer = KORCE_SUPERVISOR
    task = walk.task("receive_at_border")
    assert task["role"] == "border_police"
    refused = walk.client.post(
        f"/api/tasks/{task['id']}/complete",
        json={"data": {"arrival_date": today(walk), "social_worker_present": True}},
        headers=walk.headers("border.officer"),
    )
    assert refused.status_code == 403, "the home region's police do not receive at Qafë Thanë"
    return walk.complete(
        "receive_at_border",
        actor=RECEIVING["border_police"],
        arrival_date=today(walk),
        social_worker_present=True,
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


def test_an_adult_may_change_their_mind_before_travel(adult: CaseWalk, engine: NrmEngine) -> None:
    inform(adult, wishes_to_return=True)
    assert adult.ready() == ["plan_return"], "an adult needs no case manager"
    plan_and_travel(adult, traced=False)
    adult.complete("confirm_return", wishes_to_return=False)
    assert adult.ready() == ["contact_host_agencies"]
    case = adult.complete("contact_host_agencies", identification_facilitated=False)
    assert case["data"]["outcome"] == "remains_in_host_country" and case["links"] == []
    assert_replays(engine, adult.id)


def test_a_childs_return_not_approved_leaves_her_in_the_host_countrys_care(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    inform(walk, wishes_to_return=True)
    approve_child_return(walk, approved=False)
    assert walk.ready() == ["contact_host_agencies"], "no return planned"
    assert_replays(engine, walk.id)


def test_a_returned_child_is_received_at_the_crossing_point_and_screened_there(
    walk: CaseWalk, engine: NrmEngine
) -> None:
    inform(walk, wishes_to_return=True)
    assert walk.case["data"]["is_child"] is True
    approve_child_return(walk)
    plan_and_travel(walk)
    assert walk.case["data"]["family_found"] is True, "the tracing's result is recorded"
    assert walk.case["data"]["documents_issued"] == ["emergency_travel_document"]
    walk.complete("confirm_return", wishes_to_return=True, return_date=today(walk))
    data = walk.case["data"]
    assert (data["arrival_region"], data["home_region"], data["family_region"]) == (
        "Korçë", "Korçë", "Elbasan",
    )  # fmt: skip
    case = received_at_the_crossing_point(walk)
    assert case["status"] == "completed" and case["data"]["outcome"] == "returned"

    screening = walk.linked("screening")
    data = screening.case["data"]
    assert data["report_source"] == "drra" and data["report_date"] == today(walk)
    assert data["reported_by"] == DRRA_INTAKE["drra_office"]
    assert data["home_region"] == "Korçë" and data["residence_region"] == "Elbasan"
    history = data["referral_history"]
    assert "Italy" in history and "qafe_thane" in history and "her mother" in history
    assert "case.manager" in history and "extended_family" in history
    assert screening.ready() == ["record_consent"]
    inbox = screening.client.get("/api/tasks", headers=screening.headers("border.officer"))
    assert screening.id not in [t["case_id"] for t in inbox.json()], "not the home region's"

    screening.complete("record_consent", actor=RECEIVING["border_police"], **CHILD_CONSENT)
    screening.complete(
        "questionnaire",
        actor=RECEIVING["border_police"],
        **questionnaire(INDICATOR_A, INDICATOR_C, born=DRRA_INTAKE["date_of_birth"]),
    )
    screening.complete(
        "appoint_case_manager",
        actor=RECEIVING["state_social_services"],
        case_manager="case.manager",
        family_home_region="Elbasan",
        court="Gjykata e Rrethit Gjyqësor Elbasan",
    )

    child = screening.linked("child_return", viewer="supervisor")
    assert child.case["data"]["child_name"] == DRRA_INTAKE["person_name"]
    assert child.case["data"]["home_region"] == "Elbasan", "the family's region from here"
    assert child.ready() == ["record_child_wishes"]
    # Each case shows its neighbours: DRRA ← screening → child_return.
    assert [(x["process"], x["relation"]) for x in walk.refresh()["links"]] == [
        ("screening", "started")
    ]
    assert [(x["process"], x["relation"]) for x in screening.refresh()["links"]] == [
        ("drra_return", "started_from"),
        ("child_return", "started"),
    ]
    for case_id in (walk.id, screening.id, child.id):
        assert_replays(engine, case_id)
    # …and so does the case page.
    sign_in(walk.client, KORCE_SUPERVISOR)
    page = walk.client.get(f"/cases/{walk.id}").text
    assert "Linked cases" in page and screening.case["reference"] in page


def test_a_returned_adult_goes_through_screening_into_adult_referral(
    adult: CaseWalk, engine: NrmEngine
) -> None:
    inform(adult, wishes_to_return=True)
    plan_and_travel(adult, traced=False)
    adult.complete("confirm_return", wishes_to_return=True, return_date=today(adult))
    received_at_the_crossing_point(adult)

    screening = adult.linked("screening")
    screening.complete("record_consent", actor=RECEIVING["border_police"], **CONSENT)
    screening.complete(
        "questionnaire",
        actor=RECEIVING["border_police"],
        **questionnaire(INDICATOR_A, INDICATOR_B, INDICATOR_C, born="1996-02-14"),
    )
    referral = screening.linked("adult_referral")
    assert referral.case["data"]["person_name"] == DRRA_INTAKE["person_name"]
    assert_replays(engine, screening.id)


def test_a_return_announced_by_foreign_counterparts_opens_a_reception_case(
    client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    expected = (clock.now() + timedelta(days=3)).date()
    intake = {
        **ADULT_INTAKE,
        "notification_kind": "announced_return",
        "information_source": "host_police",
        "announced_by": "Questura di Bari, immigration office",
        "expected_arrival_date": str(expected),
        "arrival_point": ARRIVAL,
    }
    walk = CaseWalk(client, clock, intake, process="drra_return", starter="border.officer")
    assert walk.task("prepare_reception")["role"] == "responsible_authority"
    walk.complete("prepare_reception", family_tracing_requested=True)
    walk.complete(
        "record_family_tracing", family_found=False, family_tracing_result="Nobody at home."
    )
    walk.viewer = KORCE_SUPERVISOR
    task = walk.task("receive_at_border")
    assert walk.case["data"]["home_region"] == "Korçë"
    # Due at the end of the day after the expected arrival (setting arrival_overdue_after).
    due = datetime.fromisoformat(task["due_at"])
    assert due.date() == expected + timedelta(days=2) and due.hour == 0

    moved = client.post("/api/admin/clock", json={"advance": "P5D"}, headers=walk.headers("admin"))
    assert moved.status_code == 200 and walk.id in moved.json()["advanced_cases"]
    assert walk.ready() == ["follow_up_missed_arrival", "receive_at_border"]
    walk.complete("follow_up_missed_arrival", follow_up_result="The flight was postponed.")
    received_at_the_crossing_point(walk)
    screening = walk.linked("screening")
    assert screening.case["data"]["report_source"] == "border_police"
    assert "Questura di Bari" in screening.case["data"]["referral_history"]
    assert_replays(engine, walk.id)


def test_every_crossing_point_has_a_region() -> None:
    """The decision table is the reference data behind the routing: every choice of the forms
    names one of Albania's twelve counties."""
    counties = {
        "Berat", "Dibër", "Durrës", "Elbasan", "Fier", "Gjirokastër",
        "Korçë", "Kukës", "Lezhë", "Shkodër", "Tiranë", "Vlorë",
    }  # fmt: skip
    root = etree.parse(str(PROCESSES_DIR / "arrival_region.dmn")).getroot()
    ns = {"dmn": "https://www.omg.org/spec/DMN/20191111/MODEL/"}
    table = {}
    for rule in root.iterfind(".//dmn:rule", ns):
        point = rule.find("dmn:inputEntry/dmn:text", ns).text.strip("'")
        table[point] = rule.find("dmn:outputEntry/dmn:text", ns).text.strip("'")
    for form in ("intake", "plan_return"):
        schema = json.loads((FORMS_DIR / "drra_return" / f"{form}.schema.json").read_text())
        for point in schema["properties"]["arrival_point"]["enum"]:
            assert table[point] in counties, point
    assert table["-"] == "home_region", "an unknown point falls back to the home region"

"""Anonymous figures: counted right, small groups suppressed, nothing personal can get out."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from fastapi.testclient import TestClient

from engine.base.clock import ManualClock
from engine.nrm_engine import NrmEngine
from engine.reports.htcds import MAPPING, UNMAPPED
from engine.reports.statistics import SUPPRESSED, as_csv
from tests.support.auth import bearer
from tests.support.procedure_data import (
    ADULT_BORN,
    CONSENT,
    INDICATOR_A,
    INDICATOR_B,
    INDICATOR_C,
    SCREENING_INTAKE,
    questionnaire,
)
from tests.support.walks import INTAKE, CaseWalk, complete

CANARIES = ("Zzyzx-Name", "Qwerty-Street 99", "Secret Shelter Xy", "1999-12-31")


def open_children(engine: NrmEngine, count: int, **intake: object) -> list[int]:
    return [
        engine.commands.start_case("child_return", {**INTAKE, **intake}, "border.officer")
        for _ in range(count)
    ]


def refuse_and_shelter(engine: NrmEngine, case_id: int) -> None:
    complete(
        engine,
        case_id,
        "record_child_wishes",
        "sw",
        child_wishes_return=False,
        family_implicated=False,
    )
    complete(engine, case_id, "place_in_shelter", "sw")


def test_counts_by_quarter_process_outcome_age_and_sex(
    engine: NrmEngine, clock: ManualClock
) -> None:
    sheltered = open_children(engine, 12)
    for case_id in sheltered:
        refuse_and_shelter(engine, case_id)
    open_children(engine, 3, sex="male")
    clock.advance(timedelta(days=95))
    open_children(engine, 11)

    rows = [cell.row() for cell in engine.queries.statistics()]
    assert ("2026-Q1", "child_return", "shelter", "14-17", "female", "12") in rows
    assert ("2026-Q1", "child_return", "open", "14-17", "male", SUPPRESSED) in rows
    assert ("2026-Q2", "child_return", "open", "14-17", "female", "11") in rows


def test_no_personal_value_can_reach_the_figures(engine: NrmEngine, client: TestClient) -> None:
    intake = {
        "child_name": CANARIES[0],
        "family_address": CANARIES[1],
        "circumstances": CANARIES[2],
        "date_of_birth": "2012-01-01",
        "home_region": "Elbasan",
        "sex": "female",
    }
    for case_id in open_children(engine, 12, **intake):
        refuse_and_shelter(engine, case_id)
    text = as_csv(engine.queries.statistics())
    answer = client.get("/api/statistics.csv", headers=bearer(client, "auditor"))
    assert answer.status_code == 200 and answer.text.replace("\r\n", "\n") == text.replace(
        "\r\n", "\n"
    )
    for secret in (*CANARIES, "Elbasan", "2012-01-01", INTAKE["court"]):
        assert secret not in text
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header == ["quarter", "process", "outcome", "age_band", "sex", "count"]
    assert all(len(row) == 6 for row in rows)


def test_screenings_are_exported_in_the_htcds_layout_without_identities(
    client: TestClient, clock: ManualClock
) -> None:
    walk = CaseWalk(
        client, clock, {**SCREENING_INTAKE, "person_name": CANARIES[0]}, process="screening"
    )
    walk.complete("record_consent", **CONSENT)
    walk.complete(
        "questionnaire",
        **questionnaire(
            INDICATOR_A, INDICATOR_B, INDICATOR_C, born=ADULT_BORN, q1="domestic", q11="boyfriend"
        ),
    )
    answer = client.get("/api/exports/htcds.csv", headers=bearer(client, "auditor"))
    assert answer.status_code == 200
    header, *rows = list(csv.reader(io.StringIO(answer.text)))
    record = dict(zip(header, rows[0], strict=True))
    assert len(rows) == 1 and record["caseId"] == "1"
    assert (record["gender"], record["majorityStatus"], record["ageBroad"]) == (
        "Female",
        "Adult",
        "24--26",
    )
    assert record["isForcedLabour"] == record["typeOfLabourDomesticWork"] == "1"
    assert record["meansOfControlThreats"] == record["meansOfControlRestrictsMovement"] == "1"
    assert record["recruiterRelationIntimatePartner"] == "1"
    assert set(header[3:]) == set(MAPPING) and not set(MAPPING) & set(UNMAPPED)
    for secret in (
        CANARIES[0],
        ADULT_BORN,
        walk.case["reference"],
        SCREENING_INTAKE["home_region"],
    ):
        assert secret not in answer.text


def test_a_presumed_child_with_an_adult_estimate_is_counted_as_a_minor(
    engine: NrmEngine,
) -> None:
    open_children(engine, 11, date_of_birth="2000-01-01", age_presumed=True)
    rows = [cell.row() for cell in engine.queries.statistics()]
    assert ("2026-Q1", "child_return", "open", "minor, age presumed", "female", "11") in rows
    assert not [row for row in rows if row[3] in ("18-24", "25+")]


def test_htcds_calls_a_presumed_child_a_minor_and_gives_no_adult_age() -> None:
    def majority_and_age(data: dict[str, object]) -> tuple[str, str]:
        return MAPPING["majorityStatus"][1](data), MAPPING["ageBroad"][1](data)

    presumed = {"date_of_birth": "2000-01-01", "interview_date": "2026-03-02", "age_presumed": True}
    assert majority_and_age(presumed) == ("Minor", "")
    documented = {**presumed, "age_presumed": False}
    assert majority_and_age(documented) == ("Adult", "24--26")

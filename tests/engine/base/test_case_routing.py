"""An inbox is picked by the case's routing columns (home region, court, case manager), kept
in step with the case's data by every step and by a reassignment."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlmodel import Session

from engine.base.clock import ManualClock
from engine.nrm_engine import NrmEngine
from engine.storage.models import Case
from engine.storage.schema import upgrade_connection, upgrade_schema
from tests.support.auth import bearer
from tests.support.schema import add_process_version
from tests.support.walks import INTAKE, CaseWalk


def _inbox(client: TestClient, user: str) -> list[str]:
    return [task["name"] for task in client.get("/api/tasks", headers=bearer(client, user)).json()]


def test_a_reassignment_moves_the_case_in_the_routing_columns_and_counts_as_a_change(
    client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    walk = CaseWalk(client, clock)
    walk.complete("record_child_wishes", family_implicated=False)
    walk.complete("contact_parents", parents_reachable=True)
    before = walk.refresh()["revision"]
    response = client.post(
        f"/api/cases/{walk.id}/case-manager",
        json={"case_manager": "case.manager.2", "reason": "leave"},
        headers=bearer(client, "supervisor"),
    )
    assert response.status_code == 200, response.text
    with Session(engine.db) as session:
        case = session.get(Case, walk.id)
        assert case is not None
        assert (case.case_manager, case.region_key) == ("case.manager.2", "elbasan")
    assert walk.refresh()["revision"] == before + 1
    assert _inbox(client, "case.manager.2") == ["approve_placement"]
    assert _inbox(client, "case.manager") == []


def test_the_upgrade_fills_the_routing_columns_of_cases_stored_before_them(
    empty_db: Engine,
) -> None:
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with empty_db.begin() as connection:
        upgrade_connection(connection, "0002")
        add_process_version(connection, now)
        for case_id, data in (
            (1, '{"home_region": "Korçë", "court": "Gjykata Korçë", "case_manager": "a.b"}'),
            (2, '{"home_region": "Elbasan", "case_manager": "a.b"}'),
        ):
            connection.execute(
                text(
                    "INSERT INTO nrm_case (id, reference, process_id, process_version_id, status,"
                    " revision, data, workflow, created_at, updated_at) VALUES (:id, :ref,"
                    " 'child_return', 1, 'open', 1, :data, '{}', :now, :now)"
                ),
                {"id": case_id, "ref": f"NRM-2026-{case_id:06d}", "data": data, "now": now},
            )
        connection.execute(
            text(
                "INSERT INTO case_assignment (case_id, case_manager, assigned_by, assigned_at)"
                " VALUES (2, 'c.d', 'supervisor', :now)"
            ),
            {"now": now},
        )

    upgrade_schema(empty_db)

    with empty_db.connect() as connection:
        rows = connection.execute(
            text("SELECT id, region_key, court, case_manager FROM nrm_case ORDER BY id")
        ).all()
    assert [tuple(row) for row in rows] == [
        (1, "korçë", "Gjykata Korçë", "a.b"),
        (2, "elbasan", None, "c.d"),
    ]


def _listed(client: TestClient, user: str) -> list[int]:
    return [case["id"] for case in client.get("/api/cases", headers=bearer(client, user)).json()]


def test_the_case_list_holds_the_cases_of_one_s_region_management_or_work(
    client: TestClient, clock: ManualClock
) -> None:
    elbasan = CaseWalk(client, clock)
    korce = CaseWalk(client, clock, intake={**INTAKE, "home_region": "Korçë"})
    assert _listed(client, "supervisor") == [elbasan.id]
    assert _listed(client, "supervisor.korce") == [korce.id]
    assert _listed(client, "case.manager") == [korce.id, elbasan.id]
    assert _listed(client, "case.manager.2") == []
    assert _listed(client, "social.worker.korce") == [korce.id], "a task waits for them"
    assert _listed(client, "auditor") == [korce.id, elbasan.id]
    assert _listed(client, "admin") == []

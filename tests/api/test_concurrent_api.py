"""No lost updates through the HTTP API: clients of a real server complete the same task, and
different tasks of one case, at the same moment. Exactly one wins each task, the others are
told 409 (never 500), and afterwards the event log, the stored state and the audit chain agree.
(tests/engine/test_nrm_engine.py races the engine's commands directly; this goes through HTTP.)"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from cli.screenshots import serve_in_thread
from engine.history.audit import verify_chains
from engine.history.replay import replay_case
from engine.nrm_engine import NrmEngine
from tests.support.auth import bearer
from tests.support.setup import FIXTURES

CHECKS = FIXTURES / "concurrency"
DOER = {
    "check_school": "social.worker",
    "check_health": "sss.officer",
    "check_housing": "supervisor",
}


@pytest.fixture
def server(client: TestClient) -> Iterator[str]:
    engine: NrmEngine = client.app.state.engine  # type: ignore[attr-defined]
    engine.load_processes(CHECKS / "processes", CHECKS / "forms")
    with serve_in_thread(client.app) as base:
        yield base


def start_checks(client: TestClient) -> dict[str, Any]:
    response = client.post(
        "/api/cases",
        json={"process": "parallel_checks", "data": {"family": "Hoxha", "home_region": "Elbasan"}},
        headers=bearer(client, "social.worker"),
    )
    assert response.status_code == 201, response.text
    return response.json()


def race(
    client: TestClient, base: str, attempts: list[tuple[str, str, str]]
) -> list[tuple[str, str, int]]:
    """Send every (task id, task name, note) completion at once, one client each; return
    (task name, note, status) per attempt."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[tuple[str, str, int]] = []
    lock = threading.Lock()

    def attempt(task_id: str, name: str, note: str) -> None:
        headers = bearer(client, DOER[name])
        with httpx.Client(base_url=base, timeout=60) as http:
            barrier.wait()
            response = http.post(
                f"/api/tasks/{task_id}/complete",
                json={"data": {name.replace("check_", "") + "_note": note}},
                headers=headers,
            )
        with lock:
            outcomes.append((name, note, response.status_code))

    threads = [threading.Thread(target=attempt, args=a) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def assert_history_agrees(engine: NrmEngine, case_id: int) -> None:
    with Session(engine.db) as session:
        assert replay_case(session, engine.catalog, case_id).findings == []
        assert verify_chains(session, case_id) == []


def kept_notes(engine: NrmEngine, case_id: int) -> dict[str, str]:
    """What the history kept of each completed check (the branches' data is only merged into
    the case's data when all three are done)."""
    return {
        str(e.task_name): next(iter(e.data["data"].values()))
        for e in engine.queries.events(case_id)
        if e.type == "task_completed"
    }


def completions(engine: NrmEngine, case_id: int) -> Counter[str]:
    return Counter(
        e.task_name for e in engine.queries.events(case_id) if e.type == "task_completed"
    )


def test_many_clients_completing_one_task_have_one_winner_and_the_rest_409(
    client: TestClient, server: str
) -> None:
    engine: NrmEngine = client.app.state.engine  # type: ignore[attr-defined]
    case = start_checks(client)
    school = next(t["id"] for t in case["tasks"] if t["name"] == "check_school")

    outcomes = race(client, server, [(school, "check_school", f"client {n}") for n in range(8)])

    statuses = sorted(status for _name, _note, status in outcomes)
    assert statuses == [200] + [409] * 7
    [winner] = [note for _name, note, status in outcomes if status == 200]
    assert kept_notes(engine, case["id"]) == {"check_school": winner}
    stored = engine.queries.case(case["id"])
    assert sorted(t.name for t in stored.tasks) == ["check_health", "check_housing"]
    assert completions(engine, case["id"]) == {"check_school": 1}
    assert_history_agrees(engine, case["id"])


def test_clients_completing_different_tasks_of_one_case_at_once_lose_nothing(
    client: TestClient, server: str
) -> None:
    engine: NrmEngine = client.app.state.engine  # type: ignore[attr-defined]
    case = start_checks(client)
    ready = {t["name"]: t["id"] for t in case["tasks"]}
    attempts = [(ready[name], name, f"{name} by client {n}") for name in ready for n in range(3)]

    outcomes = race(client, server, attempts)

    assert {status for _name, _note, status in outcomes} <= {200, 409}
    wins = Counter(name for name, _note, status in outcomes if status == 200)
    assert wins and max(wins.values()) == 1, "a task was completed twice"
    kept = {name: note for name, note, status in outcomes if status == 200}
    assert kept_notes(engine, case["id"]) == kept
    stored = engine.queries.case(case["id"])
    # Whoever lost a race was told so and nothing of theirs was kept: their task still waits.
    assert sorted(t.name for t in stored.tasks) == sorted(set(ready) - set(wins))
    assert completions(engine, case["id"]) == wins
    assert_history_agrees(engine, case["id"])

    for task in stored.tasks:
        retried = client.post(
            f"/api/tasks/{task.id}/complete",
            json={"data": {task.name.replace("check_", "") + "_note": "after the race"}},
            headers=bearer(client, DOER[task.name]),
        )
        assert retried.status_code == 200, retried.text
    assert engine.queries.case(case["id"]).status == "completed"
    assert completions(engine, case["id"]) == dict.fromkeys(ready, 1)
    assert_history_agrees(engine, case["id"])

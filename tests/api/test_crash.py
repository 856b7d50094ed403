"""Crash safety: the real server (`nrm serve`) is killed with SIGKILL again and again while
clients open cases and complete tasks in threads. After every restart, each step that was
answered 200/201 is stored, no case is half-advanced (task rows, inbox, timers, events and
revision agree; replay rebuilds the stored state; the hash chains verify), and timers still fire.

tests/support/crash_server.py forks each server from an interpreter that imported the app once, so a
restart takes a fraction of a second. The process is tests/fixtures/crash/ `rounds`: three
rounds of one task, then a one-week timer before a last task; it makes no documents, so a step
is quick and many happen between kills.
"""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, col, select

from engine.history.audit import audit_chains
from engine.history.replay import replay_case
from engine.nrm_engine import NrmEngine
from engine.storage.models import Case, Event, InboxTask
from tests.support.auth import PASSWORD, add_test_users
from tests.support.setup import FIXTURES

CRASH_PROCESSES = FIXTURES / "crash" / "processes"
CRASH_FORMS = FIXTURES / "crash" / "forms"
CLIENTS = 4
CASES_PER_CLIENT = 2
KILLS = 3
ROUNDS = 3
# The events that are a step of their own; each raises the case's revision by one.
STEP_EVENTS = {"case_started", "task_completed", "timer_fired"}


class Launcher:
    """tests/support/crash_server.py: forks a new `nrm serve` process for every start."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.crash_server"],
            env={
                **os.environ,
                "NRM_CLOCK": "manual",
                "NRM_SECRET_KEY": "crash-test",
                "NRM_PROCESSES_DIR": str(CRASH_PROCESSES),
                "NRM_FORMS_DIR": str(CRASH_FORMS),
            },
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, command: str) -> str:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().strip()
        assert answer, f"the launcher stopped (exit code {self.process.poll()})"
        return answer

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)


class Server:
    """`nrm serve` on a free port with the manual clock, killed and restarted at will."""

    def __init__(self, launcher: Launcher, database_url: str, log: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.launcher = launcher
        self.database_url = database_url
        self.log = log
        self.up = threading.Event()
        self.pid: int | None = None

    def start(self) -> None:
        self.pid = int(self.launcher.ask(f"start {self.port} {self.log} {self.database_url}"))
        # Waiting for a process to listen, not timing anything: the bound only stops a hang.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1).status_code == 200:
                    self.up.set()
                    return
            except httpx.TransportError:
                time.sleep(0.02)
        raise AssertionError(f"the server did not start:\n{self._log_tail()}")

    def kill(self) -> None:
        assert self.pid is not None
        self.up.clear()
        assert self.launcher.ask(f"kill {self.pid}") == "killed"
        self.pid = None

    def _log_tail(self) -> str:
        return self.log.read_text()[-3000:] if self.log.exists() else "(no output)"


@dataclass
class Acknowledged:
    """What the server answered 200/201 to: it must be in the database, whatever happened next."""

    changed: threading.Condition = field(default_factory=threading.Condition)
    cases: set[int] = field(default_factory=set)
    completions: set[tuple[int, str]] = field(default_factory=set)  # (case id, task id)
    errors: list[str] = field(default_factory=list)
    interrupted: int = 0  # requests the kills cut off

    def record_case(self, case_id: int) -> None:
        with self.changed:
            self.cases.add(case_id)
            self.changed.notify_all()

    def record_completion(self, case_id: int, task_id: str) -> None:
        with self.changed:
            self.completions.add((case_id, task_id))
            self.changed.notify_all()

    def record_error(self, error: str) -> None:
        with self.changed:
            self.errors.append(error)
            self.changed.notify_all()

    def record_interruption(self) -> None:
        with self.changed:
            self.interrupted += 1

    def wait_for_steps(self, count: int) -> None:
        with self.changed:
            self.changed.wait_for(
                lambda: len(self.cases) + len(self.completions) >= count or bool(self.errors),
                timeout=300,
            )


def _token(server: Server, user: str) -> dict[str, str]:
    answer = httpx.post(
        f"{server.url}/api/auth/token", data={"username": user, "password": PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _client(server: Server, headers: dict[str, str], number: int, seen: Acknowledged) -> None:
    """Open a few cases and take each through its rounds, carrying on across restarts. A request
    cut off by the kill has an unknown outcome: the client reloads the case and goes on."""
    http = httpx.Client(base_url=server.url, headers=headers, timeout=30)
    case_ids: list[int] = []
    while True:
        server.up.wait()
        try:
            if len(case_ids) < CASES_PER_CLIENT:
                answer = http.post(
                    "/api/cases",
                    json={
                        "process": "rounds",
                        "data": {"home_region": "Elbasan", "family": f"F{number}"},
                    },
                )
                if answer.status_code != 201:
                    seen.record_error(f"start: {answer.status_code} {answer.text}")
                    return
                case_ids.append(answer.json()["id"])
                seen.record_case(case_ids[-1])
                continue
            open_tasks = [
                (case_id, task)
                for case_id in case_ids
                for task in http.get(f"/api/cases/{case_id}").json()["tasks"]
            ]
            if not open_tasks:
                return  # every case waits for its timer
            case_id, task = open_tasks[0]
            answer = http.post(
                f"/api/tasks/{task['id']}/complete", json={"data": {"round_note": "visited"}}
            )
            if answer.status_code == 200:
                seen.record_completion(case_id, task["id"])
            elif answer.status_code != 409:  # 409: the cut-off request had been saved after all
                seen.record_error(f"complete: {answer.status_code} {answer.text}")
                return
        except httpx.TransportError:
            seen.record_interruption()  # the server is gone; wait for it to be back up
        except Exception as error:
            seen.record_error(f"client {number}: {error!r}")
            return


@pytest.fixture(scope="module")
def launcher() -> Iterator[Launcher]:
    """One for both backends: the app is imported once."""
    running = Launcher()
    yield running
    running.close()


@pytest.fixture
def server(
    engine: NrmEngine, launcher: Launcher, database_url: str, tmp_path: Path
) -> Iterator[Server]:
    engine.load_processes(CRASH_PROCESSES, CRASH_FORMS)
    add_test_users(engine)
    running = Server(launcher, database_url, tmp_path / "server.log")
    yield running
    if running.pid is not None:
        running.kill()


def test_killing_the_server_loses_no_answered_step_and_leaves_no_case_half_advanced(
    engine: NrmEngine, server: Server
) -> None:
    server.start()
    worker_token = _token(server, "social.worker")
    seen = Acknowledged()
    clients = [
        threading.Thread(target=_client, args=(server, worker_token, n, seen), daemon=True)
        for n in range(CLIENTS)
    ]
    for client in clients:
        client.start()
    # Kill after a random number of answered steps, while the other clients are mid-request;
    # counting steps rather than time keeps work left for every kill on a machine of any speed.
    steps = CLIENTS * CASES_PER_CLIENT * (1 + ROUNDS)
    for threshold in sorted(random.sample(range(1, steps - CLIENTS), KILLS)):
        seen.wait_for_steps(threshold)
        server.kill()
        server.start()
    for client in clients:
        client.join(timeout=300)
    assert not seen.errors, seen.errors
    assert not any(client.is_alive() for client in clients)
    assert seen.interrupted > 0, "no kill came while the clients were working"

    with Session(engine.db) as session:
        stored_cases = {case.id: case for case in session.exec(select(Case))}
        events = session.exec(select(Event).order_by(col(Event.case_id), col(Event.seq))).all()
        inbox = session.exec(select(InboxTask)).all()
        completed = {(e.case_id, e.task_id) for e in events if e.type == "task_completed"}
        assert seen.cases <= stored_cases.keys()
        assert seen.completions <= completed, "answered 200 but not stored"
        assert len(seen.completions) >= CLIENTS * CASES_PER_CLIENT  # the work did happen
        for case_id, case in stored_cases.items():
            steps = [e for e in events if e.case_id == case_id and e.type in STEP_EVENTS]
            assert case.revision == len(steps), f"case {case_id}: revision and events disagree"
            report = replay_case(session, engine.catalog, case_id)
            assert report.matches, f"case {case_id}: {report.findings}"
            waiting = sorted(t.name for t in inbox if t.case_id == case_id)
            assert waiting == sorted(report.steps[-1].ready_tasks), f"case {case_id}: inbox"
        assert audit_chains(session).intact

    # The timers set before the kills fire after them, on the restarted server.
    admin = _token(server, "admin")
    moved = httpx.post(f"{server.url}/api/admin/clock", json={"advance": "P8D"}, headers=admin)
    assert moved.status_code == 200, moved.text
    finished = {case_id for case_id in stored_cases if _rounds_done(engine, case_id) == ROUNDS}
    assert seen.cases <= finished
    assert set(moved.json()["advanced_cases"]) == finished
    # Every case waits at the last task now; one is taken to its end.
    for case_id in finished:
        assert [task.name for task in engine.queries.case(case_id).tasks] == ["follow_up"]
    case_id = min(seen.cases)
    (follow_up,) = engine.queries.case(case_id).tasks
    answer = httpx.post(
        f"{server.url}/api/tasks/{follow_up.id}/complete",
        json={"data": {"follow_up_note": "safe at home"}},
        headers=worker_token,
    )
    assert answer.status_code == 200, answer.text
    assert engine.queries.case(case_id).status == "completed"


def _rounds_done(engine: NrmEngine, case_id: int) -> int:
    return sum(1 for e in engine.queries.events(case_id) if e.task_name == "record_round")

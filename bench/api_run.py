"""The path through the HTTP API: uvicorn in a subprocess on loopback, driven by httpx."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx

from bench.api_server import PDF_HEADER
from bench.paths import (
    INTAKE,
    INTAKE_ACTOR,
    INTAKE_STEP,
    PASSWORD,
    PROCESS_ID,
    TASK_STEPS,
    USERS,
    add_path_users,
    submissions,
)
from bench.timing import StepTime, Timings
from engine.base.settings import PROJECT_ROOT
from engine.storage.db import create_schema, make_db

HEALTH = "GET /api/health"
CASE_PAGE = "GET /api/cases/{id}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _create_users(database_url: str) -> bool:
    """One account per role of the path, in the case's region. False when the app has no
    sign-in (before issue 5, callers named themselves in X-NRM-User)."""
    if not (PROJECT_ROOT / "engine" / "access" / "users.py").exists():
        return False
    db = make_db(database_url)
    try:
        create_schema(db)
        add_path_users(db)
    finally:
        db.dispose()
    return True


class ApiServer:
    """uvicorn serving the app with a manual clock (so no timer scheduler runs), in a
    subprocess: on a temp SQLite file unless given a database, with `workers` processes."""

    def __init__(self, workdir: Path, database_url: str | None = None, workers: int = 1) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"uvicorn-{self.port}.log"
        database_url = database_url or f"sqlite:///{workdir / 'api.sqlite3'}"
        self.signs_in = _create_users(database_url)
        env = {**os.environ, "NRM_DATABASE_URL": database_url, "NRM_CLOCK": "manual"}
        app = "bench.api_server:create_app"
        command = [sys.executable, "-m", "uvicorn", app, "--factory", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--workers", str(workers)]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        self.up = False

    def wait_until_up(self, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while not self.up:
            if self.process.poll() is not None:
                log = self.log_path.read_text(errors="replace")
                raise RuntimeError(f"the API server exited:\n{log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the API server did not answer within {timeout:.0f} s")
            with suppress(httpx.TransportError):
                self.up = httpx.get(f"{self.url}/api/health", timeout=1).status_code == 200
            if not self.up:
                time.sleep(0.05)
        return self.url

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextmanager
def api_server(
    workdir: Path, database_url: str | None = None, workers: int = 1
) -> Iterator[ApiServer]:
    server = ApiServer(workdir, database_url, workers)
    try:
        yield server
    finally:
        server.stop()


class ApiClient:
    """Times each request; reads the server's cumulative PDF time from every response."""

    def __init__(self, client: httpx.Client, signs_in: bool) -> None:
        self.client = client
        self.headers = {name: {"X-NRM-User": name} for name in USERS.values()}
        if signs_in:  # signing in (a password hash check) is not part of any step
            for name, headers in self.headers.items():
                form = {"username": name, "password": PASSWORD}
                response = client.post("/api/auth/token", data=form)
                assert response.status_code == 200, f"sign-in of {name}: {response.text}"
                headers["Authorization"] = f"Bearer {response.json()['access_token']}"
        self.pdf_total = float(client.get("/api/health").headers[PDF_HEADER])

    def post(
        self, step: str, path: str, body: dict[str, Any], actor: str, expected: int
    ) -> tuple[dict[str, Any], StepTime]:
        headers = self.headers[actor]
        started = time.perf_counter()
        response = self.client.post(path, json=body, headers=headers)
        elapsed = time.perf_counter() - started
        assert response.status_code == expected, f"{step}: {response.status_code} {response.text}"
        pdf_total = float(response.headers[PDF_HEADER])
        pdf, self.pdf_total = pdf_total - self.pdf_total, pdf_total
        return response.json(), StepTime(step, elapsed, pdf)

    def get(self, path: str, actor: str) -> float:
        started = time.perf_counter()
        response = self.client.get(path, headers=self.headers[actor])
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, f"GET {path}: {response.status_code}"
        return elapsed


def api_case(api: ApiClient) -> tuple[int, list[StepTime]]:
    """One case: each step is one request, whose response (the case) names the next task."""
    body: dict[str, Any] = {"process": PROCESS_ID, "data": INTAKE}
    case, timed = api.post(INTAKE_STEP, "/api/cases", body, INTAKE_ACTOR, 201)
    times = [timed]
    for step in TASK_STEPS:
        task_ids = [t["id"] for t in case["tasks"] if t["name"] == step.task]
        assert len(task_ids) == 1, f"{step.task} is not ready in case {case['id']}"
        path, body = f"/api/tasks/{task_ids[0]}/complete", {"data": submissions()[step.task]}
        case, timed = api.post(step.task, path, body, step.actor, 200)
        times.append(timed)
    assert case["status"] == "completed", f"case {case['id']} is not closed"
    return case["id"], times


class ApiRun:
    """Runs batches of cases through the API server."""

    def __init__(self, server: ApiServer) -> None:
        self.server = server
        self.timings = Timings("API")
        self.client: httpx.Client | None = None
        self.api: ApiClient | None = None

    def _connect(self) -> ApiClient:
        if self.api is None:
            self.client = httpx.Client(base_url=self.server.wait_until_up(), timeout=60)
            self.api = ApiClient(self.client, self.server.signs_in)
        return self.api

    def run_batch(self, batch: int, cases: int, warmup: int) -> None:
        api = self._connect()
        for _ in range(warmup):
            api_case(api)
        for _ in range(cases):
            case_id, times = api_case(api)
            self.timings.record_case(times, batch)
            # References, off the path: the HTTP stack alone, and the case view that every
            # completion also returns.
            self.timings.record_extra(HEALTH, api.get("/api/health", INTAKE_ACTOR))
            self.timings.record_extra(CASE_PAGE, api.get(f"/api/cases/{case_id}", INTAKE_ACTOR))

    def close(self) -> None:
        if self.client is not None:
            self.client.close()

"""Throughput: concurrent clients completing tasks on different cases through the HTTP API,
served by several uvicorn worker processes on one PostgreSQL database.

Each client owns one child_return case and goes round the D.2 rejection loop (the child's
wishes recorded, the parents contacted, the release rejected, again): the steps that render no
document, so
that the figure is the engine's and the API's, not WeasyPrint's (documents are timed apart).
Each client waits for its response before sending the next request (a closed loop), so the
completions per second are what the server sustains at that many requests in flight. The
clients run in this process, one asyncio loop, on the same two cores as the server.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter
from typing import Any

import httpx

from bench.api_run import ApiClient, api_server
from bench.engine_run import open_engine
from bench.long_case import LOOP, loop_answers
from bench.machine import process_tree_cpu_seconds
from bench.paths import INTAKE, INTAKE_ACTOR, PROCESS_ID, PathStep
from bench.stats import median
from engine.procedures.catalog import ProcessCatalog

SERVER_WORKERS = 2


@dataclass(frozen=True)
class ThroughputResult:
    clients: int
    workers: int
    seconds: float  # the measured window (longer if a client had finished nothing in it)
    latencies: list[float]  # every completion that finished inside the window
    server_cpu_per_completion: float  # seconds of the API processes' CPU, warm-up included

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    @property
    def p50(self) -> float:
        return median(self.latencies)


def _open_cases(api: ApiClient, count: int) -> list[dict[str, Any]]:
    body = {"process": PROCESS_ID, "data": INTAKE}
    return [
        api.client.post("/api/cases", json=body, headers=api.headers[INTAKE_ACTOR]).json()
        for _ in range(count)
    ]


async def _client(
    client: httpx.AsyncClient,
    headers: dict[str, dict[str, str]],
    case: dict[str, Any],
    window: tuple[float, float],
    finished: list[tuple[float, float]],
    done: list[int],
) -> None:
    """Complete tasks until the window ends, and at least one after it starts (a loaded
    machine must not leave the window empty)."""
    start, end = window
    step, mine = 0, 0
    while perf_counter() < end or not mine:
        done.append(1)
        task_name, answers = loop_answers()[step % len(LOOP)]
        task_id = next(t["id"] for t in case["tasks"] if t["name"] == task_name)
        actor = PathStep(task_name, {}).actor
        started = perf_counter()
        response = await client.post(
            f"/api/tasks/{task_id}/complete", json={"data": answers}, headers=headers[actor]
        )
        ended = perf_counter()
        if response.status_code != 200:
            raise RuntimeError(f"{task_name}: {response.status_code} {response.text[:300]}")
        case = response.json()
        step += 1
        if ended >= start:
            finished.append((ended, ended - started))
            mine += 1


async def _drive(
    url: str,
    headers: dict[str, dict[str, str]],
    cases: list[dict[str, Any]],
    warmup: float,
    seconds: float,
) -> tuple[float, list[float], int]:
    """The measured span, the latency of each completion that finished in it, and how many
    completions were made in all (warm-up included)."""
    finished: list[tuple[float, float]] = []
    done: list[int] = []
    limits = httpx.Limits(max_connections=len(cases), max_keepalive_connections=len(cases))
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        start = perf_counter() + warmup
        window = (start, start + seconds)
        await asyncio.gather(
            *(_client(client, headers, case, window, finished, done) for case in cases)
        )
    span = max([window[1], *(ended for ended, _ in finished)]) - window[0]
    return span, [latency for _, latency in finished], len(done)


def measure_throughput(
    postgres_url: str,
    catalog: ProcessCatalog,
    workdir: Path,
    client_counts: tuple[int, ...],
    seconds: float,
    warmup: float,
) -> list[ThroughputResult]:
    """For each number of clients, fresh cases on an emptied database, `warmup` seconds of load
    not counted, then `seconds` measured."""
    open_engine(postgres_url, catalog).db.dispose()  # empty tables, processes loaded
    results = []
    with (
        api_server(workdir, postgres_url, SERVER_WORKERS) as server,
        httpx.Client(base_url=server.wait_until_up(), timeout=120) as sync_client,
    ):
        api = ApiClient(sync_client, server.signs_in)
        for clients in client_counts:
            cases = _open_cases(api, clients)
            cpu = process_tree_cpu_seconds(server.process.pid)
            span, latencies, done = asyncio.run(
                _drive(server.url, api.headers, cases, warmup, seconds)
            )
            cpu = (process_tree_cpu_seconds(server.process.pid) - cpu) / done
            results.append(ThroughputResult(clients, SERVER_WORKERS, span, latencies, cpu))
    return results

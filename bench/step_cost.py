"""What one HTTP task completion costs inside the API process, for before/after comparisons.

`python -m bench.step_cost --postgres-url URL [--steps N] [--profile]` drives one child_return
case round the D.2 rejection loop (no documents) through the real app in this process
(Starlette's TestClient: no sockets, no uvicorn, so only the app's own work is counted) and
reports, per `POST /api/tasks/{id}/complete`: the median wall time, the CPU time of this
process, the SQL statements sent, the connections taken from the pool and the commits. With
`--profile`, the functions with the most cumulative time over the measured steps (cProfile of
the app's threadpool calls, where the routes and their dependencies run).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import pstats
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

import fastapi.dependencies.utils
import fastapi.routing
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from starlette.concurrency import run_in_threadpool

from api.app import create_app
from bench.engine_run import open_engine
from bench.long_case import LOOP, loop_answers
from bench.paths import INTAKE, INTAKE_ACTOR, PASSWORD, PROCESS_ID, USERS, PathStep
from bench.stats import median
from engine.base.settings import Settings
from engine.procedures.catalog import ProcessCatalog

WARMUP_STEPS = 6


@dataclass(frozen=True)
class StepCost:
    steps: int
    wall_median_ms: float
    cpu_ms: float  # mean CPU time of this process per completion
    statements: float  # mean per completion
    checkouts: float
    commits: float


class DatabaseMeter:
    """Counts what the app asks of the database while it is installed."""

    def __init__(self, db: Engine) -> None:
        self.db = db
        self.counts: Counter[str] = Counter()

    def _statement(self, *_args: Any) -> None:
        self.counts["statements"] += 1

    def _checkout(self, *_args: Any) -> None:
        self.counts["checkouts"] += 1

    def _commit(self, *_args: Any) -> None:
        self.counts["commits"] += 1

    @contextmanager
    def installed(self) -> Iterator[None]:
        hooks = (
            (self.db, "before_cursor_execute", self._statement),
            (self.db.pool, "checkout", self._checkout),
            (self.db, "commit", self._commit),
        )
        for target, name, hook in hooks:
            event.listen(target, name, hook)
        try:
            yield
        finally:
            for target, name, hook in hooks:
                event.remove(target, name, hook)


@contextmanager
def profiled_threadpool(profiler: cProfile.Profile) -> Iterator[None]:
    """Profile what FastAPI runs in its threadpool: cProfile sees only the thread it is
    enabled in, and sync routes and dependencies run in worker threads."""

    async def run_profiled(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        @functools.wraps(func)
        def call() -> Any:
            profiler.enable()
            try:
                return func(*args, **kwargs)
            finally:
                profiler.disable()

        return await run_in_threadpool(call)

    modules = (fastapi.routing, fastapi.dependencies.utils)
    for module in modules:
        module.run_in_threadpool = run_profiled  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module in modules:
            module.run_in_threadpool = run_in_threadpool  # type: ignore[attr-defined]


def _sign_in(client: TestClient, name: str) -> dict[str, str]:
    response = client.post("/api/auth/token", data={"username": name, "password": PASSWORD})
    assert response.status_code == 200, f"sign-in of {name}: {response.text}"
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def measure(postgres_url: str, steps: int, profile: bool, profile_out: str | None) -> StepCost:
    engine = open_engine(postgres_url, ProcessCatalog())  # with one account per role of the path
    settings = Settings(database_url=postgres_url, clock="manual", timer_interval_seconds=0)
    meter, profiler = DatabaseMeter(engine.db), cProfile.Profile()
    walls: list[float] = []
    cpu = 0.0
    with ExitStack() as stack, TestClient(create_app(engine, settings)) as client:
        headers = {name: _sign_in(client, name) for name in USERS.values()}
        body = {"process": PROCESS_ID, "data": INTAKE}
        case = client.post("/api/cases", json=body, headers=headers[INTAKE_ACTOR]).json()
        for number in range(WARMUP_STEPS + steps):
            if number == WARMUP_STEPS and profile:
                stack.enter_context(profiled_threadpool(profiler))
            task_name, answers = loop_answers()[number % len(LOOP)]
            task_id = next(t["id"] for t in case["tasks"] if t["name"] == task_name)
            actor = PathStep(task_name, {}).actor
            measured = number >= WARMUP_STEPS
            with meter.installed() if measured else _nothing():
                wall, started_cpu = time.perf_counter(), time.process_time()
                response = client.post(
                    f"/api/tasks/{task_id}/complete",
                    json={"data": answers},
                    headers=headers[actor],
                )
                if measured:
                    walls.append(time.perf_counter() - wall)
                    cpu += time.process_time() - started_cpu
            assert response.status_code == 200, f"{task_name}: {response.text[:300]}"
            case = response.json()
    engine.db.dispose()
    if profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
        if profile_out:
            profiler.dump_stats(profile_out)
    return StepCost(
        steps=steps,
        wall_median_ms=median(walls) * 1000,
        cpu_ms=cpu / steps * 1000,
        statements=meter.counts["statements"] / steps,
        checkouts=meter.counts["checkouts"] / steps,
        commits=meter.counts["commits"] / steps,
    )


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.step_cost", description=__doc__)
    parser.add_argument("--postgres-url", required=True, help="a database to empty and use")
    parser.add_argument("--steps", type=int, default=200, help="measured completions")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary")
    parser.add_argument("--profile-out", help="also write the profile to this file (pstats)")
    args = parser.parse_args()
    cost = measure(args.postgres_url, args.steps, args.profile, args.profile_out)
    print(
        f"{cost.steps} completions: wall median {cost.wall_median_ms:.1f} ms, "
        f"CPU {cost.cpu_ms:.1f} ms, {cost.statements:.1f} SQL statements, "
        f"{cost.checkouts:.1f} pool checkouts, {cost.commits:.1f} commits per completion"
    )


if __name__ == "__main__":
    main()

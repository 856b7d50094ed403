"""Scale: many open cases on PostgreSQL (bench/seeding.py), then what users and the timer
worker would feel: inbox and case pages through the HTTP API (one uvicorn process), the due
timer lookup and its query plan, the database's size and the server's memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from time import perf_counter

import httpx
from sqlalchemy import Engine, text

from bench.api_run import ApiClient, api_server
from bench.engine_run import open_engine
from bench.paths import INTAKE, USERS
from bench.seeding import SeededCases, seed
from engine.cases.commands import due_timer_cases
from engine.procedures.catalog import ProcessCatalog

PAGE_BUDGET_SECONDS = 20.0  # past it, a slow page gets no more than MIN_SAMPLES
MIN_SAMPLES = 3
TIMER_BATCH = 500  # what one round of the timer worker asks for (fire_due_timers' default)
CASE_MANAGER = USERS["case_manager"]


@dataclass
class ScaleResult:
    open_cases: int
    pending_timers: int
    seeded: SeededCases
    requests: dict[str, list[float]] = field(default_factory=dict)
    inbox_tasks: int = 0  # ready tasks the case manager's JSON inbox lists
    role_tasks: int = 0  # ready tasks of the case manager role, of every case manager
    timer_lookup: list[float] = field(default_factory=list)
    timers_due: int = 0  # pending timers due at the lookup's moment
    timer_plan: str = ""
    database_bytes: int = 0
    state_bytes_per_case: float = 0.0  # task rows + head, JSON text
    event_table_bytes_per_case: float = 0.0  # the event table with its indexes
    server_rss_kib: int = 0


def _scalar(db: Engine, sql: str) -> float:
    with db.connect() as connection:
        return float(connection.execute(text(sql)).scalar() or 0)


def _timer_lookup(db: Engine, result: ScaleResult, samples: int) -> None:
    """The worker's query at a moment when one template day's timers are due."""
    with db.connect() as connection:
        first_due = connection.execute(
            text("SELECT min(due_at) FROM timer WHERE status = 'pending'")
        ).scalar()
    if first_due is None:
        return
    statement = due_timer_cases(first_due + timedelta(minutes=1), TIMER_BATCH)
    compiled = statement.compile(dialect=db.dialect)
    with db.connect() as connection:
        sql, params = str(compiled), compiled.params
        result.timers_due = int(
            connection.execute(
                text("SELECT count(*) FROM timer WHERE status = 'pending' AND due_at < :t"),
                {"t": params["due_at_1"]},
            ).scalar()
            or 0
        )
        for _ in range(samples):
            started = perf_counter()
            connection.exec_driver_sql(sql, params).all()
            result.timer_lookup.append(perf_counter() - started)
        plan = connection.exec_driver_sql("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params).all()
    result.timer_plan = "\n".join(row[0] for row in plan)


def _case_managers_case(db: Engine) -> int:
    with db.connect() as connection:
        return int(
            connection.execute(
                text(
                    "SELECT max(c.id) FROM nrm_case c JOIN inbox_task i ON i.case_id = c.id "
                    "WHERE c.data ->> 'case_manager' = :name"
                ),
                {"name": INTAKE["case_manager"]},
            ).scalar()
        )


def _requests(
    postgres_url: str, workdir: Path, case_id: int, result: ScaleResult, samples: int
) -> None:
    """Each page as the case manager would open it, one at a time, after one warm-up."""
    pages = {
        "GET /api/tasks (JSON inbox)": "/api/tasks",
        "GET / (inbox page)": "/",
        "GET /api/cases/{id} (JSON)": f"/api/cases/{case_id}",
        "GET /cases/{id} (case page)": f"/cases/{case_id}",
    }
    with (
        api_server(workdir, postgres_url) as server,
        httpx.Client(base_url=server.wait_until_up(), timeout=600) as client,
    ):
        api = ApiClient(client, server.signs_in)
        listed = client.get("/api/tasks", headers=api.headers[CASE_MANAGER])
        result.inbox_tasks = len(listed.json())
        for label, path in pages.items():
            api.get(path, CASE_MANAGER)
            taken: list[float] = []
            stop = perf_counter() + PAGE_BUDGET_SECONDS
            while len(taken) < samples and (len(taken) < MIN_SAMPLES or perf_counter() < stop):
                taken.append(api.get(path, CASE_MANAGER))
            result.requests[label] = taken
        status = Path(f"/proc/{server.process.pid}/status").read_text()
        result.server_rss_kib = int(
            next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1]
        )


def measure_scale(
    postgres_url: str, catalog: ProcessCatalog, workdir: Path, total: int, samples: int
) -> ScaleResult:
    engine = open_engine(postgres_url, catalog)
    try:
        seeded = seed(engine, engine.clock, total)  # type: ignore[arg-type]
        db = engine.db
        with db.connect() as connection:
            connection.execute(text("ANALYZE"))
            connection.commit()
        result = ScaleResult(
            open_cases=int(_scalar(db, "SELECT count(*) FROM nrm_case WHERE status = 'open'")),
            pending_timers=int(_scalar(db, "SELECT count(*) FROM timer WHERE status = 'pending'")),
            seeded=seeded,
        )
        _timer_lookup(db, result, samples)
        result.database_bytes = int(_scalar(db, "SELECT pg_database_size(current_database())"))
        result.state_bytes_per_case = _scalar(
            db,
            "SELECT avg(t.s + octet_length(c.workflow::text)) FROM nrm_case c JOIN "
            "(SELECT case_id, sum(octet_length(body::text)) s FROM workflow_task "
            "GROUP BY case_id) t ON t.case_id = c.id",
        )
        result.event_table_bytes_per_case = (
            _scalar(db, "SELECT pg_total_relation_size('event')") / result.open_cases
        )
        result.role_tasks = int(
            _scalar(db, "SELECT count(*) FROM inbox_task WHERE role = 'case_manager'")
        )
        case_id = _case_managers_case(db)
    finally:
        engine.db.dispose()
    _requests(postgres_url, workdir, case_id, result, samples)
    return result

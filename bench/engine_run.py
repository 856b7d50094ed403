"""The path through the engine (engine/nrm_engine.py): every step is one committed transaction."""

from __future__ import annotations

from dataclasses import dataclass
from time import perf_counter

from sqlalchemy import text
from sqlmodel import SQLModel

from bench.paths import (
    FORMS_DIR,
    INTAKE,
    INTAKE_ACTOR,
    INTAKE_STEP,
    PROCESS_ID,
    PROCESSES_DIR,
    START,
    TASK_STEPS,
    PathStep,
    add_path_users,
    submissions,
)
from bench.storage import (
    CaseStorage,
    StepWrite,
    StoredState,
    WriteMeter,
    case_storage,
    database_bytes,
    step_write,
    stored_state,
)
from bench.timing import PdfTimer, StepTime, Timings
from engine.base.clock import ManualClock
from engine.directory.reference import seed_missing
from engine.nrm_engine import NrmEngine
from engine.procedures.catalog import ProcessCatalog


class BenchError(RuntimeError):
    """The benchmark cannot run as asked (e.g. a database it must not wipe)."""


@dataclass
class EngineResult:
    label: str
    database: str
    timings: Timings
    storage: CaseStorage
    writes: list[StepWrite]


def open_engine(url: str, catalog: ProcessCatalog) -> NrmEngine:
    """An engine on `url` with empty tables and the processes loaded, at a fixed instant."""
    engine = NrmEngine.create(url, ManualClock(START), catalog=catalog)
    if engine.db.dialect.name == "postgresql":
        name = engine.db.url.database or ""
        if "bench" not in name:
            engine.db.dispose()
            raise BenchError(
                f"the benchmark empties the tables of the database it runs on; {name!r} does "
                "not look like a benchmark database (its name must contain 'bench')"
            )
        SQLModel.metadata.drop_all(engine.db)
        SQLModel.metadata.create_all(engine.db)
        with engine.db.begin() as connection:  # tables made from the models have no seed
            seed_missing(connection)
    engine.load_processes(PROCESSES_DIR, FORMS_DIR)
    add_path_users(engine.db)  # the intake's case manager must be an account
    return engine


def database_version(engine: NrmEngine) -> str:
    query = "SHOW server_version" if engine.db.dialect.name == "postgresql" else None
    with engine.db.connect() as connection:
        if query is None:
            return "SQLite " + str(connection.execute(text("SELECT sqlite_version()")).scalar())
        return "PostgreSQL " + str(connection.execute(text(query)).scalar())


def ready_task_id(engine: NrmEngine, case_id: int, name: str) -> str:
    # What the caller's inbox shows; read outside the timed command.
    tasks = [t for t in engine.queries.case(case_id).tasks if t.name == name]
    assert len(tasks) == 1, f"{name} is not ready in case {case_id}"
    return tasks[0].id


def _start(engine: NrmEngine) -> int:
    return engine.commands.start_case(PROCESS_ID, INTAKE, INTAKE_ACTOR)


def _complete(engine: NrmEngine, task_id: str, step: PathStep) -> None:
    engine.commands.complete_task(task_id, submissions()[step.task], step.actor)


def engine_case(engine: NrmEngine, pdf: PdfTimer) -> list[StepTime]:
    """One case from intake to completion; each engine command is timed."""
    mark, started = pdf.mark(), perf_counter()
    case_id = _start(engine)
    times = [StepTime(INTAKE_STEP, perf_counter() - started, pdf.since(mark))]
    for step in TASK_STEPS:
        task_id = ready_task_id(engine, case_id, step.task)
        mark, started = pdf.mark(), perf_counter()
        _complete(engine, task_id, step)
        times.append(StepTime(step.task, perf_counter() - started, pdf.since(mark)))
    assert engine.queries.case(case_id).status == "completed", f"case {case_id} is not closed"
    return times


def measure_writes(engine: NrmEngine) -> list[StepWrite]:
    """One more case, untimed, recording what each step changed and sent to the database."""
    writes = []
    with WriteMeter(engine.db) as meter:
        case_id = _start(engine)
        reading = meter.reading()
        before, after = StoredState({}, 0, 0), stored_state(engine.db, case_id)
        writes.append(step_write(INTAKE_STEP, before, after, reading))
        for step in TASK_STEPS:
            task_id = ready_task_id(engine, case_id, step.task)
            meter.reset()
            _complete(engine, task_id, step)
            reading = meter.reading()
            before, after = after, stored_state(engine.db, case_id)
            writes.append(step_write(step.task, before, after, reading))
    return writes


class EngineRun:
    """Runs batches of cases through an engine; `pdf` must be installed while they run."""

    def __init__(self, label: str, url: str, catalog: ProcessCatalog, pdf: PdfTimer) -> None:
        self.engine = open_engine(url, catalog)
        self.empty_bytes = database_bytes(self.engine.db)
        self.pdf = pdf
        self.timings = Timings(label)

    def run_batch(self, batch: int, cases: int, warmup: int) -> None:
        for _ in range(warmup):
            engine_case(self.engine, self.pdf)
        for _ in range(cases):
            self.timings.record_case(engine_case(self.engine, self.pdf), batch)

    def finish(self) -> EngineResult:
        """One more case measuring what each step writes; the storage of all; close."""
        try:
            writes = measure_writes(self.engine)
            storage = case_storage(self.engine.db, self.empty_bytes)
            version = database_version(self.engine)
            return EngineResult(self.timings.label, version, self.timings, storage, writes)
        finally:
            self.close()

    def close(self) -> None:
        self.engine.db.dispose()

"""What a case stores, and what each step sends to the database."""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, event, text
from sqlmodel import SQLModel

_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)


def _value_bytes(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        return len(value.encode())
    if isinstance(value, bytes | bytearray | memoryview):
        return len(value)
    if hasattr(value, "obj"):  # psycopg's Json wrapper around a JSON column's value
        obj = value.obj
        if isinstance(obj, str | bytes):
            return _value_bytes(obj)
        return len(json.dumps(obj, default=str).encode())
    return 8  # numbers, dates: small and fixed


def _is_row_list(parameters: Any) -> bool:
    return (
        isinstance(parameters, list | tuple)
        and len(parameters) > 0
        and isinstance(parameters[0], Mapping | list | tuple)
    )


def _row_bytes(row: Any) -> int:
    values = row.values() if isinstance(row, Mapping) else (row or ())
    return sum(_value_bytes(value) for value in values)


@dataclass(frozen=True)
class MeterReading:
    by_table: Counter[str]
    statements: int


class WriteMeter:
    """Payload bytes of the INSERT/UPDATE/DELETE statements sent to the database, per table
    (text, JSON and blobs by their encoded length; other values as 8 bytes)."""

    def __init__(self, db: Engine) -> None:
        self.db = db
        self.by_table: Counter[str] = Counter()
        self.statements = 0  # every statement, reads included: the round trips

    def __enter__(self) -> WriteMeter:
        event.listen(self.db, "before_cursor_execute", self._on_execute)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        event.remove(self.db, "before_cursor_execute", self._on_execute)

    def reset(self) -> None:
        self.by_table.clear()
        self.statements = 0

    def reading(self) -> MeterReading:
        return MeterReading(Counter(self.by_table), self.statements)

    def _on_execute(
        self,
        conn: Any,
        cursor: Any,
        statement: str,
        parameters: Any,
        context: Any,
        executemany: bool,
    ) -> None:
        self.statements += 1
        match = _WRITE.match(statement)
        if match is None:
            return
        # A batched INSERT ("insertmanyvalues") arrives as one flat row of parameters.
        rows = parameters if executemany and _is_row_list(parameters) else [parameters]
        self.by_table[match.group(1)] += sum(_row_bytes(row) for row in rows)


@dataclass(frozen=True)
class StoredState:
    """One case's serialized workflow as stored: its task rows and the head (nrm_case.workflow)."""

    bodies: dict[str, str]  # task id → the stored JSON text
    head_bytes: int
    data_bytes: int

    @property
    def task_bytes(self) -> int:
        return sum(len(body.encode()) for body in self.bodies.values())

    @property
    def total_bytes(self) -> int:
        return self.task_bytes + self.head_bytes


def stored_state(db: Engine, case_id: int) -> StoredState:
    with db.connect() as connection:
        rows = connection.execute(
            text("SELECT task_id, CAST(body AS TEXT) FROM workflow_task WHERE case_id = :id"),
            {"id": case_id},
        ).all()
        head, data = connection.execute(
            text("SELECT CAST(workflow AS TEXT), CAST(data AS TEXT) FROM nrm_case WHERE id = :id"),
            {"id": case_id},
        ).one()
    return StoredState({str(t): str(b) for t, b in rows}, len(head.encode()), len(data.encode()))


@dataclass(frozen=True)
class StepWrite:
    step: str
    statements: int  # SQL statements the step sent, reads included
    rows_read: int  # task rows loaded to restore the workflow before the step
    rows_stored: int  # task rows after the step
    rows_changed: int  # new or updated task rows
    changed_bytes: int  # their stored size
    task_bytes_sent: int  # payload of the workflow_task statements
    case_bytes_sent: int  # payload of the nrm_case statements (head, case data, status)
    all_bytes_sent: int  # every table, including events, inbox, timers and PDFs
    stored_bytes: int  # task rows + head after the step


def step_write(
    step: str, before: StoredState, after: StoredState, meter: MeterReading
) -> StepWrite:
    changed = [tid for tid, body in after.bodies.items() if before.bodies.get(tid) != body]
    return StepWrite(
        step=step,
        statements=meter.statements,
        rows_read=len(before.bodies),
        rows_stored=len(after.bodies),
        rows_changed=len(changed),
        changed_bytes=sum(len(after.bodies[tid].encode()) for tid in changed),
        task_bytes_sent=meter.by_table["workflow_task"],
        case_bytes_sent=meter.by_table["nrm_case"],
        all_bytes_sent=sum(meter.by_table.values()),
        stored_bytes=after.total_bytes,
    )


@dataclass(frozen=True)
class CaseStorage:
    """Median storage of one completed case of the path."""

    cases: int
    task_rows: float
    task_bytes: float
    head_bytes: float
    data_bytes: float
    event_rows: float
    event_bytes: float
    document_bytes: float
    database_bytes_per_case: float

    @property
    def workflow_bytes(self) -> float:
        return self.task_bytes + self.head_bytes


def _per_case(db: Engine, sql: str) -> dict[int, tuple[int, int]]:
    """case id → (rows, bytes) for a query yielding (case id, stored text or blob)."""
    totals: dict[int, tuple[int, int]] = {}
    with db.connect() as connection:
        for case_id, value in connection.execute(text(sql)):
            rows, size = totals.get(case_id, (0, 0))
            totals[case_id] = (rows + 1, size + _value_bytes(value))
    return totals


def database_bytes(db: Engine) -> int:
    """The size of the engine's tables with their indexes (SQLite: the file, checkpointed)."""
    if db.dialect.name == "sqlite":
        with db.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return Path(db.url.database or "").stat().st_size
    tables = SQLModel.metadata.sorted_tables
    sizes = " + ".join(f"pg_total_relation_size('{table.name}')" for table in tables)
    with db.connect() as connection:
        return int(connection.execute(text(f"SELECT {sizes}")).scalar_one())


def case_storage(db: Engine, empty_bytes: int) -> CaseStorage:
    """Medians over the completed cases in the database; `empty_bytes` is its size before."""
    with db.connect() as connection:
        completed = connection.execute(
            text(
                "SELECT id, CAST(workflow AS TEXT), CAST(data AS TEXT) FROM nrm_case "
                "WHERE status = 'completed'"
            )
        ).all()
        all_cases = connection.execute(text("SELECT count(*) FROM nrm_case")).scalar_one()
    tasks = _per_case(db, "SELECT case_id, CAST(body AS TEXT) FROM workflow_task")
    events = _per_case(db, "SELECT case_id, CAST(data AS TEXT) FROM event")
    documents = _per_case(db, "SELECT case_id, content FROM document")

    def median(values: list[int]) -> float:
        return float(statistics.median(values)) if values else 0.0

    ids = [row[0] for row in completed]
    return CaseStorage(
        cases=len(ids),
        task_rows=median([tasks.get(i, (0, 0))[0] for i in ids]),
        task_bytes=median([tasks.get(i, (0, 0))[1] for i in ids]),
        head_bytes=median([len(row[1].encode()) for row in completed]),
        data_bytes=median([len(row[2].encode()) for row in completed]),
        event_rows=median([events.get(i, (0, 0))[0] for i in ids]),
        event_bytes=median([events.get(i, (0, 0))[1] for i in ids]),
        document_bytes=median([documents.get(i, (0, 0))[1] for i in ids]),
        database_bytes_per_case=(database_bytes(db) - empty_bytes) / max(all_cases, 1),
    )

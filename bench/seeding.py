"""Many open cases, quickly, in real engine states (PostgreSQL only).

A few dozen template cases are driven through the engine (every step a real command) to varied
states: child_return at each step before the first document, round the D.2 rejection loop, and
foreign_victim up to and during the reflection period (a pending timer). Each template is then
cloned with COPY: every row of the case (task rows, inbox, timers, events, placements, ...) with
a fresh case id, fresh task UUIDs (consistently replaced in every JSON body), another case
manager and home region (as if the intake had named them), and the event hash chain
recomputed. So each clone is a state the engine itself produced, stored as it would store it.
Templates that generated documents or opened linked cases are not used.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, timedelta
from time import perf_counter
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Engine, text
from sqlmodel import Session, select

from bench.paths import INTAKE
from cli.demo_procedures import FOREIGN_SAFEGUARDS
from engine.base.case_routing import routing_columns
from engine.base.clock import ManualClock
from engine.cases.events import GENESIS_HASH, event_hash, hashed_content
from engine.history.audit import verify_chains
from engine.history.replay import replay_case
from engine.nrm_engine import NrmEngine
from engine.storage.models import Event, InboxTask
from forms.examples import example_submission
from forms.procedures import example

REGIONS = (
    "Berat", "Dibër", "Durrës", "Elbasan", "Fier", "Gjirokastër",
    "Korçë", "Kukës", "Lezhë", "Shkodër", "Tiranë", "Vlorë",
)  # fmt: skip
CASES_PER_MANAGER = 40
SEPARATOR = "\x1f"  # never inside JSON text (json.dumps escapes control characters)
UUID_OR_NAME = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
NOT_CLONED = {"nrm_case", "event", "access_log", "document"}  # the case and events: apart

Steps = tuple[tuple[str, dict[str, Any]], ...]
WISHES_HOME = ("record_child_wishes", {"child_wishes_return": True, "family_implicated": False})
REFUSES = ("record_child_wishes", {"child_wishes_return": False, "family_implicated": False})
CONTACTED = ("contact_parents", {"parents_reachable": True})
REJECTED = ("approve_placement", {"placement_approved": False, "approval_notes": "Again."})
SAFEGUARDS: Steps = (
    *FOREIGN_SAFEGUARDS,
    ("offer_reflection_period", {"wishes_reflection_period": True}),
)
PERMIT = ("decide_residence_permit", {"permit_granted": True, "permit_valid_until": "2026-09-01"})


@dataclass(frozen=True)
class Template:
    label: str
    process: str
    steps: Steps
    weight: int  # share of the clones


TEMPLATES: tuple[Template, ...] = (
    Template("child_return: wishes to record", "child_return", (), 10),
    Template("child_return: parents to contact", "child_return", (WISHES_HOME,), 10),
    Template(
        "child_return: placement to approve (D.2)",
        "child_return",
        (WISHES_HOME, ("contact_parents", {"parents_reachable": True})),
        10,
    ),
    Template("child_return: shelter to place now (D.1)", "child_return", (REFUSES,), 6),
    Template("child_return: D.2, 3 rejections", "child_return",
             (WISHES_HOME, CONTACTED, REJECTED) * 3, 4),
    Template("child_return: D.2, 10 rejections", "child_return",
             (WISHES_HOME, CONTACTED, REJECTED) * 10, 2),
    Template("foreign_victim: to report and refer", "foreign_victim", (), 4),
    Template("foreign_victim: pre-screening", "foreign_victim", SAFEGUARDS[:2], 4),
    *(
        Template(f"foreign_victim: reflection, permit to decide (day {day})", "foreign_victim",
                 SAFEGUARDS, 5)
        for day in range(5)
    ),
    *(
        Template(f"foreign_victim: reflection period running (day {day})", "foreign_victim",
                 (*SAFEGUARDS, PERMIT), 5)
        for day in range(5)
    ),
)  # fmt: skip


@dataclass(frozen=True)
class SeededCases:
    templates: list[tuple[Template, int, int]]  # template, its case id, its clones
    seconds_templates: float
    seconds_cloning: float
    case_managers: int
    verified: list[int]  # clones replayed and their chains checked


def drive(engine: NrmEngine, clock: ManualClock, template: Template) -> int:
    """One template case, through the engine's commands: a real state."""
    # The procedure's example intake (forms/<process>/examples/intake.json).
    case_id = engine.commands.start_case(template.process, example(template.process), "bench.seed")
    for task_name, answers in template.steps:
        clock.advance(timedelta(hours=3))
        with Session(engine.db) as session:
            row = session.exec(
                select(InboxTask).where(InboxTask.case_id == case_id, InboxTask.name == task_name)
            ).one()
            form = engine.catalog.latest(session, template.process).forms[row.form]
        # With what the form's rules require for these answers (an interview agreed to has
        # its date), as the demo fills them.
        data = example_submission(form, clock.now().date(), answers, follow_rules=True)
        engine.commands.complete_task(row.id, data, "bench.seed")
    return case_id


def _cloneable(db: Engine, case_id: int) -> bool:
    with db.connect() as connection:
        documents = connection.execute(
            text("SELECT count(*) FROM document WHERE case_id = :c"), {"c": case_id}
        ).scalar()
        links = connection.execute(
            text("SELECT count(*) FROM case_link WHERE from_case_id = :c OR to_case_id = :c"),
            {"c": case_id},
        ).scalar()
    return documents == 0 and links == 0


def _case_tables(db: Engine) -> list[str]:
    with db.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT table_name FROM information_schema.columns WHERE column_name = 'case_id' "
                "AND table_schema = current_schema() ORDER BY table_name"
            )
        ).all()
    return [row[0] for row in rows if row[0] not in NOT_CLONED]


@dataclass
class _Rows:
    """One table's rows of a template: the columns written, and each row's values, with its
    strings and JSON joined into one text so one substitution pass renames everything."""

    table: str
    columns: list[str]
    rows: list[list[Any]]
    text_slots: list[tuple[int, int]]  # (row, column) of each string or JSON value


def _read_rows(raw: Any, table: str, case_id: int) -> _Rows:
    with raw.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE case_id = %s", (case_id,))
        names = [d.name for d in cursor.description]
        found = [list(row) for row in cursor.fetchall()]
    # Serial ids are given anew by the database.
    keep = [i for i, name in enumerate(names) if not (name == "id" and table not in
                                                       ("inbox_task", "timer"))]  # fmt: skip
    columns = [names[i] for i in keep]
    rows = [[row[i] for i in keep] for row in found]
    slots = []
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dict | list):
                row[c] = json.dumps(value)
            if isinstance(row[c], str):
                slots.append((r, c))
    return _Rows(table, columns, rows, slots)


class Cloner:
    """Copies of one template case, written with COPY in batches (one transaction each)."""

    def __init__(self, db: Engine, case_id: int, names: list[str]) -> None:
        self.db = db
        self.raw = db.raw_connection()
        connection = self.raw.driver_connection
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM nrm_case WHERE id = %s", (case_id,))
            case_columns = [d.name for d in cursor.description]
            self.case_row = dict(zip(case_columns, cursor.fetchone(), strict=True))
            cursor.execute("SELECT * FROM event WHERE case_id = %s ORDER BY seq", (case_id,))
            event_names = [d.name for d in cursor.description]
            self.events = [dict(zip(event_names, row, strict=True)) for row in cursor.fetchall()]
        self.tables = [_read_rows(connection, table, case_id) for table in _case_tables(db)]
        self.tables = [rows for rows in self.tables if rows.rows]
        connection.commit()
        texts = [json.dumps(self.case_row["data"]), json.dumps(self.case_row["workflow"])]
        texts += [json.dumps(event["data"]) for event in self.events]
        texts += [event["task_id"] or "" for event in self.events]
        for rows in self.tables:
            texts += [rows.rows[r][c] for r, c in rows.text_slots]
        # Split once at every UUID and name: a clone is then a join, not a regex pass.
        pattern = re.compile("(" + "|".join([UUID_OR_NAME, *map(re.escape, names)]) + ")")
        self.parts = pattern.split(SEPARATOR.join(texts))
        self.uuids = sorted({part for part in self.parts[1::2] if part[0] != '"'})

    def close(self) -> None:
        self.raw.close()

    def _renamed(self, renames: dict[str, str]) -> list[str]:
        mapping = {old: _random_uuid() for old in self.uuids} | renames
        parts = self.parts.copy()
        for i in range(1, len(parts), 2):
            parts[i] = mapping.get(parts[i], parts[i])
        return "".join(parts).split(SEPARATOR)

    def clone(self, new_ids: list[int], renames_of: list[dict[str, str]]) -> None:
        connection = self.raw.driver_connection
        case_rows, event_rows = [], []
        table_rows: dict[str, list[list[Any]]] = {rows.table: [] for rows in self.tables}
        for new_id, renames in zip(new_ids, renames_of, strict=True):
            texts = iter(self._renamed(renames))
            data, workflow = next(texts), next(texts)
            reference = f"NRM-{self.case_row['created_at'].year}-{new_id:06d}"
            case = {**self.case_row, "id": new_id, "reference": reference, "data": data,
                    "workflow": workflow, **routing_columns(json.loads(data), None)}  # fmt: skip
            case_rows.append(case)
            event_data = [next(texts) for _ in self.events]
            event_tasks = [next(texts) for _ in self.events]
            event_rows += self._chain(new_id, event_data, event_tasks)
            for rows in self.tables:
                copied = [list(row) for row in rows.rows]
                for r, c in rows.text_slots:
                    copied[r][c] = next(texts)
                case_column = rows.columns.index("case_id")
                for row in copied:
                    row[case_column] = new_id
                table_rows[rows.table] += copied
        case_columns = list(self.case_row)
        with connection.cursor() as cursor:
            self._copy(cursor, "nrm_case", case_columns,
                       ([row[c] for c in case_columns] for row in case_rows))  # fmt: skip
            event_columns = [name for name in self.events[0] if name != "id"]
            self._copy(cursor, "event", event_columns,
                       ([row[c] for c in event_columns] for row in event_rows))  # fmt: skip
            for rows in self.tables:
                self._copy(cursor, rows.table, rows.columns, iter(table_rows[rows.table]))
        connection.commit()

    def _chain(self, case_id: int, data: list[str], task_ids: list[str]) -> list[dict[str, Any]]:
        prev, result = GENESIS_HASH, []
        for event, data_text, task_id in zip(self.events, data, task_ids, strict=True):
            row = {**event, "case_id": case_id, "data": data_text, "task_id": task_id or None,
                   "at": event["at"].astimezone(UTC), "prev_hash": prev}  # fmt: skip
            content = SimpleNamespace(**{**row, "data": json.loads(data_text)})
            row["hash"] = prev = event_hash(prev, hashed_content(cast(Event, content)))
            result.append(row)
        return result

    @staticmethod
    def _copy(cursor: Any, table: str, columns: list[str], rows: Iterator[list[Any]]) -> None:
        names = ", ".join(f'"{name}"' for name in columns)
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _random_uuid() -> str:
    # uuid4() is slow at a few million calls; the same random bits, formatted directly.
    h = f"{random.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def _new_ids(db: Engine, count: int) -> list[int]:
    with db.connect() as connection:
        ids = (
            connection.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence('nrm_case', 'id')) "
                    "FROM generate_series(1, :n)"
                ),
                {"n": count},
            )
            .scalars()
            .all()
        )
        connection.commit()
    return list(ids)


def counts(total: int, templates: list[Template]) -> list[int]:
    weights = sum(t.weight for t in templates)
    shares = [total * t.weight // weights for t in templates]
    shares[0] += total - sum(shares)
    return shares


def clone_all(
    db: Engine, case_ids: list[int], clones: list[int], managers: int, batch: int = 2000
) -> list[int]:
    """Clone each template, the children's cases shared among `managers` case managers;
    return the first clone of each template (none for a template with no clones)."""
    first_clones = []
    manager = json.dumps(INTAKE["case_manager"])
    number = 0
    for case_id, count in zip(case_ids, clones, strict=True):
        with db.connect() as connection:
            region = connection.execute(
                text("SELECT data ->> 'home_region' FROM nrm_case WHERE id = :c"), {"c": case_id}
            ).scalar()
        names = [manager] + ([json.dumps(region)] if region else [])
        cloner = Cloner(db, case_id, names)
        try:
            done = 0
            first = True
            while done < count:
                size = min(batch, count - done)
                ids = _new_ids(db, size)
                if first:
                    first_clones.append(ids[0])
                    first = False
                renames = []
                for _ in ids:
                    k = number % managers
                    renamed = {manager: manager if k == 0 else json.dumps(f"case.manager.{k}")}
                    if region:
                        renamed[json.dumps(region)] = json.dumps(REGIONS[number % len(REGIONS)])
                    renames.append(renamed)
                    number += 1
                cloner.clone(ids, renames)
                done += size
        finally:
            cloner.close()
    return first_clones


def seed(engine: NrmEngine, clock: ManualClock, total: int) -> SeededCases:
    """`total` open cases (at least one per template) on the engine's emptied database."""
    started = perf_counter()
    driven = []
    for template in TEMPLATES:
        case_id = drive(engine, clock, template)
        if _cloneable(engine.db, case_id):
            driven.append((template, case_id))
        clock.advance(timedelta(days=1))  # the templates' timers fall due on different days
    templates_done = perf_counter()
    clones = counts(max(0, total - len(driven)), [t for t, _ in driven])
    case_ids = [case_id for _, case_id in driven]
    child = sum(n for (t, _), n in zip(driven, clones, strict=True) if "case_manager" in
                example(t.process))  # fmt: skip
    managers = max(1, child // CASES_PER_MANAGER)
    first_clones = clone_all(engine.db, case_ids, clones, managers)
    cloned = perf_counter()
    verified = _verify(engine, first_clones)
    return SeededCases(
        templates=[(t, case_id, n) for (t, case_id), n in zip(driven, clones, strict=True)],
        seconds_templates=templates_done - started,
        seconds_cloning=cloned - templates_done,
        case_managers=managers,
        verified=verified,
    )


def _verify(engine: NrmEngine, clone_ids: list[int]) -> list[int]:
    """Clones whose replay must match and whose chain must hold, as the engine's own."""
    with Session(engine.db) as session:
        for case_id in clone_ids:
            report = replay_case(session, engine.catalog, case_id)
            if not report.matches:
                raise RuntimeError(f"clone {case_id} does not replay: {report.findings}")
            if verify_chains(session, case_id):
                raise RuntimeError(f"clone {case_id}: its event chain is broken")
    return clone_ids

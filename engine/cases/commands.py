"""The commands that change cases: start one, complete a task, fire due timers."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from uuid import UUID

from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from engine.base.clock import Clock
from engine.base.errors import Conflict, NotFound, StepFailed
from engine.cases import incidents
from engine.cases.case_forms import check_submission
from engine.cases.loading import load_case
from engine.cases.step import bump_revision, new_step, open_case
from engine.procedures.catalog import ProcessCatalog
from engine.storage.db import transaction
from engine.storage.models import InboxTask, Timer, WorkflowTaskRow
from engine.workflow import operations
from engine.workflow.cache import WorkflowCache
from engine.workflow.inspection import find_task

log = logging.getLogger("nrm.timers")


class CaseCommands:
    def __init__(self, db: Engine, clock: Clock, catalog: ProcessCatalog) -> None:
        self.db = db
        self.clock = clock
        self.catalog = catalog
        self.workflows = WorkflowCache()

    def start_case(self, process_id: str, data: dict[str, Any], actor: str) -> int:
        """Open a case on the newest version of `process_id` with its intake `data`."""
        with Session(self.db) as session, transaction(session):
            return self.start_case_in(session, process_id, data, actor)

    def start_case_in(
        self, session: Session, process_id: str, data: dict[str, Any], actor: str
    ) -> int:
        """`start_case` in the caller's session and transaction (the service layer's)."""
        case = open_case(
            session, self.catalog, self.clock, process_id, data, actor, cache=self.workflows
        )
        assert case.id is not None
        return case.id

    def complete_task(self, task_id: str, data: dict[str, Any], actor: str) -> int:
        """Complete the ready user task `task_id` with the form `data`; return its case id."""
        with Session(self.db) as session, transaction(session):
            return self.complete_task_in(session, ready_task(session, task_id), data, actor)

    def complete_task_in(
        self, session: Session, inbox_row: InboxTask, data: dict[str, Any], actor: str
    ) -> int:
        """Complete `inbox_row` (read by `ready_task` in this session, so that whoever checked
        who may do it saw the rows this transaction changes); return its case id."""
        case, version = load_case(session, inbox_row.case_id)
        check_submission(
            session, self.clock.now().date(), version.forms[inbox_row.form], case.data, data
        )
        step = new_step(
            session, case, version, self.catalog, self.clock, actor, cache=self.workflows
        )
        task = find_task(step.workflow, inbox_row.id)
        if task is None or task.state != TaskState.READY:
            raise Conflict(f"task {inbox_row.id} is no longer waiting to be done")
        step.events.append(
            "task_completed",
            actor,
            step.now,
            {"title": inbox_row.title, "role": inbox_row.role, "data": data},
            task_id=inbox_row.id,
            task_name=inbox_row.name,
        )
        with step.at_step_time():
            operations.complete(step.workflow, task, data)
        step.save()
        return inbox_row.case_id

    def fire_due_timers(self, limit: int = 500) -> list[int]:
        """Advance every case with a timer whose moment has passed (SpiffWorkflow fires a timer
        once its time is strictly in the past); return the ids of the cases advanced."""
        now = self.clock.now()
        with Session(self.db) as session:
            case_ids = session.exec(due_timer_cases(now, limit)).all()
        advanced = []
        for case_id in dict.fromkeys(case_ids):
            try:
                if self._refresh_timers(case_id, now):
                    advanced.append(case_id)
            except Conflict:
                continue  # someone else advanced the case; its timers are seen next round
            except StepFailed as error:
                # One case that cannot move must not hold up every other case's deadlines, nor
                # be tried again at every round: it waits for a supervisor as an incident.
                self._stop_timers(case_id, error, now)
        return advanced

    def _stop_timers(self, case_id: int, error: StepFailed, now: datetime) -> None:
        try:
            with Session(self.db) as session, transaction(session):
                case, _version = load_case(session, case_id)
                if incidents.open_timer_incident(session, case, error, now) is not None:
                    bump_revision(session, case)
        except Conflict:
            pass  # someone else advanced the case meanwhile; the next round sees its timers

    def _refresh_timers(self, case_id: int, now: datetime) -> bool:
        """Fire the case's due timers, unless another worker holds them (then it fires them).
        The lock lives as long as this transaction: a worker that dies mid-fire releases it and
        the timer stays pending for the next round."""
        with Session(self.db) as session, transaction(session):
            due = session.exec(
                select(Timer.id)
                .where(Timer.case_id == case_id, Timer.status == "pending", col(Timer.due_at) < now)
                .with_for_update(skip_locked=True)
            ).all()
            if not due:
                return False
            case, version = load_case(session, case_id)
            step = new_step(
                session, case, version, self.catalog, self.clock, "timer", cache=self.workflows
            )
            with step.at_step_time():
                operations.fire_timers(step.workflow)
            step.save()
            return True


def due_timer_cases(now: datetime, limit: int) -> SelectOfScalar[int]:
    """The cases of the earliest pending timers due before `now`: a range scan of the
    (status, due_at) index, however many timers are pending."""
    return (
        select(Timer.case_id)
        .where(Timer.status == "pending", col(Timer.due_at) < now)
        .order_by(col(Timer.due_at))
        .limit(limit)
    )


def ready_task(session: Session, task_id: str) -> InboxTask:
    """The inbox row of a task waiting to be done: NotFound for no such task, Conflict for one
    already done (by someone else, or in another tab)."""
    if not _is_uuid(task_id):
        raise NotFound(f"no task {task_id!r}")
    inbox_row = session.get(InboxTask, task_id)
    if inbox_row is None:
        if _was_a_task(session, task_id):
            raise Conflict(f"task {task_id} is no longer waiting to be done")
        raise NotFound(f"no task {task_id!r}")
    return inbox_row


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def _was_a_task(session: Session, task_id: str) -> bool:
    row = session.exec(
        select(WorkflowTaskRow.case_id).where(WorkflowTaskRow.task_id == task_id).limit(1)
    ).first()
    return row is not None

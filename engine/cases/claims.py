"""Taking a task from the team's inbox and giving it back.

A claim decides who works on a child's case, so it is part of the case's history: each claim and
release is an event in the case's hash-chained log, written in the same transaction as the claim
row. Two people taking the same task at once write the same event number; the second is refused
as a conflict, never silently overwritten.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from engine.base.clock import Clock
from engine.base.errors import NotFound
from engine.cases.events import EventLog
from engine.storage.db import transaction
from engine.storage.models import Case, InboxTask, TaskClaim


class TaskClaims:
    def __init__(self, db: Engine, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def holder(self, task_id: str) -> str | None:
        with Session(self.db) as session:
            return holder(session, task_id)

    def claim(self, task_id: str, user_name: str) -> str:
        """Take a task; returns who holds it afterwards (someone else if they were first)."""
        with Session(self.db) as session, transaction(session):
            return claim(session, task_id, user_name, self.clock.now())

    def release(self, task_id: str, actor: str) -> None:
        """Give a task back to the team; `actor` is its holder or a supervisor."""
        with Session(self.db) as session, transaction(session):
            release(session, task_id, actor, self.clock.now())


def holder(session: Session, task_id: str) -> str | None:
    found = session.get(TaskClaim, task_id)
    return found.user_name if found else None


def claim(session: Session, task_id: str, user_name: str, now: datetime) -> str:
    """Take a task in the caller's transaction; returns who holds it afterwards."""
    task = _ready_task(session, task_id)
    found = session.get(TaskClaim, task_id)
    if found is not None:
        return found.user_name
    session.add(
        TaskClaim(task_id=task_id, case_id=task.case_id, user_name=user_name, claimed_at=now)
    )
    _record(session, task, "task_claimed", user_name, now, {"title": task.title})
    return user_name


def release(session: Session, task_id: str, actor: str, now: datetime) -> None:
    """Give a task back in the caller's transaction; `actor` is its holder or a supervisor."""
    task = _ready_task(session, task_id)
    found = session.get(TaskClaim, task_id)
    if found is None:
        return
    session.delete(found)
    data = {"title": task.title, "holder": found.user_name}
    _record(session, task, "task_released", actor, now, data)


def _ready_task(session: Session, task_id: str) -> InboxTask:
    task = session.get(InboxTask, task_id)
    if task is None:
        raise NotFound(f"no ready task {task_id!r}")
    return task


def _record(
    session: Session, task: InboxTask, type_: str, actor: str, now: datetime, data: dict[str, str]
) -> None:
    case = session.get(Case, task.case_id)
    assert case is not None and case.id is not None
    EventLog(session, case.id, case.process_version_id).append(
        type_, actor, now, data, task_id=task.id, task_name=task.name
    )

"""Loading a case with the process version it is pinned to, and its history."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from engine.base.errors import NotFound
from engine.procedures.version_contents import HEAD_COLUMNS, VERSION_CONTENTS
from engine.storage.models import Case, Event, ProcessVersion, WorkflowTaskRow


def load_case(session: Session, case_id: int) -> tuple[Case, ProcessVersion]:
    """The case and its version in one round trip; the version's diagram and forms come from
    memory when already read (engine/procedures/version_contents.py)."""
    row = session.exec(
        select(Case, *HEAD_COLUMNS)
        .join(ProcessVersion, col(ProcessVersion.id) == col(Case.process_version_id))
        .where(Case.id == case_id)
    ).first()
    if row is None:
        raise NotFound(f"no case {case_id}")
    case, *head = row
    return case, VERSION_CONTENTS.version(session, head)


def case_events(session: Session, case_id: int) -> list[Event]:
    """The case's events in the order they happened."""
    statement = select(Event).where(Event.case_id == case_id).order_by(col(Event.seq))
    return list(session.exec(statement).all())



def stored_tasks(session: Session, case_id: int) -> dict[str, dict[str, Any]]:
    """The case's workflow task rows as stored by its last step, by task id."""
    rows = session.exec(select(WorkflowTaskRow).where(WorkflowTaskRow.case_id == case_id)).all()
    return {row.task_id: row.body for row in rows}

"""Reassigning a child case's case manager (Art. 5.B.4): a supervisor's command, recorded as an
event in the case's hash-chained log in the same transaction as the new assignment.

The workflow's own data keeps the intake's `case_manager`: a replay rebuilds exactly what the
process did, and the assignment (table `case_assignment`, one row per case) takes precedence over
it wherever tasks are routed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, update
from sqlmodel import Session, col

from engine.base.case_routing import effective_case_manager
from engine.base.clock import Clock
from engine.base.errors import Conflict, FieldError, InvalidData
from engine.cases.events import EventLog
from engine.cases.loading import load_case
from engine.storage.db import transaction
from engine.storage.models import Case, CaseAssignment
from forms.messages import message


class AssignmentCommands:
    def __init__(self, db: Engine, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def reassign_case_manager(
        self, case_id: int, case_manager: str, actor: str, reason: str = ""
    ) -> str:
        """Appoint `case_manager` to the case; returns the previous case manager."""
        with Session(self.db) as session, transaction(session):
            return reassign_case_manager(
                session, case_id, case_manager, actor, self.clock.now(), reason
            )


def reassign_case_manager(
    session: Session, case_id: int, case_manager: str, actor: str, now: datetime, reason: str = ""
) -> str:
    """`AssignmentCommands.reassign_case_manager` in the caller's transaction."""
    case_manager = case_manager.strip()
    if not case_manager:
        raise InvalidData([FieldError(("case_manager",), message("case_manager.empty"))])
    case, _version = load_case(session, case_id)
    if case.status != "open":
        raise Conflict(f"case {case.reference} is closed; its case manager stays")
    previous = effective_case_manager(case)
    if previous == case_manager:
        raise InvalidData(
            [
                FieldError(
                    ("case_manager",), message("case_manager.already", case_manager=case_manager)
                )
            ]
        )
    assert case.id is not None
    EventLog(session, case.id, case.process_version_id).append(
        "case_manager_reassigned",
        actor,
        now,
        {"from": previous, "to": case_manager, "reason": reason},
    )
    assignment = session.get(CaseAssignment, case.id) or CaseAssignment(
        case_id=case.id, case_manager=case_manager, assigned_by=actor, assigned_at=now
    )
    assignment.case_manager = case_manager
    assignment.assigned_by = actor
    assignment.assigned_at = now
    session.add(assignment)
    # A new revision: a step that read the case before this reassignment must not write
    # the old case manager back into the routing column (engine/base/case_routing.py).
    moved = session.execute(
        update(Case)
        .where(col(Case.id) == case.id, col(Case.revision) == case.revision)
        .values(revision=case.revision + 1, case_manager=case_manager)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"case {case.reference} was changed meanwhile; reload it")
    return previous or ""

"""The court outbox (issue 4, item 5): the custody petitions addressed to one court, with
whether the court has acknowledged receipt. Annex 1 D.1 / D.3: state social services file a
petition for a temporary custody order with the competent court (case data `court`).

Only what a court registry needs is shown: the case reference, the child's initials (Art. 4),
the petition documents and the acknowledgement (who, when), read from the case's events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from documents.facts import initials
from engine.storage.models import Case, Document, Event, InboxTask

PETITION_KIND = "custody_petition"
ACKNOWLEDGE_TASK = "acknowledge_petition"
DECISION_TASK = "record_court_decision"


@dataclass
class OutboxDocument:
    id: int
    language: str
    title: str
    filename: str
    sha256: str
    created_at: datetime


@dataclass
class OutboxPetition:
    case_id: int
    case_reference: str
    child_initials: str
    petition_date: datetime
    documents: list[OutboxDocument] = field(default_factory=list)
    acknowledged: bool = False
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    received_on: str | None = None
    registry_number: str | None = None
    acknowledge_task_id: str | None = None
    decision_task_id: str | None = None
    decision: str | None = None


def _initials(data: dict[str, Any]) -> str:
    name = data.get("child_name")
    try:
        return initials(name) if isinstance(name, str) and name.strip() else ""
    except ValueError:
        return ""


def outbox(db: Engine, court: str | None) -> list[OutboxPetition]:
    """Every case naming `court` that has a custody petition, newest petition first."""
    if not court:
        return []
    result = []
    with Session(db) as session:
        documents = session.exec(
            select(Document, Case)
            .join(Case, col(Document.case_id) == col(Case.id))
            .where(Document.kind == PETITION_KIND)
            .order_by(col(Document.id))
        ).all()
        by_case: dict[int, OutboxPetition] = {}
        for document, case in documents:
            if case.data.get("court") != court:
                continue
            assert case.id is not None and document.id is not None
            entry = by_case.get(case.id)
            if entry is None:
                entry = by_case[case.id] = OutboxPetition(
                    case_id=case.id,
                    case_reference=case.reference,
                    child_initials=_initials(case.data),
                    petition_date=document.created_at,
                )
            entry.petition_date = max(entry.petition_date, document.created_at)
            entry.documents.append(
                OutboxDocument(
                    id=document.id,
                    language=document.language,
                    title=document.title,
                    filename=document.filename,
                    sha256=document.sha256,
                    created_at=document.created_at,
                )
            )
        if not by_case:
            return []
        case_ids = list(by_case)
        # From the events, not the case data: the court's branch runs alongside State Social
        # Services' and its data joins the case's only when both are done.
        court_events = session.exec(
            select(Event)
            .where(
                col(Event.case_id).in_(case_ids),
                Event.type == "task_completed",
                col(Event.task_name).in_([ACKNOWLEDGE_TASK, DECISION_TASK]),
            )
            .order_by(col(Event.seq))
        ).all()
        for event in court_events:
            entry = by_case[event.case_id]
            data = event.data.get("data") if isinstance(event.data, dict) else None
            data = data if isinstance(data, dict) else {}
            if event.task_name == DECISION_TASK:
                entry.decision = data.get("court_decision")
                continue
            entry.acknowledged = True
            entry.acknowledged_by = event.actor
            entry.acknowledged_at = event.at
            entry.received_on = data.get("petition_received_on")
            entry.registry_number = data.get("court_registry_number")
        waiting = session.exec(
            select(InboxTask).where(
                col(InboxTask.case_id).in_(case_ids),
                col(InboxTask.name).in_([ACKNOWLEDGE_TASK, DECISION_TASK]),
            )
        ).all()
        for task in waiting:
            if task.name == ACKNOWLEDGE_TASK:
                by_case[task.case_id].acknowledge_task_id = task.id
            else:
                by_case[task.case_id].decision_task_id = task.id
        result = sorted(by_case.values(), key=lambda e: e.petition_date, reverse=True)
    return result

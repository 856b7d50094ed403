"""The court outbox (issue 4, item 5): the petitions filed with one court, with whether the
court has acknowledged receipt. Annex 1 D.1 / D.3: state social services file a petition for a
temporary custody order with the competent court (case data `court`); Annex 1 D.4: the case
manager petitions it for guardianship when the parents cannot be found. A petition is listed
once its filing task is done, not when the document is generated: the outbox says "filed".

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

# Each petition's document kind, and the task that files it with the court.
FILING_TASKS = {
    "custody_petition": "file_custody_petition",
    "guardianship_petition": "petition_for_guardianship",
}
ACKNOWLEDGE_TASK = "acknowledge_petition"
DECISION_TASK = "record_court_decision"


@dataclass
class OutboxDocument:
    id: int
    kind: str
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


def _filings(
    session: Session, case_ids: set[int | None]
) -> dict[tuple[int, str], list[tuple[int, datetime]]]:
    """(case, petition kind) → when each filing task was done (event seq, time), in order."""
    kind_of = {task: kind for kind, task in FILING_TASKS.items()}
    done = session.exec(
        select(Event.case_id, Event.seq, Event.at, Event.task_name)
        .where(
            col(Event.case_id).in_([i for i in case_ids if i is not None]),
            Event.type == "task_completed",
            col(Event.task_name).in_(list(kind_of)),
        )
        .order_by(col(Event.seq))
    ).all()
    filings: dict[tuple[int, str], list[tuple[int, datetime]]] = {}
    for case_id, seq, at, task_name in done:
        filings.setdefault((case_id, kind_of[str(task_name)]), []).append((seq, at))
    return filings


def _initials(data: dict[str, Any]) -> str:
    name = data.get("child_name")
    try:
        return initials(name) if isinstance(name, str) and name.strip() else ""
    except ValueError:
        return ""


def outbox(db: Engine, court: str | None) -> list[OutboxPetition]:
    """Every case naming `court` with a filed petition, the newest filing first."""
    if not court:
        return []
    result = []
    with Session(db) as session:
        documents = session.exec(
            select(Document, Case)
            .join(Case, col(Document.case_id) == col(Case.id))
            .where(col(Document.kind).in_(list(FILING_TASKS)), Case.court == court)
            .order_by(col(Document.id))
        ).all()
        filings = _filings(session, {case.id for _document, case in documents})
        by_case: dict[int, OutboxPetition] = {}
        for document, case in documents:
            assert case.id is not None and document.id is not None
            filed = next(
                (
                    at
                    for seq, at in filings.get((case.id, document.kind), [])
                    if seq > document.event_seq
                ),
                None,
            )
            if filed is None:
                continue  # generated, not filed yet: nothing for the court
            entry = by_case.get(case.id)
            if entry is None:
                entry = by_case[case.id] = OutboxPetition(
                    case_id=case.id,
                    case_reference=case.reference,
                    child_initials=_initials(case.data),
                    petition_date=filed,
                )
            entry.petition_date = max(entry.petition_date, filed)
            entry.documents.append(
                OutboxDocument(
                    id=document.id,
                    kind=document.kind,
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

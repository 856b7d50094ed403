"""The append-only event log. Each event carries the hash of its predecessor and of itself, so
an altered or removed event breaks the chain."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from engine.base.hash_chain import GENESIS_HASH, chain_hash
from engine.storage.models import Event

event_hash = chain_hash


def hashed_content(event: Event) -> dict[str, Any]:
    return {
        "case_id": event.case_id,
        "seq": event.seq,
        "type": event.type,
        "actor": event.actor,
        "at": event.at.isoformat(),
        "task_id": event.task_id,
        "task_name": event.task_name,
        "data": event.data,
        "process_version_id": event.process_version_id,
    }


class EventLog:
    """The events one unit of work appends to one case."""

    def __init__(self, session: Session, case_id: int, process_version_id: int) -> None:
        self.session = session
        self.case_id = case_id
        self.process_version_id = process_version_id
        last = session.exec(
            select(Event).where(Event.case_id == case_id).order_by(col(Event.seq).desc()).limit(1)
        ).first()
        self.next_seq = last.seq + 1 if last else 1
        self.prev_hash = last.hash if last else GENESIS_HASH

    def append(
        self,
        type_: str,
        actor: str,
        at: datetime,
        data: dict[str, Any] | None = None,
        task_id: str | None = None,
        task_name: str | None = None,
    ) -> Event:
        # Hash exactly what the database will give back: UTC time, JSON-shaped data.
        at = at.astimezone(UTC)
        data = json.loads(json.dumps(data or {}))
        event = Event(
            case_id=self.case_id,
            seq=self.next_seq,
            type=type_,
            actor=actor,
            at=at,
            task_id=task_id,
            task_name=task_name,
            data=data,
            process_version_id=self.process_version_id,
            prev_hash=self.prev_hash,
            hash="",
        )
        event.hash = event_hash(self.prev_hash, hashed_content(event))
        self.session.add(event)
        self.next_seq += 1
        self.prev_hash = event.hash
        return event

"""Which process version each step of a case's history ran on: a step is drawn on the diagram
of its own version, so a replay across a migration shows each side on the right drawing."""

from __future__ import annotations

from sqlmodel import Session, col, select

from engine.storage.models import Event, ProcessVersion


def step_versions(session: Session, case_id: int) -> dict[int, int]:
    """Event number → the version number in effect after it (a move's event already carries
    the version the case moved to)."""
    rows = session.exec(
        select(Event.seq, ProcessVersion.version)
        .join(ProcessVersion, col(Event.process_version_id) == col(ProcessVersion.id))
        .where(col(Event.case_id) == case_id)
    ).all()
    return dict(rows)

"""Anchors: periodic digests of the heads of all event chains.

A hash chain shows an event altered or removed from the middle of a case's history, but not its
newest events removed (or the whole case): what is left is still a valid chain. An anchor
records, for every case, its newest event's number and hash, and chains itself to the previous
anchor. Checking the log against the newest anchor finds any history cut short since.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from engine.cases.events import GENESIS_HASH
from engine.storage.models import Case, ChainAnchor, Event


@dataclass(frozen=True)
class AnchorFinding:
    case_id: int
    case_reference: str
    detail: str

    def __str__(self) -> str:
        return f"{self.case_reference}: {self.detail}"


def _digest(prev_digest: str, heads: dict[str, Any]) -> str:
    canonical = json.dumps(heads, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_digest + canonical).encode()).hexdigest()


def _current_heads(session: Session) -> dict[str, Any]:
    newest = (
        select(Event.case_id, func.max(Event.seq).label("seq")).group_by(col(Event.case_id))
    ).subquery()
    rows = session.exec(
        select(Event.case_id, Event.seq, Event.hash, Case.reference)
        .join(newest, (col(Event.case_id) == newest.c.case_id) & (col(Event.seq) == newest.c.seq))
        .join(Case, col(Case.id) == col(Event.case_id))
    ).all()
    return {str(case_id): [seq, hash_, ref] for case_id, seq, hash_, ref in rows}


def latest_anchor(session: Session) -> ChainAnchor | None:
    return session.exec(select(ChainAnchor).order_by(col(ChainAnchor.id).desc()).limit(1)).first()


def record_anchor(session: Session, now: datetime) -> ChainAnchor:
    """Anchor the current head of every case's chain (commit is the caller's)."""
    previous = latest_anchor(session)
    prev_digest = previous.digest if previous else GENESIS_HASH
    heads = _current_heads(session)
    anchor = ChainAnchor(
        created_at=now, heads=heads, prev_digest=prev_digest, digest=_digest(prev_digest, heads)
    )
    session.add(anchor)
    session.flush()
    return anchor


def anchor_if_due(session: Session, now: datetime, every: timedelta = timedelta(days=1)) -> bool:
    """Record an anchor when the newest is older than `every` (the timer worker calls this)."""
    newest = latest_anchor(session)
    if newest is not None and now - newest.created_at < every:
        return False
    record_anchor(session, now)
    session.commit()
    return True


def check_against_anchor(session: Session) -> list[AnchorFinding]:
    """Histories cut short, or rewritten at their anchored head, since the newest anchor; and
    anchors that were themselves altered."""
    anchors = session.exec(select(ChainAnchor).order_by(col(ChainAnchor.id))).all()
    findings: list[AnchorFinding] = []
    prev_digest = GENESIS_HASH
    for anchor in anchors:
        if anchor.prev_digest != prev_digest or anchor.digest != _digest(
            anchor.prev_digest, anchor.heads
        ):
            findings.append(
                AnchorFinding(
                    0,
                    "anchors",
                    f"the anchor of {anchor.created_at:%Y-%m-%d %H:%M} "
                    "UTC was altered or an anchor before it was removed",
                )
            )
            return findings
        prev_digest = anchor.digest
    if not anchors:
        return findings
    anchored = anchors[-1]
    when = f"{anchored.created_at:%Y-%m-%d %H:%M} UTC"
    hashes = {
        (case_id, seq): hash_
        for case_id, seq, hash_ in session.exec(
            select(Event.case_id, Event.seq, Event.hash).where(
                col(Event.case_id).in_([int(c) for c in anchored.heads])
            )
        ).all()
    }
    present = set(session.exec(select(Case.id)).all())
    for case_key, (seq, hash_, reference) in sorted(
        anchored.heads.items(), key=lambda i: int(i[0])
    ):
        case_id = int(case_key)
        if case_id not in present:
            findings.append(
                AnchorFinding(
                    case_id,
                    reference,
                    f"the whole case was removed after "
                    f"the anchor of {when}, which recorded {seq} events",
                )
            )
        elif (case_id, seq) not in hashes:
            findings.append(
                AnchorFinding(
                    case_id,
                    reference,
                    f"events were removed: the anchor "
                    f"of {when} recorded event {seq}, which is gone",
                )
            )
        elif hashes[(case_id, seq)] != hash_:
            findings.append(
                AnchorFinding(
                    case_id,
                    reference,
                    f"event {seq} differs from the one the anchor of {when} recorded",
                )
            )
    return findings

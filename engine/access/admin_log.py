"""The admin log: every change to an account (who made it, what, the values before and after,
never a password), hash-chained so that an entry altered or removed afterwards is found.

Auditors read it (`GET /api/audit/admin-log`) and `nrm audit verify` checks its chain. It is
written in the same transaction as the change it records."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from engine.base.hash_chain import GENESIS_HASH, chain_hash
from engine.storage.models import AdminLogEntry

# What the log says of a password: that it was set, never the password or its hash.
PASSWORD_SET = "set"


def _content(entry: AdminLogEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "target": entry.target,
        "before": entry.before,
        "after": entry.after,
    }


def record_change(
    session: Session,
    actor: str,
    action: str,
    target: str,
    before: dict[str, Any],
    after: dict[str, Any],
    now: datetime,
) -> AdminLogEntry:
    """Add the entry to `session`, chained to the newest one; two changes at once cannot take
    the same place in the chain (`seq` is unique: the later one fails and changes nothing)."""
    last = session.exec(select(AdminLogEntry).order_by(col(AdminLogEntry.seq).desc())).first()
    entry = AdminLogEntry(
        seq=(last.seq + 1) if last else 1,
        at=now.astimezone(UTC),
        actor=actor,
        action=action,
        target=target,
        before=before,
        after=after,
        prev_hash=last.hash if last else GENESIS_HASH,
        hash="",
    )
    entry.hash = chain_hash(entry.prev_hash, _content(entry))
    session.add(entry)
    return entry


def admin_log(db: Engine, target: str | None = None) -> list[dict[str, Any]]:
    with Session(db) as session:
        statement = select(AdminLogEntry).order_by(col(AdminLogEntry.seq))
        if target is not None:
            statement = statement.where(AdminLogEntry.target == target)
        return [{**_content(e), "hash": e.hash} for e in session.exec(statement).all()]


def admin_log_findings(db: Engine) -> list[str]:
    """Where the chain is broken: an entry changed after it was written, or one missing."""
    previous, findings = GENESIS_HASH, []
    with Session(db) as session:
        entries = session.exec(select(AdminLogEntry).order_by(col(AdminLogEntry.seq))).all()
    for expected, entry in enumerate(entries, start=1):
        if entry.seq != expected:
            findings.append(f"admin log entry {expected} is missing")
            break
        if entry.prev_hash != previous or entry.hash != chain_hash(previous, _content(entry)):
            findings.append(f"admin log entry {entry.seq} was altered after it was written")
            break
        previous = entry.hash
    return findings

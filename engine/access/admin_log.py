"""The admin log: every change to an account (who made it, what, the values before and after,
never a password), hash-chained so that an entry altered or removed afterwards is found.

Auditors read it (`GET /api/audit/admin-log`) and `nrm audit verify` checks its chain. It is
written in the same transaction as the change it records."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, text
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
    """Add the entry to `session`, chained to the newest one. Changes made at the same moment
    take their places one after the other: the chain's head is read only once this transaction
    holds the log (`_hold_the_log`), and held until it commits."""
    _hold_the_log(session)
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


def _hold_the_log(session: Session) -> None:
    """Wait until no other transaction is appending to the log, and keep others waiting until
    this one ends. The account's own changes are written first, so that every transaction
    waiting here holds only rows the holder does not need."""
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        # EXCLUSIVE lets auditors read the log meanwhile; only writers wait.
        session.execute(text("LOCK TABLE admin_log IN EXCLUSIVE MODE"))
    else:
        # SQLite has one writer at a time: a write (matching no row) takes that place before
        # the head is read, and a busy database waits (engine/storage/db.py's busy timeout).
        session.execute(text("UPDATE admin_log SET seq = seq WHERE 0"))


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

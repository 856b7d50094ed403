"""The access log (Art. 4): every view of a case, by whom, in which role, when, and whether it
showed personal data; auditors read it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from engine.access.users import Principal
from engine.storage.models import AccessLogEntry


def log_access(
    db: Engine, user: Principal, case_id: int, what: str, personal: bool, now: datetime
) -> None:
    with Session(db) as session:
        record_access(session, user, case_id, what, personal, now)
        session.commit()


def log_list_access(
    db: Engine,
    user: Principal,
    shown: Iterable[tuple[int, bool]],
    what: str,
    now: datetime,
) -> None:
    """A list that shows several cases (the case list, the inbox): one entry per case `shown`,
    with whether its line showed personal data (the child's name), in one transaction."""
    with Session(db) as session:
        for case_id, personal in shown:
            record_access(session, user, case_id, what, personal, now)
        session.commit()


def record_access(
    session: Session,
    user: Principal,
    case_id: int,
    what: str,
    personal: bool,
    now: datetime,
    reason: str = "",
) -> None:
    """Add the access-log entry to `session`: it is stored when the caller commits. `reason`:
    why, where the user had to say (a full audit export)."""
    session.add(
        AccessLogEntry(
            case_id=case_id,
            user_name=user.name,
            role=user.role,
            at=now,
            what=what,
            personal_data=personal,
            reason=reason,
        )
    )


def logged_access(
    db: Engine,
    case_id: int | None = None,
    user: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[dict[str, Any]]:
    """Views of cases, oldest first; each filter given narrows it (`since` and `until` included)."""
    statement = select(AccessLogEntry).order_by(col(AccessLogEntry.id))
    if case_id is not None:
        statement = statement.where(AccessLogEntry.case_id == case_id)
    if user:
        statement = statement.where(AccessLogEntry.user_name == user)
    if since is not None:
        statement = statement.where(col(AccessLogEntry.at) >= since)
    if until is not None:
        statement = statement.where(col(AccessLogEntry.at) <= until)
    with Session(db) as session:
        return [
            {
                "case_id": e.case_id,
                "user": e.user_name,
                "role": e.role,
                "at": e.at,
                "what": e.what,
                "personal_data": e.personal_data,
                "reason": e.reason,
            }
            for e in session.exec(statement).all()
        ]

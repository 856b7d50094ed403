"""Where the child is now, since when, decided by whom (issue 14).

A diagram records where the child is in the case data: `child_location` (`shelter`,
`temporary_accommodation`, `family`, or the approved long-term solution) with the `facility_id`
of a shelter or accommodation, and who holds responsibility for the child,
`responsible_for_child` (Annex 1 D.1 / D.4: the social worker; a temporary custody holder the
court named; the family). The step that changes where the child is appends a `child_moved`
event in its own transaction: the moment and the person who decided it are the step's, and
the event log is the history of the child's whereabouts. The case page reads the last one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from engine.cases.events import EventLog
from engine.storage.models import Event, Facility

CHILD_MOVED = "child_moved"
LOCATION_FIELDS = ("child_location", "facility_id")


def record_move(
    events: EventLog, before: dict[str, Any], after: dict[str, Any], actor: str, now: datetime
) -> None:
    """Append `child_moved` when the step changed where the child is."""
    if "child_location" not in after:
        return  # a process that does not record where the child is
    moved = [before.get(name) != after.get(name) for name in LOCATION_FIELDS]
    if not any(moved) or after.get("child_location") is None:
        return
    location = after["child_location"]
    data = {"location": location, "facility_id": _facility_of(after)}
    events.append(CHILD_MOVED, actor, now, data)


def _facility_of(data: dict[str, Any]) -> str | None:
    if data.get("child_location") not in ("shelter", "temporary_accommodation"):
        return None
    value = data.get("facility_id")
    return str(value) if value not in (None, "") else None


@dataclass(frozen=True)
class Whereabouts:
    """The child's whereabouts as the case page shows them; `location` None: not placed yet."""

    location: str | None
    facility: str | None  # the facility's name (personal data: Art. 4)
    since: datetime | None
    decided_by: str | None
    responsible: str | None  # responsible_for_child
    custody_holder: str | None  # who holds temporary custody, when the court granted it
    custody_from: str | None


def current(session: Session, case_id: int, data: dict[str, Any]) -> Whereabouts | None:
    """None for a case of a process that does not record where the child is."""
    if "child_location" not in data and "responsible_for_child" not in data:
        return None
    last = session.exec(
        select(Event)
        .where(Event.case_id == case_id, Event.type == CHILD_MOVED)
        .order_by(col(Event.seq).desc())
        .limit(1)
    ).first()
    facility = None
    if last is not None and last.data.get("facility_id"):
        try:
            found = session.get(Facility, int(last.data["facility_id"]))
        except ValueError:
            found = None
        facility = found.name if found is not None else None
    granted = data.get("custody_granted") is True
    return Whereabouts(
        location=last.data.get("location") if last is not None else None,
        facility=facility,
        since=last.at if last is not None else None,
        decided_by=last.actor if last is not None else None,
        responsible=data.get("responsible_for_child"),
        custody_holder=data.get("temporary_custody_holder") if granted else None,
        custody_from=data.get("custody_from") if granted else None,
    )

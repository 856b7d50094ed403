"""What the engine tells its callers about processes, cases and tasks."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel


class ProcessInfo(BaseModel):
    id: str
    version: int
    name: str
    sha256: str
    form: dict[str, Any]


class TaskInfo(BaseModel):
    id: str
    case_id: int
    case_reference: str
    process: str
    name: str
    title: str
    role: str
    created_at: datetime
    due_at: datetime | None
    overdue: bool


class TaskDetail(TaskInfo):
    form: dict[str, Any]


class TimerInfo(BaseModel):
    name: str
    title: str
    status: Literal["pending", "fired", "cancelled", "stuck"]
    due_at: datetime
    ended_at: datetime | None
    attached_to: str | None
    occurrence: int | None = None  # of a repeating timer: 1, 2, ...; None for a one-off


class DocumentInfo(BaseModel):
    id: int
    kind: str
    language: str
    title: str
    filename: str
    sha256: str
    created_at: datetime


class CaseLinkInfo(BaseModel):
    case_id: int
    reference: str
    process: str
    relation: Literal["started", "started_from"]  # this case started it / was started by it


class IncidentInfo(BaseModel):
    """A failed service or script task the case waits at, or due timers that could not fire
    (engine/cases/incidents.py)."""

    id: int
    case_id: int
    case_reference: str
    task_id: str
    element_id: str
    element_title: str
    error_class: str
    error_message: str
    status: Literal["open", "resolved"]
    kind: Literal["task", "timer"] = "task"
    attempts: int
    created_at: datetime
    resolved_by: str | None
    resolved_at: datetime | None


class WhereaboutsInfo(BaseModel):
    """Where the child is now, since when, decided by whom (engine/cases/whereabouts.py); `location`
    None: not placed yet, in the care of whoever holds responsibility."""

    location: str | None
    facility: str | None
    since: datetime | None
    decided_by: str | None
    responsible: str | None
    custody_holder: str | None = None
    custody_from: str | None = None

    def withheld(self, marker: str) -> WhereaboutsInfo:
        """As shown to someone without access to personal data (Art. 4): the kind of place and
        who decided, not the facility or the custody holder's name."""
        return self.model_copy(
            update={
                "facility": marker if self.facility else None,
                "custody_holder": marker if self.custody_holder else None,
            }
        )


class CaseView(BaseModel):
    id: int
    reference: str
    process: str
    process_version: int
    status: Literal["open", "completed"]
    revision: int
    data: dict[str, Any]
    tasks: list[TaskInfo]
    timers: list[TimerInfo]
    documents: list[DocumentInfo]
    links: list[CaseLinkInfo]
    # Open incidents: a completion answered with one here was kept, but the case waits.
    incidents: list[IncidentInfo] = []
    # child_return: where the child is now (None for a process that does not record it).
    whereabouts: WhereaboutsInfo | None = None
    created_at: datetime
    updated_at: datetime


class EventInfo(BaseModel):
    seq: int
    type: str
    actor: str
    at: datetime
    task_id: str | None
    task_name: str | None
    data: dict[str, Any]
    hash: str

"""Incidents: a service or script task that failed while the engine advanced a case, or due
timers that could not fire.

The step that ran into a failing task is kept (the user's completion is not lost): the workflow
stops at the failing task, which SpiffWorkflow leaves in its ERROR state, and the case waits
there with an open incident until a supervisor retries the task after a fix. Opening,
each failed retry and the resolution are events of the case, so replay follows them.

Firing timers is a step no person started: when it fails as a whole (a repeating timer whose
period came out as zero from the case data), nothing of it is kept, and its due timer rows turn
`stuck`, out of the worker's rounds, with a timer incident on the case until a supervisor retries.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from engine.base.errors import Conflict, NotFound
from engine.cases.events import EventLog
from engine.cases.views import IncidentInfo
from engine.storage.models import Case, Event, Incident, Timer
from engine.workflow.spec_info import task_title

log = logging.getLogger("nrm.incidents")

OPENED = "incident_opened"
RESOLVED = "incident_resolved"
RETRY_FAILED = "incident_retry_failed"

TASK = "task"
TIMER = "timer"
STUCK = "stuck"  # the status of a timer row that could not fire


@dataclass(frozen=True)
class TaskFailure:
    """What stopped a task: its element, and the error as class and message (no traceback)."""

    task_id: str
    element_id: str
    element_title: str
    error_class: str
    message: str

    def describe(self) -> str:
        return f"{self.element_title!r} failed: {self.error_class}: {self.message}"


def task_failure(error: BaseException) -> TaskFailure | None:
    """The failure of one task that `error` reports, or None when no task is to blame."""
    task = getattr(error, "task", None)
    if not isinstance(task, Task) or task.state != TaskState.ERROR:
        return None
    # SpiffWorkflow wraps what the script or action raised; that original error is the news.
    cause = error.__cause__ or error.__context__ or error
    # Not str(error): SpiffWorkflow appends its notes to it, and they may quote case data.
    message = str(cause.args[0]) if cause.args else ""
    return TaskFailure(
        task_id=str(task.id),
        element_id=task.task_spec.name,
        element_title=task_title(task.task_spec),
        error_class=type(cause).__name__,
        message=message or type(cause).__name__,
    )


def open_incident(
    session: Session,
    events: EventLog,
    step_seq: int,
    failure: TaskFailure,
    at: datetime,
    error: BaseException,
) -> None:
    """Record `failure` as an open incident and its event. `step_seq` is the first event of the
    step, which a replay uses to fail the task at the same point (see `recorded_failures`)."""
    log.error("case %s: %s", events.case_id, failure.describe(), exc_info=error)
    events.append(
        OPENED,
        "engine",
        at,
        # Not the message: it may quote personal data, and the history is shown to more
        # people than the incident (api/routes/incidents.py).
        {"step_seq": step_seq, "title": failure.element_title, "error_class": failure.error_class},
        task_id=failure.task_id,
        task_name=failure.element_id,
    )
    session.add(
        Incident(
            case_id=events.case_id,
            task_id=failure.task_id,
            element_id=failure.element_id,
            element_title=failure.element_title,
            error_class=failure.error_class,
            error_message=failure.message,
            created_at=at,
        )
    )


def open_timer_incident(
    session: Session, case: Case, error: Exception, at: datetime
) -> Incident | None:
    """Due timers of `case` that could not fire: their rows turn stuck (the worker no longer
    finds them) and one incident, on the earliest, is opened; None if none is due any more."""
    assert case.id is not None
    due = session.exec(
        select(Timer)
        .where(Timer.case_id == case.id, Timer.status == "pending", col(Timer.due_at) < at)
        .order_by(col(Timer.due_at))
    ).all()
    if not due:
        return None
    for row in due:
        row.status = STUCK
        session.add(row)
    first = due[0]
    log.error("case %s: its due timers could not fire: %s", case.id, error, exc_info=error)
    EventLog(session, case.id, case.process_version_id).append(
        OPENED,
        "timer",
        at,
        {"title": first.title, "error_class": type(error).__name__, "kind": TIMER},
        task_id=first.task_id,
        task_name=first.name,
    )
    incident = Incident(
        case_id=case.id,
        kind=TIMER,
        task_id=first.task_id,
        element_id=first.name,
        element_title=first.title,
        error_class=type(error).__name__,
        error_message=str(error),
        created_at=at,
    )
    session.add(incident)
    return incident


def release_stuck_timers(session: Session, case_id: int) -> None:
    """A retry: the stuck rows are pending again, for this step to fire or end."""
    for row in session.exec(
        select(Timer).where(Timer.case_id == case_id, Timer.status == STUCK)
    ).all():
        row.status = "pending"
        session.add(row)
    session.flush()


def recorded_failures(events: list[Event]) -> dict[int, list[str]]:
    """For replay: per event seq, the elements that failed in the step that event began (a
    timer incident is no failed task: its step was not kept)."""
    failing: dict[int, list[str]] = defaultdict(list)
    for event in events:
        if event.type == OPENED and event.task_name is not None and not is_timer_event(event):
            failing[int(event.data.get("step_seq", event.seq))].append(event.task_name)
    return failing


def is_timer_event(event: Event) -> bool:
    return event.data.get("kind") == TIMER


def replay_findings(session: Session, case: Case, workflow: BpmnWorkflow) -> list[str]:
    """Where the open incidents and the failed tasks of a rebuilt case disagree."""
    stored = sorted(i.element_id for i in open_on_case(session, case) if i.kind == TASK)
    rebuilt = sorted(t.task_spec.name for t in workflow.get_tasks(state=TaskState.ERROR))
    if stored == rebuilt:
        return []
    return [f"open incidents differ: stored at {stored}, rebuilt failed at {rebuilt}"]


def open_for_retry(session: Session, incident_id: int) -> Incident:
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(f"no incident {incident_id}")
    if incident.status != "open":
        raise Conflict(
            f"incident {incident_id} was resolved by {incident.resolved_by} already; reload it"
        )
    return incident


def mark_resolved(session: Session, incident: Incident, actor: str, at: datetime) -> None:
    incident.status = "resolved"
    incident.attempts += 1
    incident.resolved_by = actor
    incident.resolved_at = at
    session.add(incident)


def record_failed_retry(
    session: Session, incident: Incident, failure: TaskFailure, actor: str, at: datetime
) -> None:
    """One more attempt that failed: counted, its error kept, and an event; the case is as
    before the retry."""
    case = session.get(Case, incident.case_id)
    assert case is not None and incident.id is not None
    EventLog(session, incident.case_id, case.process_version_id).append(
        RETRY_FAILED,
        actor,
        at,
        {
            "incident": incident.id,
            "title": incident.element_title,
            "error_class": failure.error_class,
        },
        task_id=incident.task_id,
        task_name=incident.element_id,
    )
    incident.attempts += 1
    incident.error_class = failure.error_class
    incident.error_message = failure.message
    session.add(incident)


def info(incident: Incident, reference: str) -> IncidentInfo:
    return IncidentInfo.model_validate({**incident.model_dump(), "case_reference": reference})


def open_on_case(session: Session, case: Case) -> list[IncidentInfo]:
    rows = session.exec(
        select(Incident)
        .where(Incident.case_id == case.id, Incident.status == "open")
        .order_by(col(Incident.id))
    ).all()
    return [info(incident, case.reference) for incident in rows]


def list_incidents(db: Engine, status: str | None = None) -> list[IncidentInfo]:
    """Incidents (newest first), of one status if given."""
    statement = select(Incident, Case.reference).join(Case, col(Case.id) == Incident.case_id)
    if status is not None:
        statement = statement.where(Incident.status == status)
    with Session(db) as session:
        rows = session.exec(statement.order_by(col(Incident.id).desc())).all()
        return [info(incident, reference) for incident, reference in rows]


def withheld(incident: IncidentInfo) -> IncidentInfo:
    """The incident for someone who may not see the case's personal data: an error may
    quote it, so its text is left out."""
    return incident.model_copy(update={"error_message": "(withheld: it may quote personal data)"})


def get(db: Engine, incident_id: int) -> IncidentInfo:
    with Session(db) as session:
        incident = session.get(Incident, incident_id)
        case = session.get(Case, incident.case_id) if incident is not None else None
        if incident is None or case is None:
            raise NotFound(f"no incident {incident_id}")
        return info(incident, case.reference)


def case_of(db: Engine, incident_id: int) -> int:
    with Session(db) as session:
        incident = session.get(Incident, incident_id)
        if incident is None:
            raise NotFound(f"no incident {incident_id}")
        return incident.case_id

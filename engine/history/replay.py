"""Rebuilding a case from its pinned process version and its events alone.

The rebuilt state must equal the stored one; every difference is a finding. Replay runs the
same operations as the original steps, at the times the events record, with actions told not
to produce anything (documents already exist).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from engine.base.clock import FixedClock, running_on
from engine.base.errors import NotFound
from engine.cases import incidents
from engine.cases.loading import case_events, load_case, stored_tasks
from engine.cases.migration import CASE_MIGRATED, replay_migration
from engine.procedures.catalog import ProcessCatalog
from engine.storage.models import Case, Event, ProcessVersion, Timer, WorkflowTaskRow
from engine.workflow import inspection, operations, serialization
from engine.workflow.actions import StepContext, bind_actions
from engine.workflow.scripting import NrmScriptEngine


@dataclass
class ReplayStep:
    seq: int
    type: str
    actor: str
    at: datetime
    task_name: str | None
    ready_tasks: list[str]
    # The state after this step, for auditors stepping through it (ready tasks by title).
    ready_titles: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class ReplayReport:
    case_id: int
    steps: list[ReplayStep] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return not self.findings


def replay_case(session: Session, catalog: ProcessCatalog, case_id: int) -> ReplayReport:
    """Rebuild the whole case and compare it with what is stored."""
    report, workflow, case = _rebuild(session, catalog, case_id, until=None)
    report.findings.extend(_compare(session, case, workflow))
    return report


@dataclass
class PointInTime:
    """What a case looked like at a moment, rebuilt from its events up to then."""

    case_id: int
    reference: str
    as_of: datetime
    status: str
    data: dict[str, Any]
    ready_tasks: list[str]
    pending_timers: list[str]
    events: int


def case_at(
    session: Session, catalog: ProcessCatalog, case_id: int, moment: datetime
) -> PointInTime:
    case, version = load_case(session, case_id)
    history = case_events(session, case_id)
    if history and history[-1].at <= moment:
        # Nothing happened since: the stored state is the case at that moment, read without
        # running any of its scripts again (a read-only view redoes no step's work).
        stored = serialization.StoredWorkflow(case.workflow, stored_tasks(session, case_id))
        workflow = serialization.load(stored, catalog.parsed(version))
        steps = len(history)
    else:
        report, workflow, case = _rebuild(session, catalog, case_id, until=moment)
        steps = len(report.steps)
    if not steps:
        raise NotFound(f"case {case.reference} did not exist yet on {moment:%Y-%m-%d %H:%M} UTC")
    return PointInTime(
        case_id=case_id,
        reference=case.reference,
        as_of=moment,
        status="completed" if workflow.is_completed() else "open",
        data=inspection.case_data(workflow),
        ready_tasks=[t.title for t in inspection.ready_user_tasks(workflow)],
        pending_timers=[
            f"{t.title} (due {t.due_at:%Y-%m-%d %H:%M} UTC)"
            for t in inspection.waiting_timers(workflow)
        ],
        events=steps,
    )


class CaseHistory:
    """A case's past as the engine's callers read it, one session per call."""

    def __init__(self, db: Engine, catalog: ProcessCatalog) -> None:
        self.db = db
        self.catalog = catalog

    def case_at(self, case_id: int, moment: datetime) -> PointInTime:
        """The case as it was at `moment`, rebuilt from its events up to then."""
        with Session(self.db) as session:
            return case_at(session, self.catalog, case_id, moment)


def _rebuild(
    session: Session, catalog: ProcessCatalog, case_id: int, until: datetime | None
) -> tuple[ReplayReport, BpmnWorkflow, Case]:
    case, version = load_case(session, case_id)
    history = case_events(session, case_id)
    if history:  # a migrated case started on an older version than it is pinned to now
        version = session.get(ProcessVersion, history[0].process_version_id) or version
    process = catalog.parsed(version)
    events = [e for e in history if until is None or e.at <= until]
    report = ReplayReport(case_id)
    context = StepContext(
        case.reference, f"{version.process_id} v{version.version}", case.created_at, replaying=True
    )
    workflow = BpmnWorkflow(process.spec, process.subprocess_specs)
    workflow.script_engine = NrmScriptEngine(bind_actions(context))
    failed_in_step = incidents.recorded_failures(events)
    for event in events:
        context.now = event.at
        workflow.script_engine.failing.extend(failed_in_step.get(event.seq, []))
        with running_on(FixedClock(event.at)):
            if event.type == CASE_MIGRATED:
                report.findings.extend(replay_migration(session, catalog, workflow, event))
            else:
                _apply(workflow, event, report)
        ready = inspection.ready_user_tasks(workflow)
        report.steps.append(
            ReplayStep(
                seq=event.seq,
                type=event.type,
                actor=event.actor,
                at=event.at,
                task_name=event.task_name,
                ready_tasks=[t.name for t in ready],
                ready_titles=[t.title for t in ready],
                data=inspection.case_data(workflow),
            )
        )
    return report, workflow, case


def _apply(workflow: BpmnWorkflow, event: Event, report: ReplayReport) -> None:
    try:
        _run(workflow, event, report)
    except Exception as error:
        # The original step stopped at this failing task and was kept, and so is the replay.
        if incidents.task_failure(error) is None:
            raise


def _run(workflow: BpmnWorkflow, event: Event, report: ReplayReport) -> None:
    if event.type == "case_started":
        operations.begin(workflow, event.data.get("data", {}))
    elif event.type == "task_completed":
        ready = workflow.get_tasks(state=TaskState.READY, manual=True, spec_name=event.task_name)
        if not ready:
            report.findings.append(
                f"event {event.seq}: {event.task_name} was completed, but the replay has no such "
                "task ready at that point"
            )
            return
        operations.complete(workflow, ready[0], event.data.get("data", {}))
    elif event.type == "timer_fired" and not event.data.get("at_arming"):
        # A timer fired at arming fired inside the step before it, as it does in the replay.
        operations.fire_timers(workflow)
    elif event.type == incidents.RESOLVED and not incidents.is_timer_event(event):
        failed = workflow.get_tasks(state=TaskState.ERROR, spec_name=event.task_name)
        if not failed:
            report.findings.append(
                f"event {event.seq}: {event.task_name} was retried, but in the replay it had not "
                "failed"
            )
            return
        operations.retry(workflow, failed[0])


def _compare(session: Session, case: Case, workflow: BpmnWorkflow) -> list[str]:
    findings = []
    stored_rows = session.exec(
        select(WorkflowTaskRow).where(WorkflowTaskRow.case_id == case.id)
    ).all()
    stored = Counter((row.body["task_spec"], row.body["state"]) for row in stored_rows)
    rebuilt = Counter(
        (body["task_spec"], body["state"]) for body in serialization.dump(workflow).tasks.values()
    )
    if stored != rebuilt:
        missing = stored - rebuilt
        extra = rebuilt - stored
        findings.append(
            f"task states differ: stored but not rebuilt {_names(missing)}; "
            f"rebuilt but not stored {_names(extra)}"
        )
    data = inspection.case_data(workflow)
    if data != case.data:
        keys = sorted({*data, *case.data}, key=str)
        differing = [k for k in keys if data.get(k) != case.data.get(k)]
        findings.append(f"case data differs in {', '.join(differing)}")
    status = "completed" if workflow.is_completed() else "open"
    if status != case.status:
        findings.append(f"status differs: stored {case.status}, rebuilt {status}")
    pending = {
        (t.name, t.due_at)
        for t in session.exec(
            # A stuck timer (an incident) still waits in the workflow.
            select(Timer).where(
                Timer.case_id == case.id, col(Timer.status).in_(("pending", incidents.STUCK))
            )
        ).all()
    }
    waiting = {(t.name, t.due_at) for t in inspection.waiting_timers(workflow)}
    if pending != waiting:
        findings.append(
            f"pending timers differ: stored {sorted(pending)}, rebuilt {sorted(waiting)}"
        )
    findings.extend(incidents.replay_findings(session, case, workflow))
    return findings


def _names(counter: Counter[Any]) -> str:
    return (
        ", ".join(f"{name} ({TaskState.get_name(state)})" for name, state in sorted(counter))
        or "none"
    )

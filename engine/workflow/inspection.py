"""Reading what a running workflow is waiting for: ready user tasks, timers and the case data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.user_task import UserTask
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from engine.base.roles import role_of_lane
from engine.workflow.spec_info import form_name, task_title


@dataclass(frozen=True)
class ReadyTask:
    id: str
    name: str
    title: str
    role: str
    form: str
    due_at: datetime | None


@dataclass(frozen=True)
class WaitingTimer:
    id: str
    name: str
    title: str
    due_at: datetime
    attached_to: str | None
    period: timedelta | None = None  # a repeating timer's: its occurrences are this far apart


def _is_timer(task: Task) -> bool:
    return isinstance(getattr(task.task_spec, "event_definition", None), TimerEventDefinition)


def timer_due_at(task: Task) -> datetime | None:
    """When a timer task fires. SpiffWorkflow records it on the first refresh after arming."""
    value = task._get_internal_data("event_value")
    if isinstance(value, dict):  # a cycle timer keeps its next occurrence, if one is left
        value = value.get("next") if value.get("cycles") != 0 else None
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _host_of(boundary_event: Task) -> Task | None:
    parent = boundary_event.parent
    if parent is None or not isinstance(parent.task_spec, BoundaryEventSplit):
        return None
    return next((c for c in parent.children if not _is_timer(c) and c is not boundary_event), None)


def _due_at(task: Task) -> datetime | None:
    # A boundary timer on the task is its deadline, and stays so once it has fired (a repeating
    # one's first occurrence).
    parent = task.parent
    if parent is not None and isinstance(parent.task_spec, BoundaryEventSplit):
        deadlines = [_first_due(c) for c in parent.children if _is_timer(c)]
        deadlines = [d for d in deadlines if d is not None]
        if deadlines:
            return min(deadlines)
    # A task reached through a fired timer is an escalation: due when that deadline passed.
    path, ancestor = task, task.parent
    while ancestor is not None and not isinstance(ancestor.task_spec, UserTask):
        if _is_timer(ancestor) and _cycle_period(ancestor) is not None:
            return _occurrence_due(ancestor, path)
        if _is_timer(ancestor) and ancestor.state == TaskState.COMPLETED:
            return timer_due_at(ancestor)
        path, ancestor = ancestor, ancestor.parent
    return None


def _first_due(timer: Task) -> datetime | None:
    period = _cycle_period(timer)
    if period is None:
        return timer_due_at(timer)
    return _next_occurrence(timer) - _occurrences(timer) * period


def _occurrence_due(timer: Task, child: Task) -> datetime:
    """When the occurrence of a repeating timer that started `child` was due. The timer keeps
    only when its next occurrence is, and gains children for each, oldest first."""
    period = _cycle_period(timer)
    assert period is not None
    later = _occurrences(timer) - timer.children.index(child) // len(timer.task_spec.outputs)
    return _next_occurrence(timer) - later * period


def _occurrences(timer: Task) -> int:
    """How many times a repeating timer has fired: each time adds a child per outgoing flow."""
    return len(timer.children) // len(timer.task_spec.outputs)


def ready_user_tasks(workflow: BpmnWorkflow) -> list[ReadyTask]:
    tasks = workflow.get_tasks(state=TaskState.READY, manual=True)
    return [
        ReadyTask(
            id=str(task.id),
            name=task.task_spec.name,
            title=task_title(task.task_spec),
            role=role_of_lane(task.task_spec.lane) or "",
            form=form_name(task.task_spec) or "",
            due_at=_due_at(task),
        )
        for task in tasks
    ]


def waiting_timers(workflow: BpmnWorkflow) -> list[WaitingTimer]:
    timers = []
    for task in workflow.get_tasks(state=TaskState.WAITING):
        if not _is_timer(task):
            continue
        due = timer_due_at(task)
        if due is None:
            continue
        host = _host_of(task)
        timers.append(
            WaitingTimer(
                id=str(task.id),
                name=task.task_spec.name,
                title=task_title(task.task_spec),
                due_at=due,
                attached_to=host.task_spec.name if host is not None else None,
                period=_cycle_period(task),
            )
        )
    return timers


def timers_fired_unrecorded(workflow: BpmnWorkflow, recorded: set[str]) -> list[WaitingTimer]:
    """One-off timers that fired without ever waiting: a deadline computed from a date already
    past (a return date typed in late) fires the moment it is armed, inside the step."""
    fired = []
    for task in workflow.get_tasks(state=TaskState.COMPLETED):
        if not _is_timer(task) or str(task.id) in recorded or _cycle_period(task) is not None:
            continue
        due = timer_due_at(task)
        if due is None:
            continue
        host = _host_of(task)
        fired.append(
            WaitingTimer(
                id=str(task.id),
                name=task.task_spec.name,
                title=task_title(task.task_spec),
                due_at=due,
                attached_to=host.task_spec.name if host is not None else None,
            )
        )
    return fired


def _cycle_period(task: Task) -> timedelta | None:
    value = task._get_internal_data("event_value")
    return timedelta(seconds=value["duration"]) if isinstance(value, dict) else None


def _next_occurrence(task: Task) -> datetime:
    # Kept even once a bounded cycle has run out: then it is when one more would have been due.
    moment = datetime.fromisoformat(task._get_internal_data("event_value")["next"])
    return moment.astimezone(UTC)


def occurrences_fired(workflow: BpmnWorkflow, timer_id: str, due_at: datetime) -> list[datetime]:
    """When the occurrences of a repeating timer that fired, from the one due at `due_at` on,
    were due (none for a one-off timer): SpiffWorkflow keeps only when the next one is."""
    task = find_task(workflow, timer_id)
    period = _cycle_period(task) if task is not None else None
    if task is None or period is None or period <= timedelta(0):
        return []  # a period of zero never fires (operations.fire_timers refuses it)
    fired = round((_next_occurrence(task) - due_at) / period)
    return [due_at + n * period for n in range(max(0, fired))]


def timer_outcome(workflow: BpmnWorkflow, timer_id: str) -> str:
    """'fired' or 'cancelled' for a timer that is no longer waiting."""
    task = find_task(workflow, timer_id)
    return "fired" if task is not None and task.state == TaskState.COMPLETED else "cancelled"


def find_task(workflow: BpmnWorkflow, task_id: str) -> Task | None:
    try:
        uid = UUID(task_id)
    except ValueError:
        return None
    if uid in workflow.tasks:
        return workflow.tasks[uid]
    for subprocess in workflow.subprocesses.values():
        if uid in subprocess.tasks:
            return subprocess.tasks[uid]
    return None


_LIVE = TaskState.READY | TaskState.WAITING | TaskState.STARTED | TaskState.ERROR


def case_data(workflow: BpmnWorkflow) -> dict[str, Any]:
    """The case's data: what the live branches hold (newest last), or the final data."""
    if workflow.is_completed():
        return dict(workflow.data)
    merged: dict[str, Any] = {}
    for task in sorted(workflow.get_tasks(state=_LIVE), key=lambda t: t.last_state_change):
        merged.update(task.data)
    return merged

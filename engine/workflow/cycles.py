"""Repeating timers (timeCycle) and what their occurrences started.

Each occurrence of a non-interrupting repeating timer starts a branch of its own (a reminder, an
escalation to a supervisor) as a child of the timer's one workflow task. SpiffWorkflow ends the
cycle by cancelling that task, which drops its children, so recording the visit would withdraw
the escalations the missed weeks had already sent. The procedure needs the opposite: a task in
someone's inbox stays there until they act (Annex 1 D.4's search reminders, Art. 5.B.4's
escalations), and only the occurrences still to come end. So here the cycle ends without
touching the branches it started, both when the task it is attached to ends and when a case
moves to a newer version.
"""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn.specs.control import BoundaryEventJoin
from SpiffWorkflow.bpmn.specs.event_definitions.timer import CycleTimerEventDefinition
from SpiffWorkflow.bpmn.util.diff import WorkflowDiff, migrate_workflow
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState


def is_cycle_timer(task: Task) -> bool:
    return isinstance(getattr(task.task_spec, "event_definition", None), CycleTimerEventDefinition)


def cycle_timers(workflow: BpmnWorkflow) -> list[Task]:
    """The repeating timers that wait for their next occurrence."""
    return [task for task in workflow.event_manager.tasks.values() if is_cycle_timer(task)]


def end_cycle(task: Task) -> None:
    """No further occurrence of the repeating timer `task`; the branches it started go on."""
    task._set_state(TaskState.CANCELLED)
    task.workflow.top_workflow.event_manager.remove_task(task)


_check_boundary_join = BoundaryEventJoin._check_threshold_structured


def _end_cycles_keeping_their_branches(
    self: BoundaryEventJoin, my_task: Task
) -> tuple[bool, list[Task]]:
    finished, cancel = _check_boundary_join(self, my_task)
    for task in [t for t in cancel if is_cycle_timer(t) and t.children]:
        end_cycle(task)
        cancel.remove(task)
    return finished, cancel


BoundaryEventJoin._check_threshold_structured = _end_cycles_keeping_their_branches  # type: ignore[method-assign]


def migrate_keeping_cycles(diff: WorkflowDiff, workflow: Any, spec: Any) -> None:
    """SpiffWorkflow's `migrate_workflow`, except that a waiting repeating timer is not reset:
    resetting it would drop every branch its occurrences started, done or not (and their
    history). It keeps its task, so its occurrences are numbered on; its deadline and its count
    are the ones it was given, and a changed cycle applies the next time the timer starts."""
    migrate_workflow(diff, workflow, spec, reset_mask=TaskState.READY)
    for task in list(workflow.get_tasks(state=TaskState.WAITING, skip_subprocesses=True)):
        if task.id in workflow.tasks and not is_cycle_timer(task):
            task.reset_branch(None)
    if workflow.last_task not in workflow.tasks:
        workflow.last_task = None

"""The three ways a case moves, as plain workflow operations. Running a case and replaying its
history both go through these, so a replay does exactly what the original step did."""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn.util.task import BpmnTaskIterator
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskIterator, TaskState

from engine.base.errors import StepFailed
from engine.workflow.cycles import cycle_timers
from engine.workflow.spec_info import task_title

# SpiffWorkflow walks the task tree only to depth 1000 by default. Every step of a case deepens
# the tree, so a case that loops (a placement rejected again and again) would, after some 140
# loops, lose sight of its ready task and report itself completed. The walk is iterative, so a
# far deeper bound costs nothing until a case is that long.
DEEPEST_CASE = 1_000_000


def _deepen(iterator: type) -> None:
    code = iterator.__init__.__code__
    parameters = code.co_varnames[1 : code.co_argcount]
    defaults = list(iterator.__init__.__defaults__)
    defaults[parameters.index("max_depth") - (len(parameters) - len(defaults))] = DEEPEST_CASE
    iterator.__init__.__defaults__ = tuple(defaults)


for _iterator in (TaskIterator, BpmnTaskIterator):
    _deepen(_iterator)


def begin(workflow: BpmnWorkflow, intake: dict[str, Any]) -> None:
    start = workflow.get_next_task(state=TaskState.READY)
    if start is not None:
        start.data.update(intake)
    workflow.do_engine_steps()


def complete(workflow: BpmnWorkflow, task: Task, data: dict[str, Any]) -> None:
    task.task_spec.add_data_from_form(task, data)
    task.run()
    workflow.do_engine_steps()


# More occurrences than a late worker could have missed: years of a daily cycle.
MAX_OCCURRENCES_PER_STEP = 1000


def fire_timers(workflow: BpmnWorkflow) -> None:
    """Fire every timer whose moment has passed. SpiffWorkflow fires one occurrence of a
    repeating timer per refresh, and ends a cycle that has run out only on the refresh after,
    so refreshing goes on until no repeating timer moves: a step fires the occurrences a late
    worker missed and a replay of that step does the same at the same moment."""
    _refuse_zero_periods(workflow)
    for _round in range(MAX_OCCURRENCES_PER_STEP):
        cycles = _cycle_marks(workflow)
        workflow.refresh_timers()
        workflow.do_engine_steps()
        if _cycle_marks(workflow) == cycles:
            return
    # A period computed as zero from case data would otherwise fire for ever.
    raise StepFailed(
        f"a repeating timer fell due more than {MAX_OCCURRENCES_PER_STEP} times at once; "
        "check the period of its cycle"
    )


def _refuse_zero_periods(workflow: BpmnWorkflow) -> None:
    """A cycle whose period came out as zero from case data would fire without end: refused
    before it fires at all (publishing refuses a literal one)."""
    for task in cycle_timers(workflow):
        cycle = task._get_internal_data("event_value")
        if cycle is not None and cycle["cycles"] != 0 and cycle["duration"] <= 0:
            raise StepFailed(
                f"the repeating timer {task_title(task.task_spec)!r} ({task.task_spec.name}) has "
                "a period of zero: it would fire without end; check the period of its cycle"
            )


def _cycle_marks(workflow: BpmnWorkflow) -> dict[Any, tuple[Any, ...]]:
    return {task.id: (task.state, repr(task.internal_data)) for task in cycle_timers(workflow)}


def retry(workflow: BpmnWorkflow, task: Task) -> None:
    """Run a task that failed (an incident) again, and what follows it."""
    # SpiffWorkflow has no public way back from ERROR; resetting the branch would also reset
    # the task's boundary timers, which must keep running.
    task._set_state(TaskState.READY)
    workflow.do_engine_steps()

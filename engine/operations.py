"""The three ways a case moves, as plain workflow operations. Running a case and replaying its
history both go through these, so a replay does exactly what the original step did."""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState


def begin(workflow: BpmnWorkflow, intake: dict[str, Any]) -> None:
    start = workflow.get_next_task(state=TaskState.READY)
    if start is not None:
        start.data.update(intake)
    workflow.do_engine_steps()


def complete(workflow: BpmnWorkflow, task: Task, data: dict[str, Any]) -> None:
    task.task_spec.add_data_from_form(task, data)
    task.run()
    workflow.do_engine_steps()


def fire_timers(workflow: BpmnWorkflow) -> None:
    workflow.refresh_timers()
    workflow.do_engine_steps()

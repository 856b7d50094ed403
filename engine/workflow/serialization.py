"""Turning a running workflow into rows and back.

The process spec is not stored with each case: it is parsed once per process version and handed
back in when a case is loaded. Each task is its own row (SpiffWorkflow already stores task data
as a delta from the parent task), so saving a step writes only the tasks that changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from engine.workflow.specs import ParsedProcess


class _SpecFreeWorkflowConverter(BpmnWorkflowConverter):
    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct = super(BpmnWorkflowConverter, self).to_dict(workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct: dict[str, Any], process: ParsedProcess) -> BpmnWorkflow:  # type: ignore[override]
        workflow = self.target_class(process.spec, process.subprocess_specs, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


def _make_serializer() -> BpmnWorkflowSerializer:
    config = dict(SPIFF_CONFIG)
    config[BpmnWorkflow] = _SpecFreeWorkflowConverter
    return BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(config))


SERIALIZER = _make_serializer()


@dataclass
class StoredWorkflow:
    """A workflow as rows: the top-level attributes and one JSON body per task."""

    head: dict[str, Any]
    tasks: dict[str, dict[str, Any]]


def dump(workflow: BpmnWorkflow) -> StoredWorkflow:
    dct = SERIALIZER.to_dict(workflow)
    tasks = dct.pop("tasks")
    return StoredWorkflow(head=dct, tasks=tasks)


def _tree_order(tasks: dict[str, dict[str, Any]], root: str) -> dict[str, dict[str, Any]]:
    # A task's data is stored as a delta from its parent's, so parents must be restored first.
    ordered: dict[str, dict[str, Any]] = {}
    pending = [root]
    while pending:
        task_id = pending.pop()
        body = tasks.get(task_id)
        if body is None or task_id in ordered:
            continue
        ordered[task_id] = body
        pending.extend(reversed(body["children"]))
    return ordered


def load(stored: StoredWorkflow, process: ParsedProcess) -> BpmnWorkflow:
    dct = {**stored.head, "tasks": _tree_order(stored.tasks, stored.head["root"])}
    dct["subprocesses"] = dict(dct.get("subprocesses") or {})
    return SERIALIZER.from_dict(dct, process=process)


@dataclass(frozen=True)
class TaskChanges:
    upserts: dict[str, dict[str, Any]]
    deletions: list[str]


def changed_tasks(
    before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]
) -> TaskChanges:
    upserts = {task_id: body for task_id, body in after.items() if before.get(task_id) != body}
    deletions = [task_id for task_id in before if task_id not in after]
    return TaskChanges(upserts, deletions)

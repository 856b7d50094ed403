"""What the engine reads off a SpiffWorkflow task spec: its title and its form."""

from __future__ import annotations

from SpiffWorkflow.specs.base import TaskSpec

FORM_PROPERTY = "formJsonSchemaFilename"


def form_name(task_spec: TaskSpec) -> str | None:
    properties = (getattr(task_spec, "extensions", None) or {}).get("properties") or {}
    return properties.get(FORM_PROPERTY)


def task_title(task_spec: TaskSpec) -> str:
    return getattr(task_spec, "bpmn_name", None) or task_spec.name

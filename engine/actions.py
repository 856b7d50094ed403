"""The actions a diagram's service tasks may call, and what one step of a case produced."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from SpiffWorkflow.task import Task

from documents.generate import CaseFacts, GeneratedDocument
from documents.generate import generate_document as render_document


@dataclass
class StepContext:
    """What the actions of one unit of work may read, and the documents they produced."""

    case_reference: str
    process_label: str
    now: datetime
    replaying: bool = False
    documents: list[tuple[str, GeneratedDocument]] = field(default_factory=list)


def generate_document(context: StepContext, task: Task, params: Mapping[str, Any]) -> dict:
    kind = params.get("kind")
    if not isinstance(kind, str):
        raise ValueError("generate_document needs a 'kind' parameter")
    if not context.replaying:
        facts = CaseFacts(
            reference=context.case_reference,
            process_version=context.process_label,
            data=dict(task.data),
        )
        context.documents.append((task.task_spec.name, render_document(kind, facts, context.now)))
    return {"kind": kind, "generated": True}


ActionFunction = Callable[[StepContext, Task, Mapping[str, Any]], dict]

ACTIONS: dict[str, ActionFunction] = {"generate_document": generate_document}


def bind_actions(context: StepContext) -> dict[str, Callable[[Task, dict[str, Any]], dict]]:
    return {name: partial(action, context) for name, action in ACTIONS.items()}

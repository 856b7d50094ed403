"""The actions a diagram's service tasks may call, and what one step of a case produced."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from SpiffWorkflow.task import Task

from documents.generate import LANGUAGES, CaseFacts, GeneratedDocument
from documents.generate import generate_document as generate_signed
from documents.signing import configured_signer
from engine.base.settings import Settings
from forms.classification import FormFields


@dataclass(frozen=True)
class LinkedCaseRequest:
    process: str
    data: dict[str, Any]  # the new case's intake, checked against its form
    task_name: str


class LinkedCaseRefused(ValueError):
    """The linked case cannot open (no such process, or its intake refuses the data): the
    service task fails, so the step is kept and waits at it as an incident."""


# (process, data, explicit) -> the intake the new case opens with; raises LinkedCaseRefused.
# `explicit`: the diagram said which data to carry; otherwise the intake form picks it.
LinkedIntake = Callable[[str, dict[str, Any], bool], dict[str, Any]]


@dataclass
class StepContext:
    """What the actions of one unit of work may read, and the documents they produced."""

    case_reference: str
    process_label: str
    now: datetime
    # The case manager appointed now: documents name them, not the intake's if reassigned since.
    case_manager: str | None = None
    replaying: bool = False
    # The classification of the version's forms: what a document's free text may not name.
    form_fields: FormFields | None = None
    documents: list[tuple[str, GeneratedDocument]] = field(default_factory=list)
    linked_cases: list[LinkedCaseRequest] = field(default_factory=list)
    # Checks a linked case's intake while its service task runs (None: not checked, as in a
    # replay, which opens no case).
    linked_intake: LinkedIntake | None = None


def render_document(
    kind: str, facts: CaseFacts, issued_at: datetime, language: str
) -> GeneratedDocument:
    """The document signed by the deployment's signer as configured now (the engine's settings:
    a replaced key file is read afresh)."""
    signer = configured_signer(Settings())
    return generate_signed(kind, facts, issued_at, language, signer=signer)


def generate_document(context: StepContext, task: Task, params: Mapping[str, Any]) -> dict:
    kind = params.get("kind")
    if not isinstance(kind, str):
        raise ValueError("generate_document needs a 'kind' parameter")
    if not context.replaying:
        data = dict(task.data)
        if context.case_manager:
            data["case_manager"] = context.case_manager
        facts = CaseFacts(
            reference=context.case_reference,
            process_version=context.process_label,
            data=data,
            fields=context.form_fields,
        )
        # Every document in Albanian (the court's language) first, then in English; none of
        # them if one fails, so that retrying the task (an incident) makes the whole set.
        rendered = [render_document(kind, facts, context.now, lang) for lang in LANGUAGES]
        context.documents.extend((task.task_spec.name, document) for document in rendered)
    return {"kind": kind, "generated": True}


def start_linked_case(context: StepContext, task: Task, params: Mapping[str, Any]) -> dict:
    """Open a case of another process, linked both ways, once this step is saved. Its intake
    is checked now, so that a case that cannot open fails this task (an incident) and not the
    whole step."""
    process = params.get("process")
    if not isinstance(process, str):
        raise ValueError("start_linked_case needs a 'process' parameter")
    data = params.get("data")
    if data is not None and not isinstance(data, dict):
        raise ValueError("the 'data' parameter of start_linked_case must give a dict")
    if not context.replaying:
        intake = dict(data if data is not None else task.data)
        if context.linked_intake is not None:
            intake = context.linked_intake(process, intake, data is not None)
        context.linked_cases.append(
            LinkedCaseRequest(process=process, data=intake, task_name=task.task_spec.name)
        )
    return {"process": process, "started": True}


ActionFunction = Callable[[StepContext, Task, Mapping[str, Any]], dict]

ACTIONS: dict[str, ActionFunction] = {
    "generate_document": generate_document,
    "start_linked_case": start_linked_case,
}


def bind_actions(context: StepContext) -> dict[str, Callable[[Task, dict[str, Any]], dict]]:
    return {name: partial(action, context) for name, action in ACTIONS.items()}

"""DMN decisions: several per file, each evaluated after the decisions it requires (its DRD).

SpiffWorkflow reads only the first decision of a DMN file and evaluates one table at a time.
The NRM screening is a decision requirements graph (three section tables feeding the
determination), so the parser here registers every decision of a file and hands a business
rule task an engine that evaluates the required decisions first, their outputs feeding the next.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from typing import Any

from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.dmn.engine.DMNEngine import DMNEngine
from SpiffWorkflow.dmn.parser.DMNParser import DMNParser
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

from engine.workflow.scripting import NrmScriptEngine
from forms.errors import FieldError, InvalidForm
from forms.validation import validate_form


class _OneDecisionParser(DMNParser):
    """SpiffWorkflow's DMN parser, pointed at one decision of a file that has several."""

    def __init__(self, parser: Any, node: Any, nsmap: dict, decision: Any, filename: str | None):
        super().__init__(parser, node, nsmap, filename=filename)
        self._decision_node = decision

    @property
    def bpmn_id(self) -> str:
        return str(self._decision_node.get("id"))

    def get_name(self) -> str:
        return str(self._decision_node.get("name") or self.bpmn_id)

    def parse(self) -> None:
        if self.decision is None:
            self.decision = self._parse_decision([self._decision_node])


class DecisionWithRequirements:
    """Evaluates a decision's required decisions, then its own table; returns every output."""

    def __init__(
        self, decision_id: str, table: DMNEngine, required: list[DecisionWithRequirements]
    ):
        self.decision_id = decision_id
        self.table = table
        self.required = required

    def result(self, task: Any) -> dict[str, Any]:
        outputs: dict[str, Any] = {}
        for requirement in self.required:
            found = requirement.result(task)
            task.data.update(found)
            outputs.update(found)
        outputs.update(self.table.result(task))
        return outputs


class NrmBpmnParser(SpiffBpmnParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.decision_requirements: dict[str, list[str]] = {}

    def add_dmn_xml(self, node: Any, filename: str | None = None) -> None:
        # Let SpiffWorkflow validate the file against the DMN schema, then register every decision.
        super().add_dmn_xml(node, filename)
        namespaces = {**self.namespaces, **{k: v for k, v in node.nsmap.items() if k}}
        namespaces["dmn"] = node.nsmap.get(None) or node.nsmap.get("dmn")
        for decision in node.xpath("dmn:decision", namespaces=namespaces):
            parser = _OneDecisionParser(self, node, namespaces, decision, filename)
            self.dmn_parsers[parser.bpmn_id] = parser
            self.dmn_parsers_by_name[parser.get_name()] = parser
            hrefs = decision.xpath(
                "dmn:informationRequirement/dmn:requiredDecision/@href", namespaces=namespaces
            )
            self.decision_requirements[parser.bpmn_id] = [str(h).lstrip("#") for h in hrefs]

    def get_engine(
        self, decision_ref: str, node: Any, _seen: tuple[str, ...] = ()
    ) -> DecisionWithRequirements:
        if decision_ref in _seen:
            raise ValidationException(
                f"decision {decision_ref} requires itself ({' → '.join((*_seen, decision_ref))})",
                node=node,
                file_name="",
            )
        table = super().get_engine(decision_ref, node)
        required = [
            self.get_engine(name, node, (*_seen, decision_ref))
            for name in self.decision_requirements.get(decision_ref, [])
        ]
        return DecisionWithRequirements(decision_ref, table, required)

    def decision_ids(self) -> list[str]:
        return sorted(self.dmn_parsers)


class DecisionFailed(ValueError):
    """The answers given do not let the decision be evaluated (a missing or invalid input)."""


def evaluate(
    decision: DecisionWithRequirements, data: dict[str, Any], workflow: BpmnWorkflow
) -> dict[str, Any]:
    """Evaluate `decision` on `data` outside any case (as BPMN products offer for their tables).
    `workflow` is a fresh, unsaved workflow of a process that calls the decision: it gives the
    evaluation a real task, so an error names the input that is missing or wrong."""
    workflow.script_engine = NrmScriptEngine({})
    task = workflow.task_tree
    task.data = dict(data)
    try:
        return decision.result(task)
    except SpiffWorkflowException as error:
        raise DecisionFailed(f"decision {decision.decision_id}: {error}") from error


def names_read(decision: DecisionWithRequirements) -> set[str]:
    """The answers a decision reads: the names in the input expressions of its table and of the
    tables it requires, less what those tables give it and the functions the expressions call
    (`age_on(date_of_birth, interview_date)` reads the two dates)."""
    read: set[str] = set()
    given: set[str] = set()
    for table in _tables(decision):
        for column in table.decision_table.inputs:
            try:
                tree = ast.parse(column.expression, mode="eval")
            except SyntaxError:  # refused at publishing; nothing to name here
                continue
            nodes = list(ast.walk(tree))
            called = {
                n.func.id for n in nodes if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            }
            read |= {n.id for n in nodes if isinstance(n, ast.Name)} - called
        given |= {column.name for column in table.decision_table.outputs}
    return read - given


def _tables(decision: DecisionWithRequirements) -> Iterator[DMNEngine]:
    yield decision.table
    for requirement in decision.required:
        yield from _tables(requirement)


def answer_problems(
    decision: DecisionWithRequirements, answers: dict[str, Any], forms: Iterable[dict[str, Any]]
) -> list[FieldError]:
    """What is missing or invalid in `answers`, field by field, for the answers the decision
    reads, judged by the form that asks for them (of the forms given, the one declaring most of
    them: the screening questionnaire for `determination`). Its rules decide what is required
    (question 14 only after an arrangement made personally); fields the decision does not read
    (the free-text circumstances) are not asked for."""
    read = names_read(decision)
    form = max(forms, key=lambda f: len(read & set(f.get("properties", {}))), default=None)
    if form is None or not read & set(form.get("properties", {})):
        return []
    try:
        validate_form(form, answers)
    except InvalidForm as invalid:
        return [
            FieldError(("body", *error.loc[1:]), error.message, error.type)
            for error in invalid.errors
            if len(error.loc) > 1 and error.loc[1] in read
        ]
    return []

"""The rules a diagram must pass before it is published, each problem pointing at its element,
in words a supervisor can act on."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)
from SpiffWorkflow.bpmn.specs.mixins.script_task import ScriptTask
from SpiffWorkflow.bpmn.specs.mixins.service_task import ServiceTask
from SpiffWorkflow.bpmn.specs.mixins.user_task import UserTask
from SpiffWorkflow.specs.base import TaskSpec

from engine.access.permissions import ROLES
from engine.base.assumptions import BY_NAME as SETTINGS
from engine.base.clock import parse_duration
from engine.base.errors import InvalidProcess
from engine.base.roles import role_of_lane
from engine.procedures.invariants import invariant_problems
from engine.workflow.scripting import ScriptRejected, check_expression, check_script
from engine.workflow.spec_info import FORM_PROPERTY, form_name, task_title
from engine.workflow.specs import ParsedProcess, ProcessBundle, parse_document
from forms.classification import CLASSES, CLASSIFICATION, unclassified_fields
from forms.schemas import INTAKE_FORM, check_form_schema

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
FLOW_NODES = {
    "task", "userTask", "serviceTask", "scriptTask", "businessRuleTask", "manualTask",
    "sendTask", "receiveTask", "callActivity", "subProcess", "transaction", "startEvent",
    "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent",
    "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
    "complexGateway",
}  # fmt: skip


_LOOKS_LIKE_ISO = re.compile(r"R?\d*/?P[\dYMWDTHS.,]+|\d{4}-\d\d-\d\dT?[\d:]*Z?")


@dataclass(frozen=True)
class Problem:
    element_id: str | None
    message: str

    def __str__(self) -> str:
        return self.message


def parse_and_check(bundle: ProcessBundle, filename: str | None = None) -> ParsedProcess:
    """Parse a bundle and check it by the publishing rules; raise InvalidProcess naming every
    problem, each with the element it is about."""
    parsed, root = parse_document(bundle, filename)
    problems = check_process(parsed, bundle.forms, root)
    if problems:
        name = filename or f"{bundle.process_id}.bpmn"
        raise InvalidProcess(f"{name}: " + "; ".join(map(str, problems)), problems)
    return parsed


def check_process(
    parsed: ParsedProcess, forms: dict[str, dict[str, Any]], root: etree._Element
) -> list[Problem]:
    from engine.workflow.actions import (
        ACTIONS,  # the actions import the documents; keep parsing light
    )

    problems: list[Problem] = []
    if INTAKE_FORM not in forms:
        problems.append(
            Problem(
                None,
                f"the process has no intake form ({INTAKE_FORM} in forms/{parsed.process_id}/)",
            )
        )
    for filename, schema in forms.items():
        if error := check_form_schema(schema):
            problems.append(Problem(None, f"form {filename} is not a valid JSON Schema: {error}"))
        elif unclassified := unclassified_fields(schema):
            problems.append(
                Problem(
                    None,
                    f"form {filename} does not classify {', '.join(unclassified)}: give each "
                    f'"{CLASSIFICATION}": {" | ".join(CLASSES)} (until then it is treated as '
                    "personal data)",
                )
            )
    for spec in _task_specs(parsed):
        problems += _condition_problems(spec)
        problems += _timer_problems(spec)
        label = f"{_kind(spec)} {task_title(spec)!r} ({spec.name})"
        if isinstance(spec, UserTask):
            role = role_of_lane(spec.lane)
            form = form_name(spec)
            if role is None:
                problems.append(
                    Problem(
                        spec.name, f"{label} is not in a lane, so nobody would be asked to do it"
                    )
                )
            elif role not in ROLES:
                problems.append(
                    Problem(
                        spec.name,
                        f"{label} is in the lane {spec.lane!r}, "
                        "which is not a role the system knows",
                    )
                )
            if form is None:
                problems.append(
                    Problem(spec.name, f"{label} has no form (property {FORM_PROPERTY})")
                )
            elif form not in forms:
                problems.append(
                    Problem(
                        spec.name,
                        f"{label} names the form {form}, which is "
                        f"not in forms/{parsed.process_id}/",
                    )
                )
        elif isinstance(spec, ScriptTask):
            problems += _script_problems(
                spec.name, f"the script of {label}", spec.script or "", check_script
            )
        elif isinstance(spec, ServiceTask):
            operation = getattr(spec, "operation_name", None)
            if operation not in ACTIONS:
                problems.append(
                    Problem(
                        spec.name,
                        f"{label} asks for the action {operation!r}; "
                        f"the engine provides {', '.join(sorted(ACTIONS))}",
                    )
                )
    problems += flow_problems(root)
    problems += [
        Problem(element, message)
        for element, message in invariant_problems(parsed.process_id, root, FLOW_NODES)
    ]
    return problems


def _task_specs(parsed: ParsedProcess) -> Iterable[TaskSpec]:
    for process in (parsed.spec, *parsed.subprocess_specs.values()):
        yield from process.task_specs.values()


def _kind(spec: TaskSpec) -> str:
    words = {UserTask: "user task", ScriptTask: "script task", ServiceTask: "service task"}
    return next((word for cls, word in words.items() if isinstance(spec, cls)), "element")


def _condition_problems(spec: TaskSpec) -> list[Problem]:
    problems = []
    for condition, target in getattr(spec, "cond_task_specs", None) or []:
        # SpiffWorkflow wraps a flow's condition expression in an operator; its text is args[0].
        expression = getattr(condition, "args", [None])[0]
        if isinstance(expression, str):
            problems += _script_problems(
                spec.name,
                f"the condition of the flow from {spec.name} to {target}",
                expression,
                check_expression,
            )
    return problems


def _script_problems(
    element: str | None, label: str, source: str, check: Callable[[str], None]
) -> list[Problem]:
    try:
        check(source)
    except ScriptRejected as error:
        return [Problem(element, f"{label} is not allowed: {error}")]
    return _setting_problems(element, label, source)


def _setting_problems(element: str | None, label: str, source: str) -> list[Problem]:
    """`setting(...)` must name one of the settings of engine/base/assumptions.py, in quotes: a
    deadline's assumption is then known (and listed) before any case runs on it."""
    try:
        tree = ast.parse(source.strip())
    except SyntaxError:
        return []  # the restricted compiler has said what is wrong
    problems = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "setting"):
            continue
        named = len(node.args) == 1 and not node.keywords
        argument = node.args[0] if named else None
        if isinstance(argument, ast.Constant) and argument.value in SETTINGS:
            continue
        problems.append(
            Problem(
                element,
                f"{label} reads setting({ast.unparse(node)[8:-1]}), which is not a setting: "
                f"name one in quotes ({', '.join(sorted(SETTINGS))}; docs/assumptions.md)",
            )
        )
    return problems


TIMER_KINDS = {
    DurationTimerEventDefinition: "timeDuration",
    TimeDateEventDefinition: "timeDate",
    CycleTimerEventDefinition: "timeCycle",
}


def _timer_problems(spec: TaskSpec) -> list[Problem]:
    definition = getattr(spec, "event_definition", None)
    if not isinstance(definition, TimerEventDefinition):
        return []
    label = f"the timer {task_title(spec)!r} ({spec.name})"
    kind = next(
        (word for cls, word in TIMER_KINDS.items() if isinstance(definition, cls)), "timeDuration"
    )
    return _timer_expression_problems(spec.name, label, kind, definition.expression)


def _timer_expression_problems(
    element: str | None, label: str, kind: str, expression: str
) -> list[Problem]:
    """A timer's expression of `kind` (timeDuration, timeDate or timeCycle), as its element
    would run it."""
    problems = _script_problems(element, label, expression, check_expression)
    if problems:
        return problems
    expression = expression.strip()
    if _LOOKS_LIKE_ISO.fullmatch(expression):
        return [
            Problem(
                element,
                f"{label} is an expression, so {expression} would be read as "
                f'a variable name: write it "{expression}", with the quotes',
            )
        ]
    try:
        value = _setting_value(expression) or ast.literal_eval(expression)
    except (ValueError, SyntaxError):
        # Computed from case data (a reflection period, a week after a return date): checked
        # when it runs, but a duration written in it can be checked now.
        return _duration_literal_problems(element, label, expression)
    if not isinstance(value, str):
        return [Problem(element, f'{label} must give a text such as "P7D", not {value!r}')]
    if kind == "timeCycle":
        wrong = _cycle_problem(value)
        return [Problem(element, f"{label} has {value!r}, {wrong}")] if wrong else []
    try:
        if kind == "timeDuration":
            parse_duration(value, datetime.now(UTC))
        elif kind == "timeDate":
            datetime.fromisoformat(value)
    except Exception:  # SpiffWorkflow raises bare exceptions for bad ISO 8601 text
        return [
            Problem(
                element,
                f"{label} has {value!r}, which is not valid ISO 8601 "
                '(a duration is written like "P7D", "P5D" or "PT12H")',
            )
        ]
    return []


TEXT_KINDS = ("condition", "script", *TIMER_KINDS.values())


def text_problems(kind: str, text: str) -> list[str]:
    """What the publishing rules say of one condition, script or timer expression (`kind`: one
    of TEXT_KINDS), as the modeler's panel checks it while a supervisor types."""
    if kind == "condition":
        found = _script_problems(None, "the condition", text, check_expression)
    elif kind == "script":
        found = _script_problems(None, "the script", text, check_script)
    elif kind in TIMER_KINDS.values():
        found = _timer_expression_problems(None, "the timer", kind, text)
    else:
        raise ValueError(f"kind must be one of {', '.join(TEXT_KINDS)}, not {kind!r}")
    return [problem.message for problem in found]


def _duration_literal_problems(element: str | None, label: str, expression: str) -> list[Problem]:
    """A duration written in a computed timer: a text that looks like one, or the period
    given to `deadline_after(date, period)`."""
    tree = ast.parse(expression, mode="eval")
    periods = {
        id(node.args[1])
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "deadline_after"
        and len(node.args) == 2
    }
    for node in ast.walk(tree):
        text = node.value if isinstance(node, ast.Constant) else None
        if not isinstance(text, str):
            continue
        if id(node) not in periods and not re.fullmatch(r"P[\dA-Z.,]+", text):
            continue
        try:
            parse_duration(text, datetime.now(UTC))
        except ValueError:
            return [
                Problem(
                    element,
                    f"{label} has {text!r}, which is not valid ISO 8601 "
                    '(a duration is written like "P7D", "P5D" or "PT12H")',
                )
            ]
    return []


def _setting_value(expression: str) -> object:
    """The value of a timer written as one setting, `setting("name")`, so that it is checked
    like a literal; None for any other expression."""
    match = re.fullmatch(r"""setting\(\s*(["'])(\w+)\1\s*\)""", expression)
    assumption = SETTINGS.get(match.group(2)) if match else None
    return assumption.default if assumption is not None else None


_CYCLE_EXAMPLES = (
    'write it like "R3/P7D" (three times, a week apart) or "R/P30D" (every 30 days, no end)'
)


def _cycle_problem(value: str) -> str | None:
    """What is wrong with a repeating timer's ISO 8601 text, or None."""
    invalid = f"which is not a valid ISO 8601 repeating interval: {_CYCLE_EXAMPLES}"
    if not value.upper().startswith("R"):  # SpiffWorkflow also runs "3/P7D"; ISO 8601 does not
        return invalid
    try:
        cycles, _, period = TimerEventDefinition.parse_iso_recurring_interval(value)
    except Exception:  # SpiffWorkflow raises bare exceptions (and IndexError) for bad text
        return invalid
    if cycles == 0:
        return f"which never fires (it repeats 0 times): {_CYCLE_EXAMPLES}"
    if period <= timedelta(0):
        return f"whose occurrences would all fall at the same moment: {_CYCLE_EXAMPLES}"
    return None


def flow_problems(root: etree._Element) -> list[Problem]:
    """Elements no case can reach, and places a case could reach but never leave."""
    problems = []
    for container in root.iter(f"{{{BPMN}}}process", f"{{{BPMN}}}subProcess"):
        nodes = {
            str(node.get("id")): node
            for node in container
            if etree.QName(node).localname in FLOW_NODES
        }
        following: dict[str, set[str]] = {node: set() for node in nodes}
        for flow in container.iterchildren(f"{{{BPMN}}}sequenceFlow"):
            source, target = flow.get("sourceRef"), flow.get("targetRef")
            if source in following and target in nodes:
                following[source].add(target)
        for node_id, node in nodes.items():
            if etree.QName(node).localname == "boundaryEvent":
                host = node.get("attachedToRef")
                if host in following:
                    following[host].add(node_id)
        starts = [n for n, node in nodes.items() if etree.QName(node).localname == "startEvent"]
        ends = [n for n, node in nodes.items() if etree.QName(node).localname == "endEvent"]
        reachable = _closure(starts, following)
        preceding: dict[str, set[str]] = {node: set() for node in nodes}
        for source, targets in following.items():
            for target in targets:
                preceding[target].add(source)
        finishing = _closure(ends, preceding)
        for node_id, node in nodes.items():
            label = f"{_element_words(node)} {node.get('name') or node_id!r} ({node_id})"
            kind = etree.QName(node).localname
            if node.get("triggeredByEvent") == "true":
                continue  # an event subprocess starts on its event, not by a sequence flow
            if node_id not in reachable:
                problems.append(
                    Problem(
                        node_id,
                        f"{label} can never be reached: no sequence "
                        "flow leads to it from the start",
                    )
                )
            elif kind != "endEvent" and not _outgoing(node_id, following, nodes):
                problems.append(
                    Problem(
                        node_id,
                        f"{label} is a dead end: it has no outgoing "
                        "sequence flow and is not an end event",
                    )
                )
            elif node_id not in finishing:
                problems.append(
                    Problem(node_id, f"from {label} the case can never reach an end event")
                )
    return problems


def _outgoing(node_id: str, following: dict[str, set[str]], nodes: dict[str, Any]) -> bool:
    # A boundary event hanging on a task is not the task's own way out.
    return any(
        etree.QName(nodes[t]).localname != "boundaryEvent"
        or nodes[t].get("attachedToRef") != node_id
        for t in following[node_id]
    )


def _closure(seeds: list[str], edges: dict[str, set[str]]) -> set[str]:
    seen, pending = set(seeds), list(seeds)
    while pending:
        for nxt in edges[pending.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                pending.append(nxt)
    return seen


def _element_words(node: Any) -> str:
    name = etree.QName(node).localname
    return "".join(f" {c.lower()}" if c.isupper() else c for c in name)

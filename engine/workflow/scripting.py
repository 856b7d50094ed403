"""The restricted script engine that runs BPMN conditions, script tasks and service calls.

SpiffWorkflow's default engine hands diagram text to ``eval``/``exec`` unguarded. A diagram is
edited in a browser by supervisors, so its code is untrusted: it is compiled with
RestrictedPython (no imports, no ``_``-prefixed attributes, no ``open``) and only sees the case
data and a small set of safe built-ins. Service tasks call actions the engine provides; nothing
else leaves the process. What one run may spend (lines, work, the size of what it makes) is
bounded by engine/workflow/script_budget.py.
"""

from __future__ import annotations

import ast
import builtins
import json
import operator
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from types import CodeType, ModuleType
from typing import Any

from RestrictedPython import compile_restricted_eval, compile_restricted_exec
from RestrictedPython.Eval import default_guarded_getitem, default_guarded_getiter
from RestrictedPython.Guards import (
    full_write_guard,
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    safe_builtins,
)
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment
from SpiffWorkflow.task import Task

from engine.base.assumptions import setting
from engine.base.clock import parse_duration
from engine.base.settings import Settings
from engine.workflow.script_budget import (
    DIAGRAM_FILENAME,
    INPLACE_GUARDS,
    OPERATOR_GUARDS,
    BoundedPolicy,
    Budget,
    ChargedType,
    ScriptTooLong,
    bounded,
    charging,
    guarded_getattr,
    unbounded_at_sight,
)

__all__ = ["NrmScriptEngine", "RestrictedEnvironment", "ScriptRejected", "ScriptTooLong"]

_INPLACE_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "+=": operator.iadd,
    "-=": operator.isub,
    "*=": operator.imul,
    "/=": operator.itruediv,
    "//=": operator.ifloordiv,
    "%=": operator.imod,
}


def _inplacevar(op: str, target: Any, value: Any) -> Any:
    if op in INPLACE_GUARDS:
        return INPLACE_GUARDS[op](target, value)
    if op not in _INPLACE_OPERATORS:
        raise SyntaxError(f"the operator {op} is not allowed in a diagram script")
    return _INPLACE_OPERATORS[op](target, value)


# The built-ins that walk a whole sequence in C, where no line is counted: charged to the work
# budget (engine/workflow/script_budget.py); the types still answer isinstance().
_EXTRA_BUILTINS: dict[str, Any] = {
    **{name: charging(getattr(builtins, name)) for name in ("all", "any", "max", "min", "sum")},
    "sorted": charging(sorted),
    "enumerate": enumerate,
    **{kind.__name__: ChargedType(kind) for kind in (dict, list, set, str, tuple)},
}


def age_on(date_of_birth: str, on_date: str) -> int:
    """Whole years of age on `on_date` (both ISO dates): Annex 1 treats anyone under 18 as a
    child, and the interview date is what counts."""
    born, on = date.fromisoformat(date_of_birth), date.fromisoformat(on_date)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _bounded_range(*bounds: int) -> range:
    """range, refused past the line bound: `sum(range(10 ** 12))` would run inside Python's own
    C code, where the line counter never looks."""
    numbers, most = range(*bounds), _configured_max_lines()
    if len(numbers) > most:
        raise ValueError(
            f"range() of {len(numbers)} numbers is too long for a diagram (most {most})"
        )
    return numbers


def _midnight(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(0), UTC)


def deadline_after(day: str, duration: str) -> str:
    """When a period of `duration` counted from the ISO date `day` ends, as a timer's ISO
    datetime: the days after `day` are counted and the period ends with its last day (midnight
    UTC after it). `deadline_after("2026-11-27", "P7D")` is the end of 4 December: a week from
    a return on 27 November, however late the return was typed in."""
    start = _midnight(day)
    return (start + parse_duration(duration, start) + timedelta(days=1)).isoformat()


def start_of(day: str) -> str:
    """The first moment (midnight UTC) of the ISO date `day`, as a timer's ISO datetime: a
    timer on a hearing date falls due when that day begins."""
    return _midnight(day).isoformat()


def reminder_before(day: str, duration: str) -> str:
    """The moment `duration` before the ISO date `day` begins, as a timer's ISO datetime: a
    permit valid until 1 September, reminded "P30D" before, falls due on 2 August at midnight
    UTC (at once when that moment has passed)."""
    start = _midnight(day)
    return (start - parse_duration(duration, start)).isoformat()


# Functions a diagram may call besides the safe built-ins: pure, no I/O. `setting` reads the
# named assumptions of engine/base/assumptions.py (fixed in code, so a replay reads the same).
DIAGRAM_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "age_on": age_on,
    "deadline_after": deadline_after,
    "start_of": start_of,
    "reminder_before": reminder_before,
    "setting": setting,
}

# pow() goes, like the ** operator (`_refuse_unbounded`): one power of a large number can run
# for hours inside a single line. id() and hash() go too: id() tells memory addresses of the
# server, and both differ from one run to the next, so a replay could branch otherwise.
_WITHHELD_BUILTINS = {"pow", "id", "hash"}
_BUILTINS = {
    name: value for name, value in safe_builtins.items() if name not in _WITHHELD_BUILTINS
}

_RESTRICTED_GLOBALS: dict[str, Any] = {
    "__builtins__": {**_BUILTINS, **_EXTRA_BUILTINS, "range": _bounded_range},
    **DIAGRAM_FUNCTIONS,
    **OPERATOR_GUARDS,
    "_getattr_": guarded_getattr,
    "_getitem_": default_guarded_getitem,
    "_getiter_": default_guarded_getiter,
    "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
    "_unpack_sequence_": guarded_unpack_sequence,
    "_write_": full_write_guard,
    "_inplacevar_": _inplacevar,
}


class ScriptRejected(ValueError):
    """Diagram code that the restricted compiler refuses (an import, a dunder, a bad name)."""


@cache
def _configured_max_lines() -> int:
    return Settings().script_max_lines


@cache
def _configured_bounds() -> tuple[int, int]:
    """The work budget of one run and the most items of one sequence (engine/base/settings.py)."""
    settings = Settings()
    return settings.script_max_work, settings.script_max_items


def _compile_expression(source: str) -> CodeType:
    result = compile_restricted_eval(source, DIAGRAM_FILENAME, policy=BoundedPolicy)
    if result.errors:
        raise ScriptRejected("; ".join(result.errors))
    return result.code


def _compile_script(source: str) -> CodeType:
    # RestrictedPython compiles imports and leaves them to fail at run time; a diagram with one
    # should be refused before it is ever published.
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise ScriptRejected(f"Line {error.lineno}: {error.msg}") from error
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            raise ScriptRejected(f"Line {node.lineno}: imports are not allowed in diagram scripts")
    result = compile_restricted_exec(source, DIAGRAM_FILENAME, policy=BoundedPolicy)
    if result.errors:
        raise ScriptRejected("; ".join(result.errors))
    return result.code


def check_expression(source: str) -> None:
    _compile_expression(source)
    _refuse_unbounded(ast.parse(source, mode="eval"))


def check_script(source: str) -> None:
    """Refuse at publishing what would fail at run time, and what could run without end."""
    _compile_script(source)
    _refuse_unbounded(ast.parse(source))


def _refuse_unbounded(tree: ast.AST) -> None:
    # No diagram needs these. A `while` loop whose end depends on case data is the likeliest
    # way never to finish; a power runs in one line, past the line counter.
    complaint = unbounded_at_sight(tree, _configured_bounds()[1])
    if complaint is not None:
        raise ScriptRejected(complaint)
    for node in ast.walk(tree):
        if isinstance(node, ast.While):
            raise ScriptRejected(
                f"Line {node.lineno}: while loops are not allowed in diagram scripts; "
                "loop over a list with for"
            )
        if isinstance(node, ast.BinOp | ast.AugAssign) and isinstance(node.op, ast.Pow):
            raise ScriptRejected(
                f"Line {node.lineno}: ** is not allowed in diagram code; multiply instead"
            )


def _is_data(value: Any) -> bool:
    return not callable(value) and not isinstance(value, ModuleType)


class RestrictedEnvironment(BasePythonScriptEngineEnvironment):
    def __init__(
        self,
        max_lines: int | None = None,
        max_work: int | None = None,
        max_items: int | None = None,
    ) -> None:
        super().__init__()
        work, items = _configured_bounds()
        self.max_lines = _configured_max_lines() if max_lines is None else max_lines
        self.max_work = work if max_work is None else max_work
        self.max_items = items if max_items is None else max_items

    def _bounded(self) -> AbstractContextManager[Budget]:
        return bounded(self.max_lines, self.max_work, self.max_items)

    def evaluate(
        self, expression: str, context: dict[str, Any], external_context: Mapping | None = None
    ) -> Any:
        code = _compile_expression(expression)
        namespace = {**_RESTRICTED_GLOBALS, **(external_context or {}), **context}
        with self._bounded():
            return eval(code, namespace)

    def execute(
        self, script: str, context: dict[str, Any], external_context: Mapping | None = None
    ) -> bool:
        code = _compile_script(script)
        namespace = {**_RESTRICTED_GLOBALS, **(external_context or {}), **context}
        with self._bounded():
            exec(code, namespace)
        for name in list(context):
            if name not in namespace:
                del context[name]
        for name, value in namespace.items():
            if name not in _RESTRICTED_GLOBALS and _is_data(value):
                context[name] = value
        return True


Action = Callable[[Task, dict[str, Any]], dict[str, Any]]


class NrmScriptEngine(PythonScriptEngine):
    """The restricted environment plus the service actions of one unit of work."""

    def __init__(self, actions: Mapping[str, Action]) -> None:
        super().__init__(environment=RestrictedEnvironment())
        self.actions = actions
        # Replay only: the elements whose next run failed in the original step. A replay does
        # not render documents, so it cannot fail where the original did on its own.
        self.failing: list[str] = []

    def _fail_as_recorded(self, task: Task) -> None:
        if task.task_spec.name in self.failing:
            self.failing.remove(task.task_spec.name)
            raise WorkflowTaskException("failed here in the recorded step", task=task)

    def evaluate(self, task: Task, expression: str, external_context: Any = None) -> Any:
        self._fail_as_recorded(task)
        return super().evaluate(task, expression, external_context)

    def execute(self, task: Task, script: str, external_context: Any = None) -> Any:
        self._fail_as_recorded(task)
        return super().execute(task, script, external_context)

    def call_service(self, task: Task, **kwargs: Any) -> str:  # type: ignore[override]
        self._fail_as_recorded(task)
        name = kwargs["operation_name"]
        params = {key: spec["value"] for key, spec in kwargs.get("operation_params", {}).items()}
        action = self.actions.get(name)
        if action is None:
            raise WorkflowTaskException(
                f"the service task asks for the action {name!r}, which the engine does not "
                f"provide (known actions: {', '.join(sorted(self.actions)) or 'none'})",
                task=task,
            )
        try:
            return json.dumps(action(task, params))
        except Exception as error:
            # Marks the task, so the step records an incident on it instead of failing whole.
            raise WorkflowTaskException(
                f"the action {name!r} failed: {error}", task=task, exception=error
            ) from error

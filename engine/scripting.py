"""The restricted script engine that runs BPMN conditions, script tasks and service calls.

SpiffWorkflow's default engine hands diagram text to ``eval``/``exec`` unguarded. A diagram is
edited in a browser by supervisors, so its code is untrusted: it is compiled with
RestrictedPython (no imports, no ``_``-prefixed attributes, no ``open``) and only sees the case
data and a small set of safe built-ins. Service tasks call actions the engine provides; nothing
else leaves the process.
"""

from __future__ import annotations

import builtins
import json
import operator
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

from RestrictedPython import compile_restricted_eval, compile_restricted_exec
from RestrictedPython.Eval import default_guarded_getitem, default_guarded_getiter
from RestrictedPython.Guards import (
    full_write_guard,
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    safe_builtins,
    safer_getattr,
)
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment
from SpiffWorkflow.task import Task

_INPLACE_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "+=": operator.iadd,
    "-=": operator.isub,
    "*=": operator.imul,
    "/=": operator.itruediv,
    "//=": operator.ifloordiv,
    "%=": operator.imod,
}


def _inplacevar(op: str, target: Any, value: Any) -> Any:
    if op not in _INPLACE_OPERATORS:
        raise SyntaxError(f"the operator {op} is not allowed in a diagram script")
    return _INPLACE_OPERATORS[op](target, value)


_EXTRA_BUILTINS = {
    name: getattr(builtins, name)
    for name in ("all", "any", "dict", "enumerate", "list", "max", "min", "sum", "set", "sorted")
}

_RESTRICTED_GLOBALS: dict[str, Any] = {
    "__builtins__": {**safe_builtins, **_EXTRA_BUILTINS},
    "_getattr_": safer_getattr,
    "_getitem_": default_guarded_getitem,
    "_getiter_": default_guarded_getiter,
    "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
    "_unpack_sequence_": guarded_unpack_sequence,
    "_write_": full_write_guard,
    "_inplacevar_": _inplacevar,
}


class ScriptRejected(ValueError):
    """Diagram code that the restricted compiler refuses (an import, a dunder, a bad name)."""


def check_expression(source: str) -> None:
    result = compile_restricted_eval(source)
    if result.errors:
        raise ScriptRejected("; ".join(result.errors))


def check_script(source: str) -> None:
    result = compile_restricted_exec(source)
    if result.errors:
        raise ScriptRejected("; ".join(result.errors))


def _is_data(value: Any) -> bool:
    return not callable(value) and not isinstance(value, ModuleType)


class RestrictedEnvironment(BasePythonScriptEngineEnvironment):
    def evaluate(
        self, expression: str, context: dict[str, Any], external_context: Mapping | None = None
    ) -> Any:
        result = compile_restricted_eval(expression)
        if result.errors:
            raise ScriptRejected("; ".join(result.errors))
        namespace = {**_RESTRICTED_GLOBALS, **(external_context or {}), **context}
        return eval(result.code, namespace)

    def execute(
        self, script: str, context: dict[str, Any], external_context: Mapping | None = None
    ) -> bool:
        result = compile_restricted_exec(script)
        if result.errors:
            raise ScriptRejected("; ".join(result.errors))
        namespace = {**_RESTRICTED_GLOBALS, **(external_context or {}), **context}
        exec(result.code, namespace)
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

    def validate(self, expression: str) -> None:
        check_expression(expression)

    def call_service(self, task: Task, **kwargs: Any) -> str:  # type: ignore[override]
        name = kwargs["operation_name"]
        params = {key: spec["value"] for key, spec in kwargs.get("operation_params", {}).items()}
        action = self.actions.get(name)
        if action is None:
            raise WorkflowTaskException(
                f"the service task asks for the action {name!r}, which the engine does not "
                f"provide (known actions: {', '.join(sorted(self.actions)) or 'none'})",
                task=task,
            )
        return json.dumps(action(task, params))

"""What one run of diagram code may spend: lines, work and the size of what it makes.

Lines alone do not bound a script: one line can build a string of a gigabyte (`"x" * 10 ** 9`)
or sort millions of items inside Python's own C code, where no line is counted. So the
restricted compiler (`BoundedPolicy`) routes every operation that can make something large or
walk something long through a guard here:

- `*` and `+` on sequences and numbers, `%` formatting, and the string and list methods that
  pad, join, replace or extend, refuse a result past `script_max_items` items (characters of a
  string) or a number past `MAX_NUMBER_BITS` bits, before it is made;
- the built-ins that walk a whole sequence (`sorted`, `sum`, `list`, `in`, ...) and every item
  made are charged to a work budget of `script_max_work` per run, next to the line bound.

Counted, never timed, so a replay stops a script at the same point as the original run. What can
be seen without running (a repetition by a literal count, `<<`) is refused at publishing.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial, wraps
from types import FrameType
from typing import Any

from RestrictedPython import RestrictingNodeTransformer
from RestrictedPython.Guards import safer_getattr

# Numbers past this size serve no diagram (a date, a count, an age) and grow without bound
# when squared in a loop.
MAX_NUMBER_BITS = 4096


class ScriptTooLong(Exception):
    """A script or condition that ran more lines, or did more work, than allowed: stopped."""


class ScriptTooLarge(ValueError):
    """Diagram code that would make a sequence or number larger than allowed: refused before
    it is made."""


# Diagram code is compiled under this name, so the line counter follows only its frames.
DIAGRAM_FILENAME = "<diagram script>"


@dataclass
class Budget:
    max_lines: int
    max_work: int
    max_items: int
    lines: int = 0
    work: int = 0

    def line(self) -> None:
        self.lines += 1
        if self.lines > self.max_lines:
            raise ScriptTooLong(
                f"stopped after {self.max_lines} lines: the script does not end (an endless loop?)"
            )

    def charge(self, items: int) -> None:
        self.work += items
        if self.work > self.max_work:
            raise ScriptTooLong(
                f"stopped after {self.max_work} units of work (items made, copied or walked): "
                "the script does too much for a diagram"
            )

    def make(self, items: int, what: str) -> None:
        """About to make a sequence of `items` items: refused past the size bound, else charged."""
        if items > self.max_items:
            raise ScriptTooLarge(
                f"{what} would hold {items} items, more than a diagram may make "
                f"(most {self.max_items})"
            )
        self.charge(items)


_CURRENT: ContextVar[Budget | None] = ContextVar("script_budget", default=None)


def _budget() -> Budget | None:
    return _CURRENT.get()


@contextmanager
def bounded(max_lines: int, max_work: int, max_items: int) -> Iterator[Budget]:
    """Run diagram code within a fresh budget. Once over it every further line raises again, so
    a script that catches the first stop cannot keep going."""
    budget = Budget(max_lines, max_work, max_items)

    def count_line(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            budget.line()
        return count_line

    def follow_diagram_frames(frame: FrameType, event: str, arg: Any) -> Any:
        return count_line if frame.f_code.co_filename == DIAGRAM_FILENAME else None

    token = _CURRENT.set(budget)
    previous = sys.gettrace()
    sys.settrace(follow_diagram_frames)
    try:
        yield budget
    finally:
        sys.settrace(previous)
        _CURRENT.reset(token)


_SIZED = (str, bytes, list, tuple, dict, set, frozenset, range)


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, _SIZED) else None


def _make(items: int, what: str) -> None:
    budget = _budget()
    if budget is not None:
        budget.make(items, what)


def _charge(value: Any) -> None:
    budget, size = _budget(), _size(value)
    if budget is not None and size is not None:
        budget.charge(size)


def _check_number(value: int, what: str) -> None:
    if value.bit_length() > MAX_NUMBER_BITS:
        raise ScriptTooLarge(f"{what} would be a number of more than {MAX_NUMBER_BITS} bits")


def guarded_mul(left: Any, right: Any) -> Any:
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_NUMBER_BITS + 1:
            raise ScriptTooLarge(f"* would be a number of more than {MAX_NUMBER_BITS} bits")
        return left * right
    for sequence, count in ((left, right), (right, left)):
        if _size(sequence) is not None and isinstance(count, int):
            _make(len(sequence) * max(count, 0), "repeating a sequence with *")
    return left * right


def guarded_add(left: Any, right: Any) -> Any:
    if _size(left) is not None and _size(right) is not None:
        _make(len(left) + len(right), "joining two sequences with +")
    result = left + right
    if isinstance(result, int):
        _check_number(result, "+")
    return result


_FORMAT_WIDTH = re.compile(r"%[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")


def guarded_mod(left: Any, right: Any) -> Any:
    if isinstance(left, str | bytes):
        text = left.decode() if isinstance(left, bytes) else left
        widths = [w for match in _FORMAT_WIDTH.finditer(text) for w in match.groups() if w]
        if "*" in widths:
            raise ScriptTooLarge("a width given as * in % formatting is not allowed in a diagram")
        _make(len(left) + sum(int(w) for w in widths), "% formatting")
    return left % right


def guarded_lshift(left: Any, right: Any) -> Any:
    too_large = isinstance(left, int) and isinstance(right, int)
    if too_large and left.bit_length() + right > MAX_NUMBER_BITS:
        raise ScriptTooLarge(f"<< would be a number of more than {MAX_NUMBER_BITS} bits")
    return left << right


def guarded_contains(item: Any, container: Any) -> bool:
    _charge(container)
    return item in container


GUARDED_OPERATORS: dict[type[ast.operator], str] = {
    ast.Mult: "_nrm_mul_",
    ast.Add: "_nrm_add_",
    ast.Mod: "_nrm_mod_",
    ast.LShift: "_nrm_lshift_",
}

OPERATOR_GUARDS: dict[str, Callable[[Any, Any], Any]] = {
    "_nrm_mul_": guarded_mul,
    "_nrm_add_": guarded_add,
    "_nrm_mod_": guarded_mod,
    "_nrm_lshift_": guarded_lshift,
    "_nrm_contains_": guarded_contains,
}

INPLACE_GUARDS: dict[str, Callable[[Any, Any], Any]] = {
    "*=": guarded_mul,
    "+=": guarded_add,
    "%=": guarded_mod,
}


def _call(name: str, args: list[ast.expr], like: ast.AST) -> ast.Call:
    function = ast.copy_location(ast.Name(id=name, ctx=ast.Load()), like)
    return ast.copy_location(ast.Call(func=function, args=args, keywords=[]), like)


class BoundedPolicy(RestrictingNodeTransformer):
    """RestrictedPython's policy, with the operations that can grow or walk without bound
    routed through the guards above."""

    def visit_BinOp(self, node: ast.BinOp) -> Any:
        node = self.node_contents_visit(node)
        guard = GUARDED_OPERATORS.get(type(node.op))
        return _call(guard, [node.left, node.right], node) if guard else node

    def visit_Compare(self, node: ast.Compare) -> Any:
        node = self.node_contents_visit(node)
        if len(node.ops) != 1 or not isinstance(node.ops[0], ast.In | ast.NotIn):
            return node
        contains = _call("_nrm_contains_", [node.left, node.comparators[0]], node)
        if isinstance(node.ops[0], ast.In):
            return contains
        return ast.copy_location(ast.UnaryOp(op=ast.Not(), operand=contains), node)


def _padded(method: Callable[..., Any], width: int, *args: Any) -> Any:
    _make(width, f"{method.__name__}()")
    return method(width, *args)


def _joined(separator: str | bytes, parts: Any) -> Any:
    parts = list(parts)
    sizes = [_size(part) or 0 for part in parts]
    _make(sum(sizes) + len(separator) * max(len(parts) - 1, 0), "join()")
    return separator.join(parts)


def _replaced(text: str | bytes, old: Any, new: Any, count: int = -1) -> Any:
    found = text.count(old) if old else len(text) + 1
    if count >= 0:
        found = min(found, count)
    _make(len(text) + found * max(len(new) - len(old), 0), "replace()")
    return text.replace(old, new, count)


def _extended(target: list, items: Any) -> None:
    items = list(items)
    _make(len(target) + len(items), "extend()")
    target.extend(items)


def _walking(method: Callable[..., Any], target: Any) -> Callable[..., Any]:
    @wraps(method)
    def walk(*args: Any, **kwargs: Any) -> Any:
        _charge(target)
        return method(*args, **kwargs)

    return walk


_PADDING = {"ljust", "rjust", "center", "zfill", "expandtabs"}
_WALKING = {
    *("count", "index", "find", "rfind", "split", "splitlines", "upper", "lower", "strip"),
    *("startswith", "endswith", "copy", "keys", "values", "items", "sort", "reverse"),
}


def guarded_getattr(obj: Any, name: str, *default: Any) -> Any:
    """RestrictedPython's safer_getattr, with the methods that can make a large sequence
    checked first and those that walk a whole one charged."""
    value = safer_getattr(obj, name, *default)
    if isinstance(obj, str | bytes):
        if name in _PADDING:
            return partial(_padded, value)
        if name == "join":
            return partial(_joined, obj)
        if name == "replace":
            return partial(_replaced, obj)
        if name == "format":
            raise ScriptTooLarge("str.format is not allowed in a diagram; use an f-string")
    if isinstance(obj, list) and name == "extend":
        return partial(_extended, obj)
    if name in _WALKING and _size(obj) is not None and callable(value):
        return _walking(value, obj)
    return value


def _charged_call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    for arg in args:
        _charge(arg)
    result = function(*args, **kwargs)
    size = _size(result)
    if size is not None:
        _make(size, f"{function.__name__}()")
    return result


def charging(function: Callable[..., Any]) -> Callable[..., Any]:
    """A built-in function that walks its argument in C: charged by its size first, and by
    the size of what it makes."""

    @wraps(function)
    def charged(*args: Any, **kwargs: Any) -> Any:
        return _charged_call(function, *args, **kwargs)

    return charged


class ChargedType:
    """A built-in type (list, dict, str, ...) charged like `charging` when called, that still
    answers isinstance() as the type itself."""

    def __init__(self, kind: type) -> None:
        self.kind = kind
        self.__name__ = kind.__name__

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _charged_call(self.kind, *args, **kwargs)

    def __instancecheck__(self, value: Any) -> bool:
        return isinstance(value, self.kind)

    def __repr__(self) -> str:
        return repr(self.kind)


def unbounded_at_sight(tree: ast.AST, max_items: int) -> str | None:
    """What publishing can see without running: a repetition by a literal count past the size
    bound, or `<<`. Returns the complaint, or None."""
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp | ast.AugAssign) and isinstance(node.op, ast.LShift):
            return f"Line {node.lineno}: << is not allowed in diagram code; multiply instead"
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
            counts = [
                side.value
                for side in (node.left, node.right)
                if isinstance(side, ast.Constant) and type(side.value) is int
            ]
            sequences = [
                side
                for side in (node.left, node.right)
                if isinstance(side, ast.List | ast.Tuple | ast.Set)
                or (isinstance(side, ast.Constant) and isinstance(side.value, str | bytes))
            ]
            if counts and sequences and counts[0] > max_items:
                return (
                    f"Line {node.lineno}: repeating a sequence {counts[0]} times makes more "
                    f"items than a diagram may hold (most {max_items})"
                )
    return None

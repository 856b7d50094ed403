"""What changed in a task's form between two versions, field by field: fields added and removed,
and for a kept field each changed part of its declaration (title, type, choices, rules,
classification) and whether it became required or optional."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

FieldStatus = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class PartChange:
    """One key of a field's JSON Schema declaration, as JSON text (None: absent)."""

    part: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class FieldChange:
    name: str
    status: FieldStatus
    required_before: bool
    required_after: bool
    parts: list[PartChange] = field(default_factory=list)


def _as_text(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _parts(old: dict[str, Any], new: dict[str, Any]) -> list[PartChange]:
    return [
        PartChange(part, _as_text(old.get(part)), _as_text(new.get(part)))
        for part in sorted(old.keys() | new.keys())
        if old.get(part) != new.get(part)
    ]


@dataclass(frozen=True)
class FormDiff:
    fields: list[FieldChange] = field(default_factory=list)
    # Rules across fields (if/then, allOf, ...) and the form's own title: parts of the form.
    form: list[PartChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.form)


def form_diff(old: dict[str, Any] | None, new: dict[str, Any] | None) -> FormDiff:
    """Field changes from form `old` to form `new` (None: no form), in the new form's order,
    removed fields last; a field whose declaration and requiredness are unchanged is left out."""
    old, new = old or {}, new or {}
    before, after = old.get("properties", {}), new.get("properties", {})
    required_before, required_after = set(old.get("required", [])), set(new.get("required", []))
    changes = []
    for name in [*after, *(name for name in before if name not in after)]:
        was, now = name in required_before, name in required_after
        if name not in before:
            changes.append(FieldChange(name, "added", False, now, _parts({}, after[name])))
        elif name not in after:
            changes.append(FieldChange(name, "removed", was, False, _parts(before[name], {})))
        elif before[name] != after[name] or was != now:
            changes.append(
                FieldChange(name, "changed", was, now, _parts(before[name], after[name]))
            )
    whole = _parts(
        {k: v for k, v in old.items() if k not in ("properties", "required")},
        {k: v for k, v in new.items() if k not in ("properties", "required")},
    )
    return FormDiff(changes, whole)

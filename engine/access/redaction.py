"""Art. 4 confidentiality in what is shown: each value of case data and of an event as one user
may read it (`policy.field_access`, over the fields' classification), "[withheld]" in place of the
rest and the child's initials in place of the name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from documents.facts import initials
from engine.access.policy import FieldAccess
from forms.classification import PROCEDURAL

WITHHELD = "[withheld]"

# The keys the engine writes into its events itself (engine/cases: steps, timers, claims,
# incidents, migration, documents, whereabouts), all procedural. The task's and the intake's
# `data` is case data, read field by field; anything else, such as the `reason` a supervisor
# typed for a case manager's reassignment, is personal (deny by default).
EVENT_KEYS: frozenset[str] = frozenset(
    {
        "title", "role", "process", "version", "linked_from", "case_id", "reference", "timer",
        "due_at", "occurrence", "at_arming", "incident", "error_class", "step_seq", "from", "to",
        "holder", "from_version", "to_version", "from_version_id", "to_version_id", "mapping",
        "notes", "kind", "language", "sha256", "content_sha256", "filename", "location",
        "attachment_id", "media_type", "size", "classification",
    }
)  # fmt: skip
CASE_DATA = "data"
# A note's text and an attached file's name (engine/cases/attachments.py) are read at the
# classification their author gave them, in the event's `classification`.
CLASSIFIED_KEYS: frozenset[str] = frozenset({"note", "name"})


def child_label(data: Mapping[str, Any], reference: str, access: FieldAccess | bool) -> str:
    """The child's name for whoever reads it (`access`, or True), else the initials, else the
    case reference."""
    name = data.get("child_name")
    if not isinstance(name, str) or not name.strip():
        return reference
    if access is True or (isinstance(access, FieldAccess) and access.reads("child_name")):
        return name
    try:
        return initials(name)
    except ValueError:
        return WITHHELD


def redact_data(data: Mapping[str, Any], access: FieldAccess) -> dict[str, Any]:
    """Case data as `access` may see it."""
    shown = {
        name: value if _empty(value) or access.reads(name) else WITHHELD
        for name, value in data.items()
    }
    name = data.get("child_name")
    if shown.get("child_name") == WITHHELD and isinstance(name, str) and name.strip():
        shown["child_name"] = child_label(data, "", access)
    return shown


def redact_event_data(data: Mapping[str, Any], access: FieldAccess) -> dict[str, Any]:
    """An event's data as `access` may see it: its own keys by `EVENT_KEYS`, the case data it
    carries (a task's or the intake's `data`) like the case's."""
    shown: dict[str, Any] = {}
    for key, value in data.items():
        if key == CASE_DATA and isinstance(value, Mapping):
            shown[key] = redact_data(value, access)
        elif key in CLASSIFIED_KEYS and isinstance(data.get("classification"), str):
            shown[key] = value if data["classification"] in access.classes else WITHHELD
        elif key in EVENT_KEYS:
            shown[key] = value if access.reads(key, PROCEDURAL) else WITHHELD
        elif _empty(value) or access.reads(key):
            shown[key] = value
        else:
            shown[key] = WITHHELD
    return shown


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}

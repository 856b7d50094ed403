"""The semantic diff a second supervisor reads before approving a change of the procedure: for
each element added, removed or changed, what it means in the procedure (its name, the lane and
so the role that does it, a flow's condition and where it leads, a script line by line, a
timer's expression, the form's fields, the process it calls, its documentation), and the forms
and decision tables that changed on their own.

Anything of an element this diff has no name for is still shown, as the element's own XML line
by line ("other"): nothing a draft changes can pass unseen. The drawing (bpmndi) is not the
procedure and is left out.

The digest names the diff exactly: an approval records the digest of the diff its approver was
shown, and a draft whose diff has changed since is not approved on the strength of it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from lxml import etree

from engine.procedures.form_diff import FormDiff, form_diff
from engine.procedures.rules import FLOW_NODES
from engine.procedures.text_diff import DiffLine, line_diff
from engine.workflow.specs import ProcessBundle, parse_xml

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
FORM_PROPERTY = "formJsonSchemaFilename"
# What a supervisor sees as one element; a timer's definition is part of its event. Whatever
# else a process or a collaboration holds with an id (a signal, a message, an annotation) is
# compared on its own too.
COMPARED = FLOW_NODES | {"sequenceFlow", "lane", "participant", "process"}
_CONTAINERS = {"definitions", "process", "collaboration", "subProcess", "transaction"}
# Read into aspects (or, for incoming/outgoing and a lane's members, shown on the other end).
_ASPECT_ATTRIBUTES = {
    "name", "sourceRef", "targetRef", "default", "attachedToRef", "cancelActivity",
    "calledElement",
}  # fmt: skip
_ASPECT_CHILDREN = {
    "documentation", "conditionExpression", "script", "incoming", "outgoing", "flowNodeRef",
}  # fmt: skip
_TIMER_KINDS = ("timeDuration", "timeDate", "timeCycle")

Status = Literal["added", "removed", "changed"]
# What an element is and does, in the order the page shows it.
ASPECTS = (
    "name", "lane", "route", "condition", "default_flow", "timer", "attached_to", "script",
    "pre_script", "post_script", "form", "called_process", "decision", "documentation", "other",
)  # fmt: skip
# Shown as a line diff rather than before → after.
LONG_TEXTS = {"script", "pre_script", "post_script", "documentation", "other"}


@dataclass(frozen=True)
class AspectChange:
    aspect: str
    old: str | None
    new: str | None
    lines: list[DiffLine] = field(default_factory=list)  # for the long texts
    form: FormDiff | None = None  # for the form: its fields


@dataclass(frozen=True)
class ElementChange:
    element_id: str
    kind: str  # the BPMN element: userTask, sequenceFlow, lane, ...
    name: str
    status: Status
    changes: list[AspectChange]


@dataclass(frozen=True)
class FileChange:
    """A form or decision table no element's change shows (the intake form, a DMN file)."""

    filename: str
    status: Status
    form: FormDiff | None = None
    lines: list[DiffLine] = field(default_factory=list)


@dataclass(frozen=True)
class SemanticDiff:
    elements: list[ElementChange]
    forms: list[FileChange]
    decisions: list[FileChange]
    digest: str = ""

    @property
    def empty(self) -> bool:
        return not (self.elements or self.forms or self.decisions)


def _text(node: etree._Element | None) -> str | None:
    if node is None:
        return None
    return "".join(node.itertext()).strip()


def _child(node: etree._Element, name: str, namespace: str = BPMN) -> etree._Element | None:
    return node.find(f"{{{namespace}}}{name}")


def _on_its_own(node: etree._Element) -> bool:
    if not isinstance(node.tag, str) or etree.QName(node).namespace != BPMN:
        return False
    if etree.QName(node).localname in COMPARED:
        return True
    parent = node.getparent()
    return (
        node.get("id") is not None
        and parent is not None
        and etree.QName(parent).localname in _CONTAINERS
    )


def _shallow(node: etree._Element) -> etree._Element:
    """A copy of the element without the elements inside it that are compared on their own."""
    copy = etree.fromstring(etree.tostring(node))
    for inner in [d for d in copy.iterdescendants() if _on_its_own(d)]:
        parent = inner.getparent()
        if parent is not None:
            parent.remove(inner)
    return copy


def _own_xml(shallow: etree._Element) -> str:
    """The element (shallow) without what the aspects show, canonical and indented, for the
    line diff of what is left."""
    copy = etree.fromstring(etree.tostring(shallow))
    for name in _ASPECT_ATTRIBUTES:
        copy.attrib.pop(name, None)
    for child in list(copy):
        if not isinstance(child.tag, str):
            continue
        local = etree.QName(child).localname
        if local in _ASPECT_CHILDREN or local == "laneSet":
            copy.remove(child)
        elif local == "timerEventDefinition":
            for kind in _TIMER_KINDS:
                for expression in child.findall(f"{{{BPMN}}}{kind}"):
                    child.remove(expression)
    for prop in copy.iter(f"{{{SPIFF}}}property"):
        if prop.get("name") == FORM_PROPERTY:
            prop.getparent().remove(prop)
    for name in ("preScript", "postScript", "calledDecisionId"):
        for extra in copy.iter(f"{{{SPIFF}}}{name}"):
            extra.getparent().remove(extra)
    canonical = etree.fromstring(etree.tostring(copy, method="c14n", strip_text=True))
    etree.indent(canonical)
    return etree.tostring(canonical, encoding="unicode")


@dataclass(frozen=True)
class _Element:
    kind: str
    name: str
    aspects: dict[str, str | None]


def _elements(root: etree._Element) -> dict[str, _Element]:
    by_id = {str(node.get("id")): node for node in root.iter(f"{{{BPMN}}}*") if node.get("id")}
    lane_of = {
        _text(ref) or "": lane.get("name") or str(lane.get("id"))
        for lane in root.iter(f"{{{BPMN}}}lane")
        for ref in lane.findall(f"{{{BPMN}}}flowNodeRef")
    }

    def named(ref: str | None) -> str | None:
        if ref is None:
            return None
        node = by_id.get(ref)
        name = node.get("name") if node is not None else None
        return f"{name} ({ref})" if name else ref

    elements = {}
    for element_id, whole in by_id.items():
        kind = etree.QName(whole).localname
        if not _on_its_own(whole):
            continue
        node = _shallow(whole)
        timer = _child(node, "timerEventDefinition")
        timer_text = None
        if timer is not None:
            timer_text = "; ".join(
                f"{kind_}: {_text(expression)}"
                for kind_ in _TIMER_KINDS
                for expression in timer.findall(f"{{{BPMN}}}{kind_}")
            )
        form = next(
            (
                prop.get("value")
                for prop in node.iter(f"{{{SPIFF}}}property")
                if prop.get("name") == FORM_PROPERTY
            ),
            None,
        )
        attached = node.get("attachedToRef")
        aspects = {
            "name": node.get("name"),
            "lane": lane_of.get(element_id) if kind in FLOW_NODES else None,
            "route": (
                f"{named(node.get('sourceRef'))} → {named(node.get('targetRef'))}"
                if kind == "sequenceFlow"
                else None
            ),
            "condition": _text(_child(node, "conditionExpression")),
            "default_flow": named(node.get("default")),
            "timer": timer_text,
            "attached_to": (
                f"{named(attached)}"
                + ("" if node.get("cancelActivity", "true") == "true" else " (not interrupting)")
                if attached
                else None
            ),
            "script": _text(_child(node, "script")),
            "pre_script": _text(next(node.iter(f"{{{SPIFF}}}preScript"), None)),
            "post_script": _text(next(node.iter(f"{{{SPIFF}}}postScript"), None)),
            "form": form,
            "called_process": node.get("calledElement"),
            "decision": _text(next(node.iter(f"{{{SPIFF}}}calledDecisionId"), None)),
            "documentation": "\n\n".join(
                _text(doc) or "" for doc in node.findall(f"{{{BPMN}}}documentation")
            )
            or None,
            "other": _own_xml(node),
        }
        elements[element_id] = _Element(kind, node.get("name") or "", aspects)
    return elements


def _aspect_changes(
    old: _Element | None, new: _Element | None, old_forms: dict, new_forms: dict
) -> list[AspectChange]:
    changes = []
    for aspect in ASPECTS:
        before = old.aspects.get(aspect) if old else None
        after = new.aspects.get(aspect) if new else None
        if aspect == "other" and (old is None or new is None):
            continue  # an element added or removed whole is read from its aspects
        if aspect == "form":
            fields = form_diff(
                old_forms.get(before) if before else None, new_forms.get(after) if after else None
            )
            if before != after or fields:
                changes.append(AspectChange(aspect, before, after, form=fields))
            continue
        if before == after:
            continue
        lines = line_diff(before, after) if aspect in LONG_TEXTS else []
        changes.append(AspectChange(aspect, before, after, lines))
    return changes


def _file_changes(old: dict, new: dict, *, forms: bool) -> list[FileChange]:
    changes = []
    for filename in sorted(old.keys() | new.keys()):
        if old.get(filename) == new.get(filename):
            continue
        status: Status = (
            "added" if filename not in old else "removed" if filename not in new else "changed"
        )
        if forms:
            changes.append(
                FileChange(filename, status, form=form_diff(old.get(filename), new.get(filename)))
            )
        else:
            changes.append(
                FileChange(filename, status, lines=line_diff(old.get(filename), new.get(filename)))
            )
    return changes


def semantic_diff(old: ProcessBundle, new: ProcessBundle) -> SemanticDiff:
    """Element by element, what version `new` changes in version `old` (a draft: the draft
    with the forms and decisions it carries)."""
    before = _elements(parse_xml(old.bpmn_xml, "diagram"))
    after = _elements(parse_xml(new.bpmn_xml, "diagram"))
    elements = []
    for element_id in [*after, *(e for e in before if e not in after)]:
        was, now = before.get(element_id), after.get(element_id)
        changes = _aspect_changes(was, now, old.forms, new.forms)
        if was is not None and now is not None and not changes:
            continue
        shown = now or was
        assert shown is not None
        status: Status = "added" if was is None else "removed" if now is None else "changed"
        elements.append(ElementChange(element_id, shown.kind, shown.name, status, changes))
    # A form a task shows is diffed with the task; the others (the intake form) on their own.
    on_tasks = {element.aspects["form"] for element in [*before.values(), *after.values()]} - {None}
    forms = _file_changes(
        {k: v for k, v in old.forms.items() if k not in on_tasks},
        {k: v for k, v in new.forms.items() if k not in on_tasks},
        forms=True,
    )
    decisions = _file_changes(old.dmn, new.dmn, forms=False)
    diff = SemanticDiff(elements, forms, decisions)
    return SemanticDiff(elements, forms, decisions, diff_digest(diff))


def diff_digest(diff: SemanticDiff) -> str:
    """SHA-256 of everything the diff shows (its own digest aside)."""
    shown = asdict(diff)
    shown.pop("digest")
    text = json.dumps(shown, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def as_json(diff: SemanticDiff) -> dict[str, Any]:
    """The diff as the API returns it."""
    return asdict(diff)

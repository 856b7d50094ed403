"""Publishing rules that hold for one procedure, not for every diagram.

A child's procedure (child_return, child_at_risk, foreign_victim): no dead end for a child. A
child's case ends only through the closing task its entry names (`closing_task` in
processes/<id>.toml; for child_return the case manager's `close_case`, which refuses while the
last safety check found the child unsafe or no placement is recorded). So a draft is refused
when, without passing that task,

- the case's main line can reach an end event (the case would end there, "complete", with
  nobody told), or
- any path can reach a terminate end event (it would end every branch of the case at once).

foreign_victim holds adults and children: the rule holds for the paths a child can take. A
sequence flow whose condition is exactly `is_child == False` is one only an adult takes (18 or
over on the identification date, and not presumed a child), so what lies only behind such flows
may end without the case manager's closing task (`close_child_case`); every other path, the
child's, may not.

Side branches end without closing the case, and may: a non-interrupting boundary event starts
one (an escalation, a reminder) and so does an interrupting boundary event that catches a signal
(a routine visit overtaken by another visit's alarm, which carries the case on). The main line
waits elsewhere meanwhile, so their end events end only the branch.
"""

from __future__ import annotations

from collections.abc import Set

from lxml import etree

from forms.procedures import procedure

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
# The condition of a flow only an adult takes (Art. 2.d): a child never passes it.
ADULT_ONLY = "is_child == False"


def invariant_problems(
    process_id: str, root: etree._Element, flow_nodes: Set[str]
) -> list[tuple[str | None, str]]:
    """(element id, what is wrong) for each way the procedure's invariant is broken; the
    publishing rules (engine/procedures/rules.py) give them as problems. `flow_nodes` are the
    element names that are flow nodes."""
    entry = procedure(process_id)
    closing = entry.closing_task if entry else None
    if closing is None:
        return []
    process = root.find(f"{{{BPMN}}}process[@id='{process_id}']")
    if process is None:
        return []
    nodes = {
        str(node.get("id")): node for node in process if etree.QName(node).localname in flow_nodes
    }
    if closing not in nodes or etree.QName(nodes[closing]).localname != "userTask":
        return [
            (
                None,
                f"{process_id} must keep the case manager's closing task ({closing}): a child's "
                "case ends only through it",
            )
        ]
    following: dict[str, set[str]] = {node: set() for node in nodes}
    for flow in process.iterchildren(f"{{{BPMN}}}sequenceFlow"):
        source, target = flow.get("sourceRef"), flow.get("targetRef")
        condition = flow.find(f"{{{BPMN}}}conditionExpression")
        if condition is not None and (condition.text or "").strip() == ADULT_ONLY:
            continue  # no child goes this way
        if source in following and target in nodes:
            following[source].add(target)
    side_branches = set()
    for node_id, node in nodes.items():
        if etree.QName(node).localname != "boundaryEvent":
            continue
        host = node.get("attachedToRef")
        if host in following:
            following[host].add(node_id)
        if _starts_side_branch(node):
            side_branches.add(node_id)
    starts = [n for n, node in nodes.items() if etree.QName(node).localname == "startEvent"]
    main_line = _reach(starts, following, blocked={closing} | side_branches)
    anywhere = _reach(starts, following, blocked={closing})
    problems: list[tuple[str | None, str]] = []
    for node_id, node in nodes.items():
        if etree.QName(node).localname != "endEvent":
            continue
        label = f"the end event {node.get('name') or node_id!r} ({node_id})"
        terminates = node.find(f"{{{BPMN}}}terminateEventDefinition") is not None
        if node_id in main_line or (terminates and node_id in anywhere):
            problems.append(
                (
                    node_id,
                    f"{label} can be reached without the case manager's closing task "
                    f"({closing}): a child's case must not end while the child may be unsafe or "
                    "unplaced; lead that path to the closing task",
                )
            )
    return problems


def _starts_side_branch(boundary: etree._Element) -> bool:
    if boundary.get("cancelActivity") == "false":
        return True
    return boundary.find(f"{{{BPMN}}}signalEventDefinition") is not None


def _reach(seeds: list[str], edges: dict[str, set[str]], blocked: set[str]) -> set[str]:
    seen = {seed for seed in seeds if seed not in blocked}
    pending = list(seen)
    while pending:
        for nxt in edges[pending.pop()]:
            if nxt not in seen and nxt not in blocked:
                seen.add(nxt)
                pending.append(nxt)
    return seen

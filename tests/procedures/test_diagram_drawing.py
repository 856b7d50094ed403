"""The shipped diagrams as bpmn-js draws them: every element and flow has its drawing (bpmndi),
and no flow is drawn through a shape that is not one of its ends (a line running over a task
or a timer hides it, and the modeler's clicks land on the line instead)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from lxml import etree

from tests.support.setup import PROCESSES_DIR

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}
DIAGRAMS = sorted(PROCESSES_DIR.glob("*.bpmn"))
Box = tuple[float, float, float, float]


def shapes(root: etree._Element) -> dict[str, Box]:
    """The drawn flow nodes (lanes and pools aside) by element id."""
    containers = set(root.xpath("//bpmn:lane/@id | //bpmn:participant/@id", namespaces=NS))
    drawn = {}
    for shape in root.xpath("//bpmndi:BPMNShape", namespaces=NS):
        if shape.get("bpmnElement") in containers:
            continue
        bounds = shape.find("dc:Bounds", NS)
        drawn[shape.get("bpmnElement")] = tuple(
            float(bounds.get(k)) for k in ("x", "y", "width", "height")
        )
    return drawn


def through(a: tuple[float, float], b: tuple[float, float], box: Box, margin: float = 2) -> bool:
    """Whether the straight, axis-parallel segment a-b runs through the inside of `box`."""
    x, y, w, h = box
    left, right, top, bottom = x + margin, x + w - margin, y + margin, y + h - margin
    if a[0] == b[0]:
        low, high = sorted((a[1], b[1]))
        return left < a[0] < right and max(low, top) < min(high, bottom)
    if a[1] == b[1]:
        low, high = sorted((a[0], b[0]))
        return top < a[1] < bottom and max(low, left) < min(high, right)
    return False  # a slanted segment: not drawn by our diagrams, not judged here


@pytest.mark.parametrize("path", DIAGRAMS, ids=lambda p: p.name)
def test_every_element_and_flow_is_drawn(path: Path) -> None:
    root = etree.parse(str(path)).getroot()
    drawn = set(root.xpath("//bpmndi:*/@bpmnElement", namespaces=NS))
    nodes = root.xpath(
        "//bpmn:process/*[@id and not(self::bpmn:laneSet) and not(self::bpmn:documentation)]/@id",
        namespaces=NS,
    )
    assert set(nodes) - drawn == set()


@pytest.mark.parametrize("path", DIAGRAMS, ids=lambda p: p.name)
def test_no_flow_is_drawn_through_another_shape(path: Path) -> None:
    root = etree.parse(str(path)).getroot()
    boxes = shapes(root)
    hosts = {
        event.get("id"): event.get("attachedToRef")
        for event in root.xpath("//bpmn:boundaryEvent", namespaces=NS)
    }
    ends = {
        flow.get("id"): {flow.get("sourceRef"), flow.get("targetRef")}
        for flow in root.xpath("//bpmn:sequenceFlow", namespaces=NS)
    }
    crossings = []
    for edge in root.xpath("//bpmndi:BPMNEdge", namespaces=NS):
        flow = edge.get("bpmnElement")
        if flow not in ends:
            continue  # an association or a message flow
        own = ends[flow] | {hosts.get(end) for end in ends[flow]}
        points = [
            (float(point.get("x")), float(point.get("y")))
            for point in edge.findall("di:waypoint", NS)
        ]
        crossings += [
            f"{flow} runs through {element}"
            for a, b in pairwise(points)
            for element, box in boxes.items()
            if element not in own and through(a, b, box)
        ]
    assert crossings == []

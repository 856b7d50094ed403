"""Each publishing rule refuses a broken diagram with a message naming the element."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from engine.base.errors import InvalidProcess
from engine.procedures.rules import parse_and_check
from engine.workflow.specs import read_bundle
from tests.support.setup import FIXTURES

VISIT = (FIXTURES / "processes" / "visit.bpmn").read_text()
SERVICE = """<bpmn:serviceTask id="notify" name="Notify the family">
      <bpmn:extensionElements>
        <spiffworkflow:serviceTaskOperator id="send_email">
          <spiffworkflow:parameters />
        </spiffworkflow:serviceTaskOperator>
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>fx</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="fx" sourceRef="notify" targetRef="mark_due" />"""


def problems_of(xml: str, tmp_path: Path) -> tuple[str, list[str]]:
    processes = tmp_path / "processes"
    processes.mkdir(exist_ok=True)
    (processes / "visit.bpmn").write_text(xml)
    bundle = read_bundle(processes / "visit.bpmn", FIXTURES / "forms")
    with pytest.raises(InvalidProcess) as raised:
        parse_and_check(bundle)
    return str(raised.value), [p.element_id for p in raised.value.problems]


def test_the_test_diagram_itself_passes() -> None:
    parse_and_check(read_bundle(FIXTURES / "processes" / "visit.bpmn", FIXTURES / "forms"))


def test_an_element_no_flow_leads_to_is_unreachable(tmp_path: Path) -> None:
    xml = VISIT.replace(
        '<bpmn:sequenceFlow id="f2" sourceRef="mark_due" targetRef="record_visit" />',
        '<bpmn:sequenceFlow id="f2" sourceRef="mark_due" targetRef="done" />',
    )
    message, elements = problems_of(xml, tmp_path)
    assert "'Record the visit' (record_visit) can never be reached" in message
    assert "record_visit" in elements


def test_a_task_without_a_way_out_is_a_dead_end(tmp_path: Path) -> None:
    xml = VISIT.replace(
        '<bpmn:sequenceFlow id="f5" sourceRef="escalate" targetRef="escalated" />', ""
    ).replace("<bpmn:outgoing>f5</bpmn:outgoing>", "")
    message, elements = problems_of(xml, tmp_path)
    assert "'Escalate the missed visit' (escalate) is a dead end" in message
    assert "escalate" in elements


def test_a_loop_with_no_way_to_an_end_is_refused(tmp_path: Path) -> None:
    xml = VISIT.replace(
        'sourceRef="escalate" targetRef="escalated"', 'sourceRef="escalate" targetRef="escalate"'
    )
    message, _ = problems_of(xml, tmp_path)
    assert (
        "from user task 'Escalate the missed visit' (escalate) the case can never reach" in message
    )


@pytest.mark.parametrize("duration", ['"PT1D"', '"seven days"', '"P7"'])
def test_a_timer_that_is_not_iso_8601_is_refused(tmp_path: Path, duration: str) -> None:
    message, elements = problems_of(VISIT.replace('"P7D"', duration), tmp_path)
    assert "the timer 'One week' (deadline)" in message and "not valid ISO 8601" in message
    assert elements == ["deadline"]


def test_a_timer_duration_without_quotes_is_refused(tmp_path: Path) -> None:
    message, _ = problems_of(VISIT.replace('"P7D"', "P7D"), tmp_path)
    assert "the timer 'One week' (deadline)" in message and 'write it "P7D"' in message


def test_a_service_task_naming_an_unknown_action_is_refused(tmp_path: Path) -> None:
    xml = VISIT.replace(
        '<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="mark_due" />',
        '<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="notify" />' + SERVICE,
    )
    message, elements = problems_of(xml, tmp_path)
    assert "'Notify the family' (notify) asks for the action 'send_email'" in message
    assert "generate_document" in message and "notify" in elements


def test_a_condition_reaching_for_internals_is_refused(tmp_path: Path) -> None:
    gateway = """<bpmn:exclusiveGateway id="check" default="f2"><bpmn:incoming>fa</bpmn:incoming>
      <bpmn:outgoing>f2</bpmn:outgoing><bpmn:outgoing>fb</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:sequenceFlow id="fa" sourceRef="mark_due" targetRef="check" />
    <bpmn:sequenceFlow id="fb" sourceRef="check" targetRef="done">
      <bpmn:conditionExpression>family.__class__ is str</bpmn:conditionExpression>
    </bpmn:sequenceFlow>"""
    xml = VISIT.replace(
        '<bpmn:sequenceFlow id="f2" sourceRef="mark_due" targetRef="record_visit" />',
        '<bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="record_visit" />' + gateway,
    )
    message, elements = problems_of(xml, tmp_path)
    assert "the condition of the flow from check to done is not allowed" in message
    assert "check" in elements


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    xml = VISIT.replace('"P7D"', '"PT1D"').replace("escalate.schema.json", "gone.schema.json")
    message, elements = problems_of(xml, tmp_path)
    assert {"deadline", "escalate"} <= set(elements) and "gone.schema.json" in message


def test_the_nrm_processes_pass_every_rule(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES.parent.parent / "processes", tmp_path / "p")
    for path in sorted((tmp_path / "p").glob("*.bpmn")):
        parse_and_check(read_bundle(path, FIXTURES.parent.parent / "forms"))


def test_a_form_field_without_a_classification_is_named(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    shutil.copytree(FIXTURES / "forms", forms)
    path = forms / "visit" / "record_visit.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["neighbour_name"] = {"type": "string", "title": "Neighbour"}
    path.write_text(json.dumps(schema), encoding="utf-8")
    with pytest.raises(InvalidProcess) as raised:
        parse_and_check(read_bundle(FIXTURES / "processes" / "visit.bpmn", forms))
    assert "form record_visit.schema.json does not classify neighbour_name" in str(raised.value)

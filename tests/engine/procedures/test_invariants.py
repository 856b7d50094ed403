"""The procedure invariant of child_return (issue 14): a child's case ends only through the case
manager's closing task. A draft whose end event can be reached without it is refused at
publishing, naming the element; the closing task itself refuses while the child is unsafe."""

from __future__ import annotations

import pytest

from engine.base.errors import InvalidProcess
from engine.nrm_engine import NrmEngine
from engine.procedures.drafts import Drafts
from tests.support.setup import PROCESSES_DIR

CHILD_RETURN = (PROCESSES_DIR / "child_return.bpmn").read_text()
# The old ending: after the follow-up visits the case simply ends, "complete", nobody told.
SAFE_VISITS_END_THE_CASE = CHILD_RETURN.replace(
    '<bpmn:sequenceFlow id="flow_visits_safe_to_close" sourceRef="record_safe_at_visits" '
    'targetRef="merge_before_close" />',
    '<bpmn:sequenceFlow id="flow_visits_safe_to_close" sourceRef="record_safe_at_visits" '
    'targetRef="end_visit_escalated" />',
)


def test_the_published_child_return_passes_the_rule(engine: NrmEngine) -> None:
    draft = engine.publishing.save_draft("child_return", CHILD_RETURN, "sup.a", "same")
    assert draft.problems == []


def test_a_draft_that_ends_a_childs_case_without_the_closing_task_is_refused(
    engine: NrmEngine,
) -> None:
    assert SAFE_VISITS_END_THE_CASE != CHILD_RETURN
    draft = engine.publishing.save_draft(
        "child_return", SAFE_VISITS_END_THE_CASE, "sup.a", "End the case after the visits"
    )
    problems = {p.element_id: p.message for p in draft.problems}
    assert list(problems) == ["end_visit_escalated"]
    assert "closing task (close_case)" in problems["end_visit_escalated"]
    with pytest.raises(InvalidProcess, match="end_visit_escalated"):
        shown = Drafts(engine.db, engine.catalog).waiting_draft(draft.id).changes.digest
        engine.publishing.approve(draft.id, "sup.b", shown)
    assert [v.version for v in engine.publishing.versions("child_return")] == [1]


def test_a_terminate_end_anywhere_without_the_closing_task_is_refused(engine: NrmEngine) -> None:
    # An escalation branch that terminates would end every branch of the case at once.
    start = CHILD_RETURN.index('<bpmn:endEvent id="end_unsafe_escalated"')
    end = CHILD_RETURN.index("</bpmn:endEvent>", start)
    terminate = '<bpmn:terminateEventDefinition id="end_unsafe_escalated_definition" />'
    draft = CHILD_RETURN[:end] + terminate + CHILD_RETURN[end:]
    assert draft != CHILD_RETURN
    check = engine.publishing.save_draft("child_return", draft, "sup.a", "x")
    assert [p.element_id for p in check.problems] == ["end_unsafe_escalated"]


def test_removing_the_closing_task_is_refused(engine: NrmEngine) -> None:
    draft = (
        CHILD_RETURN.replace('id="close_case"', 'id="close_the_file"')
        .replace('"close_case"', '"close_the_file"')
        .replace(">close_case<", ">close_the_file<")
        .replace('targetRef="close_case"', 'targetRef="close_the_file"')
        .replace('sourceRef="close_case"', 'sourceRef="close_the_file"')
        .replace('attachedToRef="close_case"', 'attachedToRef="close_the_file"')
        .replace('bpmnElement="close_case"', 'bpmnElement="close_the_file"')
    )
    check = engine.publishing.save_draft("child_return", draft, "sup.a", "x")
    assert any("must keep the case manager's closing task" in p.message for p in check.problems)


FOREIGN_VICTIM = (PROCESSES_DIR / "foreign_victim.bpmn").read_text()


def test_the_published_foreign_victim_passes_the_rule(engine: NrmEngine) -> None:
    """Its adults' ends lie behind `is_child == False` flows; every child's path passes
    close_child_case."""
    draft = engine.publishing.save_draft("foreign_victim", FOREIGN_VICTIM, "sup.a", "same")
    assert draft.problems == []


def test_a_foreign_child_who_stays_may_not_end_without_the_closing_task(
    engine: NrmEngine,
) -> None:
    # The old ending: the stay arranged, the case simply ends, for a child as for an adult.
    flow = 'sourceRef="gw_child_stays" targetRef="merge_close_child"'
    assert flow in FOREIGN_VICTIM
    draft = FOREIGN_VICTIM.replace(flow, 'sourceRef="gw_child_stays" targetRef="end_stays"')
    check = engine.publishing.save_draft("foreign_victim", draft, "sup.a", "End stays")
    problems = {p.element_id: p.message for p in check.problems}
    assert "end_stays" in problems
    assert "closing task (close_child_case)" in problems["end_stays"]


def test_an_adult_only_flow_is_one_whose_condition_says_so(engine: NrmEngine) -> None:
    """A condition a child may meet does not open an end to children."""
    adult = '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">is_child == False<'
    assert adult in FOREIGN_VICTIM
    draft = FOREIGN_VICTIM.replace(
        adult, '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">is_child != True<'
    )
    check = engine.publishing.save_draft("foreign_victim", draft, "sup.a", "x")
    assert {"end_withdrawn", "end_stays", "end_repatriated"} <= {
        p.element_id for p in check.problems
    }

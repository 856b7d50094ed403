"""A case may loop many times (a placement rejected again and again); it must not end by itself.

SpiffWorkflow stops walking its task tree at depth 1000 by default, so after about 140 loops of
child_return the ready task would vanish and the workflow would report itself completed."""

from __future__ import annotations

from datetime import UTC, datetime

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from engine.procedures.rules import parse_and_check
from engine.workflow import operations
from engine.workflow.actions import StepContext, bind_actions
from engine.workflow.scripting import NrmScriptEngine
from engine.workflow.specs import read_bundle
from tests.support.setup import FORMS_DIR, PROCESSES_DIR
from tests.support.walks import INTAKE


def ready(workflow: BpmnWorkflow) -> list[str]:
    return [t.task_spec.name for t in workflow.get_tasks(state=TaskState.READY, manual=True)]


def test_two_hundred_rejected_placements_leave_the_case_open() -> None:
    process = parse_and_check(read_bundle(PROCESSES_DIR / "child_return.bpmn", FORMS_DIR))
    workflow = BpmnWorkflow(process.spec, process.subprocess_specs)
    context = StepContext("NRM-TEST", "child_return", datetime.now(UTC), replaying=True)
    workflow.script_engine = NrmScriptEngine(bind_actions(context))
    operations.begin(workflow, dict(INTAKE))
    wishes = {"child_wishes_return": True, "family_implicated": False, "interview_notes": "x"}
    contacted = {"parents_reachable": True}
    rejected = {"placement_approved": False, "approval_notes": "Hear the child again."}
    for _ in range(200):
        for answers in (wishes, contacted, rejected):
            [task] = workflow.get_tasks(state=TaskState.READY, manual=True)
            operations.complete(workflow, task, answers)
    assert not workflow.is_completed()
    assert ready(workflow) == ["record_child_wishes"]

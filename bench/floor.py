"""The floor: the same path run by bare SpiffWorkflow in memory, with the engine's restricted
script engine and actions (so the same scripts run and the same PDFs are rendered), but no
validation, no database and one serialization at the end instead of one per step."""

from __future__ import annotations

from time import perf_counter

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from bench.paths import INTAKE, INTAKE_STEP, START, TASK_STEPS, parsed_process, submissions
from bench.timing import PdfTimer, StepTime, Timings
from engine.base.clock import FixedClock, running_on
from engine.workflow import serialization
from engine.workflow.actions import StepContext, bind_actions
from engine.workflow.scripting import NrmScriptEngine

SERIALIZE_STEP = "serialize (once)"


def ready_task(workflow: BpmnWorkflow, name: str) -> Task:
    ready = workflow.get_tasks(state=TaskState.READY, manual=True)
    matching = [t for t in ready if t.task_spec.name == name]
    assert len(matching) == 1, f"{name} is not ready; ready: {[t.task_spec.name for t in ready]}"
    return matching[0]


def floor_case(pdf: PdfTimer, reference: str) -> list[StepTime]:
    """One case from intake to completion; the caller already knows which task to do, as the
    engine's caller does (the task lookup is not timed)."""
    process = parsed_process()
    data = submissions()
    context = StepContext(case_reference=reference, process_label="child_return v1", now=START)
    times: list[StepTime] = []
    with running_on(FixedClock(START)):
        mark, started = pdf.mark(), perf_counter()
        workflow = BpmnWorkflow(process.spec, process.subprocess_specs)
        workflow.script_engine = NrmScriptEngine(bind_actions(context))
        start = workflow.get_next_task(state=TaskState.READY)
        assert start is not None
        start.data.update(INTAKE)
        workflow.do_engine_steps()
        times.append(StepTime(INTAKE_STEP, perf_counter() - started, pdf.since(mark)))
        for step in TASK_STEPS:
            task = ready_task(workflow, step.task)
            mark, started = pdf.mark(), perf_counter()
            task.task_spec.add_data_from_form(task, data[step.task])
            task.run()
            workflow.do_engine_steps()
            times.append(StepTime(step.task, perf_counter() - started, pdf.since(mark)))
        assert workflow.is_completed(), "the floor path did not complete the case"
        started = perf_counter()
        serialization.dump(workflow)
        times.append(StepTime(SERIALIZE_STEP, perf_counter() - started))
    # The police and social services reports (one per language where documents are bilingual).
    assert len(context.documents) >= 2, "the path renders its reports"
    return times


class FloorRun:
    """Runs batches of floor cases; `pdf` must be installed while they run."""

    def __init__(self, pdf: PdfTimer) -> None:
        self.pdf = pdf
        self.timings = Timings("floor")
        self.started = 0
        self.documents_per_case = 0

    def run_batch(self, batch: int, cases: int, warmup: int) -> None:
        for number in range(warmup):
            floor_case(self.pdf, f"NRM-2026-W{number:05d}")
        for _ in range(cases):
            self.started += 1
            reference = f"NRM-2026-{self.started:06d}"
            calls = self.pdf.calls
            self.timings.record_case(floor_case(self.pdf, reference), batch)
            self.documents_per_case = self.pdf.calls - calls

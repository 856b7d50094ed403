"""A long case: does what a step costs grow with the steps already taken?

The family-safe path has only seven steps. Here one child_return case goes round the D.1
rejection loop (the child refuses return, the case manager rejects the shelter placement, the
wishes are recorded again, ...) on SQLite, no documents, recording each step's time, the task
rows it had to read, the bytes it sent and the state stored after it; and the same loop in bare
SpiffWorkflow, for the floor at the same depth.

SpiffWorkflow's task iterator stops at a tree depth of 1000 (`TaskIterator(max_depth=1000)`):
past about 142 loops (285 steps) the ready task is no longer found and the workflow reports
itself completed. The loop count is capped below that.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from functools import cache
from time import perf_counter
from typing import Any

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from bench.engine_run import open_engine, ready_task_id
from bench.floor import ready_task
from bench.paths import (
    INTAKE,
    INTAKE_ACTOR,
    PROCESS_ID,
    START,
    PathStep,
    form_of,
    parsed_process,
)
from bench.storage import WriteMeter, stored_state
from engine.base.clock import FixedClock, running_on
from engine.procedures.catalog import ProcessCatalog
from engine.workflow.actions import StepContext, bind_actions
from engine.workflow.scripting import NrmScriptEngine
from forms.examples import example_submission

MAX_LOOPS = 130

LOOP = (
    ("record_child_wishes", {"child_wishes_return": True, "family_implicated": False}),
    ("contact_parents", {"parents_reachable": True}),
    ("approve_placement", {"placement_approved": False, "approval_notes": "Hear her again."}),
)


@dataclass(frozen=True)
class LongStep:
    number: int  # the step's place in the case (the intake is step 1)
    task: str
    seconds: float
    floor_seconds: float
    rows_read: int
    bytes_sent: int  # workflow_task + nrm_case payload
    stored_bytes: int  # task rows + head after the step


@cache
def loop_answers() -> list[tuple[str, dict[str, Any]]]:
    """The form data of the loop's steps."""
    return [(task, example_submission(form_of(task), START.date(), data)) for task, data in LOOP]


def floor_loop(loops: int) -> list[float]:
    """The seconds of each step of the loop in bare SpiffWorkflow (steps 2, 3, ...)."""
    process, answers, times = parsed_process(), loop_answers(), []
    context = StepContext(case_reference="NRM-LOOP", process_label="child_return v1", now=START)
    with running_on(FixedClock(START)):
        workflow = BpmnWorkflow(process.spec, process.subprocess_specs)
        workflow.script_engine = NrmScriptEngine(bind_actions(context))
        start = workflow.get_next_task(state=TaskState.READY)
        assert start is not None
        start.data.update(INTAKE)
        workflow.do_engine_steps()
        for number in range(2, 2 + len(answers) * loops):
            task_name, data = answers[(number - 2) % len(answers)]
            task = ready_task(workflow, task_name)
            started = perf_counter()
            task.task_spec.add_data_from_form(task, data)
            task.run()
            workflow.do_engine_steps()
            times.append(perf_counter() - started)
    return times


def run_long_case(url: str, catalog: ProcessCatalog, loops: int) -> list[LongStep]:
    loops = min(loops, MAX_LOOPS)
    floor = floor_loop(loops)
    engine = open_engine(url, catalog)
    answers = loop_answers()
    steps = []
    try:
        case_id = engine.commands.start_case(PROCESS_ID, INTAKE, INTAKE_ACTOR)
        rows = len(stored_state(engine.db, case_id).bodies)
        with WriteMeter(engine.db) as meter:
            for number in range(2, 2 + len(answers) * loops):
                task, data = answers[(number - 2) % len(answers)]
                task_id = ready_task_id(engine, case_id, task)
                meter.reset()
                started = perf_counter()
                engine.commands.complete_task(task_id, data, PathStep(task, {}).actor)
                seconds = perf_counter() - started
                sent = meter.by_table["workflow_task"] + meter.by_table["nrm_case"]
                after = stored_state(engine.db, case_id)
                steps.append(
                    LongStep(
                        number, task, seconds, floor[number - 2], rows, sent, after.total_bytes
                    )
                )
                rows = len(after.bodies)
    finally:
        engine.db.dispose()
    return steps


@dataclass(frozen=True)
class Checkpoint:
    step: LongStep
    seconds: float  # median over the window around the step
    floor_seconds: float


def checkpoints(steps: list[LongStep], window: int = 5) -> list[Checkpoint]:
    """Some approve_placement steps, each with the median times of the `window` around it."""
    approvals = [s for s in steps if s.task == "approve_placement"]
    wanted = sorted({0, 4, 9, 24, 49, 99, 199, len(approvals) - 1})
    picked = []
    for index in (i for i in wanted if i < len(approvals)):
        around = approvals[max(0, index - window // 2) : index + window // 2 + 1]
        picked.append(
            Checkpoint(
                approvals[index],
                statistics.median(s.seconds for s in around),
                statistics.median(s.floor_seconds for s in around),
            )
        )
    return picked

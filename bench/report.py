"""BENCHMARKS.md: the machine, the figures as tables, and the targets of issue 8."""

from __future__ import annotations

from dataclasses import dataclass

from bench.engine_run import EngineResult
from bench.floor import SERIALIZE_STEP
from bench.long_case import LongStep, checkpoints
from bench.paths import STEP_NAMES
from bench.scale import ScaleResult
from bench.scale_report import scale_section, throughput_section
from bench.stats import median, ms, p95, ratio, size, table
from bench.targets import target_rows
from bench.throughput import ThroughputResult
from bench.timing import PER_CASE, Timings

PDF_STEP = "assess_return_to_family"


@dataclass
class BenchResult:
    command: str
    cases: int
    repeat: int
    warmup: int
    machine: dict[str, str]
    floor: Timings
    engines: list[EngineResult]
    api: Timings | None
    long_case: list[LongStep]
    documents_per_case: int
    notes: list[str]
    elapsed_seconds: float
    throughput: list[ThroughputResult] | None = None
    throughput_load: str = ""
    scale: ScaleResult | None = None
    scale_load: str = ""

    @property
    def runs(self) -> list[Timings]:
        measured = [engine.timings for engine in self.engines]
        return measured + ([self.api] if self.api is not None else [])


def _time_table(result: BenchResult, without_pdf: bool) -> str:
    header = ["step", "floor median", "floor p95"]
    for run in result.runs:
        header += [f"{run.label} median", f"{run.label} p95", f"{run.label} x floor"]
    rows = []
    for row in [*STEP_NAMES, SERIALIZE_STEP, PER_CASE]:
        floor = result.floor.samples(row, without_pdf)
        assert floor is not None
        cells = [row, ms(median(floor)), ms(p95(floor))]
        for run in result.runs:
            measured = run.samples(row, without_pdf)
            if measured is None:
                cells += ["—", "—", "—"]
                continue
            cells += [ms(median(measured)), ms(p95(measured))]
            cells.append(ratio(median(measured), median(floor)))
        rows.append(cells)
    return table(header, rows)


def _pdf_lines(result: BenchResult) -> list[str]:
    lines = []
    for run in [result.floor, *result.runs]:
        pdf, case = median(run.cases_pdf), median(run.cases)
        lines.append(
            f"- {run.label}: {ms(pdf)} ms per case inside `generate_document` "
            f"({pdf / case:.0%} of its median case, {ms(case)} ms; "
            f"{ms(median(run.pdf[PDF_STEP]))} ms of it in {PDF_STEP})"
        )
    return lines


def _extra_lines(result: BenchResult) -> list[str]:
    if result.api is None or not result.api.extras:
        return []
    lines = ["API requests off the path, for reference (median / p95):", ""]
    for name, measured in result.api.extras.items():
        lines.append(f"- `{name}`: {ms(median(measured))} / {ms(p95(measured))} ms")
    return [*lines, ""]


def _repeat_lines(result: BenchResult) -> list[str]:
    return [
        f"- {run.label}: " + ", ".join(ms(median(batch)) for batch in run.batch_cases())
        for run in [result.floor, *result.runs]
    ]


def _storage_table(result: BenchResult) -> str:
    header = ["backend", "cases", "task rows", "task rows JSON", "head JSON", "workflow state"]
    header += ["case data JSON", "events (rows / JSON)", "PDFs", "database / case"]
    rows = []
    for engine in result.engines:
        s = engine.storage
        rows.append(
            [
                engine.label,
                str(s.cases),
                f"{s.task_rows:.0f}",
                size(s.task_bytes),
                size(s.head_bytes),
                size(s.workflow_bytes),
                size(s.data_bytes),
                f"{s.event_rows:.0f} / {size(s.event_bytes)}",
                size(s.document_bytes),
                size(s.database_bytes_per_case),
            ]
        )
    return table(header, rows)


def _writes_table(engine: EngineResult) -> str:
    header = ["step", "SQL statements", "rows read", "rows after", "rows changed"]
    header += ["changed bytes"]
    header += ["workflow_task sent", "nrm_case sent", "all tables sent", "stored (rows + head)"]
    header += ["(task + case sent) / stored"]
    rows = []
    for w in engine.writes:
        sent = w.task_bytes_sent + w.case_bytes_sent
        rows.append(
            [
                w.step,
                str(w.statements),
                str(w.rows_read),
                str(w.rows_stored),
                str(w.rows_changed),
                size(w.changed_bytes),
                size(w.task_bytes_sent),
                size(w.case_bytes_sent),
                size(w.all_bytes_sent),
                size(w.stored_bytes),
                f"{sent / w.stored_bytes:.0%}",
            ]
        )
    return table(header, rows)


def _long_case_table(steps: list[LongStep]) -> str:
    header = ["step #", "rows read", "engine median", "floor median", "x floor"]
    header += ["bytes sent", "stored (rows + head)", "sent / stored"]
    rows = []
    for point in checkpoints(steps):
        s = point.step
        rows.append(
            [
                str(s.number),
                str(s.rows_read),
                ms(point.seconds),
                ms(point.floor_seconds),
                ratio(point.seconds, point.floor_seconds),
                size(s.bytes_sent),
                size(s.stored_bytes),
                f"{s.bytes_sent / s.stored_bytes:.0%}",
            ]
        )
    return table(header, rows)


METHOD = """\
- **Path**: child_return, the child wishes to return and the family is not implicated (D.2):
  intake → record_child_wishes → contact_parents → approve_placement → assess_return_to_family →
  confirm_reports_filed → release_to_family → record_police_visit → record_followup_visit →
  close_case → completed. The Responsible Authority's assessment of the return runs two service
  tasks that render the police report and the social services report (PDF).
  Form data: `forms.examples.example_submission` on each task's form.
- **Floor**: bare SpiffWorkflow in memory. The diagram is parsed once; per case a new
  `BpmnWorkflow`, the engine's restricted script engine and actions (so the same scripts run and
  the same PDFs are rendered), each user task completed with the same data; no form validation,
  no database; one `engine.workflow.serialization.dump` at the end (its own row, counted in the
  case).
  The task to complete is looked up outside the timing, as the engine's caller knows its id.
- **Engine**: `NrmEngine` commands (`start_case`, `complete_task`), each one transaction, on a
  temporary SQLite file (WAL) and on PostgreSQL over loopback, with a `ManualClock`. Only the
  command is timed; reading the next task's id from the inbox is not.
- **API**: uvicorn (one process, the app as `nrm serve` builds it, see
  `bench/api_server.py`) on 127.0.0.1 with a temporary SQLite file and `NRM_CLOCK=manual`,
  driven by one `httpx.Client` (keep-alive). A step is one POST (`/api/cases` or
  `/api/tasks/{id}/complete`) whose response is the case, timed until its body is read.
- **Figures**: median and p95 (interpolated) over every case of every repeat. The modes take
  turns: each repeat runs a batch of cases of each mode, so that changes in the machine's load
  fall on all of them; each mode's first batch starts with its warm-up case(s), not counted.
  "x floor" is the median over the floor's median. A case is the sum of its steps.
- **Documents**: `generate_document` is wrapped with a timer in every run (two `perf_counter`
  calls per document, nothing stubbed). The second table subtracts, sample by sample, the time
  spent inside it; the API server reports its own in a response header."""


def render(result: BenchResult) -> str:
    parts = [
        "# Benchmarks",
        "",
        f"Written by `{result.command}` in {result.elapsed_seconds:.0f} s: "
        f"{result.cases} cases x {result.repeat} repeats per mode, {result.warmup} warm-up "
        "case(s). Times in milliseconds. One machine's figures: compare ratios, not absolutes.",
        "",
        "## Machine",
        "",
        table(["", ""], [[k, v] for k, v in result.machine.items()], right_from=99),
        "",
        "## How it is measured",
        "",
        METHOD,
        "",
        *[f"- {note}" for note in result.notes],
        "",
        "## Time per step, document generation as is",
        "",
        _time_table(result, without_pdf=False),
        "",
        "## Time per step without document generation",
        "",
        _time_table(result, without_pdf=True),
        "",
        f"The path renders {result.documents_per_case} documents per case, in {PDF_STEP}. "
        "Time inside `generate_document` (medians):",
        "",
        *_pdf_lines(result),
        "",
        *_extra_lines(result),
        "Per-case median of each repeat, to show the run-to-run spread:",
        "",
        *_repeat_lines(result),
        "",
        "## Storage per completed case (medians, bytes)",
        "",
        _storage_table(result),
        "",
        "Workflow state = the `workflow_task` rows (one JSON body per SpiffWorkflow task) plus the",
        "head (`nrm_case.workflow`). Case data (`nrm_case.data`), events and PDFs are stored",
        "besides. Database / case: growth of the database (tables and indexes) per case run.",
    ]
    for engine in result.engines[:1]:
        parts += [
            "",
            f"## What each step writes ({engine.label}, one case of the path)",
            "",
            _writes_table(engine),
            "",
            "SQL statements: every statement of the step, reads included (each is a round trip).",
            "Rows changed: task rows new or different after the step. Sent: payload of the",
            "INSERT/UPDATE/DELETE statements (text, JSON and blobs by length). 'All tables'",
            "includes events, inbox, timers and, in assess_return_to_family, the PDFs.",
        ]
    if result.long_case:
        parts += [
            "",
            f"## A long case ({result.long_case[-1].number} steps, SQLite, no documents)",
            "",
            "The D.2 rejection loop (record_child_wishes, contact_parents, approve_placement",
            "rejected, again),",
            "approve_placement steps shown; times are medians of the 5 approvals around each.",
            "",
            _long_case_table(result.long_case),
        ]
    if result.throughput:
        parts += ["", *throughput_section(result.throughput, result.throughput_load)]
    if result.scale is not None:
        parts += ["", *scale_section(result.scale, result.scale_load)]
    targets = target_rows(
        result.floor, result.api, result.long_case, result.throughput, result.scale
    )
    parts += ["", "## Targets of issue 8", ""]
    parts += [table(["target", "measured", "status"], targets, right_from=99)]
    return "\n".join(parts) + "\n"

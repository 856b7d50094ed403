"""The benchmark command runs end to end on a tiny size (no timing is asserted: speed targets
live in bench/ and BENCHMARKS.md)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from bench.__main__ import POSTGRES_ENV, main
from bench.floor import SERIALIZE_STEP
from bench.paths import STEP_NAMES
from bench.scale import measure_scale
from bench.scale_report import (
    page_target,
    scale_section,
    throughput_section,
    throughput_target,
    timer_target,
)
from bench.step_cost import measure as measure_step_cost
from bench.throughput import measure_throughput
from engine.procedures.catalog import ProcessCatalog


def sections(report: str) -> dict[str, str]:
    parts = report.split("\n## ")[1:]
    return {part.split("\n", 1)[0]: part for part in parts}


def first_cells(section: str) -> list[str]:
    rows = [line for line in section.splitlines() if line.startswith("|")][2:]
    return [row.split("|")[1].strip() for row in rows]


def test_quick_benchmark_writes_and_prints_every_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(POSTGRES_ENV, raising=False)
    out = tmp_path / "BENCHMARKS.md"

    assert main(["--quick", "--out", str(out)]) == 0

    report = out.read_text(encoding="utf-8")
    assert capsys.readouterr().out.strip() == report.strip(), "the same table is printed"
    found = sections(report)
    as_is, without_pdf = "document generation as is", "without document generation"
    for title in (f"Time per step, {as_is}", f"Time per step {without_pdf}"):
        table = found[title]
        assert first_cells(table) == [*STEP_NAMES, SERIALIZE_STEP, "per case"]
        header = table.splitlines()[2]
        for column in ("floor median", "floor p95", "SQLite x floor", "API median", "API p95"):
            assert column in header
        assert "PostgreSQL" not in header
    assert "PostgreSQL: skipped" in report
    assert "Throughput and scale: skipped (they need PostgreSQL)" in report
    assert first_cells(found["Machine"])[:5] == ["date", "code", "CPU", "cores", "memory"]
    assert first_cells(found["Storage per completed case (medians, bytes)"]) == ["SQLite"]
    assert first_cells(found["What each step writes (SQLite, one case of the path)"]) == list(
        STEP_NAMES
    )
    long_case = next(body for title, body in found.items() if title.startswith("A long case"))
    assert first_cells(long_case)[:2] == ["4", "10"]  # approvals: every third step from 4
    statuses = [row.split("|")[3].strip() for row in found["Targets of issue 8"].splitlines()[4:]]
    assert len(statuses) == 5
    assert statuses.count("not measured yet") == 3


@pytest.fixture
def bench_database(postgres_url: str | None) -> Iterator[str]:
    """An empty PostgreSQL database whose name says it may be wiped by the benchmark."""
    if postgres_url is None:
        pytest.skip("NRM_TEST_DATABASE_URL is not set: no PostgreSQL to benchmark on")
    name = f"nrm_bench_test_{os.getpid()}"
    admin = create_engine(make_url(postgres_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_throughput_and_scale_run_on_postgresql(bench_database: str, tmp_path: Path) -> None:
    catalog = ProcessCatalog()
    throughput = measure_throughput(bench_database, catalog, tmp_path, (2,), 0.5, warmup=0.2)
    scale = measure_scale(bench_database, catalog, tmp_path, total=60, samples=2)

    assert [run.clients for run in throughput] == [2]
    assert throughput[0].latencies, "completions were made and timed"
    assert scale.open_cases == 60
    assert scale.pending_timers > 0 and scale.timer_lookup and "timer" in scale.timer_plan
    assert scale.seeded.verified, "clones were replayed against their events"
    assert scale.inbox_tasks > 0, "the case manager's inbox lists cloned cases' tasks"
    assert set(scale.requests) == {
        "GET /api/tasks (JSON inbox)",
        "GET / (inbox page)",
        "GET /api/cases/{id} (JSON)",
        "GET /cases/{id} (case page)",
    }
    section = "\n".join(scale_section(scale, "n/a") + throughput_section(throughput, "n/a"))
    assert "## Scale (60 open cases, PostgreSQL)" in section
    assert "## Throughput (HTTP API, PostgreSQL)" in section
    targets = [page_target(scale), timer_target(scale), throughput_target(throughput)]
    # Measured far below 100,000 cases, a figure says so next to its status.
    assert [row[2].partition(" (at ")[2] for row in targets] == [
        "60 only)",
        f"{scale.pending_timers} only)",
        "",
    ]
    assert {row[2].partition(" (at ")[0] for row in targets} <= {"met", "not met"}


def test_step_cost_counts_what_a_completion_asks_of_the_database(
    bench_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cost = measure_step_cost(bench_database, steps=2, profile=True, profile_out=None)

    assert cost.steps == 2 and cost.wall_median_ms > 0 and cost.cpu_ms > 0
    assert cost.statements > 0 and cost.checkouts >= 1 and cost.commits >= 1
    assert "complete_task" in capsys.readouterr().out, "the profile names the route"

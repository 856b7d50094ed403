"""The benchmark command runs end to end on a tiny size (no timing is asserted: speed targets
live in bench/ and BENCHMARKS.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.__main__ import POSTGRES_ENV, main
from bench.floor import SERIALIZE_STEP
from bench.paths import STEP_NAMES


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
    assert first_cells(found["Machine"])[:5] == ["date", "code", "CPU", "cores", "memory"]
    assert first_cells(found["Storage per completed case (medians, bytes)"]) == ["SQLite"]
    assert first_cells(found["What each step writes (SQLite, one case of the path)"]) == list(
        STEP_NAMES
    )
    long_case = next(body for title, body in found.items() if title.startswith("A long case"))
    assert first_cells(long_case)[:2] == ["3", "7"]
    statuses = [row.split("|")[3].strip() for row in found["Targets of issue 8"].splitlines()[4:]]
    assert len(statuses) == 5
    assert statuses.count("not measured yet") == 3

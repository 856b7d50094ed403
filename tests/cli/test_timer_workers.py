"""Several `nrm worker` processes on one PostgreSQL database: each due timer fires once."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from engine.nrm_engine import NrmEngine
from tests.support.setup import FIXTURES

CASES = 12


# SQLite has one writer at a time; the race between workers is PostgreSQL's.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_three_workers_fire_every_due_timer_exactly_once(
    engine: NrmEngine, database_url: str
) -> None:
    engine.load_processes(FIXTURES / "processes", FIXTURES / "forms")
    case_ids = [engine.commands.start_case("visit", {"family": f"F{n}"}, "u") for n in range(CASES)]
    environment = {
        **os.environ,
        "NRM_DATABASE_URL": database_url,
        "NRM_CLOCK": "system",  # the real today is long after the test clock's due dates
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "cli.main", "worker", "--once"],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [w.returncode for w in workers] == [0, 0, 0], outputs

    for case_id in case_ids:
        fired = [e for e in engine.queries.events(case_id) if e.type == "timer_fired"]
        assert len(fired) == 1, f"case {case_id} fired {len(fired)} times"
        assert {t.name for t in engine.queries.case(case_id).tasks} == {"record_visit", "escalate"}

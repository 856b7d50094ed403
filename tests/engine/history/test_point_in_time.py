"""The case as it was at a moment: after its last step the stored state answers, so a
read-only view runs none of the diagram's scripts again; before it the events are replayed."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from engine.base.clock import ManualClock
from engine.base.errors import NotFound
from engine.history.replay import replay_case
from engine.nrm_engine import NrmEngine
from engine.workflow.scripting import RestrictedEnvironment
from tests.support.setup import FIXTURES


def test_the_case_after_its_last_step_is_read_without_running_its_scripts_again(
    engine: NrmEngine, clock: ManualClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FIXTURES / "cycle_timers", tmp_path / "weekly")
    engine.load_processes(tmp_path / "weekly" / "processes", tmp_path / "weekly" / "forms")
    opened = clock.now()
    case_id = engine.commands.start_case(
        "weekly_check", {"family": "Hoxha", "home_region": "Elbasan"}, "sss.b"
    )
    with Session(engine.db) as session:
        [replayed] = replay_case(session, engine.catalog, case_id).steps[-1:]

    runs: list[str] = []

    def counted(self: RestrictedEnvironment, script: str, *args: Any, **kwargs: Any) -> bool:
        runs.append(script)
        raise AssertionError("a read-only view ran a diagram script")

    monkeypatch.setattr(RestrictedEnvironment, "execute", counted)
    stored = engine.history.case_at(case_id, opened + timedelta(days=2))

    assert runs == []
    assert stored.data["visit_status"] == "due" and stored.ready_tasks == ["Record the visit"]
    assert (stored.data, stored.ready_tasks) == (replayed.data, replayed.ready_titles)
    assert stored.pending_timers == [
        f"Every week (due {opened + timedelta(days=7):%Y-%m-%d %H:%M} UTC)"
    ]
    assert stored.status == "open" and stored.events == len(engine.queries.events(case_id))
    with pytest.raises(NotFound, match="did not exist yet"):
        engine.history.case_at(case_id, opened - timedelta(days=1))

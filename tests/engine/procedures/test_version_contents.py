"""Steps take the pinned version's diagram and forms from memory
(engine/procedures/version_contents.py). Memory must never stand in for another version's content:
not when a database is replaced under a running process and the same version id names other forms.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from bench.paths import INTAKE, START, form_of
from cli.demo_directory import add_demo_facilities
from engine.base.clock import ManualClock
from engine.base.errors import InvalidData
from engine.base.settings import PROJECT_ROOT
from engine.nrm_engine import NrmEngine
from engine.storage.models import Case
from forms.examples import example_submission
from tests.support.auth import add_test_users

WISHES_FORM = "record_child_wishes.schema.json"


def wishes() -> dict[str, Any]:
    answers = {"child_wishes_return": True, "family_implicated": False}
    return example_submission(form_of("record_child_wishes"), START.date(), answers)


def wishes_task(engine: NrmEngine, case_id: int) -> str:
    return next(t.id for t in engine.queries.case(case_id).tasks if t.name == "record_child_wishes")


def version_id(engine: NrmEngine, case_id: int) -> int:
    with Session(engine.db) as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.process_version_id


@pytest.fixture
def stricter_database(tmp_path: Path, clock: ManualClock) -> Iterator[NrmEngine]:
    """Another database whose child_return version has the same id, but whose form for the
    child's wishes also requires the interpreter's name."""
    forms = tmp_path / "forms"
    shutil.copytree(PROJECT_ROOT / "forms", forms)
    path = forms / "child_return" / WISHES_FORM
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["interpreter_name"] = {
        "type": "string", "minLength": 1, "x-classification": "personal"
    }
    schema["required"] = [*schema["required"], "interpreter_name"]
    path.write_text(json.dumps(schema), encoding="utf-8")
    other = NrmEngine.create(f"sqlite:///{tmp_path / 'other.sqlite3'}", clock)
    other.load_processes(PROJECT_ROOT / "processes", forms)
    add_demo_facilities(other)
    add_test_users(other)  # the intake's case manager is one of the accounts
    yield other
    other.db.dispose()


def test_the_same_version_id_in_another_database_is_checked_against_its_own_forms(
    engine: NrmEngine, stricter_database: NrmEngine
) -> None:
    ours = engine.commands.start_case("child_return", INTAKE, "border.officer")
    theirs = stricter_database.commands.start_case("child_return", INTAKE, "border.officer")
    assert version_id(engine, ours) == version_id(stricter_database, theirs)

    engine.commands.complete_task(wishes_task(engine, ours), wishes(), "social.worker")
    with pytest.raises(InvalidData, match="interpreter_name"):
        stricter_database.commands.complete_task(
            wishes_task(stricter_database, theirs), wishes(), "social.worker"
        )
    assert "record_child_wishes" in {t.name for t in stricter_database.queries.case(theirs).tasks}

    stricter_database.commands.complete_task(
        wishes_task(stricter_database, theirs),
        {**wishes(), "interpreter_name": "Arta Hoxha"},
        "social.worker",
    )
    assert stricter_database.queries.case(theirs).data["interpreter_name"] == "Arta Hoxha"

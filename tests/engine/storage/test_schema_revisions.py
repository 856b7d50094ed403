"""Schema revisions (engine/storage/revisions/): an empty database and one at an older revision both
reach the newest, which must be exactly the tables of engine/storage/models.py."""

from __future__ import annotations

import sys
import threading
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    Column,
    Engine,
    ForeignKeyConstraint,
    Index,
    Table,
    UniqueConstraint,
    inspect,
    text,
)
from sqlmodel import SQLModel

from cli.main import main
from engine.storage.db import make_db
from engine.storage.schema import (
    SchemaError,
    alembic_config,
    current_revision,
    head_revision,
    upgrade_schema,
)
from tests.support.schema import at_baseline_with_data, stored_rows

HOW_TO_ADD_A_REVISION = (
    "Add a revision for it (DEVELOPERS.md, 'Changing a table'):\n"
    "  rm -f /tmp/nrm-revision.sqlite3\n"
    "  export NRM_DATABASE_URL=sqlite:////tmp/nrm-revision.sqlite3\n"
    "  .venv/bin/alembic upgrade head\n"
    '  .venv/bin/alembic revision --autogenerate --rev-id NNNN -m "what changed"\n'
    "then read the new file in engine/storage/revisions/versions/ and fix what autogenerate got "
    "wrong."
)


def _differences_from_models(db: Engine) -> list[str]:
    with db.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return [
            _describe(difference) for difference in compare_metadata(context, SQLModel.metadata)
        ]


def _describe(difference: Any) -> str:
    """One of Alembic's differences as a line: what to do, and to what."""
    if isinstance(difference, list):  # changes to one column come as a list of them
        return "; ".join(_describe(change) for change in difference)
    operation, *subjects = difference
    names = [_name_of(subject) for subject in subjects if _name_of(subject)]
    return f"{operation} {' '.join(names)}"


def _name_of(subject: Any) -> str:
    if isinstance(subject, Table):
        return f"{subject.name}({', '.join(column.name for column in subject.columns)})"
    if isinstance(subject, Column | Index | UniqueConstraint | ForeignKeyConstraint):
        table = subject.table.name if subject.table is not None else ""
        if isinstance(subject, Column):
            return f"{table}.{subject.name}"
        return f"{subject.name or type(subject).__name__} on {table}"
    return str(subject) if isinstance(subject, str) else ""


def test_an_empty_database_is_upgraded_to_exactly_the_tables_of_the_models(
    empty_db: Engine,
) -> None:
    upgrade_schema(empty_db)

    with empty_db.connect() as connection:
        assert current_revision(connection) == head_revision()
    differences = _differences_from_models(empty_db)
    assert not differences, (
        "engine/storage/models.py and the schema its revisions make differ; what a new revision "
        "must do, as Alembic sees it:\n  " + "\n  ".join(differences) + "\n" + HOW_TO_ADD_A_REVISION
    )


def test_a_database_at_the_first_revision_keeps_its_data_through_every_later_one(
    empty_db: Engine,
) -> None:
    at_baseline_with_data(empty_db)
    before = stored_rows(empty_db)

    upgrade_schema(empty_db)

    with empty_db.connect() as connection:
        assert current_revision(connection) == head_revision()
    assert stored_rows(empty_db) == before
    assert before[0] == [("NRM-2026-0001", 3, "open")]


def test_every_revision_can_be_undone_back_to_an_empty_database(empty_db: Engine) -> None:
    upgrade_schema(empty_db)
    with empty_db.begin() as connection:
        command.downgrade(alembic_config(connection), "base")

    assert set(inspect(empty_db).get_table_names()) <= {"alembic_version"}


def test_a_database_made_before_schema_revisions_is_adopted_when_its_tables_are_the_first_revisions(
    empty_db: Engine,
) -> None:
    at_baseline_with_data(empty_db)
    with empty_db.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    before = stored_rows(empty_db)

    upgrade_schema(empty_db)

    with empty_db.connect() as connection:
        assert current_revision(connection) == head_revision()
    assert stored_rows(empty_db) == before


def test_a_database_of_unknown_tables_is_refused_and_left_as_it_was(empty_db: Engine) -> None:
    at_baseline_with_data(empty_db)
    with empty_db.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
        connection.execute(text("DROP TABLE case_link"))
        connection.execute(text("CREATE TABLE old_notes (id INTEGER PRIMARY KEY)"))
    tables_before = set(inspect(empty_db).get_table_names())

    with pytest.raises(SchemaError) as refused:
        upgrade_schema(empty_db)

    message = str(refused.value)
    assert "no schema revision" in message
    assert "table case_link is missing" in message
    assert "table old_notes is unknown" in message
    assert set(inspect(empty_db).get_table_names()) == tables_before
    assert stored_rows(empty_db)[0] == [("NRM-2026-0001", 3, "open")]


def test_a_database_upgraded_by_a_newer_build_is_refused(empty_db: Engine) -> None:
    upgrade_schema(empty_db)
    with empty_db.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))

    with pytest.raises(SchemaError, match="revision '9999', which this build does not know"):
        upgrade_schema(empty_db)


def test_nrm_stops_on_a_database_it_cannot_upgrade_saying_why(
    empty_db: Engine,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    upgrade_schema(empty_db)
    with empty_db.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    monkeypatch.setenv("NRM_DATABASE_URL", database_url)
    monkeypatch.setattr(sys, "argv", ["nrm", "users", "list"])

    with pytest.raises(SystemExit) as stopped:
        main()

    assert stopped.value.code == 1
    error = capsys.readouterr().err
    assert error.startswith("nrm: the database is at schema revision '9999'")
    assert "Traceback" not in error


# SQLite has one writer; several servers and workers starting at once is PostgreSQL's case.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_processes_starting_at_once_upgrade_an_empty_database_once(
    empty_db: Engine, database_url: str
) -> None:
    failures: list[BaseException] = []

    def start() -> None:
        db = make_db(database_url)
        try:
            upgrade_schema(db)
        except BaseException as error:
            failures.append(error)
        finally:
            db.dispose()

    starting = [threading.Thread(target=start) for _ in range(4)]
    for thread in starting:
        thread.start()
    for thread in starting:
        thread.join()

    assert not failures
    with empty_db.connect() as connection:
        assert current_revision(connection) == head_revision()
    assert not _differences_from_models(empty_db)

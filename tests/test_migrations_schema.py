"""Schema migrations (engine/migrations): an empty database and one at an older revision both
reach the newest, which must be exactly the tables of engine/models.py."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime
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
from engine.db import make_engine
from engine.schema import (
    BASELINE,
    SchemaError,
    alembic_config,
    current_revision,
    head_revision,
    upgrade_connection,
    upgrade_schema,
)

HOW_TO_ADD_A_REVISION = (
    "Add a revision for it (DEVELOPERS.md, 'Changing a table'):\n"
    "  rm -f /tmp/nrm-migrate.sqlite3\n"
    "  export NRM_DATABASE_URL=sqlite:////tmp/nrm-migrate.sqlite3\n"
    "  .venv/bin/alembic upgrade head\n"
    '  .venv/bin/alembic revision --autogenerate --rev-id NNNN -m "what changed"\n'
    "then read the new file in engine/migrations/versions/ and fix what autogenerate got wrong."
)


@pytest.fixture
def empty_db(database_url: str) -> Iterator[Engine]:
    """The test's database with nothing in it (the PostgreSQL one is shared by the session)."""
    db = make_engine(database_url)
    if db.dialect.name == "postgresql":
        with db.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    yield db
    db.dispose()


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


def _at_baseline_with_data(db: Engine) -> None:
    """The database as revision 0001 left it, with a case, its event and a user in it."""
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with db.begin() as connection:
        upgrade_connection(connection, BASELINE)
        connection.execute(
            text(
                "INSERT INTO process_version (id, process_id, version, name, sha256, bundle_sha256,"
                " bpmn_xml, forms, dmn, created_at, author, change_note) VALUES (1, 'child_return',"
                " 1, 'Child return', :sha, :sha, '<definitions/>', '{}', '{}', :now, 'files', '')"
            ),
            {"sha": "a" * 64, "now": now},
        )
        connection.execute(
            text(
                "INSERT INTO nrm_case (id, reference, process_id, process_version_id, status,"
                " revision, data, workflow, created_at, updated_at) VALUES (1, 'NRM-2026-0001',"
                " 'child_return', 1, 'open', 3, '{\"age\": 15}', '{}', :now, :now)"
            ),
            {"now": now},
        )
        connection.execute(
            text(
                "INSERT INTO event (id, case_id, seq, type, actor, at, data, process_version_id,"
                " prev_hash, hash) VALUES (1, 1, 1, 'case_started', 'border.officer', :now, '{}',"
                " 1, :zero, :sha)"
            ),
            {"now": now, "zero": "0" * 64, "sha": "b" * 64},
        )
        connection.execute(
            text(
                "INSERT INTO nrm_user (name, password_hash, role, region, active, failed_logins,"
                " created_at) VALUES ('case.manager', 'x', 'case_manager', 'Elbasan', true, 0,"
                " :now)"
            ),
            {"now": now},
        )


def _stored(db: Engine) -> tuple[object, ...]:
    with db.connect() as connection:
        return (
            connection.execute(text("SELECT reference, revision, status FROM nrm_case")).all(),
            connection.execute(text("SELECT case_id, seq, type, hash FROM event")).all(),
            connection.execute(text("SELECT name, role, region FROM nrm_user")).all(),
        )


def test_an_empty_database_is_upgraded_to_exactly_the_tables_of_the_models(
    empty_db: Engine,
) -> None:
    upgrade_schema(empty_db)

    with empty_db.connect() as connection:
        assert current_revision(connection) == head_revision()
    differences = _differences_from_models(empty_db)
    assert not differences, (
        "engine/models.py and the schema its migrations make differ; what a new revision must "
        "do, as Alembic sees it:\n  " + "\n  ".join(differences) + "\n" + HOW_TO_ADD_A_REVISION
    )


def test_a_database_at_the_first_revision_keeps_its_data_through_every_later_one(
    empty_db: Engine,
) -> None:
    _at_baseline_with_data(empty_db)
    before = _stored(empty_db)

    upgrade_schema(empty_db)

    with empty_db.connect() as connection:
        assert current_revision(connection) == head_revision()
    assert _stored(empty_db) == before
    assert before[0] == [("NRM-2026-0001", 3, "open")]


def test_every_revision_can_be_undone_back_to_an_empty_database(empty_db: Engine) -> None:
    upgrade_schema(empty_db)
    with empty_db.begin() as connection:
        command.downgrade(alembic_config(connection), "base")

    assert set(inspect(empty_db).get_table_names()) <= {"alembic_version"}


def test_a_database_made_before_migrations_is_adopted_when_its_tables_are_the_first_revisions(
    empty_db: Engine,
) -> None:
    _at_baseline_with_data(empty_db)
    with empty_db.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    before = _stored(empty_db)

    upgrade_schema(empty_db)

    with empty_db.connect() as connection:
        assert current_revision(connection) == head_revision()
    assert _stored(empty_db) == before


def test_a_database_of_unknown_tables_is_refused_and_left_as_it_was(empty_db: Engine) -> None:
    _at_baseline_with_data(empty_db)
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
    assert _stored(empty_db)[0] == [("NRM-2026-0001", 3, "open")]


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

    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("nrm: the database is at schema revision '9999'")
    assert "Traceback" not in error

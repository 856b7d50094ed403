"""A database of the test's own with nothing in it, and one at the first schema revision with a
case in it: for the schema revision and backup tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Connection, Engine, text

from engine.storage.db import make_db
from engine.storage.schema import BASELINE, upgrade_connection


@pytest.fixture
def empty_db(database_url: str) -> Iterator[Engine]:
    """The test's database with nothing in it. The PostgreSQL one is the session's: emptied
    before and after, so that the next test's engine makes its schema afresh."""
    db = make_db(database_url)
    _empty_postgresql(db)
    yield db
    _empty_postgresql(db)
    db.dispose()


def _empty_postgresql(db: Engine) -> None:
    if db.dialect.name == "postgresql":
        with db.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))


def add_process_version(connection: Connection, now: datetime) -> None:
    """Version 1 of child_return, as a row (an empty diagram: enough for a case to point at)."""
    connection.execute(
        text(
            "INSERT INTO process_version (id, process_id, version, name, sha256, bundle_sha256,"
            " bpmn_xml, forms, dmn, created_at, author, change_note) VALUES (1, 'child_return',"
            " 1, 'Child return', :sha, :sha, '<definitions/>', '{}', '{}', :now, 'files', '')"
        ),
        {"sha": "a" * 64, "now": now},
    )


def at_baseline_with_data(db: Engine) -> None:
    """The database as revision 0001 left it, with a case, its event and a user in it."""
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with db.begin() as connection:
        upgrade_connection(connection, BASELINE)
        add_process_version(connection, now)
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


def stored_rows(db: Engine) -> tuple[object, ...]:
    with db.connect() as connection:
        return (
            connection.execute(text("SELECT reference, revision, status FROM nrm_case")).all(),
            connection.execute(text("SELECT case_id, seq, type, hash FROM event")).all(),
            connection.execute(text("SELECT name, role, region FROM nrm_user")).all(),
        )

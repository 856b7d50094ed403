"""`nrm backup` and `nrm restore`: a restored database is the backup's, its histories verify and
every case replays to its stored state; a file that is not a backup changes nothing."""

from __future__ import annotations

import io
import json
import os
import stat
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text
from sqlmodel import Session, SQLModel, col, select
from typer.testing import CliRunner, Result

from cli.main import app
from engine.base.clock import ManualClock
from engine.history.replay import replay_case
from engine.nrm_engine import NrmEngine
from engine.storage.backup import MANIFEST, back_up, restore
from engine.storage.db import create_schema, make_db
from engine.storage.models import Case, Document, Event, InboxTask, Timer
from engine.storage.schema import BASELINE, current_revision, head_revision, upgrade_schema
from tests.support.schema import at_baseline_with_data, stored_rows
from tests.support.setup import START
from tests.support.walks import INTAKE, complete, walk_to_shelter

runner = CliRunner()


def nrm(database_url: str, *args: str) -> Result:
    return runner.invoke(app, list(args), env={"NRM_DATABASE_URL": database_url})


def stored_state(engine: NrmEngine) -> dict[str, list[tuple[object, ...]]]:
    with Session(engine.db) as session:
        return {
            "cases": [
                (case.id, case.reference, case.status, case.revision, json.dumps(case.data))
                for case in session.exec(select(Case).order_by(col(Case.id)))
            ],
            "events": [
                (event.case_id, event.seq, event.type, event.hash)
                for event in session.exec(select(Event).order_by(col(Event.id)))
            ],
            "inbox": sorted(
                (task.case_id, task.name, task.role) for task in session.exec(select(InboxTask))
            ),
            "timers": sorted(
                (timer.case_id, timer.name, timer.status, timer.due_at.isoformat())
                for timer in session.exec(select(Timer))
            ),
            "documents": [
                (document.case_id, document.kind, document.language, document.sha256)
                for document in session.exec(select(Document).order_by(col(Document.id)))
            ],
        }


def test_a_restored_backup_is_the_state_it_was_made_in_and_every_case_replays_to_it(
    engine: NrmEngine, clock: ManualClock, database_url: str, tmp_path: Path
) -> None:
    sheltered = walk_to_shelter(engine, clock)
    waiting = engine.commands.start_case("child_return", INTAKE, "border.officer")
    backed_up = stored_state(engine)
    backup_file = tmp_path / "nrm-backup.zip"

    made = nrm(database_url, "backup", str(backup_file))
    assert made.exit_code == 0, made.output

    clock.advance(timedelta(days=8))  # the follow-up timer and more steps after the backup
    engine.commands.fire_due_timers()
    complete(engine, waiting, "record_child_wishes", "social.worker", child_wishes_return=False)
    engine.commands.start_case("child_return", INTAKE, "border.officer")
    assert stored_state(engine) != backed_up

    restored = nrm(database_url, "restore", str(backup_file))

    assert restored.exit_code == 0, restored.output
    assert "restored the" in restored.output
    assert stored_state(engine) == backed_up
    verified = nrm(database_url, "audit", "verify")
    assert verified.exit_code == 0, verified.output
    assert "chains intact" in verified.output
    with Session(engine.db) as session:
        for case_id in (sheltered, waiting):
            report = replay_case(session, engine.catalog, case_id)
            assert report.matches, report.findings
    # The restored database takes new work as any other.
    complete(engine, waiting, "record_child_wishes", "social.worker", child_wishes_return=False)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _manifest(**fields: str) -> bytes:
    return json.dumps(fields).encode()


# Each makes the file for a database of the given backend, and names why it is refused.
NOT_BACKUPS: dict[str, tuple[Callable[[str], bytes], str]] = {
    "text": (lambda _: b"case notes, not a backup", "not a zip archive"),
    "other zip": (lambda _: _zip({"notes.txt": b"hello"}), "no manifest"),
    "other manifest": (lambda _: _zip({MANIFEST: _manifest(format="other")}), "unknown manifest"),
    "other backend": (
        lambda _: _zip({MANIFEST: _manifest(format="nrm-backup", backend="oracle")}),
        "a backup of a oracle database",
    ),
    "newer build": (
        lambda backend: _zip(
            {MANIFEST: _manifest(format="nrm-backup", backend=backend, schema_revision="9999")}
        ),
        "schema revision '9999', which this build does not know",
    ),
    "no database": (
        lambda backend: _zip(
            {MANIFEST: _manifest(format="nrm-backup", backend=backend, schema_revision="0001")}
        ),
        "holds no database",
    ),
}


@pytest.mark.parametrize("kind", NOT_BACKUPS)
def test_a_file_that_is_not_a_backup_is_refused_and_the_database_is_untouched(
    engine: NrmEngine,
    clock: ManualClock,
    database_url: str,
    tmp_path: Path,
    kind: str,
) -> None:
    engine.commands.start_case("child_return", INTAKE, "border.officer")
    before = stored_state(engine)
    make, reason = NOT_BACKUPS[kind]
    not_a_backup = tmp_path / "suspicious.zip"
    not_a_backup.write_bytes(make(engine.db.dialect.name))

    refused = nrm(database_url, "restore", str(not_a_backup))

    assert refused.exit_code == 1
    assert "nothing restored" in refused.output
    assert reason in refused.output
    assert stored_state(engine) == before


def test_a_backup_whose_database_is_damaged_is_refused_and_the_database_is_untouched(
    engine: NrmEngine, clock: ManualClock, database_url: str, tmp_path: Path
) -> None:
    engine.commands.start_case("child_return", INTAKE, "border.officer")
    backup_file = tmp_path / "nrm-backup.zip"
    assert nrm(database_url, "backup", str(backup_file)).exit_code == 0
    with zipfile.ZipFile(backup_file) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    database_member = next(name for name in members if name != MANIFEST)
    members[database_member] = members[database_member][:2048] + b"\0" * 4096
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(_zip(members))
    engine.commands.start_case("child_return", INTAKE, "border.officer")
    before = stored_state(engine)

    refused = nrm(database_url, "restore", str(damaged))

    assert refused.exit_code == 1, refused.output
    assert "nothing restored" in refused.output
    assert stored_state(engine) == before


def test_a_backup_from_an_older_schema_revision_is_restored_and_upgraded(
    empty_db: Engine, tmp_path: Path
) -> None:
    at_baseline_with_data(empty_db)
    backup_file = tmp_path / "before-upgrade.zip"
    assert back_up(empty_db, backup_file, START).schema_revision == BASELINE
    before = stored_rows(empty_db)
    upgrade_schema(empty_db)  # the new build's first start
    with empty_db.begin() as connection:
        connection.execute(text("UPDATE nrm_case SET status = 'completed', revision = 4"))

    restore(empty_db, backup_file)

    assert stored_rows(empty_db) == before
    with empty_db.connect() as connection:
        assert current_revision(connection) == head_revision()
    assert set(inspect(empty_db).get_table_names()) == {
        *SQLModel.metadata.tables,
        "alembic_version",
    }


def test_the_database_and_its_backups_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    previous = os.umask(0o022)  # the usual umask: files would be world-readable
    try:
        url = f"sqlite:///{tmp_path / 'private.sqlite3'}"
        db = make_db(url)
        create_schema(db)
        backup_file = tmp_path / "backup.zip"
        assert nrm(url, "backup", str(backup_file)).exit_code == 0
        db.dispose()
    finally:
        os.umask(previous)
    for path in (tmp_path / "private.sqlite3", backup_file):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path

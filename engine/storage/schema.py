"""Bringing a database to the newest schema revision (engine/storage/revisions/, Alembic) at
start. (In this project "migration" means moving running cases to a newer process version,
engine/cases/migration.py; the database's schema has revisions.)

A database made before schema revisions existed (tables, no `alembic_version`) is adopted as
revision 0001 when its tables and columns are exactly those of 0001; anything else is refused
rather than guessed at, with what differs.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, create_engine, inspect, text

REVISIONS_DIR = Path(__file__).resolve().parent / "revisions"
BASELINE = "0001"
# Any constant will do: it only has to be the same for every process upgrading one database.
_UPGRADE_LOCK_KEY = 0x4E524D


class SchemaError(RuntimeError):
    """The database's schema cannot be brought to this build's. A refusal changes nothing; a
    revision failing half-way is undone on PostgreSQL, not on SQLite (which cannot undo DDL):
    there, restore the backup taken before the upgrade."""


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(REVISIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def known_revisions() -> set[str]:
    return {script.revision for script in _scripts().walk_revisions()}


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None, f"no schema revisions in {REVISIONS_DIR}"
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_schema(db: Engine) -> None:
    """Upgrade to the newest revision (a no-op when already there)."""
    with db.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Several API processes and workers may start at once; one upgrades, the others
            # wait and then find nothing to do.
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _UPGRADE_LOCK_KEY}
            )
        upgrade_connection(connection)


def upgrade_connection(connection: Connection, target: str = "head") -> None:
    revision = current_revision(connection)
    if revision is not None and revision not in known_revisions():
        raise SchemaError(
            f"the database is at schema revision {revision!r}, which this build does not know: "
            "a newer build has upgraded it. Run that build, or restore a backup made by this one."
        )
    if revision is None and inspect(connection).get_table_names():
        _adopt_unversioned(connection)
    try:
        command.upgrade(alembic_config(connection), target)
    except CommandError as error:
        raise SchemaError(f"cannot upgrade the database schema: {error}") from error


def _adopt_unversioned(connection: Connection) -> None:
    found = _columns_by_table(connection)
    baseline_db = create_engine("sqlite://")
    with baseline_db.connect() as baseline:
        command.upgrade(alembic_config(baseline), BASELINE)
        expected = _columns_by_table(baseline)
    baseline_db.dispose()
    differences = _differences(expected, found)
    if differences:
        raise SchemaError(
            "the database has tables but no schema revision (alembic_version), and they are not "
            f"those of revision {BASELINE}, the schema revisions start from: "
            + "; ".join(differences)
            + ". Nothing was changed. Move its data into an empty database, or restore a backup."
        )
    command.stamp(alembic_config(connection), BASELINE)


def _columns_by_table(connection: Connection) -> dict[str, set[str]]:
    inspector = inspect(connection)
    return {
        table: {column["name"] for column in inspector.get_columns(table)}
        for table in inspector.get_table_names()
        if table != "alembic_version"
    }


def _differences(expected: dict[str, set[str]], found: dict[str, set[str]]) -> list[str]:
    differences = [f"table {table} is missing" for table in sorted(expected.keys() - found.keys())]
    differences += [f"table {table} is unknown" for table in sorted(found.keys() - expected.keys())]
    for table in sorted(expected.keys() & found.keys()):
        if missing := expected[table] - found[table]:
            differences.append(f"{table} lacks {', '.join(sorted(missing))}")
        if unknown := found[table] - expected[table]:
            differences.append(f"{table} has unknown {', '.join(sorted(unknown))}")
    return differences

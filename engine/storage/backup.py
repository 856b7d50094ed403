"""`nrm backup` / `nrm restore`: the whole database as one file, and back.

A backup is a zip archive: `manifest.json` (what it is, the backend, the schema revision, when)
and the database itself, an SQLite copy taken with SQLite's online backup API or a `pg_dump -Fc`
archive. Documents are rows of the database (`document.content`), so they are in it. The signing
key under the data directory is not: it is a secret, kept and backed up on its own.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import URL

from engine.base.errors import EngineError
from engine.storage.private_files import make_private
from engine.storage.schema import current_revision, known_revisions, upgrade_schema

FORMAT = "nrm-backup"
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# A table in `pg_restore --list`: "215; 1259 16390 TABLE public nrm_case postgres".
_PG_LISTED_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (?!DATA )\S+ (\S+) ", re.MULTILINE)


class NotABackup(EngineError):
    """The file cannot be restored; the current database was not touched."""


@dataclass(frozen=True)
class BackupInfo:
    backend: str
    schema_revision: str | None
    created_at: str

    def describe(self) -> str:
        return (
            f"{self.backend} database at schema revision {self.schema_revision}, {self.created_at}"
        )


def back_up(db: Engine, target: Path, now: datetime) -> BackupInfo:
    backend = _backend(db)
    with db.connect() as connection:
        revision = current_revision(connection)
    info = BackupInfo(backend, revision, now.isoformat())
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / DATABASE_MEMBER[backend]
        if backend == "sqlite":
            _sqlite_copy(_sqlite_path(db), copy)
        else:
            _pg_tool("pg_dump", db.url, "--format=custom", f"--file={copy}")
        partial = make_private(target.with_name(target.name + ".partial"))
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps({"format": FORMAT, **info.__dict__}, indent=2))
            archive.write(copy, DATABASE_MEMBER[backend])
        # A half-written backup never carries the name of a finished one.
        partial.replace(target)
    return info


def restore(db: Engine, source: Path) -> BackupInfo:
    """Replace the database's contents with the backup's, then upgrade it to this build's
    schema. Every check is made before anything is written."""
    backend = _backend(db)
    with _opened(source, backend) as (info, copy):
        if backend == "sqlite":
            _check_sqlite_copy(source, copy, info)
            _sqlite_copy(copy, _sqlite_path(db))
            upgrade_schema(db)
        else:
            listing = _pg_tool("pg_restore", None, "--list", str(copy), what=source)
            _pg_restore(db, copy, _pg_tables(listing))
            upgrade_schema(db)
    return info


@contextmanager
def _opened(source: Path, backend: str) -> Iterator[tuple[BackupInfo, Path]]:
    if not source.is_file():
        raise NotABackup(f"{source}: no such file")
    if not zipfile.is_zipfile(source):
        raise NotABackup(f"{source} is not a backup made by `nrm backup` (not a zip archive)")
    with zipfile.ZipFile(source) as archive, tempfile.TemporaryDirectory() as work:
        try:
            manifest = json.loads(archive.read(MANIFEST))
        except (KeyError, ValueError) as error:
            raise NotABackup(
                f"{source} is not a backup made by `nrm backup` (no manifest)"
            ) from error
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise NotABackup(f"{source} is not a backup made by `nrm backup` (unknown manifest)")
        info = BackupInfo(
            str(manifest.get("backend")),
            manifest.get("schema_revision"),
            str(manifest.get("created_at")),
        )
        if info.backend != backend:
            raise NotABackup(
                f"{source} is a backup of a {info.backend} database; this one is {backend}"
            )
        if info.schema_revision is not None and info.schema_revision not in known_revisions():
            raise NotABackup(
                f"{source} was made at schema revision {info.schema_revision!r}, which this build "
                "does not know: restore it with the build that made it"
            )
        member = DATABASE_MEMBER[backend]
        if member not in archive.namelist():
            raise NotABackup(f"{source} holds no database ({member} is missing)")
        yield info, Path(archive.extract(member, work))


def _backend(db: Engine) -> str:
    name = db.dialect.name
    if name not in DATABASE_MEMBER:
        raise NotABackup(f"backups of {name} databases are not supported")
    return name


def _sqlite_path(db: Engine) -> Path:
    database = db.url.database
    if not database or database == ":memory:":
        raise NotABackup("an in-memory SQLite database cannot be backed up or restored")
    return Path(database)


def _sqlite_copy(source: Path, target: Path) -> None:
    # The online backup API copies a consistent snapshot while others keep writing, and as the
    # target it replaces the whole database in one step, WAL and all.
    with _sqlite(source) as origin, _sqlite(target) as destination:
        origin.backup(destination)


@contextmanager
def _sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(path)
    try:
        yield connection
    finally:
        connection.close()


def _check_sqlite_copy(source: Path, copy: Path, info: BackupInfo) -> None:
    try:
        with _sqlite(copy) as connection:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise NotABackup(f"{source}: its database is unreadable ({error})") from error
    if verdict != ("ok",):
        raise NotABackup(f"{source}: its database is damaged ({verdict[0] if verdict else '?'})")
    if info.schema_revision is not None and "alembic_version" not in tables:
        raise NotABackup(f"{source}: its database has no schema revision")


def _pg_tables(listing: str) -> set[str]:
    return set(_PG_LISTED_TABLE.findall(listing))


def _pg_restore(db: Engine, dump: Path, restored: set[str]) -> None:
    """The dump's tables replace the database's in one transaction: a failure leaves it as it
    was. Tables the dump lacks (of revisions after the backup's) hold only what happened since
    it, and would keep `--clean` from dropping what they refer to: they go too, and the upgrade
    makes them again, empty."""
    with db.connect() as connection:
        newer = set(inspect(connection).get_table_names()) - restored
    script = dump.with_suffix(".sql")
    _pg_tool(
        "pg_restore", None, "--clean", "--if-exists", "--no-owner", f"--file={script}", str(dump)
    )
    prelude = dump.with_suffix(".prelude.sql")
    prelude.write_text("".join(f'DROP TABLE IF EXISTS "{table}" CASCADE;\n' for table in newer))
    _pg_tool(
        "psql",
        db.url,
        "--no-psqlrc",
        "--quiet",
        "--single-transaction",
        "--set=ON_ERROR_STOP=1",
        f"--file={prelude}",
        f"--file={script}",
    )


def _pg_tool(tool: str, url: URL | None, *arguments: str, what: Path | None = None) -> str:
    command = [_pg_binary(tool), *arguments]
    environment = dict(os.environ)
    if url is not None:
        command += [f"--dbname={url.database}"]
        command += [f"--host={url.host}"] if url.host else []
        command += [f"--port={url.port}"] if url.port else []
        command += [f"--username={url.username}"] if url.username else []
        if url.password:
            environment["PGPASSWORD"] = url.password  # not on the command line, seen by all
    result = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    if result.returncode != 0:
        problem = result.stderr.strip() or f"{tool} exited with {result.returncode}"
        if what is not None:
            raise NotABackup(f"{what}: its database is not a readable pg_dump archive ({problem})")
        raise EngineError(f"{tool} failed: {problem}")
    return result.stdout


def _pg_binary(tool: str) -> str:
    found = shutil.which(tool)
    if found:
        return found
    installed = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{tool}"), key=lambda path: int(path.parts[-3])
    )
    if not installed:
        raise EngineError(f"{tool} is not installed (PostgreSQL's client programs)")
    return str(installed[-1])

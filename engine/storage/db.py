"""The database (`db`: SQLAlchemy's Engine, SQLite by default or PostgreSQL) and the transaction
every change runs in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, create_engine

from engine.base.errors import Conflict
from engine.storage import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from engine.storage.private_files import make_private
from engine.storage.schema import upgrade_schema


def _enable_sqlite_safety(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers work while one writer commits; the busy timeout turns a concurrent write
    # into a short wait instead of an immediate "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_db(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        # psycopg 3 is the driver we ship; a plain postgresql:// URL would ask for psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            # SQLite gives its -wal and -shm files the database file's permissions.
            for path in (parsed.database, f"{parsed.database}-wal", f"{parsed.database}-shm"):
                if path == parsed.database or Path(path).exists():
                    make_private(Path(path))
        db = create_engine(parsed, connect_args={"check_same_thread": False})
        event.listen(db, "connect", _enable_sqlite_safety)
    else:
        db = create_engine(parsed, pool_pre_ping=True)
    return db


def create_schema(db: Engine) -> None:
    """Bring the database to the newest schema revision (engine/storage/revisions/)."""
    upgrade_schema(db)


@contextmanager
def transaction(session: Session) -> Iterator[None]:
    """Commit on success; a lost race on the case (unique event seq, locked row) is a Conflict."""
    try:
        yield
        session.commit()
    except (IntegrityError, OperationalError) as error:
        session.rollback()
        if not _lost_race(error):
            raise
        raise Conflict(
            "the case was changed by someone else at the same time; reload it"
        ) from error
    except BaseException:
        session.rollback()
        raise


def _lost_race(error: IntegrityError | OperationalError) -> bool:
    message = str(error.orig).lower()
    if isinstance(error, IntegrityError):
        return "unique" in message or "duplicate key" in message
    return "locked" in message or "deadlock" in message or "could not serialize" in message

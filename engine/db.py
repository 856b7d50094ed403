"""Database engine and sessions, for SQLite (embedded default) and PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import create_engine

from engine import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from engine.schema import upgrade_schema


def _enable_sqlite_safety(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers work while one writer commits; the busy timeout turns a concurrent write
    # into a short wait instead of an immediate "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        # psycopg 3 is the driver we ship; a plain postgresql:// URL would ask for psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        db_engine = create_engine(parsed, connect_args={"check_same_thread": False})
        event.listen(db_engine, "connect", _enable_sqlite_safety)
    else:
        db_engine = create_engine(parsed, pool_pre_ping=True)
    return db_engine


def create_schema(db_engine: Engine) -> None:
    """Bring the database to the newest schema revision (engine/migrations)."""
    upgrade_schema(db_engine)

"""Alembic's entry point: the schema revisions run against `SQLModel.metadata` and the configured
database.

`engine/storage/schema.py` passes the connection of the database it upgrades; the `alembic`
command line (developers writing a revision) connects to `NRM_DATABASE_URL`, as the app does.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

from engine.base.settings import Settings
from engine.storage.db import make_db
from engine.storage.models import UtcDateTime


def render_item(type_: str, item: Any, autogen_context: AutogenContext) -> str | bool:
    # Revisions must not import the models they migrate (the models move on; revisions do not),
    # so our column types are written as the plain SQLAlchemy types they store as.
    if type_ == "type" and isinstance(item, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(item, AutoString):
        return f"sa.String(length={item.length})" if item.length else "sa.String()"
    return False


def run_revisions(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        # SQLite cannot ALTER most things: batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_revisions(connection)
        return
    db = make_db(Settings().resolved_database_url)
    with db.connect() as own_connection:
        run_revisions(own_connection)
    db.dispose()


main()

"""`nrm backup` and `nrm restore`: the configured database to one file and back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine

from engine.base.clock import SystemClock
from engine.base.errors import EngineError
from engine.base.settings import Settings
from engine.storage.backup import back_up, restore
from engine.storage.db import make_db


def backup(
    file: Annotated[Path, typer.Argument(help="Where to write the backup (a .zip archive).")],
) -> None:
    """Back up the database while the app keeps running (documents included: they are in it)."""
    with _database(failure="backup failed") as db:
        info = back_up(db, file, SystemClock().now())
    typer.echo(f"backed up the {info.describe()} to {file}")


def restore_backup(
    file: Annotated[Path, typer.Argument(help="A backup made by `nrm backup`.")],
) -> None:
    """Replace the database's contents with a backup's, then upgrade its schema to this build's.

    Stop the app and the workers first. A file that is not a backup is refused, untouched.
    """
    with _database(failure="nothing restored") as db:
        info = restore(db, file)
    typer.echo(f"restored the {info.describe()} from {file}")


@contextmanager
def _database(failure: str) -> Iterator[Engine]:
    # Not NrmEngine: a backup copies the database as it is, without upgrading it first.
    db = make_db(Settings().resolved_database_url)
    try:
        yield db
    except EngineError as error:
        typer.echo(f"{failure}: {error}", err=True)
        raise typer.Exit(1) from error
    finally:
        db.dispose()

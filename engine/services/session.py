"""One session and one transaction per use case."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

from engine.nrm_engine import NrmEngine
from engine.storage.db import transaction


@contextmanager
def use_case(engine: NrmEngine) -> Iterator[Session]:
    """The session of one use case: committed once at the end, rolled back on any error (a
    refusal included), so a check and the change it allows see the same rows."""
    with Session(engine.db) as session, transaction(session):
        yield session


@contextmanager
def reading(engine: NrmEngine) -> Iterator[Session]:
    """The session of a use case that only reads."""
    with Session(engine.db) as session:
        yield session

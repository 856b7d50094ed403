"""The engine as one object (`NrmEngine`): the database (`db`, SQLAlchemy's Engine), the clock,
the process catalogue and the engine's parts built on them: case commands and queries,
publishing, case migration and case history. The app, the CLI, the benchmarks and the tests each
make one and hand it on; it is the only module that imports every engine package.

Words: "the engine" is this object, and the `engine` package it assembles; SQLAlchemy's Engine
is always called `db`; SpiffWorkflow's script engine keeps its name (`NrmScriptEngine`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text
from sqlmodel import Session

from engine.base.clock import Clock, ManualClock, SystemClock
from engine.base.settings import Settings
from engine.cases.commands import CaseCommands
from engine.cases.migration import CaseMigrations
from engine.cases.queries import CaseQueries
from engine.cases.views import ProcessInfo
from engine.history.replay import CaseHistory
from engine.procedures.catalog import ProcessCatalog
from engine.procedures.publishing import ProcessAdministration
from engine.storage.db import create_schema, make_db, transaction


@dataclass
class NrmEngine:
    db: Engine
    clock: Clock
    catalog: ProcessCatalog
    commands: CaseCommands
    queries: CaseQueries
    publishing: ProcessAdministration
    migrations: CaseMigrations
    history: CaseHistory

    @classmethod
    def create(
        cls, database_url: str, clock: Clock, catalog: ProcessCatalog | None = None
    ) -> NrmEngine:
        db = make_db(database_url)
        create_schema(db)
        catalog = catalog or ProcessCatalog()
        return cls(
            db=db,
            clock=clock,
            catalog=catalog,
            commands=CaseCommands(db, clock, catalog),
            queries=CaseQueries(db, clock, catalog),
            publishing=ProcessAdministration(db, catalog, clock),
            migrations=CaseMigrations(db, catalog, clock),
            history=CaseHistory(db, catalog),
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> NrmEngine:
        clock: Clock = ManualClock() if settings.clock == "manual" else SystemClock()
        return cls.create(settings.resolved_database_url, clock)

    def load_processes(self, processes_dir: Path, forms_dir: Path) -> list[ProcessInfo]:
        """Publish every diagram in `processes_dir` whose content is new; all or nothing."""
        with Session(self.db) as session, transaction(session):
            self.catalog.publish_directory(session, processes_dir, forms_dir, self.clock.now())
        return self.queries.processes()

    def healthy(self) -> bool:
        with self.db.connect() as connection:
            return connection.execute(text("SELECT 1")).scalar() == 1

"""The catalogue of process versions: publish once, pin forever, parse once per process."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from engine.base.errors import InvalidProcess, NotFound
from engine.procedures.rules import parse_and_check
from engine.storage.models import ProcessVersion
from engine.workflow.specs import ParsedProcess, ProcessBundle, parse_bundle, read_bundle


class ProcessCatalog:
    def __init__(self) -> None:
        # Keyed by content, not row id: a rolled-back publish must not leave a wrong entry behind.
        self._parsed: dict[str, ParsedProcess] = {}
        self._lock = threading.Lock()

    def publish(
        self,
        session: Session,
        bundle: ProcessBundle,
        now: datetime,
        author: str = "files",
        approved_by: str | None = None,
        change_note: str = "",
    ) -> ProcessVersion:
        """Store `bundle` as the newest version of its process; the same bundle twice is one
        version. Raises InvalidProcess, storing nothing, when it cannot run."""
        existing = session.exec(
            select(ProcessVersion).where(
                ProcessVersion.process_id == bundle.process_id,
                ProcessVersion.bundle_sha256 == bundle.bundle_sha256,
            )
        ).first()
        if existing is not None:
            return existing
        parsed = parse_and_check(bundle)
        latest = session.exec(
            select(func.max(ProcessVersion.version)).where(
                ProcessVersion.process_id == bundle.process_id
            )
        ).one()
        version = ProcessVersion(
            process_id=bundle.process_id,
            version=(latest or 0) + 1,
            name=bundle.name,
            sha256=bundle.sha256,
            bundle_sha256=bundle.bundle_sha256,
            bpmn_xml=bundle.bpmn_xml,
            forms=bundle.forms,
            dmn=bundle.dmn,
            created_at=now,
            author=author,
            approved_by=approved_by,
            change_note=change_note,
        )
        session.add(version)
        session.flush()
        with self._lock:
            self._parsed[version.bundle_sha256] = parsed
        return version

    def publish_directory(
        self, session: Session, processes_dir: Path, forms_dir: Path, now: datetime
    ) -> list[ProcessVersion]:
        """Every `processes/*.bpmn`, all checked before any is stored."""
        paths = sorted(processes_dir.glob("*.bpmn"))
        if not paths:
            raise InvalidProcess(f"no .bpmn files in {processes_dir}")
        bundles = [read_bundle(path, forms_dir) for path in paths]
        for bundle in bundles:
            parse_and_check(bundle)
        return [self.publish(session, bundle, now) for bundle in bundles]

    def latest(self, session: Session, process_id: str) -> ProcessVersion:
        version = session.exec(
            select(ProcessVersion)
            .where(ProcessVersion.process_id == process_id)
            .order_by(col(ProcessVersion.version).desc())
            .limit(1)
        ).first()
        if version is None:
            raise NotFound(f"no process {process_id!r} is loaded")
        return version

    def version(self, session: Session, process_id: str, number: int) -> ProcessVersion:
        """Version `number` of `process_id`; NotFound if it was never published."""
        found = session.exec(
            select(ProcessVersion).where(
                ProcessVersion.process_id == process_id, ProcessVersion.version == number
            )
        ).first()
        if found is None:
            raise NotFound(f"no version {number} of process {process_id!r}")
        return found

    def all_latest(self, session: Session) -> list[ProcessVersion]:
        newest = (
            select(ProcessVersion.process_id, func.max(ProcessVersion.version).label("version"))
            .group_by(col(ProcessVersion.process_id))
            .subquery()
        )
        statement = (
            select(ProcessVersion)
            .join(
                newest,
                (col(ProcessVersion.process_id) == newest.c.process_id)
                & (col(ProcessVersion.version) == newest.c.version),
            )
            .order_by(col(ProcessVersion.process_id))
        )
        return list(session.exec(statement).all())

    def parsed(self, version: ProcessVersion) -> ParsedProcess:
        with self._lock:
            cached = self._parsed.get(version.bundle_sha256)
        if cached is not None:
            return cached
        # A published version runs as it was accepted, even if publishing rules tighten later.
        parsed = parse_bundle(
            ProcessBundle(
                version.process_id, version.name, version.bpmn_xml, version.forms, version.dmn
            )
        )
        with self._lock:
            self._parsed[version.bundle_sha256] = parsed
        return parsed

"""What the modeler's properties panel offers a supervisor to choose from, so that a diagram
names only what exists: the forms of the process, the processes a case can open, the documents
the engine issues, the decision tables, and the roles a lane can be."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from sqlalchemy import Engine
from sqlmodel import Session

from documents.generate import DOCUMENT_KINDS
from engine.access.permissions import ROLES
from engine.procedures.catalog import ProcessCatalog


@dataclass(frozen=True)
class ModelerChoices:
    forms: list[str]  # file names in forms/<process>/, as a user task names them
    processes: list[str]
    documents: list[str]  # the kinds generate_document issues
    decisions: list[str]  # the ids of the decisions in the process's DMN files
    roles: list[str]  # a lane is named for one of them


def modeler_choices(db: Engine, catalog: ProcessCatalog, process_id: str) -> ModelerChoices:
    """The choices for the newest version of `process_id`."""
    with Session(db) as session:
        version = catalog.latest(session, process_id)
        processes = sorted(found.process_id for found in catalog.all_latest(session))
    decisions = [
        str(decision_id)
        for xml in version.dmn.values()
        for decision_id in etree.fromstring(xml.encode()).xpath("//*[local-name()='decision']/@id")
    ]
    return ModelerChoices(
        forms=sorted(version.forms),
        processes=processes,
        documents=sorted(DOCUMENT_KINDS),
        decisions=sorted(decisions),
        roles=list(ROLES),
    )

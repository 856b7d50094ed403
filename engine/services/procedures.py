"""The procedure's use cases: the processes a case may start on, a decision table evaluated
without a case, and the modeler's drafts and four-eyes publishing (engine/procedures)."""

from __future__ import annotations

from typing import Any

from engine.cases.views import ProcessInfo
from engine.nrm_engine import NrmEngine
from engine.procedures.drafts import Drafts, NotTheAuthor, element_names
from engine.procedures.modeler_choices import modeler_choices
from engine.procedures.publishing import DiffChanged, FourEyesRequired
from engine.procedures.rules import text_problems
from engine.procedures.version_diff import as_json
from engine.workflow.decisions import DecisionFailed

__all__ = [
    "DecisionFailed",
    "DiffChanged",
    "Drafts",
    "FourEyesRequired",
    "NotTheAuthor",
    "as_json",
    "element_names",
    "evaluate_decision",
    "list_processes",
    "modeler_choices",
    "text_problems",
]


def list_processes(engine: NrmEngine) -> list[ProcessInfo]:
    """The loaded processes, each with the form (JSON Schema) a new case needs."""
    return engine.queries.processes()


def evaluate_decision(engine: NrmEngine, decision_id: str, answers: dict[str, Any]) -> Any:
    """A published decision table evaluated on `answers`, without a case; changes nothing."""
    return engine.queries.evaluate_decision(decision_id, answers)

"""What the use cases return, named where the web layer reads them: the api imports the engine
through engine.services (checked by import-linter), these types included."""

from __future__ import annotations

from engine.cases.migration import MigrationRun
from engine.cases.views import (
    CaseView,
    EventInfo,
    IncidentInfo,
    ProcessInfo,
    TaskDetail,
    TaskInfo,
)
from engine.history.replay import PointInTime

__all__ = [
    "CaseView",
    "EventInfo",
    "IncidentInfo",
    "MigrationRun",
    "PointInTime",
    "ProcessInfo",
    "TaskDetail",
    "TaskInfo",
]

"""What every test engine is made of: the procedure's processes and forms, the fixtures folder,
the moment the tests' clock starts, and one process catalogue for every test database."""

from __future__ import annotations

from datetime import UTC, datetime

from engine.base.settings import PROJECT_ROOT
from engine.procedures.catalog import ProcessCatalog

PROCESSES_DIR = PROJECT_ROOT / "processes"
FORMS_DIR = PROJECT_ROOT / "forms"
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

# Parsing a diagram is the slow part of setting up; versions are keyed by content, so one
# catalogue can serve every test database.
CATALOG = ProcessCatalog()

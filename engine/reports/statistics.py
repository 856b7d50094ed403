"""Anonymous quarterly figures (Art. 5.A.14, 5.B.15): counts of victims and potential victims by
process, outcome, age band and sex. No names, dates of birth or places can reach them: every
value printed is chosen from a fixed list (the processes and outcomes from the procedures'
entries, processes/<id>.toml, read by forms/procedures.py), and any group smaller than 11 is
suppressed (the threshold the Counter-Trafficking Data Collaborative uses for its public
data)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from engine.reports.csv_files import csv_text
from engine.storage.models import Case
from forms.procedures import Procedure, procedure

SMALLEST_SHOWN = 11
SUPPRESSED = "<11"
SEXES = ("female", "male")
AGE_BANDS = ("0-13", "14-17", "18-24", "25+", "minor, age presumed")
COLUMNS = ("quarter", "process", "outcome", "age_band", "sex", "count")


@dataclass(frozen=True)
class Cell:
    quarter: str
    process: str
    outcome: str
    age_band: str
    sex: str
    count: int

    @property
    def shown_count(self) -> str:
        return str(self.count) if self.count >= SMALLEST_SHOWN else SUPPRESSED

    def row(self) -> tuple[str, ...]:
        """What may be published of this cell, in COLUMNS order."""
        return (self.quarter, self.process, self.outcome, self.age_band, self.sex, self.shown_count)


def _chosen(value: Any, allowed: tuple[str, ...], otherwise: str) -> str:
    # Only a value from the fixed list is ever printed: free text cannot leak through here.
    return value if isinstance(value, str) and value in allowed else otherwise


def _age_band(data: dict[str, Any], on: date) -> str:
    try:
        born = date.fromisoformat(str(data.get("date_of_birth")))
    except ValueError:
        return "unknown"
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if age >= 18 and data.get("age_presumed") is True:
        return "minor, age presumed"  # an adult estimate does not count (CoE Convention 10.3)
    if age < 14:
        return "0-13"
    if age < 18:
        return "14-17"
    return "18-24" if age < 25 else "25+"


def _outcome(case: Case, procedure: Procedure | None) -> str:
    """What the figures count the case under, as its procedure's entry says
    (processes/<id>.toml); a process without one (a test's) counts as "other"."""
    data = case.data
    if procedure is not None and procedure.counted_while_open:
        # Where the case stands now: the first outcome field the case records.
        field = next((name for name in procedure.outcome_fields if name in data), None)
        return _chosen(data.get(field) if field else None, procedure.outcomes, "open")
    if case.status != "completed":
        return "open"
    if procedure is None:
        return "other"
    for flag in procedure.outcome_flags:
        if data.get(flag) is True:
            return flag
    value = next((data[name] for name in procedure.outcome_fields if data.get(name)), None)
    return _chosen(value, procedure.outcomes, "other")


def quarter_of(moment: datetime) -> str:
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


def quarterly_cells(session: Session) -> list[Cell]:
    counts: Counter[tuple[str, str, str, str, str]] = Counter()
    for case in session.exec(select(Case)).all():
        entry = procedure(case.process_id)
        key = (
            quarter_of(case.created_at),
            entry.process_id if entry else "other",
            _outcome(case, entry),
            _age_band(case.data, case.created_at.date()),
            _chosen(case.data.get("sex"), SEXES, "unknown"),
        )
        counts[key] += 1
    return [Cell(*key, count) for key, count in sorted(counts.items())]


def as_csv(cells: list[Cell]) -> str:
    return csv_text(COLUMNS, (cell.row() for cell in cells))

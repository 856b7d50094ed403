"""Checking that nobody rewrote a case's history.

Every event stores the hash of its predecessor and a hash over its own content (engine.events).
Recomputing them finds, per case, the first place where the recorded history was altered: an
event whose content no longer matches its hash, an event that no longer follows on from the one
before it, or events missing from the sequence.

Not detected here: removing or rewriting the newest events of a case together with their hashes
(the tail), or removing a whole case. That needs an anchor recorded outside the chains.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from typing import Literal

from sqlmodel import Session, col, select

from engine.base.errors import NotFound
from engine.cases.events import GENESIS_HASH, event_hash, hashed_content
from engine.storage.models import Case, Event

Problem = Literal["changed", "broken link", "missing"]


@dataclass(frozen=True)
class ChainBreak:
    """The first place where one case's recorded history was altered."""

    case_id: int
    case_reference: str
    seq: int
    problem: Problem
    detail: str

    def __str__(self) -> str:
        return f"{self.case_reference} event {self.seq}: {self.detail}"


@dataclass(frozen=True)
class ChainAudit:
    cases: int
    events: int
    breaks: list[ChainBreak] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.breaks


def verify_chains(session: Session, case_id: int | None = None) -> list[ChainBreak]:
    """The first broken link of every case (or of case `case_id`); empty when all are intact."""
    return audit_chains(session, case_id).breaks


def audit_chains(session: Session, case_id: int | None = None) -> ChainAudit:
    """Like verify_chains, with the number of cases and events that were checked."""
    cases_query = select(Case.id, Case.reference).order_by(col(Case.id))
    events_query = select(Event).order_by(col(Event.case_id), col(Event.seq))
    if case_id is not None:
        cases_query = cases_query.where(col(Case.id) == case_id)
        events_query = events_query.where(col(Event.case_id) == case_id)
    references: dict[int, str] = {id_: ref for id_, ref in session.exec(cases_query).all()}
    if case_id is not None and not references:
        raise NotFound(f"no case {case_id}")
    breaks: list[ChainBreak] = []
    event_count = 0
    seen: set[int] = set()
    events = session.exec(events_query.execution_options(yield_per=1000))
    for owner, group in groupby(events, key=lambda e: e.case_id):
        chain = list(group)
        event_count += len(chain)
        seen.add(owner)
        found = _first_break(chain)
        if found is not None:
            problem, seq, detail = found
            breaks.append(ChainBreak(owner, references[owner], seq, problem, detail))
    for owner in references.keys() - seen:
        breaks.append(
            ChainBreak(
                owner,
                references[owner],
                1,
                "missing",
                "the case has no recorded history: every event, from the first on, was removed",
            )
        )
    breaks.sort(key=lambda b: b.case_id)
    return ChainAudit(cases=len(references), events=event_count, breaks=breaks)


def _first_break(chain: list[Event]) -> tuple[Problem, int, str] | None:
    """The first event of one case's chain (in seq order) that does not check out."""
    expected_seq = 1
    previous_hash = GENESIS_HASH
    for event in chain:
        if event.seq != expected_seq:
            if expected_seq == 1:
                where = f"the history starts at event {event.seq}"
            else:
                where = f"the history jumps from event {expected_seq - 1} to event {event.seq}"
            return "missing", expected_seq, f"{_removed(expected_seq, event.seq - 1)}: {where}"
        if event.hash != event_hash(event.prev_hash, hashed_content(event)):
            return (
                "changed",
                event.seq,
                "altered after it was recorded: its content no longer matches its hash (as "
                f"stored now: {event.type} by {event.actor} at {event.at:%Y-%m-%d %H:%M} UTC)",
            )
        if event.prev_hash != previous_hash:
            if expected_seq == 1:
                detail = "is the first event but names a predecessor: it does not start the chain"
            else:
                before = expected_seq - 1
                detail = (
                    f"does not follow on from event {before}: the hash it recorded "
                    f"for its predecessor is not event {before}'s hash, so event {before} was "
                    "replaced or rewritten after this one was recorded"
                )
            return "broken link", event.seq, detail
        expected_seq += 1
        previous_hash = event.hash
    return None


def _removed(first: int, last: int) -> str:
    if first == last:
        return "removed"
    return f"removed, and so were the events after it up to event {last}"

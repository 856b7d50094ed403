"""Anchors catch what a hash chain alone cannot: a history cut short, or a case removed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, SQLModel, col

from engine.base.clock import ManualClock
from engine.history.anchors import anchor_if_due, check_against_anchor, record_anchor
from engine.history.audit import verify_chains
from engine.nrm_engine import NrmEngine
from engine.storage.models import (
    Case,
    CaseLink,
    ChainAnchor,
    Event,
)
from tests.support.walks import reference, walk_to_shelter


def anchored_cases(engine: NrmEngine, clock: ManualClock) -> tuple[int, int]:
    first, second = walk_to_shelter(engine, clock), walk_to_shelter(engine, clock)
    with Session(engine.db) as session:
        record_anchor(session, clock.now())
        session.commit()
    return first, second


def test_nothing_is_found_while_histories_only_grow(engine: NrmEngine, clock: ManualClock) -> None:
    _first, _ = anchored_cases(engine, clock)
    walk_to_shelter(engine, clock)  # new cases and events after the anchor are fine
    with Session(engine.db) as session:
        assert check_against_anchor(session) == []


def test_removing_a_cases_newest_events_is_found(engine: NrmEngine, clock: ManualClock) -> None:
    first, _second = anchored_cases(engine, clock)
    last = len(engine.queries.events(first))
    with Session(engine.db) as session:
        session.execute(delete(Event).where(col(Event.case_id) == first, col(Event.seq) >= 4))
        session.commit()
        assert verify_chains(session) == [], "what is left is still a valid chain"
        [finding] = check_against_anchor(session)
    assert finding.case_id == first and f"recorded event {last}, which is gone" in str(finding)
    assert str(finding).startswith(reference(engine, first))


def test_removing_a_whole_case_is_found(engine: NrmEngine, clock: ManualClock) -> None:
    _first, second = anchored_cases(engine, clock)
    ref = reference(engine, second)
    with Session(engine.db) as session:
        # Everything that names the case, as someone with the database would remove it.
        for table in reversed(SQLModel.metadata.sorted_tables):
            if "case_id" in table.columns:
                session.execute(delete(table).where(table.columns["case_id"] == second))
        session.execute(
            delete(CaseLink).where(
                (col(CaseLink.from_case_id) == second) | (col(CaseLink.to_case_id) == second)
            )
        )
        session.execute(delete(Case).where(col(Case.id) == second))
        session.commit()
        [finding] = check_against_anchor(session)
    assert finding.case_reference == ref and "whole case was removed" in finding.detail


def test_an_altered_anchor_is_found(engine: NrmEngine, clock: ManualClock) -> None:
    anchored_cases(engine, clock)
    with Session(engine.db) as session:
        session.execute(update(ChainAnchor).values(heads={}))
        session.commit()
        [finding] = check_against_anchor(session)
    assert "anchor" in finding.detail and "altered" in finding.detail


def test_an_anchor_is_recorded_at_most_daily(engine: NrmEngine, clock: ManualClock) -> None:
    walk_to_shelter(engine, clock)
    with Session(engine.db) as session:
        assert anchor_if_due(session, clock.now())
        assert not anchor_if_due(session, clock.now() + timedelta(hours=23))
        assert anchor_if_due(session, clock.now() + timedelta(days=1))

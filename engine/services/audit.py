"""The auditors' use cases: verify the hash chains (against the anchor), replay a case step by
step, the case as it was at a moment, the access log, the figures. They only read; a replay is
written to the access log like any view of a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from engine.access import policy
from engine.access.policy import AccessFacts, FieldAccess
from engine.access.users import Principal
from engine.base.errors import NotFound
from engine.cases import access_queries
from engine.cases.loading import load_case
from engine.cases.views import CaseView, EventInfo
from engine.history.access_log import logged_access, record_access
from engine.history.anchors import AnchorFinding, check_against_anchor
from engine.history.audit import ChainBreak, audit_chains, verify_chains
from engine.history.replay import ReplayReport, ReplayStep, replay_case
from engine.history.step_versions import step_versions
from engine.nrm_engine import NrmEngine
from engine.reports.statistics import SUPPRESSED, Cell
from engine.services.case_access import viewable
from engine.services.session import reading, use_case

__all__ = [
    "SUPPRESSED",
    "Cell",
    "ReplayStep",
    "Replayed",
    "Verification",
    "access_log",
    "case_choices",
    "replay",
    "verify",
]


@dataclass
class Verification:
    cases: int
    events: int
    breaks: list[ChainBreak]
    cut_short: list[AnchorFinding]

    @property
    def intact(self) -> bool:
        return not self.breaks and not self.cut_short


def verify(engine: NrmEngine, case_id: int | None) -> Verification:
    """What `nrm audit verify [CASE]` checks: every chain, and the chains against the anchor."""
    with reading(engine) as session:
        chains = audit_chains(session, case_id)
        cut_short = [f for f in check_against_anchor(session) if case_id in (None, f.case_id)]
    return Verification(chains.cases, chains.events, chains.breaks, cut_short)


@dataclass
class Replayed:
    case: CaseView
    facts: AccessFacts
    personal: bool
    access: FieldAccess  # what of the steps' data the user may read
    report: ReplayReport
    breaks: list[ChainBreak]
    versions: dict[int, int]  # step → the process version it ran on (its diagram)
    events: list[EventInfo]
    forms: dict[str, Any]


def replay(engine: NrmEngine, user: Principal, case_id: int) -> Replayed:
    """The case's history replayed over its pinned versions, with the chain's breaks; written
    to the access log. Its steps' data is the caller's to show or withhold (`personal`)."""
    with use_case(engine) as session:
        found = viewable(session, user, case_id)
        personal = policy.sees_personal_data(user, found)
        breaks = verify_chains(session, case_id)
        versions = step_versions(session, case_id)
        try:
            report = replay_case(session, engine.catalog, case_id)
        except NotFound:
            raise
        except Exception as error:  # an altered history may not replay at all: that is a finding
            report = ReplayReport(case_id, findings=[f"the replay stopped: {error}"])
        _case, version = load_case(session, case_id)
        record_access(session, user, case_id, "replay", personal, engine.clock.now())
        return Replayed(
            case=engine.queries.case_in(session, case_id),
            facts=found,
            personal=personal,
            access=policy.field_access(user, found),
            report=report,
            breaks=breaks,
            versions=versions,
            events=engine.queries.events_in(session, case_id),
            forms=dict(version.forms),
        )


def case_choices(engine: NrmEngine, user: Principal) -> list[tuple[int, str]]:
    """The cases `user` may choose in a filter: id and reference."""
    visible = access_queries.visible_cases(engine.db, user)
    return [(found.case_id, found.reference) for found, _case in visible]


def access_log(
    engine: NrmEngine,
    case_id: int | None = None,
    user: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[dict[str, Any]]:
    """Views of cases, oldest first, for auditors; each filter given narrows it."""
    return logged_access(engine.db, case_id, user, since, until)

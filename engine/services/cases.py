"""The use cases of a case: start one, list and open them, read their history, the diagram they
run on, a document, and a supervisor's reassignment of the case manager."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from documents.facts import initials
from engine.access import policy, redaction
from engine.access.policy import AccessFacts
from engine.access.users import Principal, account_exists
from engine.base.errors import FieldError, Forbidden, InvalidData, NotFound
from engine.cases import access_queries
from engine.cases.assignment import reassign_case_manager as reassign
from engine.cases.loading import load_case
from engine.cases.views import CaseView, EventInfo
from engine.history.access_log import record_access
from engine.history.replay import PointInTime, case_at
from engine.nrm_engine import NrmEngine
from engine.services.case_access import changed, record_listed, shown_case, shown_events, viewable
from engine.services.session import reading, use_case
from engine.storage.models import Case, Document
from forms.messages import message


def can_start_case(user: Principal) -> bool:
    return policy.can_start_case(user)


def can_find_by_name(user: Principal) -> bool:
    return policy.finds_by_name(user)


def start_case(
    engine: NrmEngine, user: Principal, process_id: str, data: dict[str, Any]
) -> CaseView:
    """Open a case with its intake; the appointed case manager it names must be one who can
    sign in. Returns the case as its starter sees it."""
    if not policy.can_start_case(user):
        raise Forbidden(f"a {user.role} does not open cases")
    with use_case(engine) as session:
        name = data.get("case_manager")
        if (
            isinstance(name, str)
            and name.strip()
            and not account_exists(session, name, "case_manager")
        ):
            raise InvalidData(
                [FieldError(("data", "case_manager"), message("case_manager.unknown", name=name))]
            )
        case_id = engine.commands.start_case_in(session, process_id, data, user.name)
        changed(session)
        return shown_case(session, engine, user, viewable(session, user, case_id), "case")


@dataclass
class CaseSummary:
    facts: AccessFacts
    case: Case
    child: str  # the child's name, or initials and the case reference


# A page of a case list holds this many cases unless asked otherwise, and never more than the
# most.
PER_PAGE = 50
MOST_PER_PAGE = 200


@dataclass(frozen=True)
class CaseSearch:
    """What a user looks for in the case list: `text` (a reference, the child's initials, or,
    for those who read personal data, a part of the name), the filters and the order, one page."""

    text: str = ""
    process: str | None = None
    status: str | None = None
    region: str | None = None
    mine: bool = False
    overdue: bool = False
    sort: str = "newest"
    page: int = 1
    per_page: int = PER_PAGE


@dataclass
class CasePage:
    rows: list[CaseSummary]
    total: int  # the cases found, on every page
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _folded(text: str) -> str:
    """Text compared without regard to case or accents: "Çela" finds "cela"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _letters(text: str) -> str:
    return "".join(c for c in _folded(text) if c.isalpha())


def _matches(case: Case, text: str, by_name: bool) -> bool:
    wanted = text.strip()
    if not wanted:
        return True
    if _folded(wanted) in _folded(case.reference):
        return True
    name = case.data.get("child_name")
    if not isinstance(name, str) or not name.strip():
        return False
    if by_name and all(word in _folded(name) for word in _folded(wanted).split()):
        return True
    try:
        # "A.B.", "a b" and "AB" are the initials "A. B."
        return bool(_letters(wanted)) and _letters(wanted) == _letters(initials(name))
    except ValueError:
        return False


def find_cases(engine: NrmEngine, user: Principal, search: CaseSearch) -> CasePage:
    """One page of the cases `user` may open that `search` finds, in its order; each line shown
    is written to the access log, with whether it named the child."""
    per_page = min(max(search.per_page, 1), MOST_PER_PAGE)
    page = max(search.page, 1)
    wanted = access_queries.CaseFilter(
        process=search.process or None,
        status=search.status or None,
        region=search.region or None,
        mine=search.mine,
        overdue_at=engine.clock.now() if search.overdue else None,
        sort=search.sort,
    )
    by_name = can_find_by_name(user)
    with reading(engine) as session:
        found = [
            case
            for case in access_queries.candidate_cases(session, user, wanted)
            if _matches(case, search.text, by_name)
        ]
        rows, shown = [], []
        for case in found[(page - 1) * per_page : page * per_page]:
            assert case.id is not None
            facts = access_queries.case_facts(session, case.id)
            personal = policy.sees_personal_data(user, facts)
            rows.append(
                CaseSummary(facts, case, redaction.child_label(case.data, case.reference, personal))
            )
            shown.append((facts.case_id, personal))
    with use_case(engine) as session:
        record_listed(session, engine, user, shown, "list")
    return CasePage(rows, len(found), page, per_page)


def view_case(engine: NrmEngine, user: Principal, case_id: int, what: str = "case") -> CaseView:
    """The case as `user` may see it; the view is written to the access log."""
    with use_case(engine) as session:
        return shown_case(session, engine, user, viewable(session, user, case_id), what)


@dataclass
class CaseFile:
    """Everything the case page shows, read in one session: the case and its events as the
    user may see them, what the rules say they may do in it, and the forms that name its data."""

    view: CaseView
    facts: AccessFacts
    personal: bool
    child: str
    events: list[EventInfo]
    mine: set[str]  # the ids of the tasks the user may do
    can_reassign: bool
    can_add_notes: bool
    forms: dict[str, Any]


def case_file(engine: NrmEngine, user: Principal, case_id: int) -> CaseFile:
    """The case page's case: its view and events, written to the access log as one view."""
    with use_case(engine) as session:
        found = viewable(session, user, case_id)
        case, version = load_case(session, case_id)
        child_data = dict(case.data)
        view = shown_case(session, engine, user, found, "page")
        personal = policy.sees_personal_data(user, found)
        access = policy.field_access(user, found)
        return CaseFile(
            view=view,
            facts=found,
            personal=personal,
            child=redaction.child_label(child_data, view.reference, access),
            events=shown_events(session, engine, user, found),
            mine={t.id for t in view.tasks if policy.can_do_task(user, t.role, found)},
            can_reassign=policy.can_reassign(user, found) and view.status == "open",
            can_add_notes=policy.can_add_notes(user, found),
            forms=dict(version.forms),
        )


def case_events(engine: NrmEngine, user: Principal, case_id: int) -> list[EventInfo]:
    """The case's history as `user` may see it; written to the access log."""
    with use_case(engine) as session:
        found = viewable(session, user, case_id)
        events = shown_events(session, engine, user, found)
        personal = policy.sees_personal_data(user, found)
        record_access(session, user, case_id, "events", personal, engine.clock.now())
        return events


def case_as_of(engine: NrmEngine, user: Principal, case_id: int, moment: datetime) -> PointInTime:
    """The case as it was at `moment`, shown like the case itself and logged likewise."""
    with use_case(engine) as session:
        found = viewable(session, user, case_id)
        state = case_at(session, engine.catalog, case_id, moment)
        personal = policy.sees_personal_data(user, found)
        state.data = redaction.redact_data(state.data, policy.field_access(user, found))
        record_access(session, user, case_id, "as-of", personal, engine.clock.now())
        return state


def case_diagram(engine: NrmEngine, user: Principal, case_id: int) -> str:
    """The BPMN of the process version the case is pinned to."""
    with reading(engine) as session:
        viewable(session, user, case_id)
        _case, version = load_case(session, case_id)
        return version.bpmn_xml


@dataclass(frozen=True)
class DocumentFile:
    filename: str
    sha256: str
    content: bytes


def document(engine: NrmEngine, user: Principal, document_id: int) -> DocumentFile:
    """A generated PDF, for whoever may open its case (court users: their court's cases);
    written to the access log."""
    with use_case(engine) as session:
        found = session.get(Document, document_id)
        if found is None:
            raise NotFound(f"no document {document_id}")
        viewable(session, user, found.case_id)
        # A document names the child by initials and date of birth: personal data, whoever
        # reads it.
        record_access(session, user, found.case_id, "document", True, engine.clock.now())
        return DocumentFile(found.filename, found.sha256, found.content)


def reassign_case_manager(
    engine: NrmEngine, user: Principal, case_id: int, case_manager: str, reason: str = ""
) -> CaseView:
    """A supervisor of the case's region appoints another case manager (an event)."""
    with use_case(engine) as session:
        found = access_queries.case_facts(session, case_id)
        if not policy.can_reassign(user, found):
            raise Forbidden("only a supervisor of the case's region reassigns its case manager")
        if not account_exists(session, case_manager, "case_manager"):
            raise InvalidData(
                [FieldError(("case_manager",), message("case_manager.unknown", name=case_manager))]
            )
        reassign(session, case_id, case_manager, user.name, engine.clock.now(), reason)
        changed(session)
        return shown_case(session, engine, user, viewable(session, user, case_id), "case")

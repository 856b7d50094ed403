"""Who may see and do what (issue 5): assignment from case data, authorisation and Art. 4
confidentiality. Pure rules over a few facts about a case (`AccessFacts`); the queries that gather
the facts are engine/cases/access_queries.py, the redaction of personal data
engine/access/redaction.py.

Which role may do what at all is the table of engine/access/permissions.py; these rules then
judge one case. Rules, in short:
- A task of the `case_manager` lane goes to the case's appointed case manager only (case data
  `case_manager`, or the one a supervisor appointed since). A task of any other lane goes to the
  users of that role whose region is the case's `home_region`.
- A user sees the cases they work on: the ones with a task for them, the ones they (or, for a
  regional role, their team in that region) acted on, and, for a case manager, the ones they are
  appointed to. Supervisors see every case of their region, court users the cases of their court
  (to receive its documents), auditors every case (read only). Admins manage users, not cases.
- The Responsible Authority is one national office (Art. 5.C.1): its tasks go to all its users,
  and each of them sees the cases the office has a task in or acted on.
- Art. 4: each field of case data is classified where it is declared (its form's
  `x-classification`, forms/classification.py; unclassified means personal) and `FIELD_READERS`
  says which roles read each class in the cases they may see. Personal data (names, addresses,
  where a child stays, free text) goes to those who act for the child: the social worker, the
  case manager, State Social Services, the supervisor, the local police who visit the family
  (Annex 1 D.2 / D.3) and the Responsible Authority that assesses the child's return
  (Art. 5.B.10, 5.C.5). Sensitive data (findings about harm or risk, the child's views) goes to
  the same roles but the police. Beyond the table, need to know: whoever holds or held a task on
  the case whose form shows a field reads that field (the police its visit's findings, the court
  what its decision is about). Everyone else sees "[withheld]", the child's initials and the case
  reference. Every view of a case is written to the access log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from engine.access.permissions import ROLES, Capability, Reach, allows, holders, reach_of
from engine.access.users import Principal
from engine.base.case_routing import same_region
from forms.classification import PERSONAL, PROCEDURAL, SENSITIVE, FormFields

# Art. 4, the one table every view of case data asks (case API, events, as-of, replay, pages,
# incidents, exports, documents): which roles read a field of each classification in the cases
# they may open. Anyone else reads a field only on need to know (`FieldAccess.known`): the local
# police, for one, read the findings of their own visit but not the child's views.
_ACT_FOR_THE_CHILD = holders(Capability.SEE_PERSONAL_DATA)
FIELD_READERS: Mapping[str, frozenset[str]] = {
    PROCEDURAL: frozenset(ROLES),
    PERSONAL: _ACT_FOR_THE_CHILD,
    SENSITIVE: _ACT_FOR_THE_CHILD - {"local_police"},
}


@dataclass
class AccessFacts:
    """What the rules know about one case: where it is routed and who acted in it."""

    case_id: int
    reference: str
    region: str | None
    court: str | None
    case_manager: str | None
    actors: set[str] = field(default_factory=set)
    roles_acted: set[str] = field(default_factory=set)
    ready_roles: set[str] = field(default_factory=set)
    # For the need to know: the forms of the case's version, the forms of the tasks each user
    # completed, and of the ready tasks by their role.
    fields: FormFields = field(default_factory=FormFields)
    forms_done: dict[str, set[str]] = field(default_factory=dict)
    forms_ready: dict[str, set[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldAccess:
    """What one user reads of one case's data: the classes `FIELD_READERS` gives their role,
    and the fields they need to know."""

    classes: frozenset[str]
    known: frozenset[str]
    fields: FormFields

    def reads(self, name: str, classification: str | None = None) -> bool:
        """Whether the field `name` is shown; `classification` for data no form declares (an
        event's own keys), else the forms' word."""
        found = classification or self.fields.classification(name)
        return found in self.classes or name in self.known


# --- rules ------------------------------------------------------------------------------------


def can_do_task(user: Principal, task_role: str, facts: AccessFacts) -> bool:
    if user.role != task_role or not allows(user.role, Capability.DO_TASKS):
        return False
    reach = reach_of(task_role)
    if reach is Reach.APPOINTED:
        return facts.case_manager is not None and user.name == facts.case_manager
    if reach is Reach.COURT:
        return user.court is not None and user.court == facts.court
    if reach is Reach.REGION or user.region:
        return user.region is not None and same_region(user.region, facts.region)
    return True


def can_view_case(user: Principal, facts: AccessFacts) -> bool:
    role = user.role
    if allows(role, Capability.READ_ALL_CASES):
        return True
    if not allows(role, Capability.READ_CASES):
        return False
    if allows(role, Capability.READ_REGION_CASES):
        return same_region(user.region, facts.region)
    reach = reach_of(role)
    if reach is Reach.COURT:
        return user.court is not None and user.court == facts.court
    if user.name in facts.actors:
        return True
    if reach is Reach.APPOINTED:
        return user.name == facts.case_manager
    if role in facts.ready_roles and can_do_task(user, role, facts):
        return True
    if reach is Reach.NATION:
        return role in facts.roles_acted
    return (
        role in facts.roles_acted
        and reach is Reach.REGION
        and same_region(user.region, facts.region)
    )


def can_reassign(user: Principal, facts: AccessFacts) -> bool:
    """Appoint another case manager, give back another's task, retry an incident: a supervisor
    of the case's region."""
    return allows(user.role, Capability.REASSIGN) and same_region(user.region, facts.region)


def can_add_notes(user: Principal, facts: AccessFacts) -> bool:
    """Add a note or a file to a case: whoever works on cases and may open this one (an
    auditor, who reads every case, adds nothing)."""
    return allows(user.role, Capability.ADD_NOTES) and can_view_case(user, facts)


def can_read_attachment(
    user: Principal, facts: AccessFacts, classification: str, uploaded_by: str
) -> bool:
    """Download a file attached to the case: its classification's readers (`FIELD_READERS`)
    among those who may open the case, and the one who attached it."""
    if not can_view_case(user, facts):
        return False
    return user.name == uploaded_by or user.role in FIELD_READERS.get(classification, ())


def can_retry_incident(user: Principal, facts: AccessFacts) -> bool:
    return allows(user.role, Capability.RETRY_INCIDENTS) and same_region(user.region, facts.region)


def sees_personal_data(user: Principal, facts: AccessFacts) -> bool:
    """Whether the role reads personal data in this case (the access log's flag; whereabouts,
    incidents' error texts)."""
    return allows(user.role, Capability.SEE_PERSONAL_DATA) and can_view_case(user, facts)


def field_access(user: Principal, facts: AccessFacts) -> FieldAccess:
    if not can_view_case(user, facts) and not any(
        can_do_task(user, role, facts) for role in facts.forms_ready
    ):
        return FieldAccess(frozenset(), frozenset(), facts.fields)
    classes = frozenset(c for c, roles in FIELD_READERS.items() if user.role in roles)
    return FieldAccess(classes, need_to_know(user, facts), facts.fields)


def redacted_by_default(fields: FormFields) -> FieldAccess:
    """What leaves the system without a named reader (an audit export, a backup's extract):
    procedural fields only, every other one withheld."""
    return FieldAccess(frozenset({PROCEDURAL}), frozenset(), fields)


def need_to_know(user: Principal, facts: AccessFacts) -> frozenset[str]:
    """The fields shown by the forms of the tasks `user` holds or held on the case."""
    forms = set(facts.forms_done.get(user.name, ()))
    for role, ready in facts.forms_ready.items():
        if can_do_task(user, role, facts):
            forms |= ready
    known: set[str] = set()
    for form in forms:
        known |= facts.fields.shown_by_form.get(form, frozenset())
    return frozenset(known)


def finds_by_name(user: Principal) -> bool:
    """Whether a search of cases may match the child's name: only for the roles that read
    personal data (`FIELD_READERS`); anyone else finds a case by its reference or initials."""
    return user.role in FIELD_READERS[PERSONAL]


def can_start_case(user: Principal) -> bool:
    return allows(user.role, Capability.START_CASES)

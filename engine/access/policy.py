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
- Personal data (Art. 4: the child's name, addresses, shelter and facility, family members'
  names, the free-text circumstances and welfare concerns) is shown only to those who act for the
  child: the social worker, the case manager, State Social Services, the supervisor, the local
  police who visit the family (Annex 1 D.2 / D.3) and the Responsible Authority that assesses
  the child's return (Art. 5.B.10, 5.C.5), each only in the cases they may see; everyone else
  sees the child's initials and the case reference. Every view of a case is written to the
  access log.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.access.permissions import Capability, Reach, allows, reach_of
from engine.access.users import Principal
from engine.base.case_routing import same_region


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


def can_retry_incident(user: Principal, facts: AccessFacts) -> bool:
    return allows(user.role, Capability.RETRY_INCIDENTS) and same_region(user.region, facts.region)


def sees_personal_data(user: Principal, facts: AccessFacts) -> bool:
    return allows(user.role, Capability.SEE_PERSONAL_DATA) and can_view_case(user, facts)


def can_start_case(user: Principal) -> bool:
    return allows(user.role, Capability.START_CASES)

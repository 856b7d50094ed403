"""Who may see and do what (issue 5): assignment from case data, authorisation and Art. 4
confidentiality. Pure rules over a few facts about a case (`AccessFacts`); the queries that gather
the facts are engine/cases/access_queries.py, the redaction of personal data
engine/access/redaction.py.

Rules, in short:
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

from engine.access.users import NATIONAL_ROLES, REGIONAL_ROLES, Principal
from engine.base.case_routing import same_region

PERSONAL_DATA_ROLES = frozenset(
    {
        "social_worker",
        "case_manager",
        "state_social_services",
        "supervisor",
        "local_police",
        "responsible_authority",
    }
)
START_ROLES = frozenset(
    {
        "border_police",
        "social_worker",
        "case_manager",
        "supervisor",
        "state_social_services",
        "drra_officer",
    }
)

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
    if user.role != task_role or user.role in ("auditor", "admin"):
        return False
    if task_role == "case_manager":
        return facts.case_manager is not None and user.name == facts.case_manager
    if task_role == "court":
        return user.court is not None and user.court == facts.court
    if task_role in REGIONAL_ROLES or user.region:
        return user.region is not None and same_region(user.region, facts.region)
    return True


def can_view_case(user: Principal, facts: AccessFacts) -> bool:
    role = user.role
    if role == "auditor":
        return True
    if role == "admin":
        return False
    if role == "supervisor":
        return same_region(user.region, facts.region)
    if role == "court":
        return user.court is not None and user.court == facts.court
    if user.name in facts.actors:
        return True
    if role == "case_manager":
        return user.name == facts.case_manager
    if role in facts.ready_roles and can_do_task(user, role, facts):
        return True
    if role in NATIONAL_ROLES:
        return role in facts.roles_acted
    return (
        role in facts.roles_acted
        and role in REGIONAL_ROLES
        and same_region(user.region, facts.region)
    )


def can_change_case(user: Principal, facts: AccessFacts) -> bool:
    return user.role not in ("auditor", "admin", "court") and can_view_case(user, facts)


def can_reassign(user: Principal, facts: AccessFacts) -> bool:
    return user.role == "supervisor" and same_region(user.region, facts.region)


def sees_personal_data(user: Principal, facts: AccessFacts) -> bool:
    return user.role in PERSONAL_DATA_ROLES and can_view_case(user, facts)


def can_start_case(user: Principal) -> bool:
    return user.role in START_ROLES

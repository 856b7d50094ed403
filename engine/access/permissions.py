"""Who may do what: one table, role → where the role works and what it may do (in the spirit
of spiff-arena's permission files). Every JSON route and page asks it (`api/deps.py`
`require(capability)`), the rules over a case's facts (engine/access/policy.py) read it, and the
role-by-endpoint matrix test (tests/support/access_matrix.py) is drawn from it.

A capability says what a role may do at all; whether a user may do it *to a given case* is
then decided by the case's facts (its region, court, appointed case manager, who acted in it):
engine/access/policy.py. Adding a role is a row here (docs/checklists/add-a-role.md)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Reach(StrEnum):
    """Where a role's work lies: which cases' tasks reach its users."""

    REGION = "region"  # the cases of the user's region (the user must have one)
    NATION = "nation"  # one national office (Art. 5.C.1): no region, every user of the office
    COURT = "court"  # the cases addressed to the user's court (the user must have one)
    APPOINTED = "appointed"  # the cases the user is appointed to (the case manager, Art. 5.B.4)
    ANYWHERE = "anywhere"  # no routing: a region, if given, narrows the tasks to it


class Capability(StrEnum):
    # What everyone signed in may do: their own lists, the processes, the directory.
    READ_OWN_WORK = "work.read"  # the inbox, the cases and incidents one may open (lists)
    READ_PROCESSES = "processes.read"  # the processes, their intake forms, decision tables
    READ_DIRECTORY = "directory.read"  # facilities and free places (locations: SEE_LOCATIONS)
    # Cases: what the case's facts then narrow (engine/access/policy.py).
    READ_CASES = "cases.read"  # open a case one is part of: data, events, diagram, documents
    READ_REGION_CASES = "cases.read_region"  # every case of one's region
    READ_ALL_CASES = "cases.read_all"  # every case, read only
    SEE_PERSONAL_DATA = "cases.personal_data"  # names, places, free text (Art. 4)
    START_CASES = "cases.start"
    DO_TASKS = "tasks.do"  # complete, claim and give back the tasks of one's lane
    ADD_NOTES = "cases.notes"  # add notes and files (a scanned court order) to one's cases
    REASSIGN = "cases.reassign"  # appoint a case manager, give back another's task
    RETRY_INCIDENTS = "incidents.retry"
    READ_COURT_OUTBOX = "court.outbox"
    # The directory.
    SEE_LOCATIONS = "directory.locations"
    MANAGE_DIRECTORY = "directory.manage"
    # The procedure.
    READ_VERSIONS = "versions.read"
    EDIT_PROCEDURES = "procedures.edit"  # the modeler, drafts, four-eyes approval
    MIGRATE_CASES = "cases.migrate"
    # Figures and audit.
    READ_STATISTICS = "statistics.read"
    EXPORT_HTCDS = "statistics.htcds"
    READ_COMPLIANCE = "compliance.read"
    VERIFY_HISTORY = "history.verify"  # chain verification and step-by-step replay
    READ_ACCESS_LOG = "access_log.read"
    # Administration.
    MANAGE_USERS = "users.manage"
    MOVE_CLOCK = "clock.move"  # only where the app runs on a manual clock (demos, tests)


@dataclass(frozen=True)
class Role:
    reach: Reach
    capabilities: frozenset[Capability]


C = Capability
EVERYONE = {C.READ_OWN_WORK, C.READ_PROCESSES, C.READ_DIRECTORY}
CASEWORK = EVERYONE | {C.READ_CASES, C.DO_TASKS, C.ADD_NOTES}
ACTS_FOR_THE_CHILD = CASEWORK | {C.SEE_PERSONAL_DATA}  # Art. 4: who needs names and places


def _role(reach: Reach, *capabilities: set[Capability] | Capability) -> Role:
    flat: set[Capability] = set()
    for item in capabilities:
        flat |= item if isinstance(item, set) else {item}
    return Role(reach, frozenset(flat))


PERMISSIONS: dict[str, Role] = {
    "border_police": _role(Reach.REGION, CASEWORK, C.START_CASES),
    "local_police": _role(Reach.REGION, ACTS_FOR_THE_CHILD),
    "social_worker": _role(Reach.REGION, ACTS_FOR_THE_CHILD, C.START_CASES, C.SEE_LOCATIONS),
    "case_manager": _role(Reach.APPOINTED, ACTS_FOR_THE_CHILD, C.START_CASES, C.SEE_LOCATIONS),
    "supervisor": _role(
        Reach.REGION,
        ACTS_FOR_THE_CHILD,
        {C.START_CASES, C.SEE_LOCATIONS, C.READ_REGION_CASES, C.REASSIGN, C.RETRY_INCIDENTS},
        {C.MANAGE_DIRECTORY, C.READ_VERSIONS, C.EDIT_PROCEDURES, C.MIGRATE_CASES},
        {C.READ_STATISTICS, C.READ_COMPLIANCE},
    ),
    "state_social_services": _role(
        Reach.REGION, ACTS_FOR_THE_CHILD, C.START_CASES, C.SEE_LOCATIONS
    ),
    "responsible_authority": _role(Reach.NATION, ACTS_FOR_THE_CHILD, C.READ_STATISTICS),
    "drra_officer": _role(Reach.ANYWHERE, CASEWORK, C.START_CASES),
    "court": _role(Reach.COURT, CASEWORK, C.READ_COURT_OUTBOX),
    "auditor": _role(
        Reach.ANYWHERE,
        EVERYONE,
        {C.READ_CASES, C.READ_ALL_CASES, C.READ_VERSIONS, C.VERIFY_HISTORY, C.READ_ACCESS_LOG},
        {C.READ_STATISTICS, C.EXPORT_HTCDS, C.READ_COMPLIANCE},
    ),
    "admin": _role(
        Reach.ANYWHERE,
        EVERYONE,
        {C.MANAGE_USERS, C.MOVE_CLOCK, C.MANAGE_DIRECTORY, C.SEE_LOCATIONS, C.READ_VERSIONS},
    ),
}

ROLES: tuple[str, ...] = tuple(PERMISSIONS)


def allows(role: str, capability: Capability) -> bool:
    found = PERMISSIONS.get(role)
    return found is not None and capability in found.capabilities


def holders(capability: Capability) -> frozenset[str]:
    """The roles that have `capability`."""
    return frozenset(
        role for role, found in PERMISSIONS.items() if capability in found.capabilities
    )


def reach_of(role: str) -> Reach | None:
    found = PERMISSIONS.get(role)
    return found.reach if found is not None else None


def roles_reaching(reach: Reach) -> frozenset[str]:
    return frozenset(role for role, found in PERMISSIONS.items() if found.reach is reach)

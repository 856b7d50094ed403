"""Every role against every endpoint: who may call each one and what they get (the matrix the
access tests walk; tests/api/test_access_matrix.py and the audit pages' tests read it)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from httpx import Response

from engine.access.permissions import Capability, allows
from engine.access.permissions import Capability as C
from tests.support.auth import TEST_USERS
from tests.support.walks import CaseWalk

ALL = {name for name, *_ in TEST_USERS}


# Who may open the case: the social worker of its region (a task waits for them), the appointed
# case manager, the border officer who opened it, the supervisor of the region, the court named
# in it (for its documents) and the auditor.
CASE_READERS = {
    "social.worker",
    "case.manager",
    "border.officer",
    "supervisor",
    "court.clerk",
    "auditor",
}


def holding(capability: Capability) -> set[str]:
    """The test users whose role has `capability` in the permissions table."""
    return {name for name, role, *_ in TEST_USERS if allows(role, capability)}


STARTERS = holding(C.START_CASES)
VERSION_READERS = holding(C.READ_VERSIONS)
SUPERVISORS = holding(C.EDIT_PROCEDURES)
MIGRATORS = holding(C.MIGRATE_CASES)
COURT_USERS = holding(C.READ_COURT_OUTBOX)
STATISTICS_READERS = holding(C.READ_STATISTICS)
HTCDS_EXPORTERS = holding(C.EXPORT_HTCDS)
COMPLIANCE_READERS = holding(C.READ_COMPLIANCE)
ACCESS_LOG_READERS = holding(C.READ_ACCESS_LOG)
USER_MANAGERS = holding(C.MANAGE_USERS)
CLOCK_MOVERS = holding(C.MOVE_CLOCK)
CASE_OPENERS = holding(C.READ_CASES)  # who may ask for a case at all (its facts then decide)
INCIDENT_RETRIERS = holding(C.RETRY_INCIDENTS)
# Who may add a note or a file to the case: its readers who work on cases (not the auditor).
NOTE_WRITERS = CASE_READERS & holding(C.ADD_NOTES)


# Annex 1 IV.a: no common language, so no questions; the age answers say whose rules apply.
NO_COMMON_LANGUAGE = {
    "common_language": False,
    "interview_date": "2026-03-02",
    "date_of_birth": "2010-09-03",
    "age_status": "documented",
}

# Facility 1 of the test directory is in Elbasan, like NEW_FACILITY: Korçë's supervisor may not.
DIRECTORY_MANAGERS = holding(C.MANAGE_DIRECTORY) - {"supervisor.korce"}


NEW_FACILITY = {
    "name": "Strehëza e Provës",
    "kind": "shelter",
    "region": "Elbasan",
    "address": "Rruga e Provës 1, Elbasan",
    "capacity": 4,
    "takes_children": True,
    "out_of_hours_contact": "+355 69 000 0999",
}


Call = Callable[[TestClient, dict[str, str]], Response]


def matrix(walk: CaseWalk) -> list[tuple[str, Call, set[str], int]]:
    case, task = walk.id, walk.refresh()["tasks"][0]["id"]
    bad = {"data": {"child_wishes_return": "maybe"}}
    return [
        ("GET /api/processes", lambda c, h: c.get("/api/processes", headers=h), ALL, 200),
        ("GET /api/auth/me", lambda c, h: c.get("/api/auth/me", headers=h), ALL, 200),
        ("GET /api/cases", lambda c, h: c.get("/api/cases", headers=h), ALL, 200),
        (
            "GET /api/cases/{id}",
            lambda c, h: c.get(f"/api/cases/{case}", headers=h),
            CASE_READERS,
            200,
        ),
        (
            "GET /api/cases/{id}/events",
            lambda c, h: c.get(f"/api/cases/{case}/events", headers=h),
            CASE_READERS,
            200,
        ),
        (
            "GET /api/cases/{id}/as-of",
            lambda c, h: c.get(
                f"/api/cases/{case}/as-of", params={"at": "2030-01-01T00:00:00Z"}, headers=h
            ),
            CASE_READERS,
            200,
        ),
        (
            "GET /api/cases/{id}/diagram",
            lambda c, h: c.get(f"/api/cases/{case}/diagram", headers=h),
            CASE_READERS,
            200,
        ),
        (
            "GET /api/tasks/{id}",
            lambda c, h: c.get(f"/api/tasks/{task}", headers=h),
            CASE_READERS,
            200,
        ),
        # Invalid data: whoever may complete the task gets 422, nobody changes the case.
        (
            "POST /api/tasks/{id}/complete",
            lambda c, h: c.post(f"/api/tasks/{task}/complete", json=bad, headers=h),
            {"social.worker"},
            422,
        ),
        (
            "POST /api/tasks/{id}/claim",
            lambda c, h: c.post(f"/api/tasks/{task}/claim", headers=h),
            {"social.worker"},
            200,
        ),
        (
            "DELETE /api/tasks/{id}/claim",
            lambda c, h: c.delete(f"/api/tasks/{task}/claim", headers=h),
            {"social.worker"},
            200,
        ),
        (
            "POST /api/cases",
            lambda c, h: c.post(
                "/api/cases", json={"process": "child_return", "data": {}}, headers=h
            ),
            STARTERS,
            422,
        ),
        (
            "POST /api/cases/{id}/case-manager",
            lambda c, h: c.post(
                f"/api/cases/{case}/case-manager", json={"case_manager": "nobody"}, headers=h
            ),
            {"supervisor"},
            422,
        ),
        (
            "GET /api/admin/users",
            lambda c, h: c.get("/api/admin/users", headers=h),
            USER_MANAGERS,
            200,
        ),
        (
            "POST /api/admin/users",
            lambda c, h: c.post(
                "/api/admin/users",
                json={"name": "porter", "role": "night_porter", "password": "a long passphrase"},
                headers=h,
            ),
            USER_MANAGERS,
            422,
        ),
        (
            "GET /api/reference/{kind}",
            lambda c, h: c.get("/api/reference/region", headers=h),
            ALL,
            200,
        ),
        (
            "POST /api/reference/{kind}",
            lambda c, h: c.post(
                "/api/reference/region", json={"name_sq": "Elbasan", "name_en": "E"}, headers=h
            ),
            USER_MANAGERS,
            422,
        ),
        (
            "PATCH /api/reference/{kind}/{value}",
            lambda c, h: c.patch("/api/reference/court/Gjykata X", json={}, headers=h),
            USER_MANAGERS,
            404,
        ),
        ("GET /api/tasks", lambda c, h: c.get("/api/tasks", headers=h), ALL, 200),
        # An empty note and a file that is no PDF: refused (422) once the writer is allowed.
        (
            "POST /api/cases/{id}/notes",
            lambda c, h: c.post(f"/api/cases/{case}/notes", json={"note": ""}, headers=h),
            NOTE_WRITERS,
            422,
        ),
        (
            "POST /api/cases/{id}/attachments",
            lambda c, h: c.post(
                f"/api/cases/{case}/attachments",
                files={"file": ("order.pdf", b"not a pdf", "application/pdf")},
                headers=h,
            ),
            NOTE_WRITERS,
            422,
        ),
        (
            "GET /api/attachments/{id}",
            lambda c, h: c.get("/api/attachments/424242", headers=h),
            CASE_OPENERS,
            404,
        ),
        # Who may read a real document is tested with the court outbox; an unknown one is 404 to
        # whoever may open cases at all.
        (
            "GET /api/documents/{id}",
            lambda c, h: c.get("/api/documents/424242", headers=h),
            CASE_OPENERS,
            404,
        ),
        (
            "PATCH /api/admin/users/{name}",
            lambda c, h: c.patch(
                "/api/admin/users/local.police", json={"region": "Elbasan"}, headers=h
            ),
            USER_MANAGERS,
            200,
        ),
        (
            "POST /api/admin/clock",
            lambda c, h: c.post("/api/admin/clock", json={"advance": "PT1M"}, headers=h),
            CLOCK_MOVERS,
            200,
        ),
        (
            "POST /api/decisions/{id}/evaluate",
            lambda c, h: c.post(
                "/api/decisions/determination/evaluate", json=NO_COMMON_LANGUAGE, headers=h
            ),
            ALL,
            200,
        ),
        (
            "GET /api/processes/{id}/versions",
            lambda c, h: c.get("/api/processes/child_return/versions", headers=h),
            VERSION_READERS,
            200,
        ),
        (
            "GET /api/processes/{id}/versions/{id}/bpmn",
            lambda c, h: c.get("/api/processes/child_return/versions/1/bpmn", headers=h),
            VERSION_READERS,
            200,
        ),
        (
            "GET /api/processes/{id}/diff",
            lambda c, h: c.get("/api/processes/child_return/diff?old=1&new=1", headers=h),
            VERSION_READERS,
            200,
        ),
        (
            "POST /api/processes/{id}/drafts",
            lambda c, h: c.post(
                "/api/processes/child_return/drafts",
                json={"bpmn_xml": "<not a diagram", "change_note": ""},
                headers=h,
            ),
            SUPERVISORS,
            400,
        ),
        (
            "POST /api/processes/{id}/check",
            lambda c, h: c.post(
                "/api/processes/child_return/check", json={"bpmn_xml": "<x/>"}, headers=h
            ),
            SUPERVISORS,
            200,
        ),
        (
            "POST /api/modeler/check-text",
            lambda c, h: c.post(
                "/api/modeler/check-text", json={"kind": "condition", "text": "x == 1"}, headers=h
            ),
            SUPERVISORS,
            200,
        ),
        (
            "POST /api/drafts/{id}/approve",
            lambda c, h: c.post(
                "/api/drafts/424242/approve", json={"diff_digest": "0" * 64}, headers=h
            ),
            SUPERVISORS,
            404,
        ),
        (
            "GET /api/drafts/{id}",
            lambda c, h: c.get("/api/drafts/424242", headers=h),
            SUPERVISORS,
            404,
        ),
        (
            "POST /api/processes/{id}/migrations",
            lambda c, h: c.post(
                "/api/processes/child_return/migrations",
                json={"from_version": 1, "to_version": 2, "dry_run": True},
                headers=h,
            ),
            MIGRATORS,
            404,  # there is no version 2 to move to
        ),
        (
            "GET /api/statistics",
            lambda c, h: c.get("/api/statistics", headers=h),
            STATISTICS_READERS,
            200,
        ),
        (
            "GET /api/exports/htcds.csv",
            lambda c, h: c.get("/api/exports/htcds.csv", headers=h),
            HTCDS_EXPORTERS,
            200,
        ),
        (
            "GET /api/statistics.csv",
            lambda c, h: c.get("/api/statistics.csv", headers=h),
            STATISTICS_READERS,
            200,
        ),
        # The service directory: everyone reads it (locations masked by role, see
        # tests/engine/directory/test_facilities.py); admins and the supervisor of the facility's
        # region manage it.
        ("GET /api/directory", lambda c, h: c.get("/api/directory", headers=h), ALL, 200),
        ("GET /api/directory/{id}", lambda c, h: c.get("/api/directory/1", headers=h), ALL, 200),
        (
            "POST /api/directory",
            lambda c, h: c.post("/api/directory", json=NEW_FACILITY, headers=h),
            DIRECTORY_MANAGERS,
            201,
        ),
        (
            "PATCH /api/directory/{id}",
            lambda c, h: c.patch("/api/directory/1", json={"capacity": 9}, headers=h),
            DIRECTORY_MANAGERS,
            200,
        ),
        (
            "GET /api/compliance",
            lambda c, h: c.get("/api/compliance", headers=h),
            COMPLIANCE_READERS,
            200,
        ),
        (
            "GET /api/compliance.csv",
            lambda c, h: c.get("/api/compliance.csv", headers=h),
            COMPLIANCE_READERS,
            200,
        ),
        (
            "GET /api/audit/access-log",
            lambda c, h: c.get("/api/audit/access-log", headers=h),
            ACCESS_LOG_READERS,
            200,
        ),
        (
            "GET /api/audit/admin-log",
            lambda c, h: c.get("/api/audit/admin-log", headers=h),
            ACCESS_LOG_READERS,
            200,
        ),
        (
            "GET /api/admin/role-grants",
            lambda c, h: c.get("/api/admin/role-grants", headers=h),
            USER_MANAGERS,
            200,
        ),
        (
            "POST /api/admin/role-grants/{grant_id}/approve",
            lambda c, h: c.post("/api/admin/role-grants/424242/approve", headers=h),
            USER_MANAGERS,
            404,
        ),
        (
            "GET /api/court/outbox",
            lambda c, h: c.get("/api/court/outbox", headers=h),
            COURT_USERS,
            200,
        ),
        # Everyone lists the incidents of the cases they may open
        # (tests/engine/cases/test_incidents.py); who may retry a real one is tested there too, an
        # unknown one is 404 to whoever may retry incidents.
        ("GET /api/incidents", lambda c, h: c.get("/api/incidents", headers=h), ALL, 200),
        (
            "POST /api/incidents/{id}/retry",
            lambda c, h: c.post("/api/incidents/424242/retry", headers=h),
            INCIDENT_RETRIERS,
            404,
        ),
    ]

"""The roles of the NRM. A diagram's lane names one of them in words."""

from __future__ import annotations

ROLES: tuple[str, ...] = (
    "border_police",
    "local_police",
    "social_worker",
    "case_manager",
    "supervisor",
    "state_social_services",
    "responsible_authority",
    "drra_officer",
    "court",
    "auditor",
    "admin",
)


def role_of_lane(lane: str | None) -> str | None:
    """``"State social services"`` → ``"state_social_services"``; None when the task has no lane."""
    if not lane:
        return None
    return "_".join(lane.strip().lower().replace("-", " ").split())

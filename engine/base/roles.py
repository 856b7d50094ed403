"""A diagram's lane names a role in words. The roles themselves, and what each may do, are the
permissions table (engine/access/permissions.py)."""

from __future__ import annotations


def role_of_lane(lane: str | None) -> str | None:
    """``"State social services"`` → ``"state_social_services"``; None when the task has no lane."""
    if not lane:
        return None
    return "_".join(lane.strip().lower().replace("-", " ").split())


def lane_of_role(role: str) -> str:
    """``"state_social_services"`` → ``"State social services"``, as role_of_lane reads it."""
    return role.replace("_", " ").capitalize()

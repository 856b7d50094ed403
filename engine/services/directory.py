"""The use cases of the service directory (Art. 5.C.2): everyone signed in reads it (locations
only where the role needs them); admins and supervisors of the facility's region manage it."""

from __future__ import annotations

from engine.access.users import Principal
from engine.base.errors import Forbidden
from engine.directory.facilities import (
    FIELD_NAMES,
    KINDS,
    Directory,
    FacilityFields,
    FacilityView,
    can_manage,
)
from engine.nrm_engine import NrmEngine

__all__ = [
    "FIELD_NAMES",
    "KINDS",
    "FacilityFields",
    "FacilityView",
    "can_manage",
    "create_facility",
    "facility",
    "facility_names",
    "list_facilities",
    "update_facility",
]


def _directory(engine: NrmEngine) -> Directory:
    return Directory(engine.db, engine.clock)


def list_facilities(
    engine: NrmEngine, user: Principal, include_inactive: bool = False
) -> list[FacilityView]:
    """Facilities by region, with free places counted from the children placed now."""
    return _directory(engine).list(user, include_inactive)


def facility(engine: NrmEngine, user: Principal, facility_id: int) -> FacilityView:
    return _directory(engine).get(user, facility_id)


def facility_names(engine: NrmEngine, user: Principal) -> dict[str, str]:
    """Facility id → its name and region, for showing a case's chosen facility."""
    listed = _directory(engine).list(user, include_inactive=True)
    return {str(f.id): f"{f.name} ({f.region})" for f in listed}


def _require_manager(user: Principal, *regions: str) -> None:
    for region in regions:
        if not can_manage(user, region):
            raise Forbidden(
                f"the facilities of {region} are managed by an admin or a supervisor of {region}"
            )


def create_facility(engine: NrmEngine, user: Principal, fields: FacilityFields) -> FacilityView:
    _require_manager(user, fields.region)
    return _directory(engine).create(user.name, fields)


def update_facility(
    engine: NrmEngine, user: Principal, facility_id: int, changes: dict[str, object]
) -> FacilityView:
    current = _directory(engine).get(user, facility_id)
    _require_manager(user, current.region, str(changes.get("region", current.region)))
    return _directory(engine).update(user.name, facility_id, changes)

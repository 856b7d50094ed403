"""The service directory (Art. 5.C.2): everyone signed in reads it (locations only where the role
needs them, engine/directory/facilities.py); admins and supervisors (of the facility's
region) manage it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from api.deps import EngineDep, RecordId, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.services import directory
from engine.services.directory import FacilityFields, FacilityView

router = APIRouter(tags=["directory"])


class FacilityBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    kind: str
    region: str
    address: str
    capacity: int
    takes_children: bool
    out_of_hours_contact: str
    active: bool = True


class FacilityChanges(BaseModel):
    """The fields to change; `"active": false` takes a facility out of the choices."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    kind: str | None = None
    region: str | None = None
    address: str | None = None
    capacity: int | None = None
    takes_children: bool | None = None
    out_of_hours_contact: str | None = None
    active: bool | None = None


@router.get("/api/directory")
def list_facilities(
    engine: EngineDep,
    user: Annotated[Principal, require(C.READ_DIRECTORY)],
    include_inactive: bool = False,
) -> list[FacilityView]:
    """Facilities by region, with free places counted from the children placed now."""
    return directory.list_facilities(engine, user, include_inactive)


@router.get("/api/directory/{facility_id}")
def get_facility(
    facility_id: RecordId, engine: EngineDep, user: Annotated[Principal, require(C.READ_DIRECTORY)]
) -> FacilityView:
    return directory.facility(engine, user, facility_id)


@router.post("/api/directory", status_code=201)
def post_facility(
    body: FacilityBody, engine: EngineDep, user: Annotated[Principal, require(C.MANAGE_DIRECTORY)]
) -> FacilityView:
    return directory.create_facility(engine, user, FacilityFields(**body.model_dump()))


@router.patch("/api/directory/{facility_id}")
def patch_facility(
    facility_id: RecordId,
    body: FacilityChanges,
    engine: EngineDep,
    user: Annotated[Principal, require(C.MANAGE_DIRECTORY)],
) -> FacilityView:
    return directory.update_facility(engine, user, facility_id, body.model_dump(exclude_unset=True))

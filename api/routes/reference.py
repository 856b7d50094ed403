"""Reference data (`/api/reference/{kind}`, kind `region` or `court`): the values a routing field
may take. Everyone signed in reads them; admins add, rename in English and retire them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import EngineDep, require
from engine.access.permissions import Capability as C
from engine.access.users import Principal
from engine.services import reference

router = APIRouter(tags=["reference data"])


class ReferenceOut(BaseModel):
    value: str
    name_sq: str
    name_en: str
    active: bool


class NewReference(BaseModel):
    name_sq: str
    name_en: str


class ReferenceChange(BaseModel):
    name_en: str | None = None
    active: bool | None = None


@router.get("/api/reference/{kind}")
def list_reference(
    kind: str, engine: EngineDep, _user: Annotated[Principal, require(C.READ_OWN_WORK)]
) -> list[ReferenceOut]:
    """Every value, the retired ones too (`active` false: no longer offered)."""
    return [
        ReferenceOut.model_validate(e, from_attributes=True)
        for e in reference.list_values(engine, kind)
    ]


@router.post("/api/reference/{kind}", status_code=201)
def add_reference(
    kind: str,
    body: NewReference,
    engine: EngineDep,
    user: Annotated[Principal, require(C.MANAGE_USERS)],
) -> ReferenceOut:
    """A new value; cases store its Albanian name."""
    entry = reference.add_value(engine, user, kind, body.name_sq, body.name_en)
    return ReferenceOut.model_validate(entry, from_attributes=True)


@router.patch("/api/reference/{kind}/{value}")
def change_reference(
    kind: str,
    value: str,
    body: ReferenceChange,
    engine: EngineDep,
    user: Annotated[Principal, require(C.MANAGE_USERS)],
) -> ReferenceOut:
    """Rename in English or retire (`"active": false`): a retired value is no longer offered."""
    entry = reference.change_value(engine, user, kind, value, body.name_en, body.active)
    return ReferenceOut.model_validate(entry, from_attributes=True)

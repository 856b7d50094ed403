"""The use cases of the reference data (regions, courts): everyone signed in reads the values;
admins add, rename in English and retire them."""

from __future__ import annotations

from dataclasses import dataclass

from engine.access.permissions import Capability, allows
from engine.access.users import Principal
from engine.base.errors import Forbidden
from engine.directory import reference
from engine.nrm_engine import NrmEngine
from engine.services.session import reading, use_case
from engine.storage.models import ReferenceValue

KINDS = reference.KINDS


@dataclass(frozen=True)
class ReferenceEntry:
    value: str
    name_sq: str
    name_en: str
    active: bool


def _entry(row: ReferenceValue) -> ReferenceEntry:
    return ReferenceEntry(row.value, row.name_sq, row.name_en, row.active)


def _require_admin(user: Principal) -> None:
    if not allows(user.role, Capability.MANAGE_USERS):
        raise Forbidden("reference data is kept by an admin")


def list_values(engine: NrmEngine, kind: str) -> list[ReferenceEntry]:
    with reading(engine) as session:
        return [_entry(row) for row in reference.listed(session, kind)]


def add_value(
    engine: NrmEngine, user: Principal, kind: str, name_sq: str, name_en: str
) -> ReferenceEntry:
    _require_admin(user)
    with use_case(engine) as session:
        return _entry(reference.add(session, kind, name_sq, name_en))


def change_value(
    engine: NrmEngine,
    user: Principal,
    kind: str,
    value: str,
    name_en: str | None = None,
    active: bool | None = None,
) -> ReferenceEntry:
    _require_admin(user)
    with use_case(engine) as session:
        return _entry(reference.change(session, kind, value, name_en, active))

"""Reference data for the fields that route a case (region, court): the values admins keep in
the `reference_value` table, offered by the forms as choices (`"x-options": "regions"`,
`"courts"`) and the only values a case may take there. A free-text region ("Elbasn") would send
the case's tasks to a team that does not exist: no inbox would show them."""

from __future__ import annotations

from sqlalchemy import Connection, func, insert
from sqlmodel import Session, col, select

from engine.base.errors import FieldError, InvalidData, NotFound
from engine.storage.models import ReferenceValue
from engine.storage.reference_seed import SEED
from forms.options import Choice

KINDS = tuple(SEED)


def label(entry: ReferenceValue) -> str:
    """Both names where they differ ("Tiranë / Tirana"): the choice reads in either language."""
    if entry.name_en == entry.name_sq:
        return entry.name_sq
    return f"{entry.name_sq} / {entry.name_en}"


def entries(session: Session, kind: str, active_only: bool = True) -> list[ReferenceValue]:
    query = select(ReferenceValue).where(ReferenceValue.kind == kind)
    if active_only:
        query = query.where(col(ReferenceValue.active))
    return list(session.exec(query.order_by(col(ReferenceValue.value))).all())


def choices(session: Session, kind: str, _case_data: object = None) -> list[Choice]:
    """The values a field of `kind` may take now; a retired one is named as such."""
    return [
        Choice(
            e.value,
            label(e),
            None if e.active else f"{e.value!r} is no longer in use; choose another",
        )
        for e in entries(session, kind, active_only=False)
    ]


def seed_missing(connection: Connection) -> None:
    """Insert the seed (engine.storage.reference_seed.py) into an empty table, e.g. one made
    from the models rather than by the schema revisions."""
    count = connection.execute(select(func.count()).select_from(ReferenceValue)).scalar_one()
    if count:
        return
    connection.execute(
        insert(ReferenceValue),
        [
            {"kind": kind, "value": value, "name_sq": sq, "name_en": en, "active": True}
            for kind, rows in SEED.items()
            for value, sq, en in rows
        ],
    )


# --- what admins keep -------------------------------------------------------------------------

NAME_LIMIT = 300


def _kind_known(kind: str) -> None:
    if kind not in KINDS:
        raise NotFound(f"no reference data {kind!r}; there are {', '.join(KINDS)}")


def listed(session: Session, kind: str) -> list[ReferenceValue]:
    """Every value of `kind`, the retired ones too (older cases still name them)."""
    _kind_known(kind)
    return entries(session, kind, active_only=False)


def _names_checked(name_sq: str, name_en: str) -> list[FieldError]:
    return [
        FieldError((field,), f"1 to {NAME_LIMIT} characters")
        for field, text in (("name_sq", name_sq), ("name_en", name_en))
        if not text.strip() or len(text) > NAME_LIMIT
    ]


def add(session: Session, kind: str, name_sq: str, name_en: str) -> ReferenceValue:
    """A new value, stored as its Albanian name; a name already there is refused."""
    _kind_known(kind)
    errors = _names_checked(name_sq, name_en)
    value = name_sq.strip()
    if not errors and any(
        e.value.casefold() == value.casefold() for e in entries(session, kind, False)
    ):
        errors.append(FieldError(("name_sq",), f"{value!r} is there already"))
    if errors:
        raise InvalidData(errors)
    entry = ReferenceValue(kind=kind, value=value, name_sq=value, name_en=name_en.strip())
    session.add(entry)
    session.flush()
    return entry


def change(
    session: Session,
    kind: str,
    value: str,
    name_en: str | None = None,
    active: bool | None = None,
) -> ReferenceValue:
    """Rename in English or (de)activate a value; its stored value, which cases hold, stays."""
    _kind_known(kind)
    entry = next((e for e in entries(session, kind, False) if e.value == value), None)
    if entry is None:
        raise NotFound(f"no {kind} {value!r}")
    if name_en is not None:
        errors = _names_checked(entry.name_sq, name_en)
        if errors:
            raise InvalidData(errors)
        entry.name_en = name_en.strip()
    if active is not None:
        entry.active = active
    session.add(entry)
    session.flush()
    return entry

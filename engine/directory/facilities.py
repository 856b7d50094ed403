"""The service directory (Art. 5.C.2): approved shelters and centres, their free places, and the
placements that fill them.

Placements are kept in their own table, written by the case step that places a child or ends
the stay (engine/cases/step.py calls `sync_placement` inside the step's transaction): free
places are then one indexed count, always in step with the cases, and the start and end of
every stay remain known for the compliance figures. A case occupies the facility named by its
`facility_id` while the child is there and the case is open: for child_return, while the
diagram records the child there (`child_location` is `shelter` or `temporary_accommodation`);
for a process without `child_location`, while its approved placement is residential
(`placement`) and no long-term solution is approved (Art. 5.B.9). Moving the child to the
family, another facility or a long-term solution, or closing the case, ends the stay.

Addresses and out-of-hours contacts locate victims (Art. 4): only the roles that place or
supervise children see them, each of its own region's facilities (an administrator, with no
region, every one); everyone else sees name, kind, region and free places."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from dataclasses import fields as dataclass_fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from engine.access.permissions import Capability, Reach, allows, reach_of
from engine.access.redaction import WITHHELD
from engine.access.users import Principal
from engine.base.case_routing import same_region
from engine.base.clock import Clock
from engine.base.errors import FieldError, InvalidData, NotFound
from engine.storage.models import Facility, Placement
from engine.workflow.scripting import age_on
from forms.classification import CLASSIFICATION, PERSONAL, PROCEDURAL
from forms.messages import message
from forms.options import Choice

KINDS = ("shelter", "centre")
RESIDENTIAL_PLACEMENTS = ("shelter", "temporary_accommodation")
TEXT_LIMITS = {"name": 200, "region": 100, "address": 500, "out_of_hours_contact": 200}


def _classified(classification: str, **options: Any) -> Any:
    """A field of the directory with its Art. 4 classification, declared where the field is, as
    a form's `x-classification` (forms/classification.py)."""
    return field(metadata={CLASSIFICATION: classification}, **options)


@dataclass
class FacilityFields:
    """What a manager enters for a facility."""

    name: str = _classified(PROCEDURAL)
    kind: str = _classified(PROCEDURAL)
    region: str = _classified(PROCEDURAL)
    address: str = _classified(PERSONAL)  # locates the children it shelters
    capacity: int = _classified(PROCEDURAL)
    takes_children: bool = _classified(PROCEDURAL)
    out_of_hours_contact: str = _classified(PERSONAL)
    active: bool = _classified(PROCEDURAL, default=True)


FIELD_NAMES = tuple(f.name for f in dataclass_fields(FacilityFields))


@dataclass(kw_only=True)
class FacilityView(FacilityFields):
    """A facility as the directory lists it: what was entered, and its places taken now."""

    id: int = _classified(PROCEDURAL)
    occupied: int = _classified(PROCEDURAL)
    free_places: int = _classified(PROCEDURAL)

    def shown_to(self, user: Principal) -> FacilityView:
        """This facility as `user` may see it: the location withheld from those without need,
        and any field not classified procedural (deny by default)."""
        if sees_location_of(user, self.region):
            return self
        return replace(self, **{name: WITHHELD for name in LOCATING_FIELDS})


# Every field of a facility that its declaration does not call procedural.
LOCATING_FIELDS = tuple(
    f.name for f in dataclass_fields(FacilityView) if f.metadata.get(CLASSIFICATION) != PROCEDURAL
)


# --- rules ------------------------------------------------------------------------------------


def sees_location_of(user: Principal, region: str) -> bool:
    """Whether `user` reads where a facility of `region` is: a role that places or supervises
    children, and only in its own region (a user without one, as the administrator, every
    region's). Choosing a facility for a placement elsewhere needs its name, region and free
    places, which everyone reads, not its address."""
    if not allows(user.role, Capability.SEE_LOCATIONS):
        return False
    return user.region is None or same_region(user.region, region)


def can_manage(user: Principal, region: str) -> bool:
    """Admins manage every facility; a supervisor those of their region (all, if national)."""
    if not allows(user.role, Capability.MANAGE_DIRECTORY):
        return False
    regional = reach_of(user.role) is Reach.REGION and user.region is not None
    return not regional or same_region(user.region, region)


def check_fields(fields: FacilityFields) -> None:
    errors = []
    for name, longest in TEXT_LIMITS.items():
        value = getattr(fields, name)
        if not isinstance(value, str) or not value.strip() or len(value) > longest:
            errors.append(FieldError((name,), message("facility.text_required", limit=longest)))
        elif not value.isprintable():
            errors.append(FieldError((name,), message("facility.control_characters")))
    for name in ("takes_children", "active"):
        if not isinstance(getattr(fields, name), bool):
            errors.append(FieldError((name,), message("facility.true_or_false")))
    if fields.kind not in KINDS:
        errors.append(FieldError(("kind",), message("facility.kind", kinds=", ".join(KINDS))))
    if isinstance(fields.capacity, bool) or not isinstance(fields.capacity, int):
        errors.append(FieldError(("capacity",), message("facility.capacity_number")))
    elif not 1 <= fields.capacity <= 10_000:
        errors.append(FieldError(("capacity",), message("facility.capacity_range")))
    if errors:
        raise InvalidData(errors)


def is_child_case(data: dict[str, Any], today: date) -> bool:
    """Under 18, or not known to be an adult: an unknown age is treated as a child's, and so is
    an uncertain one presumed a child's (CoE Convention Art. 10.3), whatever the estimated date of
    birth says."""
    if data.get("age_presumed") is True:
        return True
    if data.get("is_child") is False:
        return False
    born = data.get("date_of_birth")
    if isinstance(born, str):
        try:
            return age_on(born, today.isoformat()) < 18
        except ValueError:
            return True
    return True


def placed_facility(data: dict[str, Any]) -> int | None:
    """The facility a case's child stays in, by its data (see the module docstring). A process
    that records where the child is (`child_location`, child_return) is read by that: a proposal
    to move the child is not the move."""
    if "child_location" in data:
        staying = data["child_location"] in RESIDENTIAL_PLACEMENTS
    else:
        staying = data.get("placement") in RESIDENTIAL_PLACEMENTS and (
            data.get("long_term_solution_approved") is not True
        )
    if not staying:
        return None
    try:
        return int(str(data.get("facility_id")))
    except ValueError:
        return None


# --- queries and commands ---------------------------------------------------------------------


def _occupancy(session: Session) -> dict[int, int]:
    rows = session.exec(
        select(Placement.facility_id, func.count())
        .where(col(Placement.ended_at).is_(None))
        .group_by(col(Placement.facility_id))
    ).all()
    return {facility_id: count for facility_id, count in rows}


def _view(facility: Facility, occupied: int) -> FacilityView:
    assert facility.id is not None
    return FacilityView(
        **{name: getattr(facility, name) for name in FIELD_NAMES},
        id=facility.id,
        occupied=occupied,
        free_places=max(0, facility.capacity - occupied),
    )


def facilities(session: Session, include_inactive: bool = False) -> list[FacilityView]:
    """The directory by region and name."""
    statement = select(Facility).order_by(col(Facility.region), col(Facility.name))
    if not include_inactive:
        statement = statement.where(col(Facility.active).is_(True))
    occupancy = _occupancy(session)
    return [_view(f, occupancy.get(f.id or 0, 0)) for f in session.exec(statement).all()]


def facility_choices(session: Session, today: date, case_data: dict[str, Any]) -> list[Choice]:
    """Every active facility for a placement of this case: the family's region first (Annex 1
    D.3: as near to the family's residence as possible; the region is the nearness the data
    knows), then the others; those unsuitable carry the reason they may not be chosen."""
    child = is_child_case(case_data, today)
    home = case_data.get("home_region") or case_data.get("family_home_region")
    current = placed_facility(case_data)
    listed = facilities(session)
    listed.sort(key=lambda f: not (isinstance(home, str) and same_region(f.region, home)))
    choices = []
    for f in listed:
        refusal = None
        if child and not f.takes_children:
            refusal = message("facility.no_children", facility=f.name)
        elif f.free_places == 0 and f.id != current:
            refusal = message(
                "facility.full", facility=f.name, occupied=f.occupied, capacity=f.capacity
            )
        label = f"{f.name} ({f.region}): {f.free_places} of {f.capacity} places free"
        choices.append(Choice(str(f.id), label, refusal))
    return choices


def sync_placement(
    session: Session, case_id: int, data: dict[str, Any], completed: bool, now: datetime
) -> None:
    """Within a case step: open, move or end the case's placement to match its data. A place
    is taken under a lock of the facility row, so two steps cannot both take the last one."""
    facility_id = None if completed else placed_facility(data)
    current = session.exec(
        select(Placement).where(Placement.case_id == case_id, col(Placement.ended_at).is_(None))
    ).first()
    if current is not None and current.facility_id == facility_id:
        return
    if current is not None:
        current.ended_at = now
        session.add(current)
    if facility_id is None:
        return
    facility = session.exec(
        select(Facility).where(Facility.id == facility_id).with_for_update()
    ).first()
    if facility is None:
        raise InvalidData([FieldError(("data", "facility_id"), message("facility.unknown"))])
    taken = _occupancy(session).get(facility_id, 0)
    if taken >= facility.capacity:
        raise InvalidData(
            [
                FieldError(
                    ("data", "facility_id"), message("facility.no_place", facility=facility.name)
                )
            ]
        )
    session.add(Placement(case_id=case_id, facility_id=facility_id, started_at=now))


class Directory:
    """The directory as the API and the pages use it (they check `can_manage` first); each
    change is one transaction."""

    def __init__(self, db: Engine, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def list(self, user: Principal, include_inactive: bool = False) -> list[FacilityView]:
        with Session(self.db) as session:
            return [f.shown_to(user) for f in facilities(session, include_inactive)]

    def get(self, user: Principal, facility_id: int) -> FacilityView:
        with Session(self.db) as session:
            return _view(*self._load(session, facility_id)).shown_to(user)

    def create(self, actor: str, fields: FacilityFields) -> FacilityView:
        check_fields(fields)
        with Session(self.db) as session:
            facility = Facility(**asdict(fields), updated_at=self.clock.now(), updated_by=actor)
            session.add(facility)
            session.commit()
            session.refresh(facility)
            return _view(facility, 0)

    def update(self, actor: str, facility_id: int, changes: dict[str, Any]) -> FacilityView:
        """Change some fields (`active: false` deactivates: no new placements, history kept)."""
        unknown = sorted(set(changes) - set(FIELD_NAMES))
        if unknown:
            raise InvalidData(
                [FieldError((name,), message("facility.not_a_field")) for name in unknown]
            )
        with Session(self.db) as session:
            facility, occupied = self._load(session, facility_id)
            current = {name: getattr(facility, name) for name in FIELD_NAMES}
            fields = FacilityFields(**{**current, **changes})
            check_fields(fields)
            if fields.capacity < occupied:
                below = message("facility.capacity_below_occupied", occupied=occupied)
                raise InvalidData([FieldError(("capacity",), below)])
            for name, value in asdict(fields).items():
                setattr(facility, name, value)
            facility.updated_at = self.clock.now()
            facility.updated_by = actor
            session.add(facility)
            session.commit()
            session.refresh(facility)
            return _view(facility, occupied)

    @staticmethod
    def _load(session: Session, facility_id: int) -> tuple[Facility, int]:
        facility = session.get(Facility, facility_id)
        if facility is None:
            raise NotFound(f"no facility {facility_id} in the directory")
        return facility, _occupancy(session).get(facility_id, 0)

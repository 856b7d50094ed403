"""A fictional service directory (Art. 5.C.2) for the demo and the tests: shelters and centres in
a few regions, one of them for adults only. Names, addresses and telephone numbers are made up."""

from __future__ import annotations

from collections.abc import Iterator

from sqlmodel import Session

from engine.directory.facilities import Directory, FacilityFields, facilities
from engine.nrm_engine import NrmEngine

DEMO_FACILITIES: tuple[FacilityFields, ...] = (
    FacilityFields(
        "Strehëza Ylberi", "shelter", "Elbasan", "Rruga e Ullishtes 4, Elbasan", 8, True,
        "+355 69 000 0101",
    ),
    FacilityFields(
        "Qendra Dielli për të Rritur", "centre", "Elbasan", "Lagjja Aqif Pasha 9, Elbasan", 12,
        False, "+355 69 000 0102",
    ),
    FacilityFields(
        "Shtëpia Lulja", "shelter", "Tiranë", "Rruga e Pishave 17, Tiranë", 10, True,
        "+355 69 000 0201",
    ),
    FacilityFields(
        "Qendra Vatra e Re", "centre", "Vlorë", "Rruga e Skelës 3, Vlorë", 6, True,
        "+355 69 000 0301",
    ),
    FacilityFields(
        "Strehëza Bregu", "shelter", "Shkodër", "Rruga e Liqenit 21, Shkodër", 5, True,
        "+355 69 000 0401",
    ),
)  # fmt: skip


def add_demo_facilities(engine: NrmEngine) -> int:
    """The demo facilities, unless the directory has some already; how many were added."""
    with Session(engine.db) as session:
        if facilities(session, include_inactive=True):
            return 0
    directory = Directory(engine.db, engine.clock)
    for fields in DEMO_FACILITIES:
        directory.create("demo", fields)
    return len(DEMO_FACILITIES)


def seed_directory(engine: NrmEngine) -> Iterator[str]:
    added = add_demo_facilities(engine)
    if added:
        yield f"Service directory: {added} facilities added."
    else:
        yield "The service directory has facilities already; none added."

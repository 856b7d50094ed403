"""The reference data a new database starts with (schema revision 0011 inserts it; admins keep
it current afterwards): Albania's twelve regions (qarqe) and its courts of first instance,
each as (value the case stores, Albanian name, English name).

The courts are the district courts ("Gjykata e Rrethit Gjyqësor …") that receive petitions for
custody and guardianship; a change of the judicial map is an admin's edit, not a release."""

from __future__ import annotations

REGIONS: tuple[tuple[str, str, str], ...] = (
    ("Berat", "Berat", "Berat"),
    ("Dibër", "Dibër", "Diber"),
    ("Durrës", "Durrës", "Durres"),
    ("Elbasan", "Elbasan", "Elbasan"),
    ("Fier", "Fier", "Fier"),
    ("Gjirokastër", "Gjirokastër", "Gjirokaster"),
    ("Korçë", "Korçë", "Korce"),
    ("Kukës", "Kukës", "Kukes"),
    ("Lezhë", "Lezhë", "Lezhe"),
    ("Shkodër", "Shkodër", "Shkoder"),
    ("Tiranë", "Tiranë", "Tirana"),
    ("Vlorë", "Vlorë", "Vlore"),
)

_COURT_SEATS: tuple[tuple[str, str], ...] = (
    ("Berat", "Berat"),
    ("Dibër", "Diber"),
    ("Durrës", "Durres"),
    ("Elbasan", "Elbasan"),
    ("Fier", "Fier"),
    ("Gjirokastër", "Gjirokaster"),
    ("Has", "Has"),
    ("Kavajë", "Kavaje"),
    ("Korçë", "Korce"),
    ("Krujë", "Kruje"),
    ("Kukës", "Kukes"),
    ("Kurbin", "Kurbin"),
    ("Lezhë", "Lezhe"),
    ("Lushnjë", "Lushnje"),
    ("Mat", "Mat"),
    ("Përmet", "Permet"),
    ("Pogradec", "Pogradec"),
    ("Sarandë", "Sarande"),
    ("Shkodër", "Shkoder"),
    ("Tiranë", "Tirana"),
    ("Tropojë", "Tropoje"),
    ("Vlorë", "Vlore"),
)

COURTS: tuple[tuple[str, str, str], ...] = tuple(
    (f"Gjykata e Rrethit Gjyqësor {sq}", f"Gjykata e Rrethit Gjyqësor {sq}", f"{en} District Court")
    for sq, en in _COURT_SEATS
)

SEED: dict[str, tuple[tuple[str, str, str], ...]] = {"region": REGIONS, "court": COURTS}

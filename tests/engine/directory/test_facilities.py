"""The service directory (Art. 5.C.2): who manages it, who sees where facilities are, free places
that follow the children placed, and placement tasks that choose from it (Annex 1 D.3)."""

from __future__ import annotations

from dataclasses import asdict
from dataclasses import fields as dataclass_fields
from typing import Any

from fastapi.testclient import TestClient

from cli.demo_directory import DEMO_FACILITIES
from engine.access.users import Principal
from engine.base.clock import ManualClock
from engine.directory.facilities import LOCATING_FIELDS, FacilityView
from forms.classification import CLASSIFICATION
from tests.support.auth import bearer, csrf_of, sign_in
from tests.support.walks import CaseWalk, return_home

KORCE_SHELTER = {
    "name": "Strehëza Bliri",
    "kind": "shelter",
    "region": "Korçë",
    "address": "Rruga e Bliut 5, Korçë",
    "capacity": 1,
    "takes_children": True,
    "out_of_hours_contact": "+355 69 000 0501",
}


def listed(client: TestClient, user: str, **params: Any) -> dict[str, dict[str, Any]]:
    response = client.get("/api/directory", params=params, headers=bearer(client, user))
    assert response.status_code == 200, response.text
    return {f["name"]: f for f in response.json()}


def add(client: TestClient, user: str, facility: dict[str, Any]) -> Any:
    return client.post("/api/directory", json=facility, headers=bearer(client, user))


def child_shelter_of(region: str) -> str:
    return next(f.name for f in DEMO_FACILITIES if f.region == region and f.takes_children)


def adult_centre_of(region: str) -> str:
    return next(f.name for f in DEMO_FACILITIES if f.region == region and not f.takes_children)


def test_admins_and_the_regions_supervisor_manage_the_directory(client: TestClient) -> None:
    before = listed(client, "admin", include_inactive=True)
    assert add(client, "supervisor", KORCE_SHELTER).status_code == 403, "Elbasan's supervisor"
    assert add(client, "social.worker", KORCE_SHELTER).status_code == 403
    created = add(client, "supervisor.korce", KORCE_SHELTER)
    assert created.status_code == 201, created.text
    assert created.json()["free_places"] == 1 and created.json()["active"] is True

    elbasan = listed(client, "supervisor")[child_shelter_of("Elbasan")]
    foreign = client.patch(
        f"/api/directory/{elbasan['id']}",
        json={"capacity": 30},
        headers=bearer(client, "supervisor.korce"),
    )
    assert foreign.status_code == 403 and "Elbasan" in foreign.json()["detail"]
    moved = client.patch(
        f"/api/directory/{created.json()['id']}",
        json={"region": "Elbasan"},
        headers=bearer(client, "supervisor.korce"),
    )
    assert moved.status_code == 403, "a supervisor cannot hand a facility to another region"

    closed = client.patch(
        f"/api/directory/{created.json()['id']}",
        json={"active": False},
        headers=bearer(client, "admin"),
    )
    assert closed.status_code == 200 and closed.json()["active"] is False
    assert KORCE_SHELTER["name"] not in listed(client, "social.worker")
    assert KORCE_SHELTER["name"] in listed(client, "admin", include_inactive=True)
    assert len(listed(client, "admin", include_inactive=True)) == len(before) + 1


def test_bad_facility_data_is_refused_field_by_field_and_nothing_is_stored(
    client: TestClient,
) -> None:
    before = listed(client, "admin", include_inactive=True)
    bad = {**KORCE_SHELTER, "kind": "hotel", "capacity": 0, "address": " "}
    response = add(client, "admin", bad)
    assert response.status_code == 422
    fields = {error["loc"][0] for error in response.json()["detail"]}
    assert fields == {"kind", "capacity", "address"}
    assert listed(client, "admin", include_inactive=True) == before
    elbasan = before[child_shelter_of("Elbasan")]
    unknown = client.patch(
        f"/api/directory/{elbasan['id']}", json={"colour": "red"}, headers=bearer(client, "admin")
    )
    assert unknown.status_code == 422
    assert listed(client, "admin", include_inactive=True) == before


def test_locations_are_shown_only_to_roles_that_place_or_supervise(client: TestClient) -> None:
    name = child_shelter_of("Elbasan")
    address = next(f.address for f in DEMO_FACILITIES if f.name == name)
    for user in ("social.worker", "case.manager", "sss.officer", "supervisor", "admin"):
        assert listed(client, user)[name]["address"] == address, user
    for user in ("border.officer", "court.clerk", "auditor", "drra.officer", "authority"):
        shown = listed(client, user)[name]
        assert shown["address"] == shown["out_of_hours_contact"] == "[withheld]", user
        assert (shown["region"], shown["free_places"]) == ("Elbasan", 8), user
        assert address not in client.get("/api/directory", headers=bearer(client, user)).text
    client.cookies.clear()
    sign_in(client, "border.officer")
    page = client.get("/directory")
    assert page.status_code == 200 and name in page.text
    assert address not in page.text and 'action="/directory"' not in page.text


def test_a_regional_user_sees_only_their_own_region_s_locations(client: TestClient) -> None:
    elsewhere = child_shelter_of("Tiranë")
    address = next(f.address for f in DEMO_FACILITIES if f.name == elsewhere)
    for user in ("social.worker", "case.manager", "sss.officer", "supervisor"):  # all Elbasan
        shown = listed(client, user)[elsewhere]
        assert shown["address"] == shown["out_of_hours_contact"] == "[withheld]", user
        assert (shown["region"], shown["name"]) == ("Tiranë", elsewhere), user
        assert address not in client.get("/api/directory", headers=bearer(client, user)).text
    assert listed(client, "admin")[elsewhere]["address"] == address


def walk_to_shelter(client: TestClient, clock: ManualClock) -> CaseWalk:
    """D.4: the parents cannot be reached, so the child goes to a shelter at once, until they
    are found."""
    walk = CaseWalk(client, clock)
    walk.complete("record_child_wishes", child_wishes_return=True, family_implicated=False)
    walk.complete("contact_parents", parents_reachable=False)
    return walk


def test_free_places_fall_when_a_child_is_placed_and_rise_when_the_child_leaves(
    client: TestClient, clock: ManualClock
) -> None:
    name = child_shelter_of("Elbasan")
    assert listed(client, "social.worker")[name]["free_places"] == 8
    walk = walk_to_shelter(client, clock)
    walk.complete("place_in_shelter", actor="social.worker")
    walk.complete("review_immediate_placement", immediate_placement_decision="approved")
    assert walk.ready() == ["record_search_attempt"]
    assert listed(client, "border.officer")[name]["free_places"] == 7
    reduce = client.patch(
        f"/api/directory/{listed(client, 'admin')[name]['id']}",
        json={"capacity": 0},
        headers=bearer(client, "admin"),
    )
    assert reduce.status_code == 422
    # D.4: the parents are found; the family is not implicated, so release is proposed: the
    # child stays in the shelter until the return (a proposal is not a move).
    walk.complete("record_search_attempt", actor="social.worker", search_result="found")
    assert walk.refresh()["data"]["placement"] == "family"
    assert listed(client, "border.officer")[name]["free_places"] == 7
    walk.complete("approve_placement", placement_approved=True)
    return_home(walk)
    assert listed(client, "border.officer")[name]["free_places"] == 8


def test_a_placement_offers_the_family_region_first_and_refuses_unsuitable_facilities(
    client: TestClient, clock: ManualClock
) -> None:
    # Berat sorts before Elbasan, the family's region: only nearness can put Elbasan first.
    berat = {**KORCE_SHELTER, "name": "Shtëpia Berati", "region": "Berat", "capacity": 5}
    small = {**KORCE_SHELTER, "name": "Strehëza Bliri", "region": "Elbasan"}
    for facility in (berat, small):
        assert add(client, "admin", facility).status_code == 201
    facilities = listed(client, "admin")
    region_of = {f["id"]: f["region"] for f in facilities.values()}
    first = walk_to_shelter(client, clock)
    form = first.task("place_in_shelter")["form"]["properties"]["facility_id"]
    offered = [int(value) for value in form["enum"]]
    regions = [region_of[i] for i in offered]
    assert regions[:2] == ["Elbasan", "Elbasan"] and "Elbasan" not in regions[2:]
    assert "Berat" in regions, "other regions follow (Annex 1 D.3)"
    assert facilities[adult_centre_of("Elbasan")]["id"] not in offered, "adults only"
    assert offered[0] == facilities[small["name"]]["id"]
    assert form["x-enum-labels"][0] == "Strehëza Bliri (Elbasan): 1 of 1 places free"

    adult_only = facilities[adult_centre_of("Elbasan")]["id"]
    refused = client.post(
        f"/api/tasks/{first.task('place_in_shelter')['id']}/complete",
        json={"data": submission(adult_only)},
        headers=bearer(client, "social.worker"),
    )
    assert refused.status_code == 422
    message = refused.json()["detail"][0]["msg"]
    assert (
        message
        == "Qendra Dielli për të Rritur does not take children; choose a facility for children"
    )
    assert first.ready() == ["place_in_shelter"], "nothing changed"

    first.complete("place_in_shelter")
    assert first.refresh()["data"]["facility_id"] == str(offered[0])
    assert listed(client, "admin")[small["name"]]["free_places"] == 0
    second = walk_to_shelter(client, clock)
    shown = second.task("place_in_shelter")["form"]["properties"]["facility_id"]["enum"]
    full = facilities[small["name"]]["id"]
    assert str(full) not in shown and shown, "a full facility is not offered; others are"
    response = client.post(
        f"/api/tasks/{second.task('place_in_shelter')['id']}/complete",
        json={"data": submission(full)},
        headers=bearer(client, "social.worker"),
    )
    assert response.status_code == 422
    assert "Strehëza Bliri has no free place (1 of 1 taken)" in response.text


def submission(facility_id: int) -> dict[str, Any]:
    return {
        "facility_id": str(facility_id),
        "shelter_placement_date": "2026-03-02",
        "shelter_approved_by_molsa": True,
        "responsibility_taken": True,
    }


def test_the_directory_page_adds_and_edits_with_csrf_and_names_bad_fields(
    client: TestClient,
) -> None:
    sign_in(client, "supervisor.korce")
    page = client.get("/directory")
    assert page.status_code == 200 and 'action="/directory"' in page.text
    form = {k: str(v) for k, v in KORCE_SHELTER.items() if k != "takes_children"}
    form |= {"takes_children": "on", "active": "on", "csrf": csrf_of(page.text)}
    bad = client.post("/directory", data={**form, "capacity": "many"})
    assert bad.status_code == 422 and "a whole number of places" in bad.text
    assert KORCE_SHELTER["name"] not in listed(client, "admin")
    no_token = client.post("/directory", data={**form, "csrf": "forged"})
    assert no_token.status_code in (400, 403)
    done = client.post("/directory", data=form, follow_redirects=False)
    assert done.status_code == 303
    created = listed(client, "admin")[KORCE_SHELTER["name"]]
    assert created["takes_children"] is True and created["capacity"] == 1

    edit = client.get(f"/directory/{created['id']}")
    assert edit.status_code == 200 and KORCE_SHELTER["address"] in edit.text
    changed = {**form, "capacity": "3", "csrf": csrf_of(edit.text)}
    del changed["active"]  # unticked: taken out of use
    saved = client.post(f"/directory/{created['id']}", data=changed, follow_redirects=False)
    assert saved.status_code == 303
    after = listed(client, "admin", include_inactive=True)[KORCE_SHELTER["name"]]
    assert (after["capacity"], after["active"]) == (3, False)


def test_the_case_page_names_the_facility_a_child_is_placed_in(
    client: TestClient, clock: ManualClock
) -> None:
    walk = walk_to_shelter(client, clock)
    walk.complete("place_in_shelter", actor="social.worker")
    facility_id = walk.refresh()["data"]["facility_id"]
    facility = client.get(f"/api/directory/{facility_id}", headers=bearer(client, "social.worker"))
    sign_in(client, "social.worker")
    page = client.get(f"/cases/{walk.id}").text
    assert f"<dd>{facility.json()['name']} (Elbasan)</dd>" in page
    assert f"<dd>{facility_id}</dd>" not in page


def test_every_field_of_a_facility_declares_its_classification() -> None:
    """Art. 4 by allow-list in the directory too: what locates the children a facility shelters
    is withheld from those without need, and a new field without a classification with it."""
    declared = {f.name: f.metadata.get(CLASSIFICATION) for f in dataclass_fields(FacilityView)}
    assert all(found in ("procedural", "personal") for found in declared.values()), declared
    assert set(LOCATING_FIELDS) == {"address", "out_of_hours_contact"}
    view = FacilityView(**asdict(DEMO_FACILITIES[0]), id=1, occupied=0, free_places=3)
    shown = view.shown_to(Principal("border.officer", "border_police", "Elbasan"))
    assert (shown.address, shown.out_of_hours_contact) == ("[withheld]", "[withheld]")
    assert (shown.name, shown.free_places) == (view.name, 3)

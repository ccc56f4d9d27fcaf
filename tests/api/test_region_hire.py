"""Hiring across the members of a region that share their candidates.

The world: the region Haaglanden with its policy; Delft (GM0503) shares its
candidates, Den Haag (GM0518) has the openings and an awarded contract. A
region round of Den Haag proposes Delft's candidate to Den Haag's openings;
Den Haag's supplier hires her. The hire is counted on Den Haag's contract
under a record of Den Haag's own: a linked copy of the pseudonymous record
(same region pseudonym, no identity), made once and audited. The person's
other proposals end in both organisations, and the region's double counting
check still sees one person. A supplier sees only what was proposed to it:
those proposals, and those candidates, whichever member's they are."""
import json
import os
from urllib.parse import quote

import pytest

from conftest import add_user

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
A, B = "GM0518", "GM0503"
PASSWORD = "region-hire-password-1"


def ok(r, status=None):
    assert (r.status < 400 if status is None else r.status == status), r
    return r.json


def org_id(c, code):
    return ok(c.get(f"/organisations?code={code}"), 200)["items"][0]["id"]


def candidate(c, org, groups=("participatiewet",), occupations=("7115.1",), postcode="2512 CE"):
    return ok(c.post("/candidates", {"organisation": org, "postcode": postcode, "target_groups": list(groups),
                                     "occupations": list(occupations), "hours_per_week": 36,
                                     "education_level": "mbo2", "available_from": "2026-01-01"}), 201)


def opening(c, org, supplier, contract=None, postcode="2511 AB"):
    body = {"organisation": org, "supplier_id": supplier["id"], "kind": "job", "esco_code": "7115.1",
            "postcode": postcode, "hours_per_week": 36, "start_date": "2027-01-01"}
    if contract:
        body["contract_id"] = contract["id"]
    return ok(c.post("/openings", body), 201)


def awarded_contract(c, org, supplier, reference):
    k = ok(c.post("/contracts", {"organisation": org, "reference": reference, "title": "Onderhoud",
                                 "cpv_code": "45000000-7", "kind": "works", "value_cents": 100000000,
                                 "start_date": "2026-01-01", "end_date": "2029-12-31",
                                 "supplier_id": supplier["id"]}), 201)
    return ok(c.post(f"/contracts/{k['id']}/award", {"award_date": "2025-12-01"}), 200)


@pytest.fixture(scope="module")
def world(server):
    c = server.client()
    with open(os.path.join(ROOT, "policies", "haaglanden-zhc-2023.json")) as f:
        ok(c.put("/organisations/haaglanden/policies", json.load(f)), 201)
    ok(c.patch(f"/organisations/{org_id(c, B)}", {"share_candidates": True}), 200)
    w = {"c": c}
    w["sa"] = ok(c.post("/suppliers", {"organisation": A, "kvk": "82000001", "name": "Timmerwerk Haag"}), 201)
    w["sa2"] = ok(c.post("/suppliers", {"organisation": A, "kvk": "82000002", "name": "Bouw Haag"}), 201)
    w["sb"] = ok(c.post("/suppliers", {"organisation": B, "kvk": "82000003", "name": "Bouw Delft"}), 201)
    w["ka"] = awarded_contract(c, A, w["sa"], "R-A1")
    w["kb"] = awarded_contract(c, B, w["sb"], "R-B1")
    w["oa"] = opening(c, A, w["sa"], w["ka"])
    w["oa2"] = opening(c, A, w["sa2"])
    w["ob"] = opening(c, B, w["sb"], w["kb"], postcode="2611 AA")
    # Delft's candidates: x (known by BSN, so pseudonymous across the
    # region), z, and y, whom nothing fits (a cook).
    w["x"] = candidate(c, B)
    ok(c.put(f"/candidates/{w['x']['id']}/identity", {"name": "M. de Wit", "bsn": "111222333"}), 200)
    w["z"] = candidate(c, B, groups=("ww",))
    w["y"] = candidate(c, B, occupations=("5120.1",))
    run = ok(c.post("/matching/runs", {"organisation": A, "scope": "region", "proposals_per_candidate": 3}), 201)
    w["run"] = run
    props = ok(c.get(f"/matching/runs/{run['id']}/proposals?limit=500"), 200)["items"]
    w["props"] = {(p["candidate_id"], p["opening_id"]): p for p in props}
    add_user(server.db, A, "supplier", "sa@region.example", PASSWORD, supplier=w["sa"]["id"])
    add_user(server.db, B, "consultant", "consultant@delft.example", PASSWORD)
    w["sup"] = server.login("sa@region.example", PASSWORD)
    w["delft"] = server.login("consultant@delft.example", PASSWORD)
    return w


def proposal(w, cand, opening_):
    return w["props"][(w[cand]["id"], w[opening_]["id"])]


def test_a_region_round_proposes_a_sharing_members_candidate_to_another_members_openings(world):
    for o in ("oa", "oa2", "ob"):
        p = proposal(world, "x", o)
        assert p["organisation"] == B and p["status"] == "proposed" and p["source"] == "round"
    assert proposal(world, "x", "oa")["supplier_id"] == world["sa"]["id"]
    assert world["y"]["id"] not in {cid for cid, _ in world["props"]}


def test_a_supplier_sees_only_what_was_proposed_to_it(world, unchanged):
    sup = world["sup"]
    seen = ok(sup.get("/proposals?limit=500"), 200)["items"]
    assert seen and {p["supplier_id"] for p in seen} == {world["sa"]["id"]}
    assert proposal(world, "x", "oa")["id"] in {p["id"] for p in seen}
    for other in (proposal(world, "x", "oa2"), proposal(world, "x", "ob")):
        assert sup.get(f"/proposals/{other['id']}").status == 404
    with unchanged():
        assert sup.post(f"/proposals/{proposal(world, 'x', 'ob')['id']}/hire",
                        {"start_date": "2027-01-01", "end_date": "2027-12-31"}).status == 404


SUPPLIER_FIELDS = {"id", "organisation", "postcode", "occupations", "education_level", "hours_per_week",
                   "max_travel_km", "available_from", "driving_licence", "status", "created_at", "updated_at"}


def test_a_supplier_sees_the_other_members_candidates_proposed_to_it_and_no_more(world, server, unchanged):
    sup, c = world["sup"], world["c"]
    proposed = {p["candidate_id"] for p in ok(sup.get("/proposals?limit=500"), 200)["items"]}
    x, y = world["x"], world["y"]
    assert x["id"] in proposed and y["id"] not in proposed
    with unchanged():
        # Delft's candidate proposed to its opening: the pseudonymous fields
        # a supplier is shown of its own organisation's candidates, no more
        seen = ok(sup.get(f"/candidates/{x['id']}"), 200)
        assert set(seen) == SUPPLIER_FIELDS and seen["organisation"] == B
        for field in SUPPLIER_FIELDS - {"updated_at"}:
            assert seen[field] == x[field], field
        assert sup.get(f"/candidates/{x['id']}/identity").status == 403
        # the list holds exactly the candidates proposed to it, whichever
        # member's they are; Delft's others stay invisible
        listed = ok(sup.get("/candidates?limit=500"), 200)["items"]
        assert {k["id"] for k in listed} == proposed
        assert all(set(k) == SUPPLIER_FIELDS for k in listed)
        assert sup.get(f"/candidates/{y['id']}").status == 404
        by_postcode = ok(sup.get(f"/candidates?postcode={quote(x['postcode'])}&limit=500"), 200)["items"]
        assert x["id"] in {k["id"] for k in by_postcode}
        # fields it is not shown cannot be filtered on either
        assert sup.get("/candidates?external_id=x").status == 400
        # ?organisation= names the caller's own organisation, as everywhere
        assert ok(sup.get(f"/candidates?organisation={B}"), 200)["items"] == []
        # and it cannot write them
        assert sup.patch(f"/candidates/{x['id']}", {"status": "archived"}).status == 403
    # Another supplier of Den Haag sees the proposals to its own openings
    # only (Bouw Haag: oa2, with the same person)
    add_user(server.db, A, "supplier", "sa2@region.example", PASSWORD, supplier=world["sa2"]["id"])
    sup2 = server.login("sa2@region.example", PASSWORD)
    proposed2 = {p["candidate_id"] for p in ok(sup2.get("/proposals?limit=500"), 200)["items"]}
    assert {k["id"] for k in ok(sup2.get("/candidates?limit=500"), 200)["items"]} == proposed2
    # Den Haag's other roles keep seeing Den Haag's candidates only: a
    # region shortlist names Delft's candidates by id and score, not their
    # records (docs/matching.md), and proposals to Den Haag's openings do
    # not change that
    w = candidate(c, B)
    add_user(server.db, A, "consultant", "consultant@haag.example", PASSWORD)
    haag = server.login("consultant@haag.example", PASSWORD)
    short = ok(haag.get(f"/openings/{world['oa']['id']}/shortlist?scope=region&k=50"), 200)["items"]
    assert [h["candidate_id"] for h in short] == [w["id"]]
    assert set(short[0]) == {"candidate_id", "score", "components", "distance_m", "occupation_fit"}
    for k in (w, x):
        assert haag.get(f"/candidates/{k['id']}").status == 404
    assert not {k["id"] for k in ok(haag.get("/candidates?limit=500"), 200)["items"]} & {w["id"], x["id"]}


def test_hiring_another_members_candidate_counts_on_the_openings_contract(world, unchanged):
    c, sup = world["c"], world["sup"]
    px = proposal(world, "x", "oa")
    assert ok(c.post(f"/proposals/{px['id']}/introduce"), 200)["status"] == "introduced"
    with unchanged():
        # the candidate's organisation does not record the employer's answer
        r = world["delft"].post(f"/proposals/{px['id']}/hire", {"start_date": "2027-01-01",
                                                               "end_date": "2027-12-31"})
        assert r.status == 403, r
    # A full-time year under Participatiewet: EUR 40,000 on Den Haag's contract.
    hired = ok(sup.post(f"/proposals/{px['id']}/hire", {"start_date": "2027-01-01", "end_date": "2027-12-31",
                                                        "hours_per_week": 36}), 200)
    real = hired["realisation"]
    assert hired["status"] == "hired" and hired["realisation_id"] == real["id"]
    assert real["organisation"] == A and real["contract_id"] == world["ka"]["id"]
    assert real["value_cents"] == 4000000 and real["refusal"] is None and real["status"] == "reported"
    # ... under Den Haag's own record of the person: what valuation needs,
    # placed, without the identity, which stays with Delft
    copy_id = real["candidate_id"]
    assert copy_id != world["x"]["id"]
    copy = ok(c.get(f"/candidates/{copy_id}"), 200)
    x = world["x"]
    assert copy["organisation"] == A and copy["status"] == "placed"
    for field in ("target_groups", "postcode", "occupations", "education_level", "hours_per_week",
                  "available_from", "on_benefit_since"):
        assert copy[field] == x[field], field
    assert c.get(f"/candidates/{copy_id}/identity").status == 404
    assert ok(c.get(f"/candidates/{x['id']}/identity"), 200)["bsn"] == "111222333"
    audit = ok(c.get(f"/audit?entity_id={copy_id}&limit=500"), 200)["items"]
    assert [a["action"] for a in audit] == ["create", "place"]
    assert audit[0]["organisation"] == A
    assert audit[0]["changes"]["copied_from"] == {"organisation": B, "candidate_id": x["id"],
                                                  "proposal_id": px["id"]}
    assert "111222333" not in json.dumps(audit)
    # the person's other proposals ended, in both organisations; Delft's
    # record is placed; the one-position opening is filled
    for o in ("oa2", "ob"):
        other = ok(c.get(f"/proposals/{proposal(world, 'x', o)['id']}"), 200)
        assert (other["status"], other["declined_by"], other["reason"]) == ("declined", "system", "hired elsewhere")
    assert ok(c.get(f"/candidates/{x['id']}"), 200)["status"] == "placed"
    assert ok(c.get(f"/openings/{world['oa']['id']}"), 200)["status"] == "filled"
    world["copy_id"] = copy_id


def test_the_region_still_counts_the_person_once(world, unchanged):
    c = world["c"]
    overlapping = {"kind": "hire", "start_date": "2027-06-01", "end_date": "2027-09-30", "hours_per_week": 36}
    with unchanged():
        # Delft hires its own record of her on its contract meanwhile
        r = c.post("/realisations", {"organisation": B, "contract_id": world["kb"]["id"],
                                     "candidate_id": world["x"]["id"], **overlapping})
        assert r.status == 409 and r.json["error"]["code"] == "double_counting", r
    # and Den Haag's record counts once across its contracts too
    k2 = awarded_contract(c, A, world["sa"], "R-A2")
    with unchanged():
        r = c.post("/realisations", {"organisation": A, "contract_id": k2["id"],
                                     "candidate_id": world["copy_id"], **overlapping})
        assert r.status == 409 and r.json["error"]["code"] == "double_counting", r


def test_a_later_hire_of_the_same_person_finds_the_same_record(world):
    c = world["c"]
    x = world["x"]
    ok(c.patch(f"/candidates/{x['id']}", {"status": "active"}), 200)
    o3 = opening(c, A, world["sa"], world["ka"])
    p = ok(c.post("/proposals", {"opening_id": o3["id"], "candidate_id": x["id"]}), 201)
    ok(c.post(f"/proposals/{p['id']}/introduce"), 200)
    hired = ok(c.post(f"/proposals/{p['id']}/hire", {"start_date": "2028-01-01", "end_date": "2028-06-30",
                                                     "hours_per_week": 36}), 200)
    assert hired["realisation"]["candidate_id"] == world["copy_id"]
    assert hired["realisation"]["refusal"] is None
    copies = [k for k in ok(c.get(f"/candidates?organisation={A}&limit=500"), 200)["items"]
              if k["postcode"] == x["postcode"] and k["target_groups"] == x["target_groups"]]
    assert [k["id"] for k in copies] == [world["copy_id"]]


def test_a_hire_is_refused_once_the_member_no_longer_shares(world, unchanged):
    c = world["c"]
    z = world["z"]
    o4 = opening(c, A, world["sa"], world["ka"])
    p = ok(c.post("/proposals", {"opening_id": o4["id"], "candidate_id": z["id"]}), 201)
    ok(c.post(f"/proposals/{p['id']}/introduce"), 200)
    delft = org_id(c, B)
    ok(c.patch(f"/organisations/{delft}", {"share_candidates": False}), 200)
    try:
        with unchanged():
            r = c.post(f"/proposals/{p['id']}/hire", {"start_date": "2027-01-01", "end_date": "2027-12-31"})
            assert r.status == 409 and r.json["error"]["code"] == "not_shared", r
    finally:
        ok(c.patch(f"/organisations/{delft}", {"share_candidates": True}), 200)
    # shared again, the hire counts: WW full time for a year, EUR 20,000
    hired = ok(c.post(f"/proposals/{p['id']}/hire", {"start_date": "2027-01-01", "end_date": "2027-12-31",
                                                     "hours_per_week": 36}), 200)
    assert hired["realisation"]["value_cents"] == 2000000
    assert hired["realisation"]["candidate_id"] not in (z["id"], world["copy_id"])

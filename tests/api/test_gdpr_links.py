"""The data subject's rights across a region's linked records (docs/privacy.md).

When a member hires another member's candidate, it makes a linked copy of
the pseudonymous record (same region pseudonym, no identity); a copy may be
hired on by a third member. Those records are one person's: `sroi gdpr
export` of any of them hands over all of them, and `sroi gdpr erase` of any
of them erases the person in all of them, both ways along the links. Records
the links do not reach (a member's own record of someone with the same BSN,
another person) are left alone; the figures stay, to the cent.

The world: the region Haaglanden with its policy; Delft (GM0503) and Den
Haag (GM0518) share their candidates; Rijswijk (GM0603) joins the region.
Den Haag hires Delft's candidate x (copy a), then Rijswijk hires Den Haag's
record of her (copy c, copied from a)."""
import json
import os

import pytest

from conftest import key_args, run_sroi

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
A, B, C, OUTSIDE = "GM0518", "GM0503", "GM0603", "GM0344"
BSN = "111222333"


def ok(r, status=None):
    assert (r.status < 400 if status is None else r.status == status), r
    return r.json


def org_id(c, code):
    return ok(c.get(f"/organisations?code={code}"), 200)["items"][0]["id"]


def candidate(c, org, **extra):
    body = {"organisation": org, "postcode": "2512 CE", "target_groups": ["participatiewet"],
            "occupations": ["7115.1"], "hours_per_week": 36, "education_level": "mbo2",
            "available_from": "2026-01-01", **extra}
    return ok(c.post("/candidates", body), 201)


def awarded_opening(c, org, kvk, reference):
    s = ok(c.post("/suppliers", {"organisation": org, "kvk": kvk, "name": f"Bouw {org}"}), 201)
    k = ok(c.post("/contracts", {"organisation": org, "reference": reference, "title": "Onderhoud",
                                 "cpv_code": "45000000-7", "kind": "works", "value_cents": 100000000,
                                 "start_date": "2026-01-01", "end_date": "2029-12-31",
                                 "supplier_id": s["id"]}), 201)
    k = ok(c.post(f"/contracts/{k['id']}/award", {"award_date": "2025-12-01"}), 200)
    o = ok(c.post("/openings", {"organisation": org, "supplier_id": s["id"], "contract_id": k["id"],
                                "kind": "job", "esco_code": "7115.1", "postcode": "2511 AB",
                                "hours_per_week": 36, "start_date": "2027-01-01"}), 201)
    return k, o


def hire(c, opening, cand, start, end):
    p = ok(c.post("/proposals", {"opening_id": opening["id"], "candidate_id": cand["id"]}), 201)
    ok(c.post(f"/proposals/{p['id']}/introduce"), 200)
    return ok(c.post(f"/proposals/{p['id']}/hire", {"start_date": start, "end_date": end,
                                                    "hours_per_week": 36}), 200)["realisation"]


def export(server, cand_id):
    return json.loads(run_sroi("gdpr", "export", "--db", server.db, "--candidate", str(cand_id),
                               *key_args(server.db)).stdout)


def summary(c, contract):
    return ok(c.get(f"/contracts/{contract['id']}/summary?as_of=2029-12-31"), 200)


@pytest.fixture(scope="module")
def world(server):
    c = server.client()
    ok(c.post("/organisations", {"code": C, "name": "Rijswijk", "kind": "municipality", "region": "haaglanden"}), 201)
    with open(os.path.join(ROOT, "policies", "haaglanden-zhc-2023.json")) as f:
        ok(c.put("/organisations/haaglanden/policies", json.load(f)), 201)
    for code in (A, B):
        ok(c.patch(f"/organisations/{org_id(c, code)}", {"share_candidates": True}), 200)
    w = {"c": c}
    w["ka"], w["oa"] = awarded_opening(c, A, "83000001", "G-A1")
    w["kc"], w["oc"] = awarded_opening(c, C, "83000002", "G-C1")
    w["x"] = candidate(c, B, external_id="DELFT-4711")
    ok(c.put(f"/candidates/{w['x']['id']}/identity", {"name": "Wilhelmina Koppelaar", "bsn": BSN}), 200)
    # someone else in Delft, and the same person's own record in a
    # municipality outside the region: no link reaches either
    w["other"] = candidate(c, B)
    ok(c.put(f"/candidates/{w['other']['id']}/identity", {"name": "Iemand Anders", "bsn": "123456782"}), 200)
    w["outside"] = candidate(c, OUTSIDE)
    ok(c.put(f"/candidates/{w['outside']['id']}/identity", {"name": "Wilhelmina Koppelaar", "bsn": BSN}), 200)
    # Den Haag hires x: copy a; Rijswijk hires copy a later: copy c of a
    w["ra"] = hire(c, w["oa"], w["x"], "2027-01-01", "2027-12-31")
    w["a"] = ok(c.get(f"/candidates/{w['ra']['candidate_id']}"), 200)
    ok(c.patch(f"/candidates/{w['a']['id']}", {"status": "active"}), 200)
    w["rc"] = hire(c, w["oc"], w["a"], "2028-01-01", "2028-06-30")
    w["cc"] = ok(c.get(f"/candidates/{w['rc']['candidate_id']}"), 200)
    assert len({w["x"]["id"], w["a"]["id"], w["cc"]["id"]}) == 3
    assert (w["a"]["organisation"], w["cc"]["organisation"]) == (A, C)
    return w


def test_an_export_of_any_linked_record_hands_over_all_of_the_persons_records(world, server):
    c, x, a, cc = world["c"], world["x"], world["a"], world["cc"]
    got = export(server, cc["id"])
    assert got["candidate"]["id"] == cc["id"] and got["candidate"]["organisation"] == C
    assert (got["candidate"]["copied_from_organisation"], got["candidate"]["copied_from_candidate_id"]) == (A, a["id"])
    assert got["identity"] is None  # a copy holds none
    assert [r["id"] for r in got["realisations"]] == [world["rc"]["id"]]
    linked = {r["candidate"]["id"]: r for r in got["linked_records"]}
    assert set(linked) == {x["id"], a["id"]}
    assert linked[x["id"]]["identity"] == {"name": "Wilhelmina Koppelaar", "bsn": BSN}
    assert linked[x["id"]]["candidate"]["external_id"] == "DELFT-4711"
    assert linked[x["id"]]["candidate"]["copied_from_organisation"] is None
    assert [r["id"] for r in linked[a["id"]]["realisations"]] == [world["ra"]["id"]]
    assert [p["status"] for p in linked[x["id"]]["proposals"]] == ["hired"]
    pseudonyms = {got["candidate"]["region_pseudonym"]} | {r["candidate"]["region_pseudonym"]
                                                          for r in got["linked_records"]}
    assert len(pseudonyms) == 1 and None not in pseudonyms
    # neither another person nor an unlinked record of the same BSN
    assert "Iemand" not in json.dumps(got) and world["outside"]["id"] not in linked
    # the same from the original, which lists its copies
    again = export(server, x["id"])
    assert {r["candidate"]["id"] for r in again["linked_records"]} == {a["id"], cc["id"]}
    # audited in each organisation whose record it handed over
    for cand in (x, a, cc):
        actions = [e["action"] for e in ok(c.get(f"/audit?entity_id={cand['id']}&limit=500"), 200)["items"]]
        assert actions.count("gdpr_export") == 2, (cand["organisation"], actions)


def test_an_erasure_of_a_copy_erases_the_person_both_ways_and_keeps_the_figures(world, server):
    c, x, a, cc = world["c"], world["x"], world["a"], world["cc"]
    before = [summary(c, world[k]) for k in ("ka", "kc")]
    out = run_sroi("gdpr", "erase", "--db", server.db, "--candidate", str(a["id"])).stdout
    assert "identity erased" in out and "2 linked records" in out
    assert [summary(c, world[k]) for k in ("ka", "kc")] == before  # every figure, to the cent
    # Delft's original lost its identity and external id; every record its
    # region pseudonym; the records and their realisations stay
    assert c.get(f"/candidates/{x['id']}/identity").status == 404
    assert ok(c.get(f"/candidates/{x['id']}"), 200)["external_id"] is None
    got = export(server, x["id"])
    records = [got] + got["linked_records"]
    assert {r["candidate"]["id"] for r in records} == {x["id"], a["id"], cc["id"]}
    assert all(r["identity"] is None and r["candidate"]["region_pseudonym"] is None for r in records)
    assert BSN not in json.dumps(got) and "Koppelaar" not in json.dumps(got)
    assert ok(c.get(f"/realisations/{world['ra']['id']}"), 200)["candidate_id"] == a["id"]
    # each organisation's log says so, without values, and which erasure
    # reached it through a link
    for cand in (x, a, cc):
        entries = ok(c.get(f"/audit?entity_id={cand['id']}&action=erase_identity"), 200)["items"]
        assert len(entries) == 1 and entries[0]["organisation"] == cand["organisation"]
        assert entries[0]["changes"]["erased"] == ["identity", "region_pseudonym", "external_id"]
        assert entries[0]["changes"].get("linked_to") == (None if cand is a else a["id"])
    # what no link reaches stays
    assert ok(c.get(f"/candidates/{world['other']['id']}/identity"), 200)["bsn"] == "123456782"
    assert ok(c.get(f"/candidates/{world['outside']['id']}/identity"), 200)["bsn"] == BSN


def test_the_retention_rule_also_clears_a_copys_pseudonym(world, server):
    c = world["c"]
    # a second person, hired from Delft by Den Haag: a copy with the region
    # pseudonym and no identity
    y = candidate(c, B)
    ok(c.put(f"/candidates/{y['id']}/identity", {"name": "Y. Tweede", "bsn": "222222232"}), 200)
    _, o = awarded_opening(c, A, "83000003", "G-A2")
    copy_id = hire(c, o, y, "2027-01-01", "2027-03-31")["candidate_id"]
    assert export(server, copy_id)["candidate"]["region_pseudonym"]
    far = "2040-01-01"  # far beyond the policy's 36 months after any activity
    out = run_sroi("gdpr", "retention", "--db", server.db, "--as-of", far).stdout
    assert "identities erased" in out
    got = export(server, copy_id)
    assert got["candidate"]["region_pseudonym"] is None
    assert all(r["identity"] is None for r in got["linked_records"])
    entries = ok(c.get(f"/audit?entity_id={copy_id}&action=erase_identity"), 200)["items"]
    assert [e["actor"] for e in entries] == ["retention"]

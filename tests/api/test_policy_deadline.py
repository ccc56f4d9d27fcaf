"""The employer's deadline to answer a proposal comes from the policy
(docs/policies.md): `proposal_deadline_days`, or, in a document written
against the earlier draft, `matching.answer_days`, read as the same deadline.
A document that gives both with different values is refused at the path of
the alias, by the API and by `sroi policy check`.

The world: Den Haag (GM0518) under the region Haaglanden's policy with a
7-day deadline, Utrecht (GM0344, no region) under its own policy that
spells a 21-day deadline the old way."""
import datetime
import json
import os

import pytest

from conftest import run_sroi

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def ok(r, status=None):
    assert (r.status < 400 if status is None else r.status == status), r
    return r.json


def shipped(name):
    with open(os.path.join(ROOT, "policies", name)) as f:
        return json.load(f)


def in_days(n):
    return (datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=n)).isoformat()


def proposal_due(c, org, kvk, postcode):
    s = ok(c.post("/suppliers", {"organisation": org, "kvk": kvk, "name": f"Aannemer {org}"}), 201)
    k = ok(c.post("/contracts", {"organisation": org, "reference": f"D-{org}", "title": "Onderhoud",
                                 "cpv_code": "45000000-7", "kind": "works", "value_cents": 100000000,
                                 "start_date": "2026-01-01", "end_date": "2029-12-31",
                                 "supplier_id": s["id"]}), 201)
    ok(c.post(f"/contracts/{k['id']}/award", {"award_date": "2025-12-01"}), 200)
    o = ok(c.post("/openings", {"organisation": org, "supplier_id": s["id"], "contract_id": k["id"],
                                "kind": "job", "esco_code": "7115.1", "postcode": postcode,
                                "hours_per_week": 36, "start_date": "2027-01-01"}), 201)
    cand = ok(c.post("/candidates", {"organisation": org, "postcode": postcode,
                                     "target_groups": ["participatiewet"], "occupations": ["7115.1"],
                                     "hours_per_week": 36, "education_level": "mbo2",
                                     "available_from": "2026-01-01"}), 201)
    p = ok(c.post("/proposals", {"opening_id": o["id"], "candidate_id": cand["id"]}), 201)
    return p["due_date"]


@pytest.fixture(scope="module")
def world(server):
    c = server.client()
    haaglanden = shipped("haaglanden-zhc-2023.json")
    haaglanden["proposal_deadline_days"] = 7
    ok(c.put("/organisations/haaglanden/policies", haaglanden), 201)
    utrecht = shipped("utrecht.json")
    utrecht["effective_from"] = "2025-01-01"  # in force at the award below
    del utrecht["proposal_deadline_days"]
    utrecht["matching"] = {"answer_days": 21}
    ok(c.put("/organisations/GM0344/policies", utrecht), 201)
    return {"c": c}


def test_a_proposal_is_due_after_the_policys_deadline(world):
    assert proposal_due(world["c"], "GM0518", "84000001", "2511 AB") == in_days(7)


def test_a_policy_written_with_answer_days_sets_the_same_deadline(world):
    assert proposal_due(world["c"], "GM0344", "84000002", "3511 AB") == in_days(21)


def test_a_policy_with_two_different_deadlines_is_refused_at_the_alias(world, tmp_path, unchanged):
    doc = shipped("utrecht.json")
    doc["version"] = "two-deadlines"
    doc["matching"] = {"answer_days": 10}  # proposal_deadline_days stays 15
    with unchanged():
        r = world["c"].put("/organisations/GM0344/policies", doc)
        assert r.status == 422, r
        assert "$.matching.answer_days" in json.dumps(r.json), r
    path = tmp_path / "two-deadlines.json"
    path.write_text(json.dumps(doc))
    out = run_sroi("policy", "check", str(path), check=False)
    assert out.returncode == 2, out
    assert "$.matching.answer_days" in out.stdout + out.stderr
    assert "proposal_deadline_days" in out.stdout + out.stderr
    # the alias alone, or both agreeing, passes
    doc["matching"] = {"answer_days": 15}
    path.write_text(json.dumps(doc))
    assert run_sroi("policy", "check", str(path)).returncode == 0

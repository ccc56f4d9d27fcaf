"""Policies, award, the contract life cycle, realisations valued under the
contract's policy, verification, summary and portfolio: each figure is
computed by hand in the comments from table A (policies/haaglanden-zhc-2023.json)."""
import csv
import io
import json
import os

import pytest

from test_resources import make_candidate, make_contract, make_supplier

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def policy_doc(name="haaglanden-zhc-2023.json"):
    with open(os.path.join(ROOT, "policies", name)) as f:
        return json.load(f)


@pytest.fixture(scope="module")
def setup(server):
    c = server.client()
    r = c.put("/organisations/haaglanden/policies", policy_doc())
    assert r.status == 201, r
    s = make_supplier(c, "66666666")
    return {"supplier": s, "policy": r.json}


def awarded(c, supplier_id, ref, **extra):
    k = make_contract(c, supplier_id, ref, **extra)
    r = c.post(f"/contracts/{k['id']}/award", {"award_date": "2023-12-01"})
    assert r.status == 200, r
    return r.json


def test_policy_versions_are_listed_and_invalid_ones_refused(client, setup, unchanged):
    lst = client.get("/organisations/haaglanden/policies").json["items"]
    assert [p["effective_from"] for p in lst] == ["2023-07-01"] and lst[0]["in_force"]
    bad = policy_doc()
    bad["obligation"]["default_pct"] = -5
    del bad["unit"]
    with unchanged():
        r = client.put("/organisations/haaglanden/policies", bad)
        assert r.status == 422 and r.json["error"]["code"] == "invalid_policy"
        paths = [p["path"] for p in r.json["error"]["problems"]]
        assert "$.obligation.default_pct" in paths and "$.unit" in paths
        # the same effective date twice is a conflict
        r = client.put("/organisations/haaglanden/policies", policy_doc())
        assert r.status == 409


def test_award_computes_the_obligation_under_the_policy_in_force(client, setup):
    k = awarded(client, setup["supplier"]["id"], "W-1")
    # 5% of EUR 1,000,000 = EUR 50,000
    assert k["status"] == "awarded" and k["obligation_cents"] == 5000000
    assert k["policy_id"] == setup["policy"]["id"] and k["sr_percentage"] == 5
    assert k["obligation_explanation"]
    audit = client.get(f"/audit?entity_id={k['id']}").json["items"]
    assert [a["action"] for a in audit] == ["create", "award"]


def test_threshold_is_inclusive_and_below_it_needs_an_opt_in(client, setup):
    at = awarded(client, setup["supplier"]["id"], "W-AT", value_cents=21500000)
    assert at["obligation_cents"] == 1075000  # 5% of EUR 215,000: from EUR 215,000 inclusive
    below = awarded(client, setup["supplier"]["id"], "W-BELOW", value_cents=21499999)
    assert below["obligation_cents"] == 0
    k = make_contract(client, setup["supplier"]["id"], "W-OPT", value_cents=20000000)
    r = client.post(f"/contracts/{k['id']}/award", {"award_date": "2023-12-01", "opt_in": True})
    assert r.status == 200 and r.json["obligation_cents"] == 1000000


def test_comply_or_explain_needs_a_reason(client, setup, unchanged):
    k = make_contract(client, setup["supplier"]["id"], "W-DEV")
    with unchanged():
        r = client.post(f"/contracts/{k['id']}/award", {"award_date": "2023-12-01", "deviation_percentage": 2})
        assert r.status == 422 and r.json["error"]["field"] == "deviation_reason"
    r = client.post(f"/contracts/{k['id']}/award", {"award_date": "2023-12-01", "deviation_percentage": 2,
                                                    "deviation_reason": "labour share under 30%"})
    assert r.status == 200 and r.json["obligation_cents"] == 2000000


def test_transitions_in_the_wrong_state_change_nothing(client, setup, unchanged):
    k = make_contract(client, setup["supplier"]["id"], "W-STATE")
    with unchanged():
        for action in ("start", "end", "settle"):
            r = client.post(f"/contracts/{k['id']}/{action}")
            assert r.status == 409 and r.json["error"]["code"] == "wrong_state"
        r = client.post(f"/contracts/{k['id']}/award", {})
        assert r.status == 400 and r.json["error"]["field"] == "award_date"
        r = client.patch(f"/contracts/{k['id']}", {"status": "running"})
        assert r.status == 400 and r.json["error"]["code"] == "read_only_field"
    for action, status in (("award", "awarded"), ("start", "running"), ("end", "ended"), ("settle", "settled")):
        body = {"award_date": "2023-12-01"} if action == "award" else None
        r = client.post(f"/contracts/{k['id']}/{action}", body)
        assert r.status == 200 and r.json["status"] == status, r
    with unchanged():
        assert client.post(f"/contracts/{k['id']}/award", {"award_date": "2023-12-01"}).status == 409
        assert client.patch(f"/contracts/{k['id']}", {"value_cents": 1}).status == 409
    actions = [a["action"] for a in client.get(f"/audit?entity_id={k['id']}").json["items"]]
    assert actions == ["create", "award", "start", "end", "settle"]


def test_amendment_recomputes_under_the_same_version(client, setup):
    k = awarded(client, setup["supplier"]["id"], "W-AMEND")
    r = client.patch(f"/contracts/{k['id']}", {"value_cents": 200000000})
    assert r.status == 200 and r.json["obligation_cents"] == 10000000
    assert r.json["policy_id"] == k["policy_id"]


def hire(client, contract, candidate, start, end, hours=36, **extra):
    body = {"organisation": "GM0518", "contract_id": contract["id"], "kind": "hire", "candidate_id": candidate["id"],
            "start_date": start, "end_date": end, "hours_per_week": hours}
    body.update(extra)
    return client.post("/realisations", body)


def test_realisations_are_valued_verified_and_summarised(client, setup, unchanged):
    k = awarded(client, setup["supplier"]["id"], "W-REAL")
    cand = make_candidate(client, target_groups=["participatiewet"], birth_month="1980-05")
    # A full-time year under Participatiewet: EUR 40,000.
    r = hire(client, k, cand, "2024-01-01", "2024-12-31")
    assert r.status == 201, r
    full = r.json
    assert full["value_cents"] == 4000000 and full["status"] == "reported" and full["refusal"] is None
    assert full["explanation"]
    # Part-time (18 of 36 hours) for half a year: 40,000 x 0.5 x 6/12 = EUR 10,000.
    cand2 = make_candidate(client, target_groups=["ww"])
    # WW: 20,000 x 0.5 x 6/12 = EUR 5,000
    half = hire(client, k, cand2, "2024-01-01", "2024-06-30", hours=18).json
    assert half["value_cents"] == 500000
    s = client.get(f"/contracts/{k['id']}/summary?as_of=2026-07-01").json
    assert s["obligation_cents"] == 5000000 and s["pending_cents"] == 4500000 and s["accepted_cents"] == 0
    # as of mid-2024 half of the full-time year is realised: 20,000 + the whole 5,000
    mid = client.get(f"/contracts/{k['id']}/summary?as_of=2024-06-30").json
    assert mid["pending_cents"] == 2500000 and mid["whole"]["pending_cents"] == 4500000
    with unchanged():
        r = client.post(f"/realisations/{full['id']}/reject", {})
        assert r.status == 422 and r.json["error"]["code"] == "missing_reason"
    assert client.post(f"/realisations/{full['id']}/accept").json["status"] == "accepted"
    r = client.post(f"/realisations/{half['id']}/reject", {"reason": "geen loonstrook"})
    assert r.status == 200 and r.json["reject_reason"] == "geen loonstrook"
    with unchanged():
        assert client.post(f"/realisations/{full['id']}/accept").status == 409
        assert client.patch(f"/realisations/{full['id']}", {"hours_per_week": 20}).status == 409
        assert client.delete(f"/realisations/{full['id']}").status == 409
    s = client.get(f"/contracts/{k['id']}/summary?as_of=2026-07-01").json
    # accepted 40,000 of 50,000 = 80.0%
    assert (s["accepted_cents"], s["pending_cents"], s["rejected_cents"]) == (4000000, 0, 500000)
    assert s["realisation_pct"] == 80.0 and s["shortfall_cents"] == 1000000
    assert s["by_target_group"]["participatiewet"]["accepted_cents"] == 4000000
    # the CSV's total row equals the sum of its rows, and the JSON
    rows = list(csv.reader(io.StringIO(client.get(f"/contracts/{k['id']}/summary?format=csv&as_of=2026-07-01").raw.decode())))
    body, total = rows[1:-1], rows[-1]
    for col in (1, 2, 3):
        assert sum(int(r[col]) for r in body) == int(total[col])
    assert int(total[1]) == s["accepted_cents"]
    # follow-ups for the hires at 6, 12 and 24 months
    fu = client.get(f"/follow-ups?realisation_id={full['id']}").json["items"]
    assert sorted((f["months"], f["due_date"]) for f in fu) == [(6, "2024-07-01"), (12, "2025-01-01"), (24, "2026-01-01")]


def test_the_same_person_is_not_counted_twice(client, setup, unchanged):
    k1 = awarded(client, setup["supplier"]["id"], "W-DC1")
    k2 = awarded(client, setup["supplier"]["id"], "W-DC2")
    cand = make_candidate(client, target_groups=["participatiewet"])
    assert hire(client, k1, cand, "2024-01-01", "2024-12-31").status == 201
    with unchanged():
        r = hire(client, k2, cand, "2024-06-01", "2025-05-31", hours=20)
        assert r.status == 409 and r.json["error"]["code"] == "double_counting"
        assert "W-DC1" in r.json["error"]["message"]
    # after the first period ends the person may count again
    assert hire(client, k2, cand, "2025-01-01", "2025-06-30").status == 201
    # part-time jobs that together stay within full time both count
    c2 = make_candidate(client, target_groups=["ww"])
    assert hire(client, k1, c2, "2024-01-01", "2024-12-31", hours=18).status == 201
    assert hire(client, k2, c2, "2024-01-01", "2024-12-31", hours=18).status == 201


def test_summary_equals_the_calculator(client, setup):
    k = awarded(client, setup["supplier"]["id"], "W-CALC")
    c1 = make_candidate(client, target_groups=["banenafspraak", "wia"], birth_month="1965-03")
    c2 = make_candidate(client, target_groups=["participatiewet"], birth_month="1990-01")
    r1 = hire(client, k, c1, "2024-01-15", "2024-07-14", hours=32).json
    r2 = hire(client, k, c2, "2024-03-01", "2025-12-31", hours=36.5).json
    for r in (r1, r2):
        assert client.post(f"/realisations/{r['id']}/accept").status == 200
    scenario = {"contract": {"kind": "works", "value_cents": 100000000, "award_date": "2023-12-01",
                             "start": "2024-01-01", "end": "2025-12-31",
                             "supplier": {"pso_rung": None, "pso_valid_from": None, "pso_valid_until": None}},
                "activities": [
                    {"id": "a1", "kind": "hire", "candidate": "c1", "target_groups": ["banenafspraak", "wia"],
                     "start": "2024-01-15", "end": "2024-07-14", "hours_per_week": 32, "age_at_start": 58},
                    {"id": "a2", "kind": "hire", "candidate": "c2", "target_groups": ["participatiewet"],
                     "start": "2024-03-01", "end": "2025-12-31", "hours_per_week": 36.5, "age_at_start": 34}]}
    calc = client.post("/calc", {"policy": setup["policy"]["id"], "scenario": scenario})
    assert calc.status == 200, calc
    s = client.get(f"/contracts/{k['id']}/summary?as_of=2026-01-01").json
    assert calc.json["obligation_cents"] == s["obligation_cents"]
    assert calc.json["total_cents"] == s["accepted_cents"]
    assert [a["value_cents"] for a in calc.json["activities"]] == [r1["value_cents"], r2["value_cents"]]
    # the calculator is public and takes a policy document as well
    by_doc = client.post("/calc", {"policy": policy_doc(), "scenario": scenario})
    assert by_doc.json == calc.json


def test_portfolio_totals_equal_the_sum_of_rows(client, setup):
    rep = client.get("/reports/portfolio?organisation=GM0518")
    assert rep.status == 200, rep
    p = rep.json
    rows = p["contracts"]
    assert len(rows) >= 5
    for key in ("obligation_cents", "accepted_cents", "pending_cents"):
        assert sum(r[key] for r in rows) == p[key]
    assert p["people"] >= 1 and "quota_view" in p and "view_2_0" in p
    assert sum(v["accepted_cents"] for v in p["by_target_group"].values()) == p["accepted_cents"]
    lines = list(csv.reader(io.StringIO(client.get("/reports/portfolio?organisation=GM0518&format=csv").raw.decode())))
    assert lines[-1][0] == "total"
    assert sum(int(l[4]) for l in lines[1:-1]) == int(lines[-1][4]) == p["obligation_cents"]
    rec = client.get(f"/suppliers/{setup['supplier']['id']}/record").json
    assert rec["kvk"] == "66666666" and rec["contracts"]


def test_evidence_is_checked_by_content_sealed_and_downloadable(client, server, setup, unchanged):
    k = awarded(client, setup["supplier"]["id"], "W-EVID")
    cand = make_candidate(client, target_groups=["participatiewet"])
    real = hire(client, k, cand, "2024-01-01", "2024-06-30").json
    pdf = b"%PDF-1.4\n" + b"loonstrook Jansen 2024\n" * 100 + b"%%EOF\n"
    r = client.post(f"/realisations/{real['id']}/evidence?filename=loonstrook%20jan.pdf", raw=pdf,
                    headers={"Content-Type": "application/pdf"})
    assert r.status == 201, r
    ev = r.json
    assert ev["content_type"] == "application/pdf" and ev["size"] == len(pdf) and ev["filename"] == "loonstrookjan.pdf"
    with unchanged():
        # the type is read from the content, not from the header
        r = client.post(f"/realisations/{real['id']}/evidence", raw=b"MZ\x90\x00 not a pdf",
                        headers={"Content-Type": "application/pdf"})
        assert r.status == 415 and r.json["error"]["code"] == "unsupported_type"
        r = client.post(f"/realisations/{real['id']}/evidence", raw=b"%PDF-" + b"x" * (10 * 1024 * 1024),
                        headers={"Content-Type": "application/pdf"})
        assert r.status == 413
    assert [e["id"] for e in client.get(f"/realisations/{real['id']}/evidence").json["items"]] == [ev["id"]]
    got = client.get(f"/evidence/{ev['id']}")
    assert got.status == 200 and got.raw == pdf and got.headers["Content-Type"] == "application/pdf"
    # sealed at rest: the text is not in the database file
    if not server.db.startswith("postgresql://"):
        with open(server.db, "rb") as f:
            data = f.read()
        wal = server.db + "-wal"
        if os.path.exists(wal):
            with open(wal, "rb") as f:
                data += f.read()
        assert b"loonstrook Jansen" not in data


def test_cli_reports_print_the_api_figures(client, server, setup):
    from conftest import run_sroi
    shown = run_sroi("policy", "show", "--db", server.db, "--org", "GM0518").stdout
    assert "Haaglanden" in shown and f"policy version {setup['policy']['id']}" in shown
    k = awarded(client, setup["supplier"]["id"], "W-CLI")
    out = run_sroi("report", "contract", "--db", server.db, str(k["id"]), "--json", "--as-of", "2026-01-01").stdout
    api = client.get(f"/contracts/{k['id']}/summary?as_of=2026-01-01").json
    assert json.loads(out) == api
    text = run_sroi("report", "contract", "--db", server.db, str(k["id"])).stdout
    assert "obligation_cents: EUR 50,000.00" in text
    port = json.loads(run_sroi("report", "portfolio", "--db", server.db, "--org", "GM0518", "--json",
                               "--as-of", "2026-01-01").stdout)
    assert port == client.get("/reports/portfolio?organisation=GM0518&as_of=2026-01-01").json
    bad = run_sroi("report", "contract", "--db", server.db, "999999999", check=False)
    assert bad.returncode == 2 and "no such contract" in bad.stderr


def test_the_same_person_is_not_counted_twice_across_the_region(client, setup, unchanged):
    """Two municipalities of one region know the same person under their own
    records; the region pseudonym (a keyed hash of the BSN) recognises her."""
    k1 = awarded(client, setup["supplier"]["id"], "W-REGION-1")
    s2 = make_supplier(client, "77777777", org="GM0503")
    k2 = make_contract(client, s2["id"], "W-REGION-2", org="GM0503")
    k2 = client.post(f"/contracts/{k2['id']}/award", {"award_date": "2023-12-01"}).json
    a = make_candidate(client, org="GM0518", target_groups=["participatiewet"])
    b = make_candidate(client, org="GM0503", target_groups=["participatiewet"])
    for cand in (a, b):
        r = client.put(f"/candidates/{cand['id']}/identity", {"name": "A. de Vries", "bsn": "111222333"})
        assert r.status == 200, r
    assert hire(client, k1, a, "2024-01-01", "2024-12-31").status == 201
    with unchanged():
        r = client.post("/realisations", {"organisation": "GM0503", "contract_id": k2["id"], "kind": "hire",
                                          "candidate_id": b["id"], "start_date": "2024-06-01",
                                          "end_date": "2024-09-30", "hours_per_week": 36})
        assert r.status == 409 and r.json["error"]["code"] == "double_counting", r
        # another organisation's contract is not named
        assert "W-REGION-1" not in r.json["error"]["message"]
        assert "elsewhere" in r.json["error"]["message"]

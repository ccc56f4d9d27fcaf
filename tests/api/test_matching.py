"""Matching through the API and the CLI: shortlists and suggestions with
their score components, a proposal round with its objective and fairness
report, the proposal life cycle (a hire creates the valued realisation and
ends the candidate's other proposals), refusals that change nothing, the
overdue list, what a supplier account sees, and `sroi match --dimacs`
solved by `sroi solve` (and LEMON's dimacs-solver where installed) at the
same cost.

The world: the Haaglanden policy (its hire blocks count participatiewet,
ww, wia, banenafspraak, no_benefit and young_no_qualification), one awarded
contract in Den Haag, carpenters' openings (ESCO 7115.1) near 2511 AB, and
candidates chosen to pass or fail one rule each."""
import datetime
import json
import os
import re
import shutil
import subprocess

import pytest

from conftest import run_sroi

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
ORG = "GM0518"
PASSWORD = "matching-password-1"
COMPONENTS = {"occupation", "distance", "hours", "education", "time_on_benefit", "target_group", "district"}
TODAY = datetime.datetime.now(datetime.timezone.utc).date()


def ok(r, status=None):
    assert (r.status < 400 if status is None else r.status == status), r
    return r.json


def day(offset):
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


def candidate(c, postcode="2512 CE", groups=("participatiewet",), occupations=("7115.1",), org=ORG, **extra):
    body = {"organisation": org, "postcode": postcode, "target_groups": list(groups),
            "occupations": list(occupations), "hours_per_week": 32, "education_level": "mbo2",
            "available_from": "2026-01-01"}
    body.update(extra)
    return ok(c.post("/candidates", body), 201)


def opening(c, world, esco="7115.1", postcode="2511 AB", supplier=None, contract=True, **extra):
    body = {"organisation": ORG, "supplier_id": (supplier or world["supplier"])["id"], "kind": "job",
            "esco_code": esco, "postcode": postcode, "hours_per_week": 32, "start_date": "2027-03-01"}
    if contract:
        body["contract_id"] = world["contract"]["id"]
    body.update(extra)
    return ok(c.post("/openings", body), 201)


@pytest.fixture(scope="module")
def world(server):
    c = server.client()
    with open(os.path.join(ROOT, "policies", "haaglanden-zhc-2023.json")) as f:
        ok(c.put("/organisations/haaglanden/policies", json.load(f)), 201)
    w = {"c": c}
    w["supplier"] = ok(c.post("/suppliers", {"organisation": ORG, "kvk": "81000001", "name": "Timmerbedrijf",
                                            "postcode": "2511 AB"}), 201)
    w["other_supplier"] = ok(c.post("/suppliers", {"organisation": ORG, "kvk": "81000002", "name": "Bouw BV",
                                                  "postcode": "2511 AB"}), 201)
    k = ok(c.post("/contracts", {"organisation": ORG, "reference": "M-1", "title": "Renovatie",
                                 "cpv_code": "45000000-7", "kind": "works", "value_cents": 100000000,
                                 "start_date": "2026-01-01", "end_date": "2028-12-31",
                                 "supplier_id": w["supplier"]["id"]}), 201)
    w["contract"] = ok(c.post(f"/contracts/{k['id']}/award", {"award_date": "2025-12-01"}), 200)
    # The shortlist's opening and its candidates, one rule each.
    w["o1"] = opening(c, w)
    w["o2"] = opening(c, w, esco="7112.1")
    w["a"] = candidate(c)                                         # same occupation
    w["b"] = candidate(c, groups=("ww",), occupations=("7115.2",))  # same unit group
    w["cc"] = candidate(c, postcode="2511 AB", groups=("wia",), occupations=("7112.1",))  # minor group
    w["far"] = candidate(c, postcode="9711 AA")                     # Groningen: too far
    w["status"] = candidate(c, groups=("statushouder",))            # a group the contract cannot count
    w["cook"] = candidate(c, groups=("banenafspraak",), occupations=("5120.1",))  # other occupation
    w["late"] = candidate(c, available_from="2027-06-01")           # not available by the start
    return w


# ---- shortlists and suggestions --------------------------------------------

def test_shortlist_orders_candidates_by_score_with_named_components(world):
    c = world["c"]
    r = ok(c.get(f"/openings/{world['o1']['id']}/shortlist?k=10"), 200)
    ids = [item["candidate_id"] for item in r["items"]]
    assert ids == [world["a"]["id"], world["b"]["id"], world["cc"]["id"]], r
    assert [item["occupation_fit"] for item in r["items"]] == ["same_occupation", "unit_group", "minor_group"]
    scores = [item["score"] for item in r["items"]]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[1] > 0
    for item in r["items"]:
        assert set(item["components"]) == COMPONENTS
        assert sum(item["components"].values()) == item["score"]
        assert isinstance(item["distance_m"], int) and item["distance_m"] < 25000
        # pseudonymous: nothing but ids and scores
        assert set(item) == {"candidate_id", "score", "components", "distance_m", "occupation_fit"}
    assert r["k"] == 10 and r["scope"] == "organisation" and r["weights_policy_id"]
    # the same answer again, and k cuts it
    assert ok(c.get(f"/openings/{world['o1']['id']}/shortlist?k=10"), 200)["items"] == r["items"]
    top = ok(c.get(f"/openings/{world['o1']['id']}/shortlist?k=1"), 200)["items"]
    assert top == r["items"][:1]


@pytest.mark.parametrize("k", ["0", "101", "x", ""])
def test_shortlist_k_out_of_range_is_400(world, k):
    r = world["c"].get(f"/openings/{world['o1']['id']}/shortlist?k={k}")
    assert r.status == 400 and r.json["error"]["field"] == "k"


def test_shortlist_of_a_missing_opening_is_404(world):
    assert world["c"].get("/openings/999999999/shortlist").status == 404


def test_suggestions_list_a_candidates_best_openings(world):
    r = ok(world["c"].get(f"/candidates/{world['a']['id']}/suggestions?k=5"), 200)
    assert [i["opening_id"] for i in r["items"]] == [world["o1"]["id"], world["o2"]["id"]]
    assert [i["occupation_fit"] for i in r["items"]] == ["same_occupation", "minor_group"]
    assert all(sum(i["components"].values()) == i["score"] for i in r["items"])
    assert r["items"][0]["supplier_id"] == world["supplier"]["id"] and r["items"][0]["kind"] == "job"
    # a candidate whose groups the contract cannot count gets none
    assert ok(world["c"].get(f"/candidates/{world['status']['id']}/suggestions"), 200)["items"] == []


def test_region_scope_adds_the_candidates_of_members_that_share(world):
    c = world["c"]
    delft = candidate(c, org="GM0503", postcode="2511 AB")
    ids = lambda scope: [i["candidate_id"] for i in  # noqa: E731
                         ok(c.get(f"/openings/{world['o1']['id']}/shortlist?scope={scope}"), 200)["items"]]
    assert delft["id"] not in ids("organisation") and delft["id"] not in ids("region")
    delft_org = ok(c.get("/organisations?code=GM0503"), 200)["items"][0]["id"]
    ok(c.patch(f"/organisations/{delft_org}", {"share_candidates": True}), 200)
    try:
        assert delft["id"] in ids("region") and delft["id"] not in ids("organisation")
    finally:
        ok(c.patch(f"/organisations/{delft_org}", {"share_candidates": False}), 200)
        ok(c.patch(f"/candidates/{delft['id']}", {"status": "archived"}), 200)
    assert c.get(f"/openings/{world['o1']['id']}/shortlist?scope=country").status == 422


# ---- a proposal round ----------------------------------------------------------

def test_a_round_maximises_the_total_score_and_reports_fairness(world, server):
    c = world["c"]
    r = c.post("/matching/runs", {"organisation": ORG, "scope": "organisation", "proposals_per_position": 3,
                                  "proposals_per_candidate": 1})
    run = ok(r, 201)
    assert run["organisation"] == ORG and run["scope"] == "organisation"
    assert run["proposals_per_position"] == 3 and run["proposals_per_candidate"] == 1
    # a, b, cc are eligible for o1 and o2; each gets one proposal (P = 1)
    assert run["proposal_count"] == 3 and run["candidates_proposed"] == 3
    props = ok(c.get(f"/matching/runs/{run['id']}/proposals"), 200)["items"]
    assert len(props) == 3 and sum(p["score"] for p in props) == run["objective"]
    assert {p["candidate_id"] for p in props} == {world[x]["id"] for x in ("a", "b", "cc")}
    for p in props:
        assert p["status"] == "proposed" and p["run_id"] == run["id"] and p["source"] == "round"
        assert p["due_date"] == day(15) and p["supplier_id"] == world["supplier"]["id"]
        assert sum(p["components"].values()) == p["score"]
    # the best total: a -> o1 (same occupation), cc -> o2 (same occupation
    # for cc), b -> o1 (unit group); nothing better exists
    pairs = {(p["candidate_id"], p["opening_id"]) for p in props}
    assert pairs == {(world["a"]["id"], world["o1"]["id"]), (world["cc"]["id"], world["o2"]["id"]),
                     (world["b"]["id"], world["o1"]["id"])}
    assert run["flow_cost"] == run["max_score"] * 3 - run["objective"]
    f = run["fairness"]
    assert f["proposals"] == 3 and f["pool"] == 3
    groups = {g["target_group"]: g for g in f["target_groups"]}
    assert groups["participatiewet"]["proposals"] == 1 and groups["participatiewet"]["proposal_share_bp"] == 3333
    assert groups["ww"]["pool_share_bp"] == 3333
    assert sum(b["pool"] for b in f["benefit_bands"]) == 3
    assert [d["district"] for d in f["districts"]] == ["25"]
    assert ok(c.get(f"/matching/runs/{run['id']}"), 200) == run
    assert run["id"] in [x["id"] for x in ok(c.get("/matching/runs"), 200)["items"]]
    # open proposals use up the candidates: a second round proposes nothing
    again = ok(c.post("/matching/runs", {"organisation": ORG}), 201)
    assert again["proposal_count"] == 0 and again["objective"] == 0
    actions = [a["action"] for a in ok(c.get(f"/audit?entity_id={run['id']}"), 200)["items"]]
    assert actions == ["run"]
    world["run"] = run


def test_a_round_refuses_bad_limits_and_scopes(world, unchanged):
    c = world["c"]
    with unchanged():
        assert c.post("/matching/runs", {"organisation": ORG, "proposals_per_position": 0}).status == 422
        assert c.post("/matching/runs", {"organisation": ORG, "scope": "galaxy"}).status == 422
        assert c.post("/matching/runs", {"organisation": ORG, "colour": "blue"}).status == 400
        assert c.post("/matching/runs", {"organisation": "GM0344", "scope": "region"}).status == 422
        assert c.post("/matching/runs", {}).status == 400  # the system account names the organisation
        assert c.get("/matching/runs/999999999").status == 404


# ---- the proposal life cycle ------------------------------------------------------

@pytest.fixture(scope="module")
def cycle(world):
    """Two fresh openings and candidates for the life cycle."""
    c = world["c"]
    w = {"o3": opening(c, world, esco="7115.1", positions=1), "o4": opening(c, world, esco="7115.1", positions=2),
         "g": candidate(c, on_benefit_since="2022-01-01"), "h": candidate(c, groups=("ww",))}
    return w


def test_the_life_cycle_from_proposal_to_hire(world, cycle, unchanged):
    c = world["c"]
    g = cycle["g"]
    p3 = ok(c.post("/proposals", {"opening_id": cycle["o3"]["id"], "candidate_id": g["id"]}), 201)
    p4 = ok(c.post("/proposals", {"opening_id": cycle["o4"]["id"], "candidate_id": g["id"]}), 201)
    assert p3["status"] == "proposed" and p3["source"] == "consultant" and p3["due_date"] == day(15)
    assert p3["score"] > 0 and sum(p3["components"].values()) == p3["score"] and p3["run_id"] is None
    with unchanged():
        r = c.post(f"/proposals/{p3['id']}/hire", {"start_date": "2027-03-01", "end_date": "2028-02-29"})
        assert r.status == 409 and r.json["error"]["code"] == "wrong_state"
        # the same pair twice is refused
        r = c.post("/proposals", {"opening_id": cycle["o3"]["id"], "candidate_id": g["id"]})
        assert r.status == 422 and r.json["error"]["field"] == "already_proposed"
    assert ok(c.post(f"/proposals/{p3['id']}/introduce"), 200)["status"] == "introduced"
    with unchanged():
        r = c.post(f"/proposals/{p3['id']}/introduce")
        assert r.status == 409 and r.json["error"]["code"] == "wrong_state"
        r = c.post(f"/proposals/{p3['id']}/decline", {"by": "employer"})
        assert r.status == 422 and r.json["error"]["code"] == "missing_reason"
        r = c.post(f"/proposals/{p3['id']}/decline", {"by": "nobody", "reason": "x"})
        assert r.status == 422 and r.json["error"]["field"] == "by"
        r = c.post(f"/proposals/{p3['id']}/hire", {"start_date": "2027-03-01"})
        assert r.status == 400 and r.json["error"]["field"] == "end_date"
    # A full-time year under Participatiewet: EUR 40,000.
    hired = ok(c.post(f"/proposals/{p3['id']}/hire", {"start_date": "2027-01-01", "end_date": "2027-12-31",
                                                      "hours_per_week": 36}), 200)
    assert hired["status"] == "hired" and hired["realisation_id"] == hired["realisation"]["id"]
    real = ok(c.get(f"/realisations/{hired['realisation_id']}"), 200)
    assert real["status"] == "reported" and real["kind"] == "hire" and real["candidate_id"] == g["id"]
    assert real["contract_id"] == world["contract"]["id"] and real["value_cents"] == 4000000
    assert real["refusal"] is None
    # the candidate's other proposal ended, the candidate is placed, the
    # one-position opening is filled
    other = ok(c.get(f"/proposals/{p4['id']}"), 200)
    assert (other["status"], other["declined_by"], other["reason"]) == ("declined", "system", "hired elsewhere")
    assert ok(c.get(f"/candidates/{g['id']}"), 200)["status"] == "placed"
    assert ok(c.get(f"/openings/{cycle['o3']['id']}"), 200)["status"] == "filled"
    assert ok(c.get(f"/openings/{cycle['o4']['id']}"), 200)["status"] == "open"
    actions = [a["action"] for a in ok(c.get(f"/audit?entity_id={p3['id']}"), 200)["items"]]
    assert actions == ["create", "introduce", "hire"]
    assert [a["action"] for a in ok(c.get(f"/audit?entity_id={p4['id']}"), 200)["items"]] == ["create", "close"]
    with unchanged():
        for step, body in (("hire", {"start_date": "2027-03-01", "end_date": "2028-02-29"}),
                           ("decline", {"by": "employer", "reason": "te laat"}), ("introduce", None)):
            r = c.post(f"/proposals/{p3['id']}/{step}", body)
            assert r.status == 409 and r.json["error"]["code"] == "wrong_state", (step, r)
        # a placed candidate is not eligible again
        r = c.post("/proposals", {"opening_id": cycle["o4"]["id"], "candidate_id": g["id"], "source": "employer"})
        assert r.status == 422 and r.json["error"]["field"] in ("hired", "already_proposed")


def test_a_decline_needs_who_and_why_and_ends_the_proposal(world, cycle, unchanged):
    c = world["c"]
    p = ok(c.post("/proposals", {"opening_id": cycle["o4"]["id"], "candidate_id": cycle["h"]["id"]}), 201)
    with unchanged():
        r = c.post(f"/proposals/{p['id']}/decline", {"reason": "geen klik"})
        assert r.status == 400 and r.json["error"]["field"] == "by"
        r = c.post(f"/proposals/{p['id']}/decline", {"by": "candidate", "reason": ""})
        assert r.status == 422 and r.json["error"]["code"] == "missing_reason"
    d = ok(c.post(f"/proposals/{p['id']}/decline", {"by": "candidate", "reason": "te ver reizen"}), 200)
    assert (d["status"], d["declined_by"], d["reason"]) == ("declined", "candidate", "te ver reizen")
    with unchanged():
        assert c.post(f"/proposals/{p['id']}/decline", {"by": "employer", "reason": "x"}).status == 409
    # a declined pair is never proposed again, not even by a round
    assert cycle["h"]["id"] not in [i["candidate_id"] for i in
                                    ok(c.get(f"/openings/{cycle['o4']['id']}/shortlist"), 200)["items"]]


def test_the_employers_own_candidate_is_checked_for_eligibility(world, cycle, unchanged):
    c = world["c"]
    o4 = cycle["o4"]["id"]
    with unchanged():
        r = c.post("/proposals", {"opening_id": o4, "candidate_id": world["status"]["id"], "source": "employer"})
        assert r.status == 422 and r.json["error"]["code"] == "not_eligible"
        assert r.json["error"]["field"] == "target_group"
        # a consultant's own choice must meet every rule
        r = c.post("/proposals", {"opening_id": o4, "candidate_id": world["far"]["id"]})
        assert r.status == 422 and r.json["error"]["field"] == "candidate_distance"
        r = c.post("/proposals", {"opening_id": o4, "candidate_id": world["late"]["id"]})
        assert r.status == 422 and r.json["error"]["field"] == "available"
        r = c.post("/proposals", {"opening_id": o4, "candidate_id": 999999999})
        assert r.status == 422 and r.json["error"]["field"] == "candidate_id"
        r = c.post("/proposals", {"opening_id": o4, "candidate_id": world["far"]["id"], "source": "jobcentre"})
        assert r.status == 422 and r.json["error"]["field"] == "source"
    # the employer knows its candidate: distance is not the municipality's
    # check, and it may be hired without an introduction
    p = ok(c.post("/proposals", {"opening_id": o4, "candidate_id": world["far"]["id"], "source": "employer"}), 201)
    assert p["source"] == "employer" and p["status"] == "proposed"
    hired = ok(c.post(f"/proposals/{p['id']}/hire", {"start_date": "2027-01-01", "end_date": "2027-06-30",
                                                     "hours_per_week": 18}), 200)
    # Participatiewet, half time, six months: 40,000 x 0.5 x 6/12 = EUR 10,000
    assert hired["realisation"]["value_cents"] == 1000000
    assert hired["realisation"]["status"] == "reported"


def test_overdue_proposals_are_listed_for_the_consultant(world):
    c = world["c"]
    assert ok(c.get(f"/proposals?overdue=true&as_of={day(0)}"), 200)["items"] == []
    late = ok(c.get(f"/proposals?overdue=true&as_of={day(16)}&limit=500"), 200)["items"]
    run_ids = {p["id"] for p in ok(c.get(f"/matching/runs/{world['run']['id']}/proposals"), 200)["items"]}
    assert run_ids <= {p["id"] for p in late}
    assert all(p["status"] in ("proposed", "introduced") and p["due_date"] < day(16) for p in late)
    assert c.get("/proposals?overdue=maybe").status == 400
    # filters and pages
    mine = ok(c.get(f"/proposals?run_id={world['run']['id']}&status=proposed&limit=2"), 200)
    assert len(mine["items"]) == 2 and mine["next_cursor"]
    rest = ok(c.get(f"/proposals?run_id={world['run']['id']}&status=proposed&cursor={mine['next_cursor']}"), 200)
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    assert c.get("/proposals?status=maybe").status == 400
    assert c.get("/proposals?colour=blue").status == 400


def test_a_supplier_account_sees_only_the_proposals_to_its_own_openings(server, world, unchanged):
    c = world["c"]
    o5 = opening(c, world, supplier=world["other_supplier"], contract=False)
    p = ok(c.post("/proposals", {"opening_id": o5["id"], "candidate_id": world["cook"]["id"],
                                 "source": "employer"}), 201)
    ok(c.post("/users", {"organisation": ORG, "email": "supplier@matching.example", "role": "supplier",
                         "password": PASSWORD, "supplier_id": world["supplier"]["id"]}), 201)
    sup = server.login("supplier@matching.example", PASSWORD)
    seen = ok(sup.get("/proposals?limit=500"), 200)["items"]
    assert seen and {x["supplier_id"] for x in seen} == {world["supplier"]["id"]}
    assert sup.get(f"/proposals/{p['id']}").status == 404
    assert sup.get(f"/openings/{world['o1']['id']}/shortlist").status == 403
    assert sup.post("/matching/runs", {}).status == 403
    with unchanged():
        r = sup.post(f"/proposals/{p['id']}/decline", {"by": "employer", "reason": "x"})
        assert r.status == 404
    # its own proposals it answers
    own = [x for x in seen if x["status"] == "proposed"][0]
    d = ok(sup.post(f"/proposals/{own['id']}/decline", {"by": "employer", "reason": "vacature vervuld"}), 200)
    assert d["declined_by"] == "employer"


# ---- the CLI and the flow problem --------------------------------------------------

def test_sroi_match_dimacs_is_solved_at_the_same_cost(server, tmp_path):
    f = tmp_path / "round.dimacs"
    out = tmp_path / "round.csv"
    # The cook's opening has no pair left, so let a new candidate in.
    world_c = server.client()
    candidate(world_c, occupations=("7112.1",), postcode="2511 AB")
    p = run_sroi("match", "--db", server.db, "--org", ORG, "--dry-run", "--dimacs", str(f), "--out", str(out))
    m = re.search(r"flow: M (\d+) x supply (\d+) - objective = cost (-?\d+)", p.stdout)
    obj = int(re.search(r"objective (\d+)", p.stdout).group(1))
    assert m and int(m.group(1)) * int(m.group(2)) - obj == int(m.group(3)), p.stdout
    assert obj > 0
    solved = run_sroi("solve", str(f)).stdout.splitlines()
    assert solved[0] == f"s {m.group(3)}"
    rows = out.read_text().splitlines()
    assert rows[0].startswith("run_id,proposal_id,opening_id,candidate_id") and len(rows) > 1
    assert sum(int(r.split(",")[5]) for r in rows[1:]) == obj
    lemon = shutil.which("dimacs-solver")
    if lemon:
        p = subprocess.run([lemon, "-long", str(f)], capture_output=True, text=True, timeout=300)
        text = p.stdout + p.stderr  # LEMON reports the cost on stderr
        assert f"Min flow cost: {m.group(3)}" in text, text


def test_sroi_match_prints_the_flow_cost_without_writing_the_problem(server):
    # The problem is freed before printing when no --dimacs wants it; the
    # figures come from the round.
    p = run_sroi("match", "--db", server.db, "--org", ORG, "--dry-run")
    m = re.search(r"flow: M (\d+) x supply (\d+) - objective = cost (-?\d+)", p.stdout)
    obj = int(re.search(r"objective (\d+)", p.stdout).group(1))
    assert m and obj > 0 and int(m.group(1)) > 0, p.stdout
    assert int(m.group(1)) * int(m.group(2)) - obj == int(m.group(3)), p.stdout


def test_sroi_shortlist_prints_the_api_answer(server, world):
    p = run_sroi("shortlist", "--db", server.db, str(world["o1"]["id"]), "-k", "3", "--json")
    body = json.loads(p.stdout)
    api = ok(world["c"].get(f"/openings/{world['o1']['id']}/shortlist?k=3"), 200)
    assert body["items"] == api["items"]
    text = run_sroi("shortlist", "--db", server.db, str(world["o1"]["id"])).stdout
    assert "occupation" in text
    assert run_sroi("shortlist", "--db", server.db, "999999999", check=False).returncode == 2
    assert run_sroi("match", "--db", server.db, check=False).returncode == 2

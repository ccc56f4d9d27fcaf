"""A proposal round does not hold the write lock while it solves.

POST /matching/runs and `sroi match` read and solve without the write lock
and write in a short transaction at the end, checking first what they read
against the data as it is then. The test hook SROI_TEST_ROUND_PAUSE (see
src/api/matching.h) holds a round between solving and storing while a file
exists, so the tests need no timing: a write made meanwhile returns while the
round is still held, and what it changed shows in the stored run (proposals
that became invalid are left out and counted as proposals_dropped)."""
import json
import os
import subprocess
import threading
import time

import pytest

from conftest import SROI, SYSTEM_EMAIL, SYSTEM_PASSWORD, Server, add_user, key_args, new_database, run_sroi

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
ORG = "GM0518"


def ok(r, status=None):
    assert (r.status < 400 if status is None else r.status == status), r
    return r.json


@pytest.fixture(scope="module")
def pause_file(tmpdir_module):
    return os.path.join(tmpdir_module, "round-pause")


@pytest.fixture(scope="module")
def server(tmpdir_module, pause_file):
    """sroi serve (two threads) with the pause hook armed by pause_file."""
    db = new_database(tmpdir_module)
    run_sroi("init", "--db", db, *key_args(db))
    add_user(db, "*", "administrator", SYSTEM_EMAIL, SYSTEM_PASSWORD)
    s = Server(db, env={**os.environ, "SROI_TEST_ROUND_PAUSE": pause_file})
    c = s.client()
    assert c.post("/organisations", {"code": "haaglanden", "name": "Regio Haaglanden", "kind": "region"}).status == 201
    assert c.post("/organisations", {"code": ORG, "name": "'s-Gravenhage", "kind": "municipality",
                                     "region": "haaglanden"}).status == 201
    yield s
    s.stop()


def candidate(c):
    return ok(c.post("/candidates", {"organisation": ORG, "postcode": "2512 CE", "target_groups": ["participatiewet"],
                                     "occupations": ["7115.1"], "hours_per_week": 32, "education_level": "mbo2",
                                     "available_from": "2026-01-01"}), 201)


@pytest.fixture(scope="module")
def world(server):
    c = server.client()
    with open(os.path.join(ROOT, "policies", "haaglanden-zhc-2023.json")) as f:
        ok(c.put("/organisations/haaglanden/policies", json.load(f)), 201)
    w = {"c": c}
    w["supplier"] = ok(c.post("/suppliers", {"organisation": ORG, "kvk": "83000001", "name": "Timmerwerk"}), 201)
    w["openings"] = [ok(c.post("/openings", {"organisation": ORG, "supplier_id": w["supplier"]["id"], "kind": "job",
                                             "esco_code": "7115.1", "postcode": "2511 AB", "hours_per_week": 32,
                                             "start_date": "2027-03-01"}), 201) for _ in range(2)]
    return w


class Held:
    """Arms the pause: the next round waits after solving until release()."""

    def __init__(self, path):
        self.path = path
        self.reached = path + ".reached"
        for p in (self.path, self.reached):
            if os.path.exists(p):
                os.remove(p)
        open(self.path, "w").close()

    def wait_reached(self, alive):
        """Waits until the round is held; alive() tells whether the round
        is still running (a round that ended without being held fails)."""
        while not os.path.exists(self.reached):
            assert alive(), "the round ended without reaching the pause"
            time.sleep(0.01)

    def release(self):
        if os.path.exists(self.path):
            os.remove(self.path)


def test_a_round_in_progress_does_not_block_writes_and_drops_what_they_invalidate(server, world, pause_file):
    c = world["c"]
    # Four fitting candidates, one proposal each (P = 1), six slots.
    cands = [candidate(c) for _ in range(4)]
    held = Held(pause_file)
    answer = {}
    t = threading.Thread(target=lambda: answer.update(r=c.post("/matching/runs", {"organisation": ORG})))
    t.start()
    try:
        held.wait_reached(t.is_alive)
        # Writes while the round is held: each returns although the round
        # has not finished.
        supplier = c.post("/suppliers", {"organisation": ORG, "kvk": "83000002", "name": "Schoonmaak"})
        assert supplier.status == 201, supplier
        # the first candidate gets a proposal elsewhere (no room left at
        # P = 1), the second is archived
        p = ok(c.post("/proposals", {"opening_id": world["openings"][0]["id"], "candidate_id": cands[0]["id"]}), 201)
        ok(c.patch(f"/candidates/{cands[1]['id']}", {"status": "archived"}), 200)
        assert t.is_alive(), "the round finished before the writes returned"
    finally:
        held.release()
        t.join(120)
    run = ok(answer["r"], 201)
    assert run["proposals_dropped"] == 2 and run["proposal_count"] == 2
    props = ok(c.get(f"/matching/runs/{run['id']}/proposals"), 200)["items"]
    assert {x["candidate_id"] for x in props} == {cands[2]["id"], cands[3]["id"]}
    assert sum(x["score"] for x in props) == run["objective"]
    assert run["candidates_proposed"] == 2 and run["fairness"]["proposals"] == 2
    # the solver's optimum over what was read is still reported
    assert run["flow_cost"] < run["max_score"] * 4 - run["objective"]
    mine = ok(c.get(f"/proposals?candidate_id={cands[0]['id']}&status=proposed"), 200)["items"]
    assert [x["id"] for x in mine] == [p["id"]]
    audit = ok(c.get(f"/audit?entity_id={run['id']}"), 200)["items"]
    assert audit[0]["changes"]["proposals_dropped"] == 2


def test_sroi_match_does_not_hold_the_write_lock_while_it_solves(server, world, pause_file):
    c = world["c"]
    fresh = [candidate(c) for _ in range(2)]
    held = Held(pause_file)
    env = {**os.environ, "SROI_TEST_ROUND_PAUSE": pause_file}
    proc = subprocess.Popen([SROI, "match", "--db", server.db, "--org", ORG], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        held.wait_reached(lambda: proc.poll() is None)
        r = c.post("/suppliers", {"organisation": ORG, "kvk": "83000003", "name": "Groenbeheer"})
        assert r.status == 201, r
        ok(c.patch(f"/candidates/{fresh[0]['id']}", {"status": "archived"}), 200)
        assert proc.poll() is None, "sroi match finished before the write returned"
    finally:
        held.release()
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "left out (made invalid by writes while the round was solved): 1 proposals" in out, out
    run_id = int(out.split("  run ")[1].split()[0])
    props = ok(c.get(f"/matching/runs/{run_id}/proposals"), 200)["items"]
    assert [x["candidate_id"] for x in props] == [fresh[1]["id"]]

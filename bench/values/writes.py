"""Writes on a large contract against writes on a small one (bench/values/run.sh).

Builds, on an empty database served by `sroi serve`, two awarded contracts of
one supplier under table A (policies/haaglanden-zhc-2023.json): a large one
with N realisations (default 5,000) and a small one with 10, of the same mix:
hires (a fifth of the people hired twice, so that the maximum counting period
runs over two periods), internships, trainings and custom activities, most
of them accepted. The candidates and realisations come in through `sroi
import` (the same validation and valuation as the API).

Then, taking turns between the two contracts, it times the requests of the
write mix over HTTP, one at a time: report a training and accept it, and
report a hire of a new person and accept it; and the contract summary.
Prints the median time of each on both contracts and their ratio (large /
small): the goal is close to 1x, a write costing the same whatever the size
of the contract.

usage: writes.py URL EMAIL PASSWORD SROI_BIN DB WORKDIR [N] [ROUNDS]
"""
import csv
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request

base, email, password, sroi, db, work = sys.argv[1:7]
n_big = int(sys.argv[7]) if len(sys.argv) > 7 else 5000
rounds = int(sys.argv[8]) if len(sys.argv) > 8 else 40
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
ORG = "GM0518"
cookie = csrf = None


def call(method, path, body=None):
    headers = {"Content-Type": "application/json"}
    if cookie:
        headers["Cookie"] = cookie
        headers["X-CSRF-Token"] = csrf
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + "/api/v1" + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=600) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


def must(status, body, expect=(200, 201)):
    assert status in expect, (status, body[:500])
    return json.loads(body) if body else None


status, body, headers = call("POST", "/session", {"email": email, "password": password})
must(status, body)
cookie = headers["Set-Cookie"].split(";", 1)[0]
csrf = json.loads(body)["csrf_token"]

must(*call("POST", "/organisations", {"code": "haaglanden", "name": "Regio Haaglanden", "kind": "region"})[:2])
must(*call("POST", "/organisations", {"code": ORG, "name": "'s-Gravenhage", "kind": "municipality",
                                      "region": "haaglanden"})[:2])
with open(os.path.join(root, "policies", "haaglanden-zhc-2023.json")) as f:
    must(*call("PUT", "/organisations/haaglanden/policies", json.load(f))[:2])
supplier = must(*call("POST", "/suppliers", {"organisation": ORG, "kvk": "12345678", "name": "Bouwbedrijf",
                                             "postcode": "2511ab"})[:2])
contracts = {}
for ref in ("BIG", "SMALL"):
    k = must(*call("POST", "/contracts", {
        "organisation": ORG, "reference": ref, "title": "Onderhoud openbare ruimte", "cpv_code": "45000000-7",
        "kind": "works", "value_cents": 5000000000, "start_date": "2024-01-01", "end_date": "2027-12-31",
        "supplier_id": supplier["id"]})[:2])
    must(*call("POST", f"/contracts/{k['id']}/award", {"award_date": "2023-12-01"})[:2])
    contracts[ref] = k["id"]

GROUPS = ["participatiewet", "ww", "wia", "banenafspraak", "no_benefit"]
cand_rows, real_rows = [], []


def candidate(ext, i):
    cand_rows.append({"external_id": ext, "target_groups": GROUPS[i % len(GROUPS)],
                      "birth_month": f"{1960 + i % 40}-{1 + i % 12:02d}", "postcode": "2512 CE",
                      "hours_per_week": "32"})


def realisations(ref, n):
    """n realisations of contract ref: 60% hires (every fifth person twice),
    20% internships, 10% trainings, 10% custom; 80% accepted."""
    people = 0
    for i in range(n):
        r = {"external_id": f"{ref}-{i}", "contract_reference": ref, "candidate_external_id": "",
             "start_date": "", "end_date": "", "hours_per_week": "", "amount_eur": "", "level": "",
             "status": "accepted" if i % 5 else "reported"}
        m = i % 10
        month = 1 + i % 12
        if m < 8:
            kind = "hire" if m < 6 else "internship"
            if kind == "hire" and i % 5 == 1 and people:
                # the previous person again, after the first period
                ext = f"{ref}-p{people - 1}"
                r.update(start_date=f"2026-{month:02d}-01", end_date=f"2027-{month:02d}-01")
            else:
                ext = f"{ref}-p{people}"
                candidate(ext, people)
                people += 1
                r.update(start_date=f"2024-{month:02d}-01", end_date=f"2025-{month:02d}-15")
            r.update(kind=kind, candidate_external_id=ext, hours_per_week=str(18 + i % 19))
            if kind == "internship":
                r["level"] = str(1 + i % 4)
        else:
            r.update(kind="training" if m == 8 else "custom", amount_eur=f"{100 + i % 900}",
                     start_date=f"2025-{month:02d}-10")
        real_rows.append(r)


realisations("BIG", n_big)
realisations("SMALL", 10)
# people for the timed hires, two per round on each contract
for i in range(4 * rounds + 8):
    candidate(f"new-{i}", i)


def write_csv(name, rows):
    path = os.path.join(work, name)
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)
    return path


def sroi_import(kind, path):
    t = time.perf_counter()
    p = subprocess.run([sroi, "import", kind, path, "--db", db, "--org", ORG], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr[-2000:]
    return time.perf_counter() - t


t_cand = sroi_import("candidates", write_csv("candidates.csv", cand_rows))
t_real = sroi_import("realisations", write_csv("realisations.csv", real_rows))
print(f"prepared: {len(cand_rows)} candidates ({t_cand:.1f} s), {len(real_rows)} realisations "
      f"({t_real:.1f} s, sroi import)")
if os.environ.get("SROI_BENCH_PSQL"):
    # The planner's statistics as autovacuum leaves them a minute after an
    # import, so that the figures do not depend on when it runs.
    subprocess.run([os.environ["SROI_BENCH_PSQL"], db, "-qc", "ANALYZE"], check=True)

spare = []
cursor = None
while True:
    status, body, _ = call("GET", "/candidates?limit=100" + (f"&cursor={cursor}" if cursor else ""))
    page = must(status, body)
    spare += [c["id"] for c in page["items"] if (c.get("external_id") or "").startswith("new-")]
    cursor = page.get("next_cursor")
    if not cursor:
        break
assert len(spare) >= 4 * rounds, len(spare)


def timed(method, path, body=None, expect=(200, 201)):
    t = time.perf_counter()
    status, raw, _ = call(method, path, body)
    dt = time.perf_counter() - t
    return must(status, raw, expect), dt * 1000.0


times = {ref: {"report training": [], "accept training": [], "report hire": [], "accept hire": [],
               "summary": []} for ref in contracts}
for ref in contracts:  # warm up: caches, connections
    timed("GET", f"/contracts/{contracts[ref]}/summary")
for i in range(rounds):
    for ref, kid in contracts.items():
        t = times[ref]
        r, dt = timed("POST", "/realisations", {"organisation": ORG, "contract_id": kid, "kind": "training",
                                                "amount_cents": 1000 + i, "start_date": "2025-03-01"})
        assert r["refusal"] is None, r
        t["report training"].append(dt)
        t["accept training"].append(timed("POST", f"/realisations/{r['id']}/accept")[1])
        r, dt = timed("POST", "/realisations", {"organisation": ORG, "contract_id": kid, "kind": "hire",
                                                "candidate_id": spare.pop(), "start_date": "2026-01-01",
                                                "end_date": "2026-12-31", "hours_per_week": 32})
        assert r["refusal"] is None and r["value_cents"] > 0, r
        t["report hire"].append(dt)
        t["accept hire"].append(timed("POST", f"/realisations/{r['id']}/accept")[1])
        t["summary"].append(timed("GET", f"/contracts/{kid}/summary")[1])

print(f"{'request (median of ' + str(rounds) + ')':32} {'large ms':>9} {'small ms':>9} {'ratio':>7}")
for what in times["BIG"]:
    big = statistics.median(times["BIG"][what])
    small = statistics.median(times["SMALL"][what])
    print(f"{what:32} {big:9.2f} {small:9.2f} {big / small:6.2f}x")
pairs = {ref: [sum(x) for x in zip(*(times[ref][w] for w in times[ref] if w != "summary"))] for ref in times}
big, small = statistics.median(pairs["BIG"]), statistics.median(pairs["SMALL"])
print(f"{'write mix (4 writes)':32} {big:9.2f} {small:9.2f} {big / small:6.2f}x")
print(f"large contract: {n_big + 4 * rounds} realisations at the end, small: {10 + 4 * rounds}")

"""Prepares a load run against a `sroi serve` on the demo database: logs in
as the given account, makes an API token, picks the records the wrk scripts
use, and writes the contract list's JSON (the nginx ceiling serves the same
bytes). Prints shell assignments for bench/http/run.sh.

usage: prepare.py URL EMAIL PASSWORD STATIC_FILE
"""
import json
import sys
import urllib.request
import urllib.error

base, email, password, static_file = sys.argv[1:5]
cookie = csrf = token = None


def call(method, path, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    elif cookie:
        headers["Cookie"] = cookie
        headers["X-CSRF-Token"] = csrf
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + "/api/v1" + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


status, body, headers = call("POST", "/session", {"email": email, "password": password})
assert status == 200, (status, body)
cookie = headers["Set-Cookie"].split(";", 1)[0]
csrf = json.loads(body)["csrf_token"]
status, body, _ = call("POST", "/tokens", {"name": "bench", "role": "administrator", "organisation": "*"})
assert status == 201, (status, body)
token = json.loads(body)["token"]

status, body, _ = call("GET", "/contracts?limit=20")
assert status == 200, (status, body)
with open(static_file, "wb") as f:
    f.write(body)
contracts, cursor = [], None
while True:
    status, page, _ = call("GET", "/contracts?limit=100" + (f"&cursor={cursor}" if cursor else ""))
    page = json.loads(page)
    contracts += page["items"]
    cursor = page.get("next_cursor")
    if not cursor:
        break
live = [k for k in contracts if k["status"] in ("awarded", "running")]
status, body, _ = call("GET", "/openings?limit=50&status=open")
openings = [o["id"] for o in json.loads(body)["items"]][:20]
assert openings, body

# Contracts that take a reported training (the block exists in the policy
# they were awarded under): the write mix spreads over them.
# The training is dated on the contract's first day, inside its term, so
# that it is valued (not refused) and can be accepted.
writable = []
for k in live:
    status, body, _ = call("POST", "/realisations", {
        "organisation": k["organisation"], "contract_id": k["id"], "kind": "training", "amount_cents": 1000,
        "start_date": k["start_date"], "end_date": k["start_date"]})
    if status != 201 or json.loads(body)["refusal"] is not None:
        continue
    status, body, _ = call("POST", f"/realisations/{json.loads(body)['id']}/accept")
    if status == 200:
        writable.append(k)
    if len(writable) == 20:
        break
assert writable, "no contract takes a training realisation"
orgs = {k["organisation"] for k in writable}
writable = [k for k in writable if k["organisation"] == sorted(orgs)[0]]
# Reads use other contracts than writes, so that the write mix does not
# change what the read figures measure.
written = {k["id"] for k in writable}
readable = [k for k in live if k["id"] not in written] or live
print(f"SROI_TOKEN='{token}'")
print(f"SROI_CONTRACTS='{','.join(str(k['id']) for k in readable[:20])}'")
print(f"SROI_OPENINGS='{','.join(str(o) for o in openings)}'")
print(f"SROI_WRITE_CONTRACTS='{','.join(str(k['id']) for k in writable)}'")
print(f"SROI_WRITE_DATES='{','.join(k['start_date'] for k in writable)}'")
print(f"SROI_WRITE_ORG='{writable[0]['organisation']}'")

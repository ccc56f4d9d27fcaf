"""Accounts, roles, tenant isolation and privacy (docs/security.md,
docs/privacy.md).

The route-by-role walk reads the permission matrix from docs/security.md and
every route from the OpenAPI document the server serves (generated from the
route table), and checks each route with every role, a user of another
organisation, a system account and no account: allowed, 403, 404 or 401.
A route whose permission is not in the documented matrix fails it.

Run as a program (python3 tests/api/test_security.py SROI_BIN) it prints
the route table of docs/security.md."""
import base64
import hashlib
import hmac
import json
import os
import re
import shutil
import sqlite3
import ssl
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from conftest import (BACKEND, SYSTEM_EMAIL, SYSTEM_PASSWORD, Client, Server, add_user,  # noqa: E402
                      key_args, new_database, run_sroi, snapshot)

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
ROLES = ["administrator", "consultant", "buyer", "jobcoach", "supplier", "auditor"]
PASSWORD = "role-password-1"
ORG_A, ORG_B = "GM0518", "GM0344"  # B is in another region


# ---- the documented matrix and the served routes ---------------------------

def documented_matrix(text=None):
    """{permission: {role: cell}} from docs/security.md's permission table."""
    if text is None:
        with open(os.path.join(ROOT, "docs", "security.md")) as f:
            text = f.read()
    section = text.split("## The permission matrix", 1)[1].split("\n## ", 1)[0]
    matrix = {}
    for line in section.splitlines():
        m = re.match(r"^\| `([a-z_:]+)` \|(.*)\|\s*$", line)
        if m:
            cells = [c.strip() for c in m.group(2).split("|")]
            assert len(cells) == len(ROLES), line
            matrix[m.group(1)] = dict(zip(ROLES, cells))
    return matrix


def served_routes(yaml_text):
    """[(method, path, permission)] from the generated OpenAPI YAML."""
    ops, path, method, in_paths = [], None, None, False
    for line in yaml_text.splitlines():
        if line.startswith('"paths":'):
            in_paths = True
            continue
        if in_paths and not line.startswith("  "):
            break
        m = re.match(r'^  "(/[^"]*)":$', line)
        if m:
            path, method = m.group(1), None
            continue
        m = re.match(r'^    "(get|post|put|patch|delete)":$', line)
        if m and path:
            method = m.group(1).upper()
            continue
        m = re.match(r'^      "x-permission": "([^"]*)"$', line)
        if m and path and method:
            ops.append((method, path, m.group(1)))
    return ops


def allowed(cell):
    return cell != "no"


def route_cell(matrix, permission, role):
    cell = matrix[permission][role]
    return "ok" if cell == "yes" else "403" if cell == "no" else cell


def route_table(matrix, routes):
    rows = []
    for method, path, permission in routes:
        cells = " | ".join(route_cell(matrix, permission, r) for r in ROLES)
        rows.append(f"| {method} | {path} | `{permission}` | {cells} |")
    return rows


def documented_route_rows():
    with open(os.path.join(ROOT, "docs", "security.md")) as f:
        text = f.read()
    part = text.split("<!-- route-table", 1)[1].split("<!-- end of route-table -->", 1)[0]
    return [l for l in part.splitlines() if l.startswith("| ") and not l.startswith("| method")]


# ---- helpers ------------------------------------------------------------------

def totp(secret, at=None, digits=6):
    """RFC 6238 code for a base32 secret at unix time `at`."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    h = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    o = h[-1] & 0x0F
    return f"{(struct.unpack('>I', h[o:o + 4])[0] & 0x7FFFFFFF) % 10 ** digits:0{digits}d}"


def fresh_server(tmpdir, args=(), env=None):
    """A server on a new database with the system account."""
    db = new_database(tmpdir)
    run_sroi("init", "--db", db, *key_args(db))
    add_user(db, "*", "administrator", SYSTEM_EMAIL, SYSTEM_PASSWORD)
    return Server(db, args=args, env=env)


def ok(r, status=None):
    assert r.status < 400 if status is None else r.status == status, r
    return r.json


def policy_doc():
    with open(os.path.join(ROOT, "policies", "haaglanden-zhc-2023.json")) as f:
        return json.load(f)


# ---- the world every test here uses ------------------------------------------

def make_records(c, tag, policy):
    """A supplier, contract, candidate, opening, realisation, plan item and
    follow-up in organisation A (and a few beside them), tagged for
    uniqueness."""
    w = {}
    block = policy["document"]["valuation"]["blocks"][0]["id"]
    kvk = 71000000 + 10 * (sum(map(ord, tag)) % 99000)

    def supplier(org, n):
        return ok(c.post("/suppliers", {"organisation": org, "kvk": str(kvk + n), "name": f"Bedrijf {tag} {n}",
                                        "postcode": "2511 AB"}), 201)

    def contract(org, supplier_id, ref, award=True):
        k = ok(c.post("/contracts", {"organisation": org, "reference": f"{tag}-{ref}", "title": "Onderhoud",
                                     "kind": "works", "cpv_code": "45000000-7", "value_cents": 100000000,
                                     "start_date": "2024-01-01", "end_date": "2025-12-31",
                                     "supplier_id": supplier_id}), 201)
        if award:
            k = ok(c.post(f"/contracts/{k['id']}/award", {"award_date": "2023-12-01"}), 200)
        return k

    def candidate(org):
        return ok(c.post("/candidates", {"organisation": org, "postcode": "2512 CE", "hours_per_week": 32,
                                         "target_groups": ["participatiewet"], "birth_month": "1980-05"}), 201)

    w["s1"], w["s2"], w["sb"] = supplier(ORG_A, 1), supplier(ORG_A, 2), supplier(ORG_B, 3)
    w["k1"] = contract(ORG_A, w["s1"]["id"], "K1")
    w["k2"] = contract(ORG_A, w["s2"]["id"], "K2")
    w["kb"] = contract(ORG_B, w["sb"]["id"], "KB", award=False)
    w["cand"], w["cand_b"] = candidate(ORG_A), candidate(ORG_B)
    w["o1"] = ok(c.post("/openings", {"organisation": ORG_A, "supplier_id": w["s1"]["id"], "contract_id": w["k1"]["id"],
                                      "kind": "job", "esco_code": "0110.1", "postcode": "2511 AB",
                                      "hours_per_week": 36, "start_date": "2024-03-01"}), 201)
    w["o2"] = ok(c.post("/openings", {"organisation": ORG_A, "supplier_id": w["s2"]["id"], "kind": "job",
                                      "esco_code": "0110.1", "postcode": "2511 AB", "hours_per_week": 36,
                                      "start_date": "2024-03-01"}), 201)
    w["r1"] = ok(c.post("/realisations", {"organisation": ORG_A, "contract_id": w["k1"]["id"], "kind": "hire",
                                          "candidate_id": w["cand"]["id"], "start_date": "2024-01-01",
                                          "end_date": "2024-12-31", "hours_per_week": 36}), 201)
    w["r2"] = ok(c.post("/realisations", {"organisation": ORG_A, "contract_id": w["k2"]["id"], "kind": "training",
                                          "amount_cents": 100000, "start_date": "2024-02-01",
                                          "end_date": "2024-02-01"}), 201)
    plan = c.post("/plan-items", {"organisation": ORG_A, "contract_id": w["k1"]["id"], "block_id": block,
                                  "quantity": 1, "expected_value_cents": 100000})
    w["plan"] = plan.json if plan.status == 201 else None
    fu = ok(c.get(f"/follow-ups?realisation_id={w['r1']['id']}"), 200)["items"]
    w["followup"] = fu[0] if fu else None
    ev = c.request("POST", f"/realisations/{w['r1']['id']}/evidence", raw=b"%PDF-1.4 evidence " + tag.encode(),
                   headers={"Content-Type": "application/pdf"})
    w["evidence"] = ev.json if ev.status == 201 else None
    w["spare_user"] = ok(c.post("/users", {"organisation": ORG_A, "email": f"spare-{tag.lower()}@a.example",
                                           "role": "buyer", "password": PASSWORD}), 201)
    w["spare_token"] = ok(c.post("/tokens", {"organisation": ORG_A, "name": f"spare {tag}", "role": "auditor"}), 201)
    return w


@pytest.fixture(scope="module")
def world(server):
    c = server.client()
    policy = ok(c.put("/organisations/haaglanden/policies", policy_doc()), 201)
    w = make_records(c, "SEC", policy)
    w.update({"c": c, "policy": policy,
              "org_a": c.get(f"/organisations?code={ORG_A}").json["items"][0]["id"]})
    # One account per role in A and in B; the supplier accounts are bound to
    # S1 and SB.
    w["users"], w["ids"] = {}, {}
    for org, sup in ((ORG_A, w["s1"]), (ORG_B, w["sb"])):
        for role in ROLES:
            email = f"{role}@{org.lower()}.example"
            body = {"organisation": org, "email": email, "role": role, "password": PASSWORD}
            if role == "supplier":
                body["supplier_id"] = sup["id"]
            w["ids"][(org, role)] = ok(c.post("/users", body), 201)["id"]
            w["users"][(org, role)] = email
    return w


def login(server, world, org, role):
    return server.login(world["users"][(org, role)], PASSWORD)


# ---- the route-by-role walk ----------------------------------------------------

def test_every_route_has_a_documented_permission_and_the_docs_list_every_route(server):
    routes = served_routes(run_sroi("openapi").stdout)
    assert len(routes) >= 40
    matrix = documented_matrix()
    missing = sorted({p for _, _, p in routes if p not in matrix})
    assert not missing, f"permissions without a row in docs/security.md's matrix: {missing}"
    assert documented_route_rows() == route_table(matrix, routes), \
        "docs/security.md's route table is stale: regenerate it with `python3 tests/api/test_security.py SROI_BIN`"


def record_id(world, segment):
    ids = {"suppliers": world["s1"]["id"], "contracts": world["k1"]["id"], "candidates": world["cand"]["id"],
           "openings": world["o1"]["id"], "realisations": world["r1"]["id"], "policies": world["policy"]["id"],
           "users": world["spare_user"]["id"], "tokens": world["spare_token"]["id"],
           "plan-items": (world["plan"] or {}).get("id", 999999999),
           "evidence": (world["evidence"] or {}).get("id", 999999999),
           "follow-ups": (world["followup"] or {}).get("id", 999999999)}
    return ids.get(segment, 999999999)


def concrete(world, server, path):
    """The path with its parameters naming records of organisation A."""
    segment = path.split("/")[1]
    p = path.replace("{org}", ORG_A)
    return re.sub(r"\{id\}", str(world["org_a"] if segment == "organisations" else record_id(world, segment)), p)


def probe(client, method, path):
    body = {"POST": b"{}", "PUT": b"{}", "PATCH": b'{"__probe__": 1}'}.get(method)
    return client.request(method, path, raw=body)


def walk_order(op):
    method, path, _ = op
    if (method, path) == ("DELETE", "/session"):
        return (3, path)  # last: it ends the walkers' sessions
    return ({"GET": 0, "DELETE": 2}.get(method, 1), path)


def test_every_route_answers_every_role_as_the_matrix_says(server, world):
    routes = sorted(served_routes(run_sroi("openapi").stdout), key=walk_order)
    matrix = documented_matrix()
    # Records of its own: the walk's writes and deletes leave the other
    # tests' records alone.
    records = make_records(server.client(), "WALK", world["policy"])
    records["policy"], records["org_a"] = world["policy"], world["org_a"]
    mine = {role: login(server, world, ORG_A, role) for role in ROLES}
    theirs = {role: login(server, world, ORG_B, role) for role in ROLES}
    anonymous = server.anonymous()
    system = server.client()
    failures = []

    def expect(cond, what, r):
        if not cond:
            failures.append(f"{what}: {r.status} {r.raw[:160]!r}")

    for method, path, permission in routes:
        url = concrete(records, server, path)
        names_a_record = "{" in path
        # another organisation first, while every record still exists
        for role, c in theirs.items():
            r = probe(c, method, url)
            what = f"{method} {path} as {role} of {ORG_B}"
            expect(r.status < 500, what, r)
            if not allowed(matrix[permission][role]):
                expect(r.status == 403, what + " (want 403)", r)
            elif names_a_record:
                expect(r.status == 404, what + " (want 404)", r)
            else:
                expect(r.status not in (401, 403), what + " (want allowed)", r)
                items = (r.json or {}).get("items") if r.raw[:1] == b"{" and r.status == 200 else None
                for item in items or []:
                    expect(item.get("organisation") != ORG_A, what + " (lists A's record)", r)
        for role, c in mine.items():
            r = probe(c, method, url)
            what = f"{method} {path} as {role} of {ORG_A}"
            expect(r.status < 500, what, r)
            if allowed(matrix[permission][role]):
                expect(r.status not in (401, 403), what + " (want allowed)", r)
            else:
                expect(r.status == 403 and r.json["error"]["code"] == "forbidden", what + " (want 403)", r)
        r = probe(anonymous, method, url)
        if permission == "public":
            expect(r.status not in (401, 403) and r.status < 500, f"{method} {path} anonymously", r)
        else:
            expect(r.status == 401, f"{method} {path} anonymously (want 401)", r)
        if (method, path) != ("DELETE", "/session"):
            r = probe(system, method, url)
            expect(r.status not in (401, 403) and r.status < 500, f"{method} {path} as the system account", r)
    assert not failures, "\n".join(failures)


def test_api_tokens_get_the_same_answers_as_their_role(server, world):
    c = server.client()
    matrix = documented_matrix()
    for role in ROLES:
        body = {"organisation": ORG_A, "name": f"walk {role}", "role": role}
        if role == "supplier":
            body["supplier_id"] = world["s1"]["id"]
        t = Client(server.url + "/api/v1", token=ok(c.post("/tokens", body), 201)["token"])
        for method, path, permission in [("GET", "/contracts", "contracts:read"),
                                         ("POST", "/contracts", "contracts:write"),
                                         ("GET", "/candidates/{id}/identity", "identity:read"),
                                         ("GET", "/users", "users:read"),
                                         ("GET", "/audit", "audit:read")]:
            r = probe(t, method, concrete(world, server, path))
            if allowed(matrix[permission][role]):
                assert r.status not in (401, 403) and r.status < 500, (role, method, path, r)
            else:
                assert r.status == 403, (role, method, path, r)


def test_a_permission_missing_from_the_matrix_serves_no_one():
    # The matrix in docs lists every permission the server knows, and the
    # server refuses routes whose permission it does not know (checked by
    # the walk); here: the parser really reads the table.
    m = documented_matrix()
    assert m["identity:read"]["consultant"] == "yes" and m["identity:read"]["auditor"] == "no"
    assert m["organisations:create"] == {r: "no" for r in ROLES}


# ---- logins ------------------------------------------------------------------------

def test_wrong_password_unknown_account_and_disabled_account_get_the_same_401(server, world):
    c = server.client()
    add = c.post("/users", {"organisation": ORG_A, "email": "wrong@a.example", "role": "buyer", "password": PASSWORD})
    assert add.status == 201, add
    a = server.anonymous()
    wrong = a.login("wrong@a.example", "not-the-password")
    unknown = a.login("nobody@a.example", PASSWORD)
    assert wrong.status == unknown.status == 401
    assert wrong.json == unknown.json
    assert wrong.json["error"]["code"] == "invalid_credentials"
    assert "Set-Cookie" not in wrong.headers
    assert ok(c.patch(f"/users/{add.json['id']}", {"disabled": True}), 200)["disabled"] is True
    disabled = a.login("wrong@a.example", PASSWORD)
    assert disabled.status == 401 and disabled.json == wrong.json
    # Mixed case works: addresses are compared in lower case.
    assert ok(c.patch(f"/users/{add.json['id']}", {"disabled": False}), 200)
    assert a.login("Wrong@A.example", PASSWORD).status == 200


def test_a_session_cookie_is_httponly_samesite_and_logout_ends_it(server, world):
    a = server.anonymous()
    r = a.login(world["users"][(ORG_A, "auditor")], PASSWORD)
    cookie = r.headers["Set-Cookie"]
    assert re.match(r"sroi_session=[A-Za-z0-9_-]{43}; ", cookie)
    for flag in ("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age="):
        assert flag in cookie
    assert "Secure" not in cookie  # plain HTTP on loopback; see the TLS test
    assert r.json["user"]["role"] == "auditor" and r.json["user"]["organisation"] == ORG_A
    assert "password" not in json.dumps(r.json) and "hash" not in json.dumps(r.json)
    me = a.get("/session").json
    assert me["user"]["email"] == world["users"][(ORG_A, "auditor")] and me["csrf_token"] == a.csrf
    old = a.session
    out = a.delete("/session")
    assert out.status == 204 and "Max-Age=0" in out.headers["Set-Cookie"]
    assert a.session is None
    stale = Client(server.url + "/api/v1", session=old)
    r = stale.get("/contracts")
    assert r.status == 401 and r.json["error"]["code"] == "session_expired"


def test_failed_logins_are_throttled_per_account(server, world):
    c = server.client()
    assert c.post("/users", {"organisation": ORG_A, "email": "throttle@a.example", "role": "buyer",
                             "password": PASSWORD}).status == 201
    a = server.anonymous()
    for _ in range(5):
        assert a.login("throttle@a.example", "wrong-password").status == 401
    r = a.login("throttle@a.example", PASSWORD)  # right password, still locked
    assert r.status == 429 and r.json["error"]["code"] == "too_many_attempts"
    assert 0 < int(r.headers["Retry-After"]) <= 900
    # other accounts from the same address are not locked
    assert a.login(world["users"][(ORG_A, "buyer")], PASSWORD).status == 200


def test_failed_logins_are_throttled_per_address(tmpdir_module):
    s = fresh_server(tmpdir_module)
    try:
        a = s.anonymous()
        for i in range(20):
            r = a.login(f"nobody{i}@nowhere.example", "whatever-password")
            assert r.status == 401, r
        r = a.login(SYSTEM_EMAIL, SYSTEM_PASSWORD)
        assert r.status == 429 and int(r.headers["Retry-After"]) > 0
    finally:
        s.stop()


def test_sessions_expire_when_idle_and_at_their_maximum_age(tmpdir_module):
    s = fresh_server(tmpdir_module, args=["--session-idle", "2", "--session-max", "5"])
    try:
        idle = s.login(SYSTEM_EMAIL, SYSTEM_PASSWORD)
        assert idle.get("/session").status == 200
        time.sleep(3.2)
        r = idle.get("/session")
        assert r.status == 401 and r.json["error"]["code"] == "session_expired"
        busy = s.login(SYSTEM_EMAIL, SYSTEM_PASSWORD)
        started = time.time()
        while time.time() - started < 4:
            assert busy.get("/session").status == 200
            time.sleep(1)
        time.sleep(max(0, 5.3 - (time.time() - started)))
        r = busy.get("/organisations")
        assert r.status == 401 and r.json["error"]["code"] == "session_expired"
    finally:
        s.stop()


def test_state_changing_requests_of_a_session_need_the_csrf_token(server, world, unchanged):
    c = login(server, world, ORG_A, "consultant")
    other = login(server, world, ORG_A, "buyer")  # another session's token
    body = {"reference": "CSRF-1", "title": "t", "kind": "works", "value_cents": 1, "start_date": "2024-01-01",
            "end_date": "2024-12-31"}
    with unchanged():
        r = c.post("/contracts", body, headers={"X-CSRF-Token": ""})
        assert r.status == 403 and r.json["error"]["code"] == "csrf_token_invalid"
        r = c.post("/contracts", body, headers={"X-CSRF-Token": "x" * 43})
        assert r.status == 403 and r.json["error"]["code"] == "csrf_token_invalid"
        r = c.delete(f"/contracts/{world['k1']['id']}", headers={"X-CSRF-Token": other.csrf})
        assert r.status == 403
    assert c.get("/contracts").status == 200  # reads need none
    assert c.post("/contracts", body).status == 201  # the client sends it
    # logging in again from a page that still has the cookie is no forgery
    r = c.post("/session", {"email": world["users"][(ORG_A, "consultant")], "password": PASSWORD},
               headers={"X-CSRF-Token": ""})
    assert r.status == 200, r


def test_a_revoked_token_is_refused(server, world):
    c = server.client()
    t = ok(c.post("/tokens", {"organisation": ORG_A, "name": "payroll", "role": "consultant"}), 201)
    assert t["token"].startswith("sroi_") and len(t["token"]) == 48
    api = Client(server.url + "/api/v1", token=t["token"])
    assert api.get("/contracts").status == 200
    assert api.post("/contracts", {"reference": "TOK-1", "title": "t", "kind": "works", "value_cents": 1,
                                   "start_date": "2024-01-01", "end_date": "2024-12-31"}).status == 201
    listed = [x for x in ok(c.get("/tokens"), 200)["items"] if x["id"] == t["id"]][0]
    assert "token" not in listed and listed["last_used_at"] is not None  # shown once; use recorded
    assert listed["role"] == "consultant" and listed["organisation"] == ORG_A
    assert c.delete(f"/tokens/{t['id']}").status == 204
    r = api.get("/contracts")
    assert r.status == 401 and r.json["error"]["code"] == "invalid_token"
    assert Client(server.url + "/api/v1", token="sroi_" + "A" * 43).get("/contracts").status == 401
    # an administrator of another organisation cannot see or revoke it
    b_admin = login(server, world, ORG_B, "administrator")
    assert b_admin.delete(f"/tokens/{world['spare_token']['id']}").status == 404


def test_totp_login_needs_a_current_code_used_once(server, world):
    db = server.db
    c = server.client()
    assert c.post("/users", {"organisation": ORG_A, "email": "totp@a.example", "role": "jobcoach",
                             "password": PASSWORD}).status == 201
    out = run_sroi("user", "totp", "--db", db, "--email", "totp@a.example", *key_args(db)).stdout
    secret = re.search(r"^([A-Z2-7]{32})$", out, re.M).group(1)
    assert f"otpauth://totp/sroi:totp@a.example?secret={secret}" in out
    a = server.anonymous()
    r = a.login("totp@a.example", PASSWORD)
    assert r.status == 401 and r.json["error"]["code"] == "totp_required"
    wrong = f"{(int(totp(secret)) + 1) % 1000000:06d}"
    r = a.login("totp@a.example", PASSWORD, wrong)
    assert r.status == 401 and r.json["error"]["code"] == "invalid_totp"
    code = totp(secret)
    assert a.login("totp@a.example", PASSWORD, code).status == 200
    r = server.anonymous().login("totp@a.example", PASSWORD, code)  # replayed
    assert r.status == 401 and r.json["error"]["code"] == "invalid_totp"
    # the next step's code is accepted (one step of drift)
    assert server.anonymous().login("totp@a.example", PASSWORD, totp(secret, time.time() + 30)).status == 200
    # The secret is sealed in the database like identities.
    if BACKEND == "sqlite":
        con = sqlite3.connect(db)
        row = con.execute("SELECT totp_sealed FROM users WHERE email = 'totp@a.example'").fetchone()
        con.close()
        assert row[0][:4] == b"SRS1" and secret.encode() not in row[0]


def test_totp_can_be_turned_on_by_the_signed_in_user(server, world):
    c = server.client()
    assert c.post("/users", {"organisation": ORG_A, "email": "enrol@a.example", "role": "consultant",
                             "password": PASSWORD}).status == 201
    me = server.login("enrol@a.example", PASSWORD)
    new = ok(me.post("/session/totp"), 200)
    assert new["uri"].startswith("otpauth://totp/sroi:enrol@a.example?secret=" + new["secret"])
    assert me.put("/session/totp", {"secret": new["secret"], "code": totp(new["secret"]),
                                    "password": "wrong-password"}).status == 403
    assert me.put("/session/totp", {"secret": new["secret"], "code": "000000" if totp(new["secret"]) != "000000"
                                    else "111111", "password": PASSWORD}).status == 422
    assert ok(me.put("/session/totp", {"secret": new["secret"], "code": totp(new["secret"]),
                                       "password": PASSWORD}), 200) == {"totp": True}
    assert server.anonymous().login("enrol@a.example", PASSWORD).json["error"]["code"] == "totp_required"
    assert server.anonymous().login("enrol@a.example", PASSWORD, totp(new["secret"], time.time() + 30)).status == 200


def test_administrators_need_totp_on_a_public_server_which_warns_of_demo_logins(server, world):
    db = server.db
    add_user(db, ORG_A, "administrator", "administrator@demo.example", "demo-administrator")
    add_user(db, ORG_A, "administrator", "secure-admin@a.example", PASSWORD)
    out = run_sroi("user", "totp", "--db", db, "--email", "secure-admin@a.example", *key_args(db)).stdout
    secret = re.search(r"^([A-Z2-7]{32})$", out, re.M).group(1)
    public = Server(db, args=["--public"])
    try:
        r = public.anonymous().login("administrator@demo.example", "demo-administrator")
        assert r.status == 403 and r.json["error"]["code"] == "totp_enrolment_required"
        assert public.anonymous().login("secure-admin@a.example", PASSWORD, totp(secret)).status == 200
        # other roles need no TOTP
        assert public.anonymous().login(world["users"][(ORG_A, "consultant")], PASSWORD).status == 200
    finally:
        err = public.stop()
    assert "DEMO ACCOUNT(S) WITH PUBLISHED PASSWORDS ARE ACTIVE" in err
    assert "without TOTP cannot log in" in err
    run_sroi("user", "disable", "--db", db, "--email", "administrator@demo.example")


# ---- tenancy -----------------------------------------------------------------------

def test_a_supplier_sees_and_writes_only_its_own_supplier(server, world, unchanged):
    sup = login(server, world, ORG_A, "supplier")
    k2 = world["k2"]["id"]
    missing = sup.get("/contracts/987654321")
    r = sup.get(f"/contracts/{k2}")
    assert r.status == 404 and r.json == missing.json
    assert sup.get(f"/contracts/{k2}/summary").status == 404
    assert sup.get(f"/realisations/{world['r2']['id']}").status == 404
    assert sup.get(f"/openings/{world['o2']['id']}").status == 404
    assert sup.get(f"/suppliers/{world['s2']['id']}").status == 404
    assert sup.get(f"/contracts/{world['k1']['id']}").status == 200
    assert {k["supplier_id"] for k in sup.get("/contracts?limit=500").json["items"]} == {world["s1"]["id"]}
    assert sup.get(f"/contracts?supplier_id={world['s2']['id']}").json["items"] == []
    assert sup.get(f"/contracts?organisation={ORG_A}&supplier_id={world['s2']['id']}").json["items"] == []
    assert {o["supplier_id"] for o in sup.get("/openings?limit=500").json["items"]} == {world["s1"]["id"]}
    assert {x["contract_id"] for x in sup.get("/realisations?limit=500").json["items"]} == {world["k1"]["id"]}
    assert [x["id"] for x in sup.get("/suppliers").json["items"]] == [world["s1"]["id"]]
    # candidates: only those proposed to it (a proposal round may have)
    proposed = {p["candidate_id"] for p in sup.get("/proposals?limit=500").json["items"]}
    assert {x["id"] for x in sup.get("/candidates?limit=500").json["items"]} == proposed
    if world["cand"]["id"] not in proposed:
        assert sup.get(f"/candidates/{world['cand']['id']}").status == 404
    with unchanged():
        r = sup.post("/realisations", {"contract_id": k2, "kind": "training", "amount_cents": 100,
                                       "start_date": "2024-02-01", "end_date": "2024-02-01"})
        assert r.status == 403, r
        r = sup.post("/openings", {"supplier_id": world["s2"]["id"], "kind": "job", "esco_code": "0110.1",
                                   "postcode": "2511 AB", "hours_per_week": 36, "start_date": "2024-03-01"})
        assert r.status == 403, r
        assert sup.patch(f"/openings/{world['o2']['id']}", {"positions": 5}).status == 404
        assert sup.delete(f"/realisations/{world['r2']['id']}").status == 404
        assert sup.patch(f"/contracts/{world['k1']['id']}", {"title": "x"}).status == 403
    # its own openings it may write
    mine = sup.post("/openings", {"supplier_id": world["s1"]["id"], "kind": "internship", "esco_code": "0110.1",
                                  "postcode": "2511 AB", "hours_per_week": 24, "start_date": "2024-04-01"})
    assert mine.status == 201, mine


def test_a_supplier_sees_only_candidates_proposed_to_it_and_only_some_fields(server, world):
    c = server.client()
    cand = ok(c.post("/candidates", {"organisation": ORG_A, "postcode": "2511 AB", "hours_per_week": 36,
                                     "target_groups": ["participatiewet", "work_disability"],
                                     "birth_month": "1970-01", "external_id": "SOC-PROP",
                                     "occupations": ["0110.1"], "available_from": "2024-01-01"}), 201)
    assert c.put(f"/candidates/{cand['id']}/identity", {"name": "Voorgesteld", "bsn": "123456782"}).status == 200
    sup = login(server, world, ORG_A, "supplier")
    assert sup.get(f"/candidates/{cand['id']}").status == 404
    r = c.post("/proposals", {"organisation": ORG_A, "opening_id": world["o1"]["id"], "candidate_id": cand["id"],
                              "source": "consultant"})
    assert r.status == 201, r
    seen = ok(sup.get(f"/candidates/{cand['id']}"), 200)
    assert seen["postcode"] == "2511 AB" and seen["occupations"] == ["0110.1"]
    for hidden in ("target_groups", "birth_month", "on_benefit_since", "external_id"):
        assert hidden not in seen, hidden
    listed = {x["id"] for x in sup.get("/candidates?limit=500").json["items"]}
    proposed = {p["candidate_id"] for p in sup.get("/proposals?limit=500").json["items"]}
    assert cand["id"] in listed and listed == proposed
    assert all(p["supplier_id"] == world["s1"]["id"] for p in sup.get("/proposals?limit=500").json["items"])
    assert sup.get("/candidates?external_id=SOC-PROP").status == 400  # no filtering on what it cannot see
    assert sup.get(f"/candidates/{cand['id']}/identity").status == 403
    # another supplier's account sees none of it
    c.post("/users", {"organisation": ORG_A, "email": "s2@a.example", "role": "supplier",
                      "supplier_id": world["s2"]["id"], "password": PASSWORD})
    other = server.login("s2@a.example", PASSWORD)
    assert other.get(f"/candidates/{cand['id']}").status == 404
    assert cand["id"] not in {p["candidate_id"] for p in other.get("/proposals?limit=500").json["items"]}


def test_another_organisation_cannot_read_or_change_a_contract_or_candidate(server, world, unchanged):
    them = login(server, world, ORG_B, "consultant")
    k1, cand = world["k1"]["id"], world["cand"]["id"]
    missing_contract = them.get("/contracts/987654321").json
    missing_candidate = them.get("/candidates/987654321").json
    with unchanged():
        assert them.get(f"/contracts/{k1}").json == missing_contract
        assert them.get(f"/contracts/{k1}").status == 404
        assert them.patch(f"/contracts/{k1}", {"title": "Overgenomen"}).status == 404
        assert them.delete(f"/contracts/{k1}").status == 404
        assert them.post(f"/contracts/{k1}/award", {"award_date": "2024-01-01"}).status == 404
        assert them.get(f"/contracts/{k1}/summary").status == 404
        assert them.get(f"/candidates/{cand}").json == missing_candidate
        assert them.patch(f"/candidates/{cand}", {"hours_per_week": 1}).status == 404
        assert them.get(f"/candidates/{cand}/identity").status == 404
        assert them.put(f"/candidates/{cand}/identity", {"name": "X", "bsn": "111222333"}).status == 404
        assert them.post("/realisations", {"contract_id": k1, "kind": "training", "amount_cents": 1,
                                           "start_date": "2024-02-01", "end_date": "2024-02-01"}).status == 422
        assert them.get(f"/contracts?organisation={ORG_A}").json["items"] == []
        assert all(k["organisation"] == ORG_B for k in them.get("/contracts?limit=500").json["items"])
        assert all(x["organisation"] == ORG_B for x in them.get("/candidates?limit=500").json["items"])
        r = them.post("/contracts", {"organisation": ORG_A, "reference": "X", "title": "t", "kind": "works",
                                     "value_cents": 1, "start_date": "2024-01-01", "end_date": "2024-12-31"})
        assert r.status == 422 and r.json["error"]["field"] == "organisation"
    b_admin = login(server, world, ORG_B, "administrator")
    assert b_admin.get(f"/users/{world['ids'][(ORG_A, 'consultant')]}").status == 404
    assert all(u["organisation"] == ORG_B for u in b_admin.get("/users").json["items"])
    assert b_admin.post("/users", {"organisation": ORG_A, "email": "x@x.example", "role": "buyer",
                                   "password": PASSWORD}).status == 422


def test_an_auditor_reads_everything_but_identity_and_writes_nothing(server, world, unchanged):
    aud = login(server, world, ORG_A, "auditor")
    assert aud.get(f"/contracts/{world['k1']['id']}").status == 200
    assert aud.get(f"/candidates/{world['cand']['id']}").status == 200
    assert aud.get("/audit").status == 200
    with unchanged():
        assert aud.get(f"/candidates/{world['cand']['id']}/identity").status == 403
        assert aud.patch(f"/contracts/{world['k1']['id']}", {"title": "x"}).status == 403
        assert aud.post("/suppliers", {"kvk": "12312312", "name": "x"}).status == 403


def test_disabling_an_account_ends_its_sessions(server, world):
    c = server.client()
    u = ok(c.post("/users", {"organisation": ORG_A, "email": "leaver@a.example", "role": "buyer",
                             "password": PASSWORD}), 201)
    s = server.login("leaver@a.example", PASSWORD)
    assert s.get("/contracts").status == 200
    admin = login(server, world, ORG_A, "administrator")
    assert ok(admin.patch(f"/users/{u['id']}", {"disabled": True}), 200)["disabled"] is True
    assert s.get("/contracts").status == 401
    r = admin.patch(f"/users/{world['ids'][(ORG_A, 'administrator')]}", {"disabled": True})
    assert r.status == 422 and r.json["error"]["code"] == "cannot_change_self"


# ---- privacy -----------------------------------------------------------------------

def database_bytes(db):
    """What the database holds on disk (SQLite: the file and its WAL), or its
    full dump (PostgreSQL)."""
    if BACKEND == "sqlite":
        data = b""
        for path in (db, db + "-wal"):
            if os.path.exists(path):
                with open(path, "rb") as f:
                    data += f.read()
        return data
    return subprocess.run([os.path.join(os.environ["SROI_PG_BINDIR"], "pg_dump"), db], check=True,
                          capture_output=True).stdout


def test_identity_is_never_in_plain_text_in_the_database_files(server, world):
    c = server.client()
    people = [("Geertruida Vlasblom", "123456782", ORG_A), ("Hendrikus Zwanenburg", "111222333", ORG_A),
              ("Wilhelmina Oosterhout", "123456782", "GM0503"), ("Bartholomeus Kweekers", "123456782", ORG_B)]
    ids = []
    for name, bsn, org in people:
        cand = ok(c.post("/candidates", {"organisation": org, "postcode": "2512 CE", "hours_per_week": 20}), 201)
        r = c.put(f"/candidates/{cand['id']}/identity", {"name": name, "bsn": bsn, "birth_date": "1975-03-14",
                                                          "email": "x@example.org", "phone": "0612345678"})
        assert r.status == 200, r
        assert c.get(f"/candidates/{cand['id']}/identity").json["name"] == name
        ids.append(cand["id"])
    # changed once more, so that old page images are in the WAL as well
    assert c.put(f"/candidates/{ids[1]}/identity", {"name": "Hendrikus Zwanenburg-Bos", "bsn": "111222333"}).status == 200
    if BACKEND == "sqlite":
        assert os.path.getsize(server.db + "-wal") > 0
    data = database_bytes(server.db)
    for name, bsn, _ in people:
        for needle in (bsn, name, name.split()[1], "Zwanenburg-Bos", "0612345678"):
            assert needle.encode() not in data, needle
            assert needle.encode().hex().encode() not in data, needle  # bytea as hex
    # The region pseudonym: the same BSN gives the same pseudonym within a
    # region (GM0518, GM0503: haaglanden) and another one outside it.
    pseudonyms = [json.loads(run_sroi("gdpr", "export", "--db", server.db, "--candidate", str(i),
                                      *key_args(server.db)).stdout)["candidate"]["region_pseudonym"] for i in ids]
    assert all(p and re.fullmatch(r"[0-9a-f]{64}", p) for p in pseudonyms)
    assert pseudonyms[0] == pseudonyms[2] != pseudonyms[3]
    assert pseudonyms[0] != pseudonyms[1]
    # every read of identity is audited with who and the route, no values
    audit = c.get(f"/audit?entity_id={ids[0]}&limit=500").json["items"]
    reads = [a for a in audit if a["action"] == "read_identity"]
    assert reads and reads[0]["actor"].startswith("user:")
    assert "Vlasblom" not in json.dumps(audit) and "123456782" not in json.dumps(audit)


def test_gdpr_export_and_erase_keep_the_totals_identical(server, world):
    c = server.client()
    k = world["k1"]["id"]
    cand = ok(c.post("/candidates", {"organisation": ORG_A, "postcode": "2512 CE", "hours_per_week": 36,
                                     "target_groups": ["participatiewet"], "birth_month": "1966-02",
                                     "external_id": "SOC-4711"}), 201)
    assert c.put(f"/candidates/{cand['id']}/identity", {"name": "Cornelia Erasmus", "bsn": "111222333"}).status == 200
    r = ok(c.post("/realisations", {"organisation": ORG_A, "contract_id": k, "kind": "hire",
                                    "candidate_id": cand["id"], "start_date": "2025-01-01", "end_date": "2025-06-30",
                                    "hours_per_week": 18}), 201)
    assert c.post(f"/realisations/{r['id']}/accept", {}).status == 200
    before = ok(c.get(f"/contracts/{k}/summary?as_of=2025-12-31"), 200)
    realisations_before = ok(c.get(f"/realisations?contract_id={k}&limit=500"), 200)["items"]

    export = json.loads(run_sroi("gdpr", "export", "--db", server.db, "--candidate", str(cand["id"]),
                                 *key_args(server.db)).stdout)
    assert export["identity"] == {"name": "Cornelia Erasmus", "bsn": "111222333"}
    assert export["candidate"]["external_id"] == "SOC-4711"
    assert [x["id"] for x in export["realisations"]] == [r["id"]]
    assert any(a["action"] == "update_identity" for a in export["audit"])

    out = run_sroi("gdpr", "erase", "--db", server.db, "--candidate", str(cand["id"]))
    assert "erased" in out.stdout
    after = ok(c.get(f"/contracts/{k}/summary?as_of=2025-12-31"), 200)
    assert after == before  # every figure, to the cent
    assert ok(c.get(f"/realisations?contract_id={k}&limit=500"), 200)["items"] == realisations_before
    assert c.get(f"/candidates/{cand['id']}/identity").status == 404
    kept = ok(c.get(f"/candidates/{cand['id']}"), 200)
    assert kept["target_groups"] == ["participatiewet"] and kept["external_id"] is None
    again = json.loads(run_sroi("gdpr", "export", "--db", server.db, "--candidate", str(cand["id"]),
                                *key_args(server.db)).stdout)
    assert again["identity"] is None and again["candidate"]["region_pseudonym"] is None
    assert [a["action"] for a in again["audit"]][-2:] == ["gdpr_export", "erase_identity"]
    assert "Erasmus" not in json.dumps(again) and "111222333" not in json.dumps(again)
    assert database_bytes(server.db).find(b"Erasmus") < 0
    assert run_sroi("gdpr", "erase", "--db", server.db, "--candidate", "987654321", check=False).returncode == 2


def test_the_retention_rule_erases_identities_after_the_policys_months(tmpdir_module):
    s = fresh_server(tmpdir_module)
    db = s.db
    try:
        c = s.client()
        assert c.post("/organisations", {"code": "haaglanden", "name": "Haaglanden", "kind": "region"}).status == 201
        for code, region in (("GM0518", "haaglanden"), ("GM0344", None)):
            body = {"code": code, "name": code, "kind": "municipality"}
            if region:
                body["region"] = region
            assert c.post("/organisations", body).status == 201
        assert c.put("/organisations/haaglanden/policies", policy_doc()).status == 201  # 36 months
        ids = {}
        for org in ("GM0518", "GM0344"):
            cand = ok(c.post("/candidates", {"organisation": org, "postcode": "2512 CE", "hours_per_week": 20}), 201)
            assert c.put(f"/candidates/{cand['id']}/identity", {"name": "Retentie", "bsn": "111222333"}).status == 200
            ids[org] = cand["id"]
        today = time.strftime("%Y-%m-%d", time.gmtime())
        assert "0 identities erased" in run_sroi("gdpr", "retention", "--db", db, "--as-of", today).stdout
        later = f"{int(today[:4]) + 4}-{today[5:7]}-01"  # more than 36 months on
        assert "0 identities erased" in run_sroi("gdpr", "retention", "--db", db, "--as-of",
                                                 f"{int(today[:4]) + 2}-{today[5:7]}-28").stdout
        assert "1 identities erased" in run_sroi("gdpr", "retention", "--db", db, "--as-of", later).stdout
        assert c.get(f"/candidates/{ids['GM0518']}/identity").status == 404
        assert c.get(f"/candidates/{ids['GM0518']}").status == 200  # the record stays
        assert c.get(f"/candidates/{ids['GM0344']}/identity").status == 200  # no policy, no rule
        audit = c.get(f"/audit?entity_id={ids['GM0518']}&action=erase_identity").json["items"]
        assert [a["actor"] for a in audit] == ["retention"]
    finally:
        s.stop()


def test_a_broken_audit_chain_is_detected(tmpdir_module):
    db = new_database(tmpdir_module)
    run_sroi("init", "--db", db, *key_args(db))
    for code, name in (("zuid", "Regio Zuid"), ("noord", "Regio Noord"), ("oost", "Regio Oost")):
        run_sroi("org", "add", "--db", db, "--code", code, "--name", name, "--kind", "region")
    echo = "x" * 10
    add_user(db, "*", "administrator", "audit@test.example", echo)
    s = Server(db)
    try:
        c = s.login("audit@test.example", echo)
        for i in range(3):
            assert c.patch(f"/organisations/{c.get('/organisations?code=zuid').json['items'][0]['id']}",
                           {"name": f"Regio Zuid {i}"}).status == 200
    finally:
        s.stop()
    ok_run = run_sroi("audit", "verify", "--db", db)
    assert re.search(r"intact: \d+ entries", ok_run.stdout)
    # change one entry in the middle of a chain, as someone with the
    # database but not sroi could
    pick = ("SELECT id FROM audit_log WHERE org_id = (SELECT org_id FROM organisations WHERE code = 'zuid') "
            "ORDER BY id LIMIT 1 OFFSET 1")
    if BACKEND == "sqlite":
        con = sqlite3.connect(db)
        bad_id = con.execute(pick).fetchone()[0]
        con.execute("UPDATE audit_log SET actor = 'user:666' WHERE id = ?", (bad_id,))
        con.commit()
        con.close()
    else:
        psql = os.path.join(os.environ["SROI_PG_BINDIR"], "psql")
        bad_id = int(subprocess.run([psql, db, "-tAc", pick], check=True, capture_output=True,
                                    text=True).stdout.strip())
        subprocess.run([psql, db, "-qc", f"UPDATE audit_log SET actor = 'user:666' WHERE id = {bad_id}"],
                       check=True, capture_output=True)
    broken = run_sroi("audit", "verify", "--db", db, check=False)
    assert broken.returncode == 1
    assert f"BROKEN at entry {bad_id}" in broken.stderr


def make_records_in(c, org):
    """An awarded contract and a realisation on it in org."""
    sup = ok(c.post("/suppliers", {"organisation": org, "kvk": "72000001", "name": "Rekey BV"}), 201)
    k = ok(c.post("/contracts", {"organisation": org, "reference": "RK-1", "title": "t", "kind": "works",
                                 "value_cents": 100000000, "start_date": "2024-01-01", "end_date": "2025-12-31",
                                 "supplier_id": sup["id"]}), 201)
    ok(c.post(f"/contracts/{k['id']}/award", {"award_date": "2023-12-01"}), 200)
    r = ok(c.post("/realisations", {"organisation": org, "contract_id": k["id"], "kind": "training",
                                    "amount_cents": 1000, "start_date": "2024-02-01", "end_date": "2024-02-01"}), 201)
    return {"contract": k["id"], "realisation": r["id"]}


def test_rekey_reseals_identities_and_evidence_under_a_new_key(tmpdir_module):
    s = fresh_server(tmpdir_module)
    db = s.db
    try:
        c = s.client()
        assert c.post("/organisations", {"code": "haaglanden", "name": "Haaglanden", "kind": "region"}).status == 201
        assert c.post("/organisations", {"code": "GM0503", "name": "Delft", "kind": "municipality",
                                         "region": "haaglanden"}).status == 201
        assert c.put("/organisations/haaglanden/policies", policy_doc()).status == 201
        cand = ok(c.post("/candidates", {"organisation": "GM0503", "postcode": "2611 AB", "hours_per_week": 20}), 201)
        assert c.put(f"/candidates/{cand['id']}/identity", {"name": "Jan Rekey", "bsn": "111222333"}).status == 200
        records = make_records_in(c, "GM0503")
        pdf = b"%PDF-1.4 a payslip"
        ev = c.request("POST", f"/realisations/{records['realisation']}/evidence", raw=pdf,
                       headers={"Content-Type": "application/pdf"})
        assert ev.status == 201, ev
    finally:
        s.stop()
    key_file = key_args(db)[1] if key_args(db) else db + ".key"
    with open(key_file) as f:
        old = f.read()
    assert oct(os.stat(key_file).st_mode & 0o777) == "0o600"
    out = run_sroi("rekey", "--db", db, *key_args(db)).stdout
    with open(key_file) as f:
        new = f.read()
    assert new != old and new.split("region-secret")[1] == old.split("region-secret")[1]
    assert oct(os.stat(key_file).st_mode & 0o777) == "0o600" and not os.path.exists(key_file + ".new")
    assert "2 identities and evidence files" in out
    s = Server(db)
    try:
        assert s.client().get(f"/candidates/{cand['id']}/identity").json["name"] == "Jan Rekey"
        assert s.client().get(f"/evidence/{ev.json['id']}").raw == pdf
    finally:
        s.stop()
    # the old key opens nothing any more
    stale = os.path.join(tmpdir_module, "stale.key")
    with open(stale, "w") as f:
        f.write(old)
    os.chmod(stale, 0o600)
    r = run_sroi("gdpr", "export", "--db", db, "--candidate", str(cand["id"]), "--key-file", stale, check=False)
    assert r.returncode == 1 and "key" in r.stderr
    # a key file that others may read is refused
    os.chmod(stale, 0o644)
    r = run_sroi("gdpr", "export", "--db", db, "--candidate", str(cand["id"]), "--key-file", stale, check=False)
    assert r.returncode == 1 and "chmod 600" in r.stderr


def test_security_headers_and_no_internal_detail(server):
    r = server.anonymous().get("/health")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    assert re.fullmatch(r"[0-9a-f]{16}", r.headers["X-Request-Id"])
    assert r.headers["Cache-Control"] == "no-store"
    r = server.anonymous().get("/contracts")
    assert r.status == 401 and r.json["error"]["code"] == "unauthenticated"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_tls_serves_https_with_secure_cookies(tmpdir_module):
    d = tempfile.mkdtemp(dir=tmpdir_module)
    cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    s = fresh_server(tmpdir_module, args=["--tls-cert", cert, "--tls-key", key])
    try:
        assert s.url.startswith("https://")
        ctx = ssl.create_default_context(cafile=cert)
        ctx.check_hostname = False
        req = urllib.request.Request(s.url + "/api/v1/session", method="POST",
                                     data=json.dumps({"email": SYSTEM_EMAIL, "password": SYSTEM_PASSWORD}).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, context=ctx, timeout=30) as r:
            assert r.status == 200
            assert "; Secure" in r.headers["Set-Cookie"]
            assert r.headers["Strict-Transport-Security"].startswith("max-age=")
    finally:
        s.stop()


if __name__ == "__main__":
    # Prints docs/security.md's route table from the binary's routes.
    os.environ["SROI_BIN"] = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SROI_BIN", "")
    yaml = subprocess.run([os.environ["SROI_BIN"], "openapi"], check=True, capture_output=True, text=True).stdout
    print("\n".join(route_table(documented_matrix(), served_routes(yaml))))


def read_answer(sock):
    """One HTTP answer with a Content-Length from sock: its head."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        assert chunk, "the connection closed"
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    length = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0].split(b":")[1])
    while len(rest) < length:
        rest += sock.recv(65536)
    return head


def test_one_address_cannot_take_every_connection(server):
    """At most 128 connections from one address (unless behind a proxy):
    the next is closed unanswered, and the server serves others after."""
    import socket
    host, port = server.url.split("//")[1].split(":")
    held = []
    try:
        for _ in range(128):
            held.append(socket.create_connection((host, int(port)), timeout=10))
        # An answer on each proves the server took (and counts) it.
        for h in held:
            h.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        for h in held:
            assert read_answer(h).startswith(b"HTTP/1.1 200")
        extra = socket.create_connection((host, int(port)), timeout=10)
        try:
            extra.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = extra.recv(100)
        except OSError:
            answer = b""
        finally:
            extra.close()
        assert answer == b""
        # The held connections still serve.
        held[0].sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert held[0].recv(100).startswith(b"HTTP/1.1 200")
    finally:
        for s in held:
            s.close()
    # Once the server has seen them close, the address may connect again.
    import time
    for _ in range(100):
        try:
            if server.anonymous().get("/health").status == 200:
                break
        except OSError:
            pass
        time.sleep(0.1)
    assert server.anonymous().get("/health").status == 200

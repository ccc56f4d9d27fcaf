"""Answers to reads are kept (src/http/response_cache.c) and served again
only while no write has changed the data: after any write, by this server,
another server on the same database or a command, the next read is read
anew; callers never see each other's answers."""
import pytest

from conftest import (SYSTEM_EMAIL, SYSTEM_PASSWORD, Server, add_user, key_args, new_database,
                      run_sroi)

ORG = "GM0518"
PASSWORD = "cache-password-1"


@pytest.fixture(scope="module")
def db(tmpdir_module):
    d = new_database(tmpdir_module)
    run_sroi("init", "--db", d, *key_args(d))
    add_user(d, "*", "administrator", SYSTEM_EMAIL, SYSTEM_PASSWORD)
    s = Server(d)
    c = s.client()
    assert c.post("/organisations", {"code": ORG, "name": "'s-Gravenhage", "kind": "municipality"}).status == 201
    for i in range(3):
        r = c.post("/suppliers", {"organisation": ORG, "kvk": f"6100000{i}", "name": f"Leverancier {i}",
                                  "postcode": "2511AB"})
        assert r.status == 201, r
    s.stop()
    return d


@pytest.fixture
def server(db):
    s = Server(db)
    yield s
    s.stop()


def test_a_repeated_read_is_served_from_the_cache_and_a_write_makes_it_read_anew(server):
    c = server.client()
    first = c.get("/suppliers?limit=10")
    assert first.status == 200 and first.headers["X-Cache"] == "miss"
    again = c.get("/suppliers?limit=10")
    assert again.headers["X-Cache"] == "hit" and again.json == first.json
    s = first.json["items"][0]
    assert c.patch(f"/suppliers/{s['id']}", {"name": "Nieuwe naam BV"}).status == 200
    after = c.get("/suppliers?limit=10")
    assert after.headers["X-Cache"] == "miss"
    assert [x["name"] for x in after.json["items"] if x["id"] == s["id"]] == ["Nieuwe naam BV"]
    assert c.get("/suppliers?limit=10").headers["X-Cache"] == "hit"


def test_each_query_is_its_own_answer(server):
    c = server.client()
    one = c.get("/suppliers?limit=1")
    two = c.get("/suppliers?limit=2")
    assert len(one.json["items"]) == 1 and len(two.json["items"]) == 2
    assert c.get("/suppliers?limit=1").json == one.json
    # A value that contains the separators of the key is not another query.
    assert c.get("/suppliers?limit=1|2").status == 400


def test_a_refused_write_keeps_the_answers(server):
    c = server.client()
    c.get("/suppliers")
    assert c.get("/suppliers").headers["X-Cache"] == "hit"
    r = c.post("/suppliers", {"organisation": ORG, "kvk": "123", "name": "Fout"})
    assert r.status in (400, 422)
    assert c.get("/suppliers").headers["X-Cache"] == "hit"


def test_callers_never_share_an_answer(server, db):
    c = server.client()
    supplier_id = c.get("/suppliers?limit=1").json["items"][0]["id"]
    add_user(db, ORG, "supplier", "cache-supplier@a.example", PASSWORD, supplier=supplier_id)
    add_user(db, ORG, "consultant", "cache-consultant@a.example", PASSWORD)
    mine = c.get("/suppliers?limit=50")
    assert len(mine.json["items"]) >= 3
    supplier = server.login("cache-supplier@a.example", PASSWORD)
    theirs = supplier.get("/suppliers?limit=50")
    assert theirs.status == 200 and theirs.headers["X-Cache"] == "miss"
    assert [x["id"] for x in theirs.json["items"]] == [supplier_id]
    consultant = server.login("cache-consultant@a.example", PASSWORD)
    assert consultant.get("/suppliers?limit=50").headers["X-Cache"] == "miss"
    # Signed out, the same request is refused, not answered from the cache.
    assert server.anonymous().get("/suppliers?limit=50").status == 401


def test_a_write_through_another_server_or_a_command_is_seen_at_once(server, db):
    other = Server(db)
    try:
        a, b = server.client(), other.client()
        a.get("/organisations")
        assert a.get("/organisations").headers["X-Cache"] == "hit"
        assert b.post("/organisations", {"code": "GM0503", "name": "Delft", "kind": "municipality"}).status == 201
        r = a.get("/organisations")
        assert r.headers["X-Cache"] == "miss" and "GM0503" in [o["code"] for o in r.json["items"]]
        assert a.get("/organisations").headers["X-Cache"] == "hit"
        run_sroi("org", "add", "--db", db, "--code", "GM0603", "--name", "Rijswijk",
                 "--kind", "municipality")
        r = a.get("/organisations")
        assert r.headers["X-Cache"] == "miss" and "GM0603" in [o["code"] for o in r.json["items"]]
    finally:
        other.stop()


def test_identity_exports_are_audited_every_time_not_kept(server, db):
    c = server.client()
    r = c.post("/candidates", {"organisation": ORG, "external_id": "CACHE-1", "postcode": "2512 CE",
                               "hours_per_week": 32, "target_groups": ["participatiewet"],
                               "birth_month": "1980-05"})
    assert r.status == 201, r
    assert c.put(f"/candidates/{r.json['id']}/identity", {"name": "Jan Jansen", "bsn": "111222333"}).status in (200, 201)
    add_user(db, ORG, "consultant", "cache-identity@a.example", PASSWORD)
    consultant = server.login("cache-identity@a.example", PASSWORD)
    before = len(c.get("/audit?action=export_identity&limit=500").json["items"])
    for _ in range(2):
        r = consultant.get("/candidates?format=csv&identity=true&external_id=CACHE-1")
        assert r.status == 200 and "Jan Jansen" in r.raw.decode()
    after = len(c.get("/audit?action=export_identity&limit=500").json["items"])
    assert after == before + 2


def test_without_a_cache_nothing_is_kept(db):
    s = Server(db, args=("--cache-mb", "0"))
    try:
        c = s.client()
        assert "X-Cache" not in c.get("/suppliers").headers
        assert "X-Cache" not in c.get("/suppliers").headers
    finally:
        s.stop()


def test_the_cache_size_must_be_a_number():
    p = run_sroi("serve", "--db", "x.db", "--cache-mb", "lots", check=False)
    assert p.returncode == 2 and "--cache-mb" in p.stderr

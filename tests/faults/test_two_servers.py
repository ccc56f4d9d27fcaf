"""Servers keep no state of their own: two `sroi serve` processes on one
database, with requests alternated between them, give the same answers.
Sessions, API tokens and the counters of failed logins live in the
database, so a session made on one server is known (and ended) on the
other, and a lock earned on one holds on both."""
import pytest

from conftest import ADMIN_EMAIL, BACKENDS, Server, init_database, new_database, seed


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_servers_on_one_database_answer_alike(backend, tmp_path):
    db = new_database(backend, str(tmp_path))
    init_database(db)
    a = Server(db, threads=2)
    world = seed(a)
    b = Server(db, threads=2)
    servers = [a, b]
    try:
        # Writes on one, reads on the other, in turn.
        token = world["token"]
        made = []
        for i in range(10):
            w, r = servers[i % 2], servers[(i + 1) % 2]
            created = w.client(token).post("/suppliers", {"organisation": "GM0518", "kvk": f"9{i:07d}",
                                                          "name": f"Leverancier {i}", "postcode": "2511AB"})
            assert created.status == 201, created
            seen = r.client(token).get(f"/suppliers/{created.json['id']}")
            assert seen.status == 200 and seen.json == created.json
            changed = r.client(token).patch(f"/suppliers/{created.json['id']}", {"name": f"Gewijzigd {i}"})
            assert changed.status == 200
            assert w.client(token).get(f"/suppliers/{created.json['id']}").json == changed.json
            made.append(created.json["id"])
        for path in ("/suppliers?limit=100", "/contracts", f"/contracts/{world['contract']}/summary",
                     "/organisations", "/audit?limit=100"):
            ra, rb = a.client(token).get(path), b.client(token).get(path)
            assert ra.status == 200 and ra.json == rb.json, path

        # A session made on one server is a session on the other.
        ca = a.client()
        ca.login()
        cb = b.client()
        cb.cookie, cb.csrf = ca.cookie, ca.csrf
        assert cb.get("/session").json["user"]["email"] == ADMIN_EMAIL
        assert cb.post("/suppliers", {"organisation": "GM0518", "kvk": "91000000", "name": "Via sessie",
                                      "postcode": "2511AB"}).status == 201
        # Ended on the other server, it is ended on both.
        assert cb.request("DELETE", "/session").status in (200, 204)
        assert ca.get("/session").status == 401

        # A token revoked on one server stops working on the other.
        r = a.client(token).post("/tokens", {"name": "kort", "role": "administrator", "organisation": "*"})
        assert r.status == 201, r
        short = r.json
        assert b.client(short["token"]).get("/contracts").status == 200
        assert b.client(token).request("DELETE", f"/tokens/{short['id']}").status == 204
        assert a.client(short["token"]).get("/contracts").status == 401

        # Failed logins count across servers: the account locks on both.
        statuses = []
        for i in range(8):
            r = servers[i % 2].client().post("/session", {"email": ADMIN_EMAIL, "password": "wrong-password-00"})
            statuses.append(r.status)
        assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}, statuses
        for s in servers:
            r = s.client().post("/session", {"email": ADMIN_EMAIL, "password": "admin-password-1"})
            assert r.status == 429, r
    finally:
        b.stop()
        a.stop()

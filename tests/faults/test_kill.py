"""kill -9 of `sroi serve` in the middle of a write load, on both stores:
after a restart every write that had been answered 2xx is there, none of
the others is half there, and the database passes its integrity check and
its audit chain."""
import random
import threading
import time

import pytest

from conftest import (BACKENDS, Server, assert_database_whole, init_database, new_database, query, seed,
                      training)

WRITERS = 8


def writer(client, contract, t, stop, outcomes):
    """Creates suppliers and reports-then-accepts realisations until stop;
    records (kind, key, answer)."""
    i = 0
    while not stop.is_set():
        i += 1
        n = t * 100000 + i
        kvk = f"4{t:02d}{i:05d}"
        r = client.post("/suppliers", {"organisation": "GM0518", "kvk": kvk, "name": f"Leverancier {n}",
                                       "postcode": "2511AB"})
        outcomes.append(("supplier", kvk, r))
        if r.closed:
            return
        r = client.post("/realisations", training(contract, n))
        outcomes.append(("realisation", 100000 + n, r))
        if r.closed:
            return
        if r.status == 201:
            a = client.post(f"/realisations/{r.json['id']}/accept")
            outcomes.append(("accept", r.json["id"], a))
            if a.closed:
                return


def assert_nothing_half_there(db):
    """Every record has its audit entry and every audit entry its record;
    every acceptance is audited."""
    for table, entity in (("suppliers", "supplier"), ("realisations", "realisation")):
        orphans = query(db, f"SELECT t.id FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM audit_log a "
                            f"WHERE a.entity = '{entity}' AND a.action = 'create' AND a.entity_id = t.id)")
        assert orphans == [], f"{table} without their audit entry: {orphans}"
    for table, entity in (("suppliers", "supplier"), ("realisations", "realisation")):
        ghosts = query(db, f"SELECT a.entity_id FROM audit_log a WHERE a.entity = '{entity}' AND a.action = 'create' "
                           f"AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = a.entity_id)")
        assert ghosts == [], f"audit entries of {table} that were not written: {ghosts}"
    unaudited = query(db, "SELECT r.id FROM realisations r WHERE r.status = 'accepted' AND NOT EXISTS "
                          "(SELECT 1 FROM audit_log a WHERE a.entity = 'realisation' AND a.action = 'accept' "
                          "AND a.entity_id = r.id)")
    assert unaudited == [], f"accepted without an audit entry: {unaudited}"
    # A realisation's value is written with it (valued under the policy).
    unvalued = query(db, "SELECT id FROM realisations WHERE value_cents != amount_cents AND kind = 'training'")
    assert unvalued == [], unvalued


@pytest.mark.parametrize("backend", BACKENDS)
def test_kill_9_under_write_load_loses_no_answered_write(backend, tmp_path):
    db = new_database(backend, str(tmp_path))
    init_database(db)
    server = Server(db, threads=4)
    world = seed(server)
    for round_ in range(2):
        stop = threading.Event()
        outcomes = []
        threads = [threading.Thread(target=writer, args=(server.client(world["token"]), world["contract"],
                                                           round_ * WRITERS + t, stop, outcomes), daemon=True)
                   for t in range(WRITERS)]
        for th in threads:
            th.start()
        time.sleep(1.0 + random.random())
        server.kill9()
        stop.set()
        for th in threads:
            th.join(timeout=60)
        answered = [o for o in outcomes if not o[2].closed]
        assert len(answered) > 20, f"too few writes before the kill: {outcomes[:5]}"
        assert all(o[2].status in (200, 201) for o in answered), \
            [o for o in answered if o[2].status not in (200, 201)][:5]

        server.restart()
        client = server.client(world["token"])
        for kind, key, r in outcomes:
            if kind == "supplier":
                rows = query(db, f"SELECT id FROM suppliers WHERE kvk = '{key}'")
                if not r.closed:
                    assert rows == [[str(r.json["id"])]], (key, r, rows)
                    assert client.get(f"/suppliers/{r.json['id']}").json["kvk"] == key
            elif kind == "realisation":
                rows = query(db, f"SELECT id FROM realisations WHERE amount_cents = {key}")
                if not r.closed:
                    assert rows == [[str(r.json["id"])]], (key, r, rows)
            elif not r.closed:
                assert client.get(f"/realisations/{key}").json["status"] == "accepted", key
        assert_nothing_half_there(db)
        assert_database_whole(db)
        # The restarted server writes again (the id counter went on).
        r = client.post("/suppliers", {"organisation": "GM0518", "kvk": f"5{round_:07d}", "name": "Na herstart",
                                       "postcode": "2511AB"})
        assert r.status == 201, r
    server.stop()

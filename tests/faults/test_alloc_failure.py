"""Allocation failure injection, as SQLite tests its out-of-memory paths.

`sroi serve` runs with tests/faults/failmalloc.c preloaded. For each n, the
n-th allocation of a request mix fails (once); the mix runs on, and then:
- the request that met the failure answered as without it (same status and
  body), or with a 5xx, or closed its connection;
- every later request answered as without a failure (the server goes on);
- nothing is half-written: a write answered 2xx is there in full with its
  audit entry, one answered 5xx is not there at all, one whose connection
  closed is either;
and at the end the server stops cleanly with no leak or sanitizer report,
and the database passes its integrity check and audit chain. A second
sweep fails every allocation from the n-th on until the mix ends
(SROI_FAULT_ALLOC_PERSIST_TRIALS, default 300 steps), and then the server
must serve again.

n steps through the first allocations of the mix (about 2,500 of them) with
a stride that keeps the test within a minute or two; set
SROI_FAULT_ALLOC_TRIALS (default 800) for more, SROI_FAULT_ALLOC_START and
SROI_FAULT_ALLOC_END for a range, SROI_FAULT_KEEP_GOING=1 to collect every
finding instead of stopping at the first, and SROI_FAIL_BACKTRACE=1 to see
where each failure was injected (in the server log, shown with the
findings).
"""
import mmap
import os
import sqlite3
import struct

import pytest

from conftest import (FAILMALLOC, Server, assert_clean_exit, assert_database_whole, init_database,
                      seed, training)

TRIALS = int(os.environ.get("SROI_FAULT_ALLOC_TRIALS", "800"))
PERSIST_TRIALS = int(os.environ.get("SROI_FAULT_ALLOC_PERSIST_TRIALS", "300"))
START = int(os.environ.get("SROI_FAULT_ALLOC_START", "1"))
END = int(os.environ.get("SROI_FAULT_ALLOC_END", "0"))  # 0: the whole mix
KEEP_GOING = os.environ.get("SROI_FAULT_KEEP_GOING") == "1"


class Control:
    """The shared control words of failmalloc.c."""
    FORMAT = "qqqqq"  # armed, fail_at, count, failed, persist

    def __init__(self, path):
        with open(path, "wb") as f:
            f.write(b"\0" * 64)
        self.file = open(path, "r+b")
        self.map = mmap.mmap(self.file.fileno(), 64)

    def arm(self, fail_at, persist=False):
        struct.pack_into("q", self.map, 0, 0)
        struct.pack_into("qqqq", self.map, 8, fail_at, 0, 0, int(persist))
        struct.pack_into("q", self.map, 0, 1)

    def disarm(self):
        struct.pack_into("q", self.map, 0, 0)

    @property
    def count(self):
        return struct.unpack_from("q", self.map, 16)[0]

    @property
    def failed(self):
        return struct.unpack_from("q", self.map, 24)[0]

    def close(self):
        self.map.close()
        self.file.close()


class Mix:
    """The request mix and what the database must hold after it."""

    def __init__(self, server, world, db, control, persist):
        self.persist = persist
        self.server = server
        self.w = world
        self.db = db
        self.control = control
        self.client = server.client(world["token"])
        self.supplier_name = self.one("SELECT name FROM suppliers WHERE id = ?", world["supplier"])
        self.findings = []

    def one(self, sql, *args):
        con = sqlite3.connect(self.db, timeout=30)
        try:
            row = con.execute(sql, args).fetchone()
            return row[0] if row else None
        finally:
            con.close()

    def audits(self, entity, action, entity_id):
        return self.one("SELECT count(*) FROM audit_log WHERE entity = ? AND action = ? AND entity_id = ?",
                        entity, action, entity_id)

    def run(self, i, n):
        """Runs the mix once; returns the findings of this trial."""
        c, w = self.client, self.w
        found = []
        steps = []  # (name, response, expected status, hit)

        def step(name, expected, send):
            before = self.control.failed
            r = send()
            # Failing from n on (persist), every request after the first
            # failure may meet one too.
            hit = self.control.failed > before or (self.persist and before > 0)
            steps.append((name, r, expected, hit))
            if r.closed:
                if self.persist:
                    self.control.disarm()  # else the probe fails too
                if not self.server.answers():
                    raise ServerDied(name)
            if hit:
                ok = r.closed or r.status >= 500 or r.status == expected
            else:
                ok = r.status == expected
            if not ok:
                found.append(f"n={n} {name}: {'failure' if hit else 'no failure'} -> {r}")
            return r, hit

        def same_as_get(name, r, path):
            """A 2xx that met the failure must still be the whole answer."""
            again = c.get(path)
            if self.persist and (again.closed or again.status >= 500):
                return  # the check itself met the failures
            if again.status != 200 or again.json != r.json:
                found.append(f"n={n} {name}: failure answered {r.status} with an incomplete body: "
                             f"{r.raw[:300]!r} != {again.raw[:300]!r}")

        for name, path in (("health", "/health"), ("contract list", "/contracts"),
                           ("summary", f"/contracts/{w['contract']}/summary")):
            r, hit = step(name, 200, lambda: c.get(path))
            if hit and r.status == 200:
                same_as_get(name, r, path)

        # A new supplier.
        kvk = f"3{i:07d}"
        r, hit = step("create supplier", 201, lambda: c.post(
            "/suppliers", {"organisation": "GM0518", "kvk": kvk, "name": f"Leverancier {i}", "postcode": "2511AB"}))
        sid = self.one("SELECT id FROM suppliers WHERE kvk = ?", kvk)
        if r.status == 201:
            if sid != (r.json or {}).get("id"):
                found.append(f"n={n} create supplier: answered {r} but the row is {sid}")
            elif hit:
                same_as_get("create supplier", r, f"/suppliers/{sid}")
        elif not r.closed and sid is not None:
            found.append(f"n={n} create supplier: answered {r.status} but the supplier was written")
        if sid is not None and not self.one(
                "SELECT count(*) FROM audit_log WHERE entity = 'supplier' AND action = 'create' "
                "AND entity_id = ? AND changes LIKE ?", sid, f"%{kvk}%"):
            found.append(f"n={n} create supplier: written without its whole audit entry")

        # A change to an existing supplier.
        name = f"Bouw {i}"
        updates = self.audits("supplier", "update", w["supplier"])
        r, hit = step("update supplier", 200, lambda: c.patch(f"/suppliers/{w['supplier']}", {"name": name}))
        now = self.one("SELECT name FROM suppliers WHERE id = ?", w["supplier"])
        written = now == name
        audited = self.audits("supplier", "update", w["supplier"]) == updates + 1
        if written != audited:
            found.append(f"n={n} update supplier: half-written (row changed: {written}, audited: {audited})")
        if r.status == 200 and not written or (not r.closed and r.status != 200 and written):
            found.append(f"n={n} update supplier: answered {r} but the change is {'' if written else 'not '}there")
        if r.status == 200 and hit:
            same_as_get("update supplier", r, f"/suppliers/{w['supplier']}")

        # A realisation, reported and accepted.
        amount = 100000 + i
        r, hit = step("report realisation", 201, lambda: c.post("/realisations", training(w["contract"], i)))
        rid = self.one("SELECT id FROM realisations WHERE amount_cents = ?", amount)
        if r.status == 201:
            if rid != (r.json or {}).get("id"):
                found.append(f"n={n} report realisation: answered {r} but the row is {rid}")
            elif hit:
                same_as_get("report realisation", r, f"/realisations/{rid}")
        elif not r.closed and rid is not None:
            found.append(f"n={n} report realisation: answered {r.status} but it was written")
        if rid is not None and not self.one(
                "SELECT count(*) FROM audit_log WHERE entity = 'realisation' AND action = 'create' "
                "AND entity_id = ? AND changes IS NOT NULL AND changes != ''", rid):
            found.append(f"n={n} report realisation: written without its whole audit entry")
        if rid is not None:
            r, hit = step("accept realisation", 200, lambda: c.post(f"/realisations/{rid}/accept"))
            status = self.one("SELECT status FROM realisations WHERE id = ?", rid)
            accepted = self.audits("realisation", "accept", rid)
            if (status == "accepted") != (accepted == 1):
                found.append(f"n={n} accept realisation: half-written (status {status}, audit entries {accepted})")
            if (r.status == 200) != (status == "accepted") and not r.closed:
                found.append(f"n={n} accept realisation: answered {r} but the status is {status}")
            if r.status == 200 and hit:
                same_as_get("accept realisation", r, f"/realisations/{rid}")

        # Refusals must stay refusals.
        r, hit = step("malformed body", 400, lambda: c.post("/suppliers", raw=b'{"kvk": '))
        if r.status == 400 and ((r.json or {}).get("error") or {}).get("code") != "invalid_json":
            found.append(f"n={n} malformed body: {r}")
        r, hit = step("missing record", 404, lambda: c.get("/suppliers/1"))
        return found


class ServerDied(Exception):
    pass


def test_every_allocation_failure_gives_5xx_or_a_closed_connection_and_nothing_half_written(tmp_path):
    sweep(tmp_path, False, TRIALS)


def test_when_allocations_keep_failing_nothing_is_half_written_and_the_server_recovers(tmp_path):
    """Every allocation from the n-th on fails until the mix ends (the
    error paths must not need memory either); then the server serves again."""
    sweep(tmp_path, True, PERSIST_TRIALS)


def sweep(tmp_path, persist, trials):
    if not os.path.exists(FAILMALLOC):
        pytest.fail(f"{FAILMALLOC} is missing: build it with ninja (tests/faults/meson.build)")
    db = str(tmp_path / "alloc.db")
    init_database(db)
    control = Control(str(tmp_path / "failmalloc.control"))
    env = {"SROI_FAIL_CONTROL": str(tmp_path / "failmalloc.control"), "LD_PRELOAD": FAILMALLOC,
           "SROI_FAIL_BACKTRACE": os.environ.get("SROI_FAIL_BACKTRACE", ""),
           "ASAN_OPTIONS": "detect_leaks=1:verify_asan_link_order=0:allocator_may_return_null=1" + os.environ.get("SROI_FAULT_ASAN_EXTRA", "")}
    server = Server(db, threads=2, env=env)
    world = seed(server)
    mix = Mix(server, world, db, control, persist)
    # Warm up (connections, statement and policy caches), then measure the
    # allocations of one whole mix.
    for i in range(1, 3):
        assert mix.run(i, 0) == []
    control.arm(0)
    assert mix.run(3, 0) == []
    total = control.count
    control.disarm()
    assert total > 500, f"failmalloc counted only {total} allocations: is it preloaded?"
    if END:
        total = min(total, END)
    stride = max(1, (total - START + 1) // trials)
    findings, crashes = [], []
    i = 10
    for n in range(START, total + 1, stride):
        i += 1
        control.arm(n, persist)
        try:
            findings += mix.run(i, n)
            if persist:
                control.disarm()
                r = mix.client.get("/contracts")
                if r.status != 200:
                    findings.append(f"n={n}: after the failures ended the server answers {r}")
        except ServerDied as e:
            control.disarm()
            err = server.stop(check=False)
            crashes.append(f"n={n} during {e}: sroi serve died:\n{err[-4000:]}")
            if not KEEP_GOING:
                break
            server.restart()
            mix.client = server.client(world["token"])
        control.disarm()
        if findings and not KEEP_GOING:
            break
    control.disarm()
    # After a crash without KEEP_GOING the server is stopped already.
    err = server.stop(check=False) if server.alive() else "\n".join(server.stderr_log)
    control.close()
    report = "\n".join(crashes + findings)
    if os.environ.get("SROI_FAIL_BACKTRACE") == "1":
        report += "\nserver log:\n" + err[-1000000:]
    assert not crashes and not findings, f"{len(crashes)} crashes, {len(findings)} findings:\n{report}"
    assert_clean_exit(server.proc.returncode, err)
    assert_database_whole(db)

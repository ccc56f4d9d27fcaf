"""Helpers for the fault tests: the real sroi binary serving a database on
SQLite or on the throwaway PostgreSQL cluster of tests/pg-cluster.sh, a
small HTTP client that reports a closed connection instead of raising,
a seeded world (accounts, organisations, policy, an awarded contract), and
checks that a database is whole."""
import json
import os
import re
import shlex
import signal
import sqlite3
import subprocess
import tempfile
import time
import http.client

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SROI = os.environ.get("SROI_BIN", os.path.join(ROOT, "build-test", "sroi"))
FAILMALLOC = os.environ.get("SROI_FAILMALLOC",
                            os.path.join(os.path.dirname(SROI), "tests", "faults", "libfailmalloc.so"))
PG_URL = os.environ.get("SROI_PG_URL")          # set by tests/pg-cluster.sh
PG_BINDIR = os.environ.get("SROI_PG_BINDIR")
PG_DATADIR = os.environ.get("SROI_PG_DATADIR")
ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "admin-password-1"
POLICY = os.path.join(ROOT, "policies", "haaglanden-zhc-2023.json")
BACKENDS = ["sqlite", "postgresql"]


def sroi_env(db, extra=None):
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
    if db and is_pg(db):
        env["SROI_KEY_FILE"] = pg_key_file(db)
    env.update(extra or {})
    return env


def run_sroi(*args, db=None, input=None, check=True, env=None):
    p = subprocess.run([SROI, *args], input=input, capture_output=True, text=True, timeout=600,
                       env=sroi_env(db, env))
    if check and p.returncode != 0:
        raise AssertionError(f"sroi {' '.join(args)} failed ({p.returncode}): {p.stderr}")
    return p


def is_pg(db):
    return db.startswith(("postgres://", "postgresql://"))


_key_dir = None


def pg_key_file(db):
    """A PostgreSQL database's key file: one per database, under /tmp."""
    name = db.rsplit("/", 1)[1]
    return os.path.join(_key_dir or "/tmp", f"{name}.key")


# -- HTTP -------------------------------------------------------------------

class Response:
    def __init__(self, status, body=b"", headers=None, closed=False):
        self.status = status      # None when the connection was closed
        self.raw = body
        self.headers = headers or {}
        self.closed = closed

    @property
    def json(self):
        try:
            return json.loads(self.raw) if self.raw else None
        except ValueError:
            return None

    def __repr__(self):
        return "<closed>" if self.closed else f"<{self.status} {self.raw[:300]!r}>"


class Client:
    """One request per connection, as a browser's first request; a closed
    or refused connection is a Response with closed=True."""

    def __init__(self, port, token=None, timeout=30):
        self.port = port
        self.token = token
        self.timeout = timeout
        self.cookie = None
        self.csrf = None

    def request(self, method, path, body=None, raw=None, headers=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        h = {"Content-Type": "application/json"} if data is not None else {}
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if self.cookie:
            h["Cookie"] = self.cookie
            if self.csrf:
                h["X-CSRF-Token"] = self.csrf
        h.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            conn.request(method, "/api/v1" + path, body=data, headers=h)
            r = conn.getresponse()
            return Response(r.status, r.read(), dict(r.getheaders()))
        except (ConnectionError, http.client.HTTPException, OSError):
            return Response(None, closed=True)
        finally:
            conn.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body, **kw)

    def login(self, email=ADMIN_EMAIL, password=ADMIN_PASSWORD):
        r = self.post("/session", {"email": email, "password": password})
        assert r.status == 200, r
        self.cookie = r.headers.get("Set-Cookie", "").split(";", 1)[0]
        self.csrf = r.json["csrf_token"]
        return r


# -- servers ----------------------------------------------------------------

_running = []


@pytest.fixture(autouse=True)
def no_server_outlives_its_test():
    """A test that fails half-way leaves no `sroi serve` behind."""
    yield
    while _running:
        s = _running.pop()
        if s.proc.poll() is None:
            s.proc.kill()
            s.proc.wait()


class Server:
    """`sroi serve` on db; port 0 picks a free one (kept across restart())."""

    def __init__(self, db, port=0, threads=2, env=None, args=(), user=None):
        self.db = db
        self.user = user  # a pwd entry to run as, or None
        self.threads = threads
        self.env = env
        self.args = list(args)
        self.port = port
        self.stderr_log = []
        self.start()

    def start(self):
        cmd = [SROI, "serve", "--db", self.db, "--listen", f"127.0.0.1:{self.port}",
               "--threads", str(self.threads), *self.args]
        # The log goes to a file: a pipe that nobody reads would block the
        # server once it is full.
        self.log = tempfile.TemporaryFile(mode="w+")
        who = {}
        if self.user:
            who = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.log, text=True,
                                     env=sroi_env(self.db, self.env), **who)
        _running.append(self)
        line = self.proc.stdout.readline()
        m = re.search(r"https?://127\.0\.0\.1:(\d+)", line)
        if not m:
            self.proc.wait(timeout=60)
            raise AssertionError(f"sroi serve did not start: {line!r} {self.read_log()}")
        self.port = int(m.group(1))

    def read_log(self):
        self.log.seek(0)
        return self.log.read()

    def client(self, token=None):
        return Client(self.port, token)

    def alive(self):
        return self.proc.poll() is None

    def answers(self):
        """False when the process has died (or is dying: a sanitizer
        report takes a moment to print)."""
        if not self.alive():
            return False
        if not Client(self.port, timeout=5).get("/health").closed:
            return True
        return not self.died(10)

    def died(self, within):
        """True when the process ends within this many seconds."""
        try:
            self.proc.wait(timeout=within)
            return True
        except subprocess.TimeoutExpired:
            return False

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.proc.stdout.close()
        self.stderr_log.append(self.read_log())
        self.log.close()

    def restart(self):
        self.start()

    def stop(self, check=True):
        """SIGTERM; the process must end cleanly, without sanitizer reports."""
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            self.proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate()
            raise AssertionError("sroi serve did not stop on SIGTERM")
        err = self.read_log()
        self.log.close()
        self.stderr_log.append(err)
        if check:
            assert_clean_exit(self.proc.returncode, err)
        return err


def assert_clean_exit(returncode, err):
    assert "ERROR: AddressSanitizer" not in err and "runtime error" not in err, err[-6000:]
    assert "LeakSanitizer" not in err, err[-6000:]
    assert returncode == 0, f"sroi serve exited {returncode}: {err[-3000:]}"


# -- databases --------------------------------------------------------------

_counter = iter(range(1, 1000000))


def psql(url, sql):
    """Runs sql on a PostgreSQL database; rows as lists of strings."""
    p = subprocess.run([os.path.join(PG_BINDIR, "psql"), url, "-XAtq", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                        "-c", sql], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return [line.split("\t") for line in p.stdout.splitlines()]


def new_database(backend, tmpdir):
    if backend == "sqlite":
        return os.path.join(tmpdir, f"fault{next(_counter)}.db")
    if not PG_URL:
        pytest.fail("the PostgreSQL fault tests run under tests/pg-cluster.sh (tests/run-fault-tests.sh)")
    global _key_dir
    _key_dir = tmpdir
    name = f"sroi_fault_{os.getpid()}_{next(_counter)}"
    psql(PG_URL, f"CREATE DATABASE {name}")
    return PG_URL.rsplit("/", 1)[0] + "/" + name


def query(db, sql):
    """Rows of sql (values as strings) on either store."""
    if is_pg(db):
        return psql(db, sql)
    con = sqlite3.connect(db, timeout=30)
    try:
        return [[("" if v is None else str(v)) for v in row] for row in con.execute(sql)]
    finally:
        con.close()


def assert_database_whole(db):
    """The store's own integrity check, foreign keys, and the audit chain."""
    if is_pg(db):
        # PostgreSQL checks its keys on every write; what is left to see is
        # that every table is readable and no index is broken.
        for (table,) in psql(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"):
            psql(db, f"SELECT count(*) FROM {table}")
        broken = psql(db, "SELECT indexrelid::regclass FROM pg_index WHERE NOT indisvalid")
        assert broken == [], broken
    else:
        con = sqlite3.connect(db, timeout=30)
        try:
            assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            con.close()
    p = run_sroi("audit", "verify", "--db", db, db=db, check=False)
    assert p.returncode == 0, p.stdout + p.stderr


def pg_ctl(action):
    """Stops or starts the test cluster (as the postgres user when root)."""
    assert PG_BINDIR and PG_DATADIR, "needs tests/pg-cluster.sh"
    ctl = os.path.join(PG_BINDIR, "pg_ctl")
    if action == "stop":
        cmd = f"'{ctl}' -D '{PG_DATADIR}' -m fast -w stop"
    else:
        # Started again with the options of its first start (port, socket
        # directory...), which postmaster.opts keeps.
        with open(os.path.join(PG_DATADIR, "postmaster.opts")) as f:
            words = shlex.split(f.read())[1:]
        options = []
        while words:
            w = words.pop(0)
            if w == "-D":
                words.pop(0)
            else:
                options.append(w)
        cmd = (f"'{ctl}' -D '{PG_DATADIR}' -l '{PG_DATADIR}/../server.log' -w "
               f"-o {shlex.quote(shlex.join(options))} start")
    if os.getuid() == 0:
        p = subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", cmd], capture_output=True, text=True)
    else:
        p = subprocess.run(["sh", "-c", cmd], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr


# -- a seeded world -----------------------------------------------------------

def init_database(db):
    run_sroi("init", "--db", db, db=db)
    run_sroi("user", "add", "--db", db, "--org", "*", "--role", "administrator", "--email", ADMIN_EMAIL,
             "--password-stdin", db=db, input=ADMIN_PASSWORD + "\n")


def seed(server):
    """Accounts, organisations, the Haaglanden policy, a supplier, an
    awarded contract and a candidate; returns their ids and an API token
    of a system administrator."""
    c = server.client()
    c.login()
    r = c.post("/tokens", {"name": "faults", "role": "administrator", "organisation": "*"})
    assert r.status == 201, r
    token = r.json["token"]
    c = server.client(token)
    assert c.post("/organisations", {"code": "haaglanden", "name": "Regio Haaglanden", "kind": "region"}).status == 201
    r = c.post("/organisations", {"code": "GM0518", "name": "'s-Gravenhage", "kind": "municipality",
                                  "region": "haaglanden"})
    assert r.status == 201, r
    with open(POLICY) as f:
        assert c.put("/organisations/haaglanden/policies", json.load(f)).status == 201
    r = c.post("/suppliers", {"organisation": "GM0518", "kvk": "11111111", "name": "Bouw BV", "postcode": "2511AB"})
    assert r.status == 201, r
    supplier = r.json["id"]
    r = c.post("/contracts", {"organisation": "GM0518", "reference": "FAULT-1", "title": "Onderhoud",
                              "cpv_code": "45000000-7", "kind": "works", "value_cents": 100000000,
                              "start_date": "2024-01-01", "end_date": "2025-12-31", "supplier_id": supplier})
    assert r.status == 201, r
    contract = r.json["id"]
    r = c.post(f"/contracts/{contract}/award", {"award_date": "2023-12-01"})
    assert r.status == 200, r
    r = c.post("/candidates", {"organisation": "GM0518", "postcode": "2512 CE", "target_groups": ["participatiewet"],
                               "hours_per_week": 32, "birth_month": "1980-05"})
    assert r.status == 201, r
    return {"token": token, "supplier": supplier, "contract": contract, "candidate": r.json["id"]}


def training(contract, n):
    """A realisation that needs no candidate (so none is refused as double
    counting): training costs, marked by their amount."""
    return {"organisation": "GM0518", "contract_id": contract, "kind": "training",
            "amount_cents": 100000 + n, "start_date": "2024-03-01", "end_date": "2024-03-31"}


@pytest.fixture
def tmpdir_fault(tmp_path):
    return str(tmp_path)


def wait_until(predicate, timeout, step=0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()

"""Fixtures for the API tests: the real sroi binary serving a temporary
database on a free 127.0.0.1 port, and a small HTTP client.

Every test database gets a system account (organisation "*", which acts for
every organisation) made with `sroi user add`; server.client() is signed in
as it: the client keeps the session cookie and sends the session's CSRF
token with every state-changing request. server.anonymous() is signed in as
no one; server.login(email, password) as someone else."""
import json
import os
import re
import sqlite3
import subprocess
import tempfile
import urllib.error
import urllib.request

import pytest

SROI = os.environ.get("SROI_BIN", os.path.join(os.path.dirname(__file__), "..", "..", "build-test", "sroi"))


def run_sroi(*args, input=None, check=True):
    """Runs the sroi binary; returns the CompletedProcess."""
    p = subprocess.run([SROI, *args], input=input, capture_output=True, text=True, timeout=600)
    if check and p.returncode != 0:
        raise AssertionError(f"sroi {' '.join(args)} failed ({p.returncode}): {p.stderr}")
    return p


class Response:
    def __init__(self, status, body, headers):
        self.status = status
        self.raw = body
        self.headers = headers

    @property
    def json(self):
        return json.loads(self.raw) if self.raw else None

    def __repr__(self):
        return f"<{self.status} {self.raw[:300]!r}>"


SYSTEM_EMAIL = "system@test.example"
SYSTEM_PASSWORD = "system-password-1"


class Client:
    """HTTP client with a session cookie (and its CSRF token) or an API
    token (Authorization: Bearer)."""

    def __init__(self, base, session=None, csrf=None, token=None):
        self.base = base
        self.headers = {}
        self.session = session
        self.csrf = csrf
        self.token = token

    def request(self, method, path, body=None, raw=None, headers=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        h = {"Content-Type": "application/json"} if data is not None else {}
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        elif self.session:
            h["Cookie"] = "sroi_session=" + self.session
            if method not in ("GET", "HEAD") and self.csrf:
                h["X-CSRF-Token"] = self.csrf
        h.update(self.headers)
        h.update(headers or {})
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                res = Response(r.status, r.read(), dict(r.headers))
        except urllib.error.HTTPError as e:
            res = Response(e.code, e.read(), dict(e.headers))
        cookie = res.headers.get("Set-Cookie", "")
        m = re.match(r"sroi_session=([^;]*)", cookie)
        if m:
            self.session = m.group(1) or None
        return res

    def login(self, email, password, totp=None):
        body = {"email": email, "password": password}
        if totp is not None:
            body["totp"] = totp
        r = self.post("/session", body)
        if r.status == 200:
            self.csrf = r.json["csrf_token"]
        return r

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


class Server:
    """sroi serve on a temporary database (args: more serve flags; env: its
    environment)."""

    def __init__(self, db, args=(), env=None):
        self.db = db
        self.proc = subprocess.Popen([SROI, "serve", "--db", db, "--listen", "127.0.0.1:0", "--threads", "2",
                                      *key_args(db), *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        line = self.proc.stdout.readline()
        m = re.search(r"(https?)://127\.0\.0\.1:(\d+)", line)
        if not m:
            err = self.proc.stderr.read()
            raise AssertionError(f"sroi serve did not start: {line!r} {err}")
        self.url = f"{m.group(1)}://127.0.0.1:{m.group(2)}"
        self._system = None

    def anonymous(self):
        """A client signed in as no one."""
        return Client(self.url + "/api/v1")

    def login(self, email, password, totp=None):
        """A client signed in with this account."""
        c = self.anonymous()
        r = c.login(email, password, totp)
        assert r.status == 200, r
        return c

    def client(self):
        """A client of the system account, which acts for every organisation
        (one login per server, shared)."""
        if self._system is None:
            self._system = self.login(SYSTEM_EMAIL, SYSTEM_PASSWORD)
        return Client(self.url + "/api/v1", session=self._system.session, csrf=self._system.csrf)

    def stop(self):
        """Stops the server (SIGTERM); returns what it wrote on stderr."""
        self.proc.terminate()
        try:
            _, err = self.proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise AssertionError("sroi serve did not stop on SIGTERM")
        assert "ERROR: AddressSanitizer" not in err and "runtime error" not in err, err
        assert "LeakSanitizer" not in err, err
        assert self.proc.returncode == 0, f"sroi serve exited {self.proc.returncode}: {err}"
        return err


PG_URL = os.environ.get("SROI_PG_URL")  # set by tests/pg-cluster.sh
BACKEND = "postgresql" if os.environ.get("SROI_TEST_BACKEND") == "postgresql" else "sqlite"
_databases = iter(range(1, 1000000))


_key_files = {}


def new_database(tmpdir):
    """A fresh, empty database on the backend under test: its --db value."""
    if BACKEND == "sqlite":
        return os.path.join(tmpdir, f"test{next(_databases)}.db")
    assert PG_URL, "SROI_TEST_BACKEND=postgresql needs tests/pg-cluster.sh"
    name = f"sroi_test_{os.getpid()}_{next(_databases)}"
    subprocess.run([os.path.join(os.environ["SROI_PG_BINDIR"], "psql"), PG_URL, "-qc",
                    f"CREATE DATABASE {name}"], check=True, capture_output=True)
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    # A PostgreSQL database has no file beside it for its key.
    _key_files[url] = os.path.join(tmpdir, name + ".key")
    return url


def key_args(db):
    """--key-file for commands that need the key: none for SQLite, whose key
    file lies beside the database (PATH.key)."""
    return ["--key-file", _key_files[db]] if db in _key_files else []


def add_user(db, org, role, email, password, supplier=None):
    """`sroi user add`; returns the new account's id."""
    args = ["user", "add", "--db", db, "--org", org, "--role", role, "--email", email, "--password-stdin"]
    if supplier:
        args += ["--supplier", str(supplier)]
    out = run_sroi(*args, input=password + "\n").stdout
    return int(re.match(r"account (\d+)", out).group(1))


# Written by signing in and by using a session (its last use), not by the
# requests a test checks; the change generation is raised by every
# transaction that may write, also one that found nothing to change.
SNAPSHOT_SKIPS = ("sessions", "login_throttle", "change_generation")


def snapshot(db):
    """Every row of every table: compared before and after refused requests."""
    if db.startswith("postgresql://"):
        out = subprocess.run([os.path.join(os.environ["SROI_PG_BINDIR"], "pg_dump"), "--data-only",
                              "--no-owner", db], check=True, capture_output=True, text=True).stdout
        # \restrict lines carry a random key per dump: not data.
        lines, skipping = [], False
        for l in out.splitlines():
            if l.startswith("COPY "):
                skipping = l.split()[1].split(".")[-1] in SNAPSHOT_SKIPS
            if not skipping and not l.startswith(("\\restrict", "\\unrestrict", "--")):
                lines.append(l)
            if l == "\\.":
                skipping = False
        return lines
    con = sqlite3.connect(db)
    try:
        return [l for l in con.iterdump()
                if not any(l.startswith(f'INSERT INTO "{t}"') for t in SNAPSHOT_SKIPS)]
    finally:
        con.close()


@pytest.fixture(scope="module")
def tmpdir_module():
    with tempfile.TemporaryDirectory(prefix="sroi-test-") as d:
        yield d


@pytest.fixture(scope="module")
def server(tmpdir_module):
    db = new_database(tmpdir_module)
    run_sroi("init", "--db", db, *key_args(db))
    add_user(db, "*", "administrator", SYSTEM_EMAIL, SYSTEM_PASSWORD)
    s = Server(db)
    c = s.client()
    # Two municipalities of one region, and one outside it.
    assert c.post("/organisations", {"code": "haaglanden", "name": "Regio Haaglanden", "kind": "region"}).status == 201
    for code, name in (("GM0518", "'s-Gravenhage"), ("GM0503", "Delft")):
        r = c.post("/organisations", {"code": code, "name": name, "kind": "municipality", "region": "haaglanden"})
        assert r.status == 201, r
    assert c.post("/organisations", {"code": "GM0344", "name": "Utrecht", "kind": "municipality"}).status == 201
    yield s
    s.stop()


@pytest.fixture
def client(server):
    return server.client()


@pytest.fixture
def unchanged(server):
    """Asserts that the database is the same after the test's request."""
    class Guard:
        def __enter__(self):
            self.before = snapshot(server.db)
            return self

        def __exit__(self, *exc):
            if exc[0] is None:
                assert snapshot(server.db) == self.before, "the database changed"
    return Guard

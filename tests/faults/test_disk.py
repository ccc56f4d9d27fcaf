"""A full disk and a read-only database file (SQLite): the requests that
cannot write fail with a clear error (507 storage_full, 503 read_only, with
the error JSON), reads go on, and nothing is corrupted. Writing resumes by
itself once space returns; a read-only file needs its permissions back and
a restart (a connection SQLite opened read-only stays so, and so does the
-shm it shares with the other connections of the process)."""
import os
import pwd
import shutil
import subprocess
import tempfile

import pytest

from conftest import Server, assert_database_whole, init_database, query, seed


def supplier(n, name="Leverancier"):
    return {"organisation": "GM0518", "kvk": f"8{n:07d}", "name": f"{name} {n}", "postcode": "2511AB"}


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MiB tmpfs: a disk that fills up."""
    mountpoint = str(tmp_path / "small")
    os.mkdir(mountpoint)
    if os.getuid() != 0:
        pytest.skip("the full-disk test mounts a 2 MiB tmpfs, which needs root; run it as root")
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mountpoint], capture_output=True, text=True)
    if p.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({p.stderr.strip()}): the full-disk test needs one")
    yield mountpoint
    subprocess.run(["umount", "-l", mountpoint], check=True)


def fill(path):
    """Writes a file until the disk is full."""
    chunk = b"\0" * 4096
    with open(path, "wb", buffering=0) as f:
        try:
            while True:
                f.write(chunk)
        except OSError:
            pass


def assert_clear_error(r, status, code):
    assert r.status == status, r
    error = r.json["error"]
    assert error["code"] == code and error["message"], r


def test_full_disk_refuses_writes_clearly_and_resumes_when_space_returns(small_disk):
    db = os.path.join(small_disk, "sroi.db")
    init_database(db)
    server = Server(db, threads=2)
    world = seed(server)
    c = server.client(world["token"])
    filler = os.path.join(small_disk, "filler")
    fill(filler)

    answers = []
    for n in range(1, 400):
        r = c.post("/suppliers", supplier(n))
        answers.append((n, r))
        if r.status == 507:
            break
        assert r.status == 201, r
    n, r = answers[-1]
    assert_clear_error(r, 507, "storage_full")
    # More writes keep failing the same way; reads go on.
    for m in range(n + 1, n + 5):
        r = c.post("/suppliers", supplier(m))
        assert_clear_error(r, 507, "storage_full")
        answers.append((m, r))
        assert c.get("/contracts").status == 200
        assert c.get(f"/contracts/{world['contract']}/summary").status == 200
    assert server.alive()
    for n, r in answers:
        rows = query(db, f"SELECT count(*) FROM suppliers WHERE kvk = '8{n:07d}'")
        assert rows == [["1" if r.status == 201 else "0"]], (n, r)

    os.remove(filler)
    r = c.post("/suppliers", supplier(9000, "Na opruimen"))
    assert r.status == 201, r
    server.stop()
    assert_database_whole(db)


def unprivileged():
    """The account the server runs as in the read-only test: root may write
    any file, so the test needs another."""
    if os.getuid() != 0:
        return None
    return pwd.getpwnam("nobody")


@pytest.fixture
def open_dir():
    """A directory that another account may enter (pytest's own are root's
    alone)."""
    d = tempfile.mkdtemp(prefix="sroi-ro-", dir="/tmp")
    os.chmod(d, 0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_read_only_database_file_refuses_writes_clearly_and_resumes(open_dir):
    user = unprivileged()
    db = os.path.join(open_dir, "sroi.db")
    init_database(db)
    server = Server(db, threads=2)
    world = seed(server)
    server.stop()
    assert not os.path.exists(db + "-wal")
    if user:
        for name in [""] + os.listdir(open_dir):
            shutil.chown(os.path.join(open_dir, name), user.pw_uid, user.pw_gid)
    os.chmod(db, 0o444)

    server = Server(db, threads=2, user=user)
    c = server.client(world["token"])
    for n in range(4):
        assert c.get("/contracts").status == 200
        r = c.post("/suppliers", supplier(n))
        assert_clear_error(r, 503, "read_only")
        assert c.get(f"/contracts/{world['contract']}/summary").status == 200

    server.stop()
    # The operator gives the files back (SQLite made its -wal and -shm with
    # the database file's mode) and starts sroi again.
    for name in os.listdir(open_dir):
        if name.startswith("sroi.db") and not name.endswith(".key"):
            os.chmod(os.path.join(open_dir, name), 0o644)
    server = Server(db, threads=2, user=user)
    c = server.client(world["token"])
    for n in range(10, 14):  # every server thread writes again
        r = c.post("/suppliers", supplier(n))
        assert r.status == 201, r
    server.stop()
    assert query(db, "SELECT count(*) FROM suppliers WHERE kvk BETWEEN '80000000' AND '80000003'") == [["0"]]
    assert query(db, "SELECT count(*) FROM suppliers WHERE kvk BETWEEN '80000010' AND '80000013'") == [["4"]]
    assert_database_whole(db)


def test_an_import_larger_than_the_temporary_space_is_refused_clearly(tmp_path, small_disk):
    """Import files are kept in a temporary file ($TMPDIR), not in memory:
    one larger than the space there is refused with 507
    temporary_space_full,
    nothing is imported, nothing is left behind, and the next import that
    fits goes through."""
    db = str(tmp_path / "sroi.db")
    init_database(db)
    server = Server(db, threads=2, env={"TMPDIR": small_disk})
    world = seed(server)
    c = server.client(world["token"])
    header = "kvk,naam,postcode\n"
    big = header + "".join(f"8{n:07d},Leverancier {n},2511AB\n" for n in range(120000))
    assert len(big) > 3 * 1024 * 1024
    r = c.request("POST", "/imports/suppliers?organisation=GM0518", raw=big.encode(),
                  headers={"Content-Type": "text/csv"})
    assert_clear_error(r, 507, "temporary_space_full")
    assert query(db, "SELECT count(*) FROM suppliers") == [["1"]]
    assert os.listdir(small_disk) == []
    r = c.request("POST", "/imports/suppliers?organisation=GM0518", raw=(header + "80000001,Klein BV,2511AB\n").encode(),
                  headers={"Content-Type": "text/csv"})
    assert r.status == 200, r
    assert query(db, "SELECT count(*) FROM suppliers") == [["2"]]
    assert os.listdir(small_disk) == []
    server.stop()
    assert_database_whole(db)

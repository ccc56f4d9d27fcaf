"""`sroi backup`: a copy of a live SQLite database taken while writers run
is one committed state (it passes its integrity check and audit chain and
holds no half request), serves after a restore, and the command refuses
what it must refuse."""
import os
import shutil
import threading

from conftest import (PG_URL, Server, assert_database_whole, init_database, query, run_sroi, seed)
from test_kill import assert_nothing_half_there, writer


def test_backup_of_a_live_database_is_one_committed_state(tmp_path):
    db = str(tmp_path / "live.db")
    init_database(db)
    server = Server(db, threads=4)
    world = seed(server)
    stop = threading.Event()
    outcomes = []
    writers = [threading.Thread(target=writer, args=(server.client(world["token"]), world["contract"], t, stop,
                                                      outcomes), daemon=True) for t in range(4)]
    for th in writers:
        th.start()
    copies = []
    try:
        for i in range(3):
            out = str(tmp_path / f"copy{i}.db")
            p = run_sroi("backup", "--db", db, out, db=db)
            assert "checked" in p.stdout
            copies.append(out)
    finally:
        stop.set()
        for th in writers:
            th.join(timeout=60)
    server.stop()
    assert len(outcomes) > 20
    counts = []
    for out in copies:
        assert not os.path.exists(out + "-wal")
        shutil.copy(db + ".key", out + ".key")
        assert_database_whole(out)
        assert_nothing_half_there(out)
        counts.append(int(query(out, "SELECT count(*) FROM suppliers")[0][0]))
    assert counts == sorted(counts) and counts[-1] <= int(query(db, "SELECT count(*) FROM suppliers")[0][0])

    # Restored in place of the database, the copy serves.
    restored = str(tmp_path / "restored.db")
    shutil.copy(copies[-1], restored)
    shutil.copy(db + ".key", restored + ".key")
    server = Server(restored, threads=2)
    c = server.client(world["token"])
    assert c.get("/contracts").status == 200
    assert c.post("/suppliers", {"organisation": "GM0518", "kvk": "12121212", "name": "Na terugzetten",
                                 "postcode": "2511AB"}).status == 201
    server.stop()


def test_backup_refuses_an_existing_file_a_missing_database_and_postgresql(tmp_path):
    db = str(tmp_path / "a.db")
    init_database(db)
    out = str(tmp_path / "b.db")
    open(out, "w").write("keep me")
    p = run_sroi("backup", "--db", db, out, db=db, check=False)
    assert p.returncode == 1 and "exists" in p.stderr
    assert open(out).read() == "keep me"
    p = run_sroi("backup", "--db", str(tmp_path / "missing.db"), str(tmp_path / "c.db"), check=False)
    assert p.returncode == 1 and not os.path.exists(tmp_path / "c.db")
    url = (PG_URL or "postgresql://sroi@127.0.0.1/postgres")
    p = run_sroi("backup", "--db", url, str(tmp_path / "d.db"), check=False)
    assert p.returncode == 1 and "pg_dump" in p.stderr
    p = run_sroi("backup", "--db", db, check=False)
    assert p.returncode == 2
    assert sorted(os.listdir(tmp_path)) == ["a.db", "a.db.key", "b.db"]

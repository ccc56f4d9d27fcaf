"""A write to a contract stores only the realisation values that changed.

Every write values the contract's realisations again (the maximum counting
period and double counting run over a person's realisations); it must
write back only the rows whose value, refusal or explanation changed, so
that a write costs the same on a contract with thousands of realisations.
A trigger that this module's database alone gets records every write of a
realisation's valuation (only the valuation writes the explanation column).
Each figure is from table A (policies/haaglanden-zhc-2023.json)."""
import json
import os
import sqlite3
import subprocess

import pytest

from conftest import BACKEND
from test_resources import make_candidate, make_contract, make_supplier

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def sql(db, text, script=False):
    """Runs SQL on the server's database beside the server; returns rows."""
    if BACKEND == "sqlite":
        con = sqlite3.connect(db, timeout=30)
        try:
            if script:
                con.executescript(text)
                return []
            rows = con.execute(text).fetchall()
            con.commit()
            return rows
        finally:
            con.close()
    out = subprocess.run([os.path.join(os.environ["SROI_PG_BINDIR"], "psql"), db, "-qAtX", "-v", "ON_ERROR_STOP=1",
                          "-c", text], check=True, capture_output=True, text=True).stdout
    return [tuple(line.split("|")) for line in out.splitlines() if line]


TRIGGER_SQLITE = """
CREATE TABLE test_value_writes (realisation_id INTEGER);
CREATE TRIGGER test_value_writes AFTER UPDATE OF explanation ON realisations
BEGIN INSERT INTO test_value_writes VALUES (NEW.id); END;
"""
TRIGGER_PG = """
CREATE TABLE test_value_writes (realisation_id bigint);
CREATE FUNCTION test_value_write() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN INSERT INTO test_value_writes VALUES (NEW.id); RETURN NEW; END $$;
CREATE TRIGGER test_value_writes AFTER UPDATE OF explanation ON realisations
FOR EACH ROW EXECUTE FUNCTION test_value_write();
"""


class Writes:
    """The realisations whose valuation was written since the last take()."""

    def __init__(self, db):
        self.db = db
        sql(db, TRIGGER_SQLITE if BACKEND == "sqlite" else TRIGGER_PG, script=True)

    def take(self):
        rows = sql(self.db, "SELECT realisation_id FROM test_value_writes")
        sql(self.db, "DELETE FROM test_value_writes")
        return sorted(int(r[0]) for r in rows)


@pytest.fixture(scope="module")
def big(server):
    """An awarded contract with 60 realisations of 40 people: hires (ten
    people hired twice), internships and trainings."""
    c = server.client()
    with open(os.path.join(ROOT, "policies", "haaglanden-zhc-2023.json")) as f:
        assert c.put("/organisations/haaglanden/policies", json.load(f)).status == 201
    s = make_supplier(c, "55555555")
    k = make_contract(c, s["id"], "V-BIG", value_cents=1000000000)
    k = c.post(f"/contracts/{k['id']}/award", {"award_date": "2023-12-01"}).json
    people, rows = [], []
    for i in range(40):
        people.append(make_candidate(c, target_groups=[["participatiewet", "ww", "wia"][i % 3]]))
    for i, p in enumerate(people[:30]):
        rows.append(report(c, k, kind="hire", candidate_id=p["id"], start_date="2024-01-01",
                           end_date="2024-09-30", hours_per_week=20 + i % 17))
        if i < 10:
            rows.append(report(c, k, kind="hire", candidate_id=p["id"], start_date="2024-10-01",
                               end_date="2025-12-31", hours_per_week=32))
    for i, p in enumerate(people[30:]):
        rows.append(report(c, k, kind="internship", candidate_id=p["id"], start_date="2024-02-01",
                           end_date="2024-07-31", hours_per_week=24, level="2"))
    for i in range(10):
        rows.append(report(c, k, kind="training", amount_cents=10000 + i, start_date="2024-05-01"))
    for r in rows[::3]:
        assert c.post(f"/realisations/{r['id']}/accept").status == 200
    return {"contract": k, "rows": rows, "writes": Writes(server.db)}


def report(c, k, **body):
    r = c.post("/realisations", {"organisation": "GM0518", "contract_id": k["id"], **body})
    assert r.status == 201, r
    assert r.json["refusal"] is None, r.json
    return r.json


def stored(c, k):
    """The contract's realisations as stored: id -> record."""
    out, cursor = {}, None
    while True:
        page = c.get(f"/realisations?contract_id={k['id']}&limit=100" + (f"&cursor={cursor}" if cursor else "")).json
        out.update((r["id"], r) for r in page["items"])
        cursor = page.get("next_cursor")
        if not cursor:
            return out


def assert_stored_values_are_a_whole_valuation(c, k):
    """The summary values the whole contract afresh: the stored values add
    up to its figures, status by status."""
    rows = stored(c, k)
    whole = c.get(f"/contracts/{k['id']}/summary?as_of=2030-01-01").json["whole"]
    for status, key in (("accepted", "accepted_cents"), ("reported", "pending_cents"), ("rejected", "rejected_cents")):
        assert sum(r["value_cents"] for r in rows.values() if r["status"] == status and r["refusal"] is None) \
            == whole[key], status


def test_reporting_on_a_large_contract_writes_only_the_new_value(client, big):
    k, writes = big["contract"], big["writes"]
    writes.take()
    r = report(client, k, kind="training", amount_cents=5000, start_date="2024-06-01")
    assert writes.take() == [r["id"]]
    p = make_candidate(client, target_groups=["participatiewet"])
    r = report(client, k, kind="hire", candidate_id=p["id"], start_date="2025-01-01", end_date="2025-06-30",
               hours_per_week=36)
    # Participatiewet 40,000 x 6/12 = 20,000
    assert r["value_cents"] == 2000000
    assert writes.take() == [r["id"]]
    assert_stored_values_are_a_whole_valuation(client, k)


def test_accepting_changes_no_value_and_writes_none(client, big):
    k, writes = big["contract"], big["writes"]
    r = report(client, k, kind="training", amount_cents=7000, start_date="2024-06-01")
    writes.take()
    before = stored(client, k)
    assert client.post(f"/realisations/{r['id']}/accept").status == 200
    assert writes.take() == []
    after = stored(client, k)
    assert {i: (x["value_cents"], x["explanation"]) for i, x in after.items()} == \
        {i: (x["value_cents"], x["explanation"]) for i, x in before.items()}


def test_an_earlier_period_of_a_person_rewrites_only_that_persons_changed_rows(client, big):
    k, writes = big["contract"], big["writes"]
    p = make_candidate(client, target_groups=["ww"])
    # WW counts at most 12 months: a year from July counts whole,
    # 20,000 x 12/12 = 20,000.
    later = report(client, k, kind="hire", candidate_id=p["id"], start_date="2024-07-01", end_date="2025-06-30",
                   hours_per_week=36)
    assert later["value_cents"] == 2000000
    writes.take()
    # An earlier half year of the same person counts first (10,000); the
    # later year keeps the remaining 6 months: 20,000 x 6/12 = 10,000.
    earlier = report(client, k, kind="hire", candidate_id=p["id"], start_date="2024-01-01", end_date="2024-06-30",
                     hours_per_week=36)
    assert earlier["value_cents"] == 1000000
    assert writes.take() == sorted([earlier["id"], later["id"]])
    rows = stored(client, k)
    assert rows[later["id"]]["value_cents"] == 1000000
    assert rows[later["id"]]["explanation"]["months_counted_before"] == 6
    # Rejecting the earlier one gives the later one its whole year back:
    # only the later one's value is written.
    assert client.post(f"/realisations/{earlier['id']}/reject", {"reason": "geen contract"}).status == 200
    assert writes.take() == [later["id"]]
    assert stored(client, k)[later["id"]]["value_cents"] == 2000000
    assert_stored_values_are_a_whole_valuation(client, k)


def test_the_same_person_under_two_records_is_revalued_together(client, big):
    """Two records of one person in the organisation share the region
    pseudonym: a period reported for one changes the other's."""
    k, writes = big["contract"], big["writes"]
    a = make_candidate(client, target_groups=["ww"])
    b = make_candidate(client, target_groups=["ww"])
    for cand in (a, b):
        r = client.put(f"/candidates/{cand['id']}/identity", {"name": "B. Jansen", "bsn": "123456782"})
        assert r.status == 200, r
    later = report(client, k, kind="hire", candidate_id=a["id"], start_date="2025-01-01", end_date="2025-12-31",
                   hours_per_week=36)
    assert later["value_cents"] == 2000000
    writes.take()
    earlier = report(client, k, kind="hire", candidate_id=b["id"], start_date="2024-07-01", end_date="2024-12-31",
                     hours_per_week=36)
    assert earlier["value_cents"] == 1000000
    assert writes.take() == sorted([earlier["id"], later["id"]])
    assert stored(client, k)[later["id"]]["value_cents"] == 1000000
    assert_stored_values_are_a_whole_valuation(client, k)


def test_valuing_the_whole_contract_again_finds_nothing_to_write(client, big):
    """After the writes above, most of which valued one person, a change of
    a valued realisation values the whole contract (it may have had another
    person): every other stored row agrees with that valuation, so only the
    changed one is written."""
    k, writes = big["contract"], big["writes"]
    r = report(client, k, kind="training", amount_cents=3000, start_date="2024-06-01")
    writes.take()
    r = client.patch(f"/realisations/{r['id']}", {"amount_cents": 4000})
    assert r.status == 200 and r.json["value_cents"] == 4000, r
    assert writes.take() == [r.json["id"]]
    assert client.delete(f"/realisations/{r.json['id']}").status == 204
    assert writes.take() == []
    assert_stored_values_are_a_whole_valuation(client, k)


def test_a_changed_realisation_revalues_the_person_it_had(client, big):
    """Moving a reported hire to another person frees the first person's
    counting period: the contract is valued whole and the first person's
    other period is written."""
    k, writes = big["contract"], big["writes"]
    p, q = make_candidate(client, target_groups=["ww"]), make_candidate(client, target_groups=["ww"])
    first = report(client, k, kind="hire", candidate_id=p["id"], start_date="2024-01-01", end_date="2024-06-30",
                   hours_per_week=36)
    second = report(client, k, kind="hire", candidate_id=p["id"], start_date="2024-07-01", end_date="2025-06-30",
                    hours_per_week=36)
    assert second["value_cents"] == 1000000
    writes.take()
    r = client.patch(f"/realisations/{first['id']}", {"candidate_id": q["id"]})
    assert r.status == 200, r
    assert writes.take() == [second["id"]]
    assert stored(client, k)[second["id"]]["value_cents"] == 2000000
    assert_stored_values_are_a_whole_valuation(client, k)


def test_a_changed_candidate_brings_its_stored_values_up_to_date(client, big):
    """A realisation's value follows from its candidate's target group: a
    change of the candidate values its realisations again, on every
    contract, without waiting for the next write to them."""
    s = make_supplier(client, "55555556")
    contracts = []
    for ref in ("V-CAND-1", "V-CAND-2"):
        k = make_contract(client, s["id"], ref, value_cents=1000000000)
        contracts.append(client.post(f"/contracts/{k['id']}/award", {"award_date": "2023-12-01"}).json)
    p = make_candidate(client, target_groups=["ww"])
    # WW at 20,000 a year: 20,000 and 10,000.
    hires = [report(client, k, kind="hire", candidate_id=p["id"], start_date=start, end_date=end,
                    hours_per_week=36)
             for k, (start, end) in zip(contracts, (("2024-01-01", "2024-12-31"), ("2025-01-01", "2025-06-30")))]
    assert [h["value_cents"] for h in hires] == [2000000, 1000000]
    r = client.patch(f"/candidates/{p['id']}", {"target_groups": ["participatiewet"]})
    assert r.status == 200, r
    # Participatiewet at 40,000 a year: 40,000 and 20,000.
    assert [stored(client, k)[h["id"]]["value_cents"] for k, h in zip(contracts, hires)] == [4000000, 2000000]
    for k in contracts:
        assert_stored_values_are_a_whole_valuation(client, k)


def test_an_amended_term_brings_the_stored_values_up_to_date(client, big):
    """A realisation counts within the contract's term: shortening the term
    of an awarded contract cuts the stored value at once."""
    s = make_supplier(client, "55555557")
    k = make_contract(client, s["id"], "V-TERM", value_cents=1000000000)
    k = client.post(f"/contracts/{k['id']}/award", {"award_date": "2023-12-01"}).json
    p = make_candidate(client, target_groups=["participatiewet"])
    h = report(client, k, kind="hire", candidate_id=p["id"], start_date="2025-01-01", end_date="2025-12-31",
               hours_per_week=36)
    assert h["value_cents"] == 4000000
    r = client.patch(f"/contracts/{k['id']}", {"end_date": "2025-06-30"})
    assert r.status == 200, r
    assert stored(client, k)[h["id"]]["value_cents"] == 2000000
    assert_stored_values_are_a_whole_valuation(client, k)

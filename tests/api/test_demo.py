"""`sroi demo`: a realistic, deterministic demo in a new or empty database.

The demo's records are checked through the real API wherever the API can
tell: every postcode, KvK number, CPV code and ESCO code goes back through
the API's own validation (a PATCH with the record's own values, which must
be accepted and change nothing), contract figures come from the contract
summaries, and the rest from the lists."""
import json
import urllib.parse
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from conftest import (SYSTEM_EMAIL, SYSTEM_PASSWORD, Server, add_user, key_args, new_database,
                      run_sroi, snapshot)

TODAY = date(2026, 11, 28)  # the demo's fixed "today"
MUNICIPALITIES = {"GM0518", "GM0503", "GM0603"}


def demo(db, *args, check=True):
    return run_sroi("demo", "--db", db, *key_args(db), *args, check=check)


def split_tables(lines):
    """A snapshot (conftest.snapshot, SQLite or PostgreSQL) as
    {table: [row lines]}, with the other lines under None."""
    tables, current = defaultdict(list), None
    for l in lines:
        if l.startswith("COPY "):
            current = l.split()[1].split(".")[-1]
        elif l == "\\.":
            current = None
        elif current:
            tables[current].append(l)
        elif l.startswith('INSERT INTO "'):
            tables[l.split('"')[1]].append(l)
        else:
            tables[None].append(l)
    return tables


def demo_content(lines):
    """A snapshot without what is not the demo's: the accounts (their
    password hashes are salted at random) and the schema's bookkeeping
    (stamped with the clock when the migrations ran)."""
    tables = split_tables(lines)
    tables.pop("users", None)
    tables.pop("schema_migrations", None)
    return sorted(tables.items(), key=lambda t: t[0] or "")


def all_items(c, path):
    """Every record of a list, following the cursor."""
    items, cursor = [], None
    while True:
        sep = "&" if "?" in path else "?"
        q = f"{path}{sep}limit=500" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
        r = c.get(q)
        assert r.status == 200, r
        items += r.json["items"]
        cursor = r.json["next_cursor"]
        if not cursor:
            return items


@pytest.fixture(scope="module")
def demo_server(tmpdir_module):
    """The small demo (seed 1) on a fresh database, served with a system
    account."""
    db = new_database(tmpdir_module)
    out = demo(db).stdout
    add_user(db, "*", "administrator", SYSTEM_EMAIL, SYSTEM_PASSWORD)
    s = Server(db)
    s.demo_output = out
    yield s
    s.stop()


@pytest.fixture(scope="module")
def records(demo_server):
    c = demo_server.client()
    return {name: all_items(c, "/" + name)
            for name in ("organisations", "suppliers", "contracts", "candidates", "openings", "realisations")}


def test_small_demo_has_the_haaglanden_region_and_enough_records(demo_server, records):
    orgs = {o["code"]: o for o in records["organisations"]}
    assert set(orgs) == {"haaglanden"} | MUNICIPALITIES
    assert orgs["haaglanden"]["kind"] == "region"
    for code in MUNICIPALITIES:
        assert orgs[code]["kind"] == "municipality"
        assert orgs[code]["region"] == "haaglanden" and orgs[code]["share_candidates"] is True
    assert len(records["contracts"]) >= 150
    assert len(records["candidates"]) >= 2000
    assert 100 <= len(records["openings"]) <= 1000
    assert len(records["realisations"]) >= 150
    # The command says what it made, and prints the demo logins.
    assert f"{len(records['contracts'])} contracts" in demo_server.demo_output
    assert "consultant@demo.example" in demo_server.demo_output


def test_every_code_passes_the_api_validation_unchanged(demo_server, records):
    """A PATCH with a record's own postcode, KvK, CPV and ESCO codes must be
    accepted and write nothing: the values are valid and already in the
    form the API stores."""
    c = demo_server.client()
    patches = []
    for s in records["suppliers"]:
        patches.append((f"/suppliers/{s['id']}", {"kvk": s["kvk"], "postcode": s["postcode"]}))
    for k in records["contracts"]:
        patches.append((f"/contracts/{k['id']}", {"cpv_code": k["cpv_code"]}))
    for p in records["candidates"]:
        patches.append((f"/candidates/{p['id']}", {"postcode": p["postcode"], "occupations": p["occupations"],
                                                   "target_groups": p["target_groups"]}))
    for o in records["openings"]:
        patches.append((f"/openings/{o['id']}", {"postcode": o["postcode"], "esco_code": o["esco_code"]}))
    before = snapshot(demo_server.db)

    def patch(item):
        path, body = item
        r = c.patch(path, body)
        return path, r.status, r.raw[:200]

    with ThreadPoolExecutor(max_workers=4) as pool:
        failed = [x for x in pool.map(patch, patches) if x[1] != 200]
    assert not failed, failed[:5]
    assert snapshot(demo_server.db) == before
    # Subcontractors' KvK numbers (realisations can no longer be patched
    # once verified) are those of suppliers of the same organisation.
    kvks = {(s["organisation"], s["kvk"]) for s in records["suppliers"]}
    for x in records["realisations"]:
        if x["subcontractor_kvk"] is not None:
            assert (x["organisation"], x["subcontractor_kvk"]) in kvks


def test_contract_statuses_follow_the_dates(records):
    for k in records["contracts"]:
        start, end = date.fromisoformat(k["start_date"]), date.fromisoformat(k["end_date"])
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        assert 6 <= months <= 49, k
        assert 5000000 <= k["value_cents"] <= 2000000000
        status = k["status"]
        if status in ("draft", "awarded"):
            assert start > TODAY, k
        elif status == "running":
            assert start <= TODAY <= end, k
        else:
            assert end < TODAY, k
        if status == "draft":
            assert k["award_date"] is None and k["policy_id"] is None and k["obligation_cents"] is None
        else:
            assert date.fromisoformat(k["award_date"]) <= min(start, TODAY), k
            assert k["policy_id"] and k["supplier_id"] and k["obligation_cents"] is not None
    kinds = Counter(k["kind"] for k in records["contracts"])
    assert all(kinds[x] >= 10 for x in ("works", "services", "supplies")), kinds
    assert {k["cpv_code"][:2] for k in records["contracts"] if k["kind"] == "works"} == {"45"}


def test_obligations_follow_the_policy_in_force_at_award(demo_server, records):
    """5% from EUR 215,000 under the Haaglanden table (from 2023-07-01), 5%
    above EUR 250,000 under the 2011 rule before; 2% where labour is under 30%
    and nothing for supplies (comply or explain); rounded half-up."""
    c = demo_server.client()
    versions = {p["id"]: p for p in c.get("/organisations/haaglanden/policies").json["items"]}
    assert sorted(p["effective_from"] for p in versions.values()) == ["2011-07-01", "2023-07-01"]
    for k in records["contracts"]:
        if k["status"] == "draft":
            continue
        haaglanden = versions[k["policy_id"]]["effective_from"] == "2023-07-01"
        assert (date.fromisoformat(k["award_date"]) >= date(2023, 7, 1)) == haaglanden, k
        pct = k["sr_percentage"]
        if k["obligation_cents"] == 0:
            continue
        assert pct == (2 if k["labour_share_pct"] < 30 else 5), k
        assert k["obligation_cents"] == (k["value_cents"] * pct * 100 + 5000) // 10000, k
        if not k["opt_in"]:
            assert k["value_cents"] >= (21500000 if haaglanden else 25000001), k
    assert any(k["obligation_cents"] and k["sr_percentage"] == 2 for k in records["contracts"])


def test_contracts_come_out_below_near_and_above_their_obligation(demo_server, records):
    """Roughly equal thirds of the contracts with an obligation are below
    80%, between 90% and 110%, and above 120%, by the API's own summary."""
    c = demo_server.client()
    bands = Counter()
    for k in records["contracts"]:
        if not k["obligation_cents"]:
            continue
        r = c.get(f"/contracts/{k['id']}/summary?as_of={TODAY}")
        assert r.status == 200, r
        pct = 100 * r.json["accepted_cents"] / r.json["obligation_cents"]
        bands["below" if pct < 80 else "near" if 90 <= pct <= 110 else "above" if pct > 120 else "other"] += 1
    n = sum(bands.values())
    assert n >= 90, bands
    for band in ("below", "near", "above"):
        assert bands[band] >= n // 4, bands


def test_realisations_are_valid_under_the_rules(records):
    contracts = {k["id"]: k for k in records["contracts"]}
    candidates = {p["id"]: p for p in records["candidates"]}
    suppliers = {s["id"]: s for s in records["suppliers"]}
    periods = defaultdict(list)
    statuses = Counter()
    for x in records["realisations"]:
        k = contracts[x["contract_id"]]
        statuses[x["status"]] += 1
        assert k["status"] in ("awarded", "running", "ended", "settled") and k["obligation_cents"]
        assert x["organisation"] == k["organisation"]
        start, end = date.fromisoformat(x["start_date"]), date.fromisoformat(x["end_date"])
        assert k["start_date"] <= x["start_date"] <= x["end_date"] <= k["end_date"], x
        assert start <= TODAY, x
        if x["status"] == "rejected":
            assert x["reject_reason"]
        else:
            assert x["reject_reason"] is None
        if x["kind"] in ("hire", "internship", "bbl", "bol"):
            p = candidates[x["candidate_id"]]
            assert p["organisation"] == x["organisation"]
            assert 0 < x["hours_per_week"] <= 36
            periods[x["candidate_id"]].append((start, end, x))
        if x["kind"] in ("purchase", "custom"):
            assert x["invoice_cents"] > 0 and x["supplier_category"] != "regular"
        assert x["value_cents"] > 0 and x["refusal"] is None, x
        assert json.loads(x["explanation"]) if isinstance(x["explanation"], str) else x["explanation"]
    # Mostly accepted, some reported (pending), a few rejected.
    n = sum(statuses.values())
    assert statuses["accepted"] > n * 0.6 and statuses["reported"] > 0 and 0 < statuses["rejected"] < n * 0.1
    # Nobody is counted twice: one person's periods never overlap.
    for cand, ps in periods.items():
        ps.sort(key=lambda p: p[0])
        for (s1, e1, x1), (s2, e2, x2) in zip(ps, ps[1:]):
            assert e1 < s2, (x1, x2)
    # Placed candidates are at work today.
    at_work = {c for c, ps in periods.items()
               if any(s <= TODAY <= e and x["status"] != "rejected" for s, e, x in ps)}
    assert {p["id"] for p in records["candidates"] if p["status"] == "placed"} == at_work


def test_candidates_and_openings_are_plausible(records):
    cands = records["candidates"]
    groups = Counter(g for p in cands for g in p["target_groups"])
    first = Counter(p["target_groups"][0] for p in cands if p["target_groups"])
    assert first.most_common(1)[0][0] == "participatiewet"
    for g in ("ww", "wia", "banenafspraak", "no_benefit", "young_no_qualification", "vso_pro", "mbo_bbl",
              "statushouder", "work_disability"):
        assert groups[g] > 0, g
    assert not any(p["target_groups"] in (["statushouder"], ["work_disability"]) for p in cands)
    for p in cands:
        y, m = map(int, p["birth_month"].split("-"))
        age = TODAY.year - y - (TODAY.month < m)
        assert 17 <= age <= 64, p
        assert 1 <= len(p["occupations"]) <= 3
        assert 10 <= p["max_travel_km"] <= 40
        assert 12 <= p["hours_per_week"] <= 40
        assert p["external_id"]
    hours = Counter(24 <= p["hours_per_week"] <= 36 for p in cands)
    assert hours[True] > len(cands) / 2
    licence = sum(p["driving_licence"] for p in cands) / len(cands)
    assert 0.35 < licence < 0.65
    # Residences in the municipalities' own postcode areas: Den Haag 25xx
    # and 24xx, Delft 26xx, Rijswijk 22xx.
    prefix = {"GM0518": ("24", "25"), "GM0503": ("26",), "GM0603": ("22",)}
    for p in cands:
        assert p["postcode"][:2] in prefix[p["organisation"]], p
    by_org = Counter(p["organisation"] for p in cands)
    assert by_org["GM0518"] > by_org["GM0503"] > by_org["GM0603"]
    suppliers = {s["id"]: s for s in records["suppliers"]}
    contracts = {k["id"]: k for k in records["contracts"]}
    for o in records["openings"]:
        s = suppliers[o["supplier_id"]]
        assert s["organisation"] == o["organisation"]
        assert 1 <= o["positions"] <= 5 and o["kind"] in ("job", "internship", "bbl", "bol", "training")
        if o["contract_id"] is not None:
            k = contracts[o["contract_id"]]
            assert k["supplier_id"] == s["id"] and k["status"] in ("running", "awarded")


def test_every_organisation_has_one_audit_entry_of_the_demo(demo_server, records):
    c = demo_server.client()
    entries = [a for a in all_items(c, "/audit") if a["action"] == "generate_demo"]
    assert sorted(a["organisation"] for a in entries) == sorted(o["code"] for o in records["organisations"])


def test_demo_stores_no_identities(demo_server):
    tables = split_tables(snapshot(demo_server.db))
    assert tables["candidates"] and not tables["candidate_identities"]


def test_demo_refuses_a_database_with_data(demo_server):
    before = snapshot(demo_server.db)
    r = demo(demo_server.db, check=False)
    assert r.returncode == 1
    assert "already holds data" in r.stderr
    assert snapshot(demo_server.db) == before


def test_demo_fills_an_initialised_database(tmpdir_module):
    db = new_database(tmpdir_module)
    run_sroi("init", "--db", db, *key_args(db))
    r = demo(db)
    assert "demo (scale small, seed 1)" in r.stdout


def test_demo_is_deterministic_for_a_seed(tmpdir_module):
    a, b, other = (new_database(tmpdir_module) for _ in range(3))
    demo(a, "--seed", "7")
    demo(b, "--seed", "7")
    demo(other, "--seed", "8")
    sa, sb, so = (demo_content(snapshot(db)) for db in (a, b, other))
    assert sa == sb
    assert sa != so


@pytest.mark.parametrize("args", [
    ["--scale", "huge"],
    ["--seed", "abc"],
    ["--seed", "-1"],
    ["--seed", "99999999999999999999999"],
    ["--bogus"],
    ["extra"],
])
def test_demo_refuses_bad_options(tmpdir_module, args):
    db = new_database(tmpdir_module)
    r = demo(db, *args, check=False)
    assert r.returncode == 2, r.stderr
    assert r.stderr


def test_demo_needs_a_database_and_answers_help():
    assert run_sroi("demo", check=False).returncode == 2
    r = run_sroi("demo", "--help")
    assert "--scale" in r.stdout and "--seed" in r.stdout

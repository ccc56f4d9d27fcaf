"""Candidate imports write their new records in batches, straight from the
cells (src/api/import.c: "new records in batches", "new records without
JSON"). These tests prove that nobody can tell: the records are those the
API makes, a refused row anywhere (also in the last batch) writes nothing,
a file mixing new and changed rows and one that repeats a key across a
batch boundary give the same counts, audit and records as row by row, and
--partial keeps exactly the valid rows of every batch."""
import csv
import io

import pytest

from test_import import ok, refused, upload, xlsx

BATCH = 256  # IMPORT_BATCH_ROWS in src/api/import.c

HEADER = ["external_id", "target_groups", "birth_month", "postcode", "occupations", "education_level",
          "hours_per_week", "max_travel_km", "available_from", "on_benefit_since", "driving_licence", "status"]

# (cells as a municipality's file has them, the same candidate as API JSON)
SAMPLES = [
    (["{id}", "participatiewet", "12-1980", "2511ab", "7112.1;9313.1", "MBO2", "24,5", "", "01-02-2024", "",
      "ja", "actief"],
     {"target_groups": ["participatiewet"], "birth_month": "1980-12", "postcode": "2511 AB",
      "occupations": ["7112.1", "9313.1"], "education_level": "mbo2", "hours_per_week": 24.5,
      "available_from": "2024-02-01", "driving_licence": True, "status": "active"}),
    (["{id}", "", "", "9999 ZZ", "", "", "60", "300", "", "2020-01-01", "", ""],
     {"postcode": "9999 ZZ", "hours_per_week": 60, "max_travel_km": 300, "on_benefit_since": "2020-01-01"}),
    (["{id}", "ww | wia ;", "1960-01", "1234 AB", "7112.1|7112.1", "geen", "0", "0", "2024-12-31",
      "31-12-2019", "nee", "geplaatst"],
     {"target_groups": ["ww", "wia"], "birth_month": "1960-01", "postcode": "1234 AB",
      "occupations": ["7112.1", "7112.1"], "education_level": "none", "hours_per_week": 0, "max_travel_km": 0,
      "available_from": "2024-12-31", "on_benefit_since": "2019-12-31", "driving_licence": False,
      "status": "placed"}),
    # 20 occupations, the most a list takes; 1,5 hours
    (["{id}", "banenafspraak", "", "3011 CD", ";".join(["9313.1"] * 20), "wo", "1,5", "10", "", "", "yes",
      "archived"],
     {"target_groups": ["banenafspraak"], "postcode": "3011 CD", "occupations": ["9313.1"] * 20,
      "education_level": "wo", "hours_per_week": 1.5, "max_travel_km": 10, "driving_licence": True,
      "status": "archived"}),
]

COMPARED = ["target_groups", "birth_month", "postcode", "occupations", "education_level", "hours_per_week",
            "max_travel_km", "available_from", "on_benefit_since", "driving_licence", "status"]


def csv_text(rows, header=HEADER):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def valid_row(key, hours="32"):
    return [key, "ww", "1980-12", "2511 AB", "7112.1", "mbo2", hours, "25", "01-02-2024", "", "ja", "actief"]


def all_items(client, path):
    out, cursor = [], ""
    while True:
        sep = "&" if "?" in path else "?"
        j = client.get(f"{path}{sep}limit=500{cursor}").json
        out += j["items"]
        if not j["next_cursor"]:
            return out
        cursor = "&cursor=" + j["next_cursor"]


def candidates(client, org):
    return {c["external_id"]: c for c in all_items(client, f"/candidates?organisation={org}")}


def created_ids(client, job_id):
    audit = client.get(f"/audit?entity_id={job_id}").json["items"]
    assert [a["action"] for a in audit] == ["import"], audit
    return [i for first, last in audit[0]["changes"]["created"]["candidate"] for i in range(first, last + 1)]


def test_imported_candidates_are_the_records_the_api_makes(client):
    org = "GM0518"
    api = {}
    for n, (_, body) in enumerate(SAMPLES):
        r = client.post("/candidates", dict(body, organisation=org, external_id=f"API-{n}"))
        assert r.status == 201, r
        api[n] = r.json
    # Enough rows for several batches, every sample again and again; then
    # the same file with an identity column, which takes the way through
    # JSON for every row (a new record with an identity is written at once).
    rows = [[c.format(id=f"F-{i}") for c in SAMPLES[i % len(SAMPLES)][0]] for i in range(2 * BATCH + 7)]
    ok(upload(client, "candidates", csv_text(rows)), created=len(rows))
    named = [r[:0] + [r[0].replace("F-", "J-")] + r[1:] + ["Naam"] for r in rows]
    ok(upload(client, "candidates", csv_text(named, HEADER + ["naam"])), created=len(rows))
    got = candidates(client, org)
    for i in range(len(rows)):
        want = api[i % len(SAMPLES)]
        for key in (f"F-{i}", f"J-{i}"):
            for f in COMPARED:
                assert got[key][f] == want[f], (key, f, got[key][f], want[f])


def test_an_invalid_row_in_the_last_batch_writes_nothing(client, unchanged):
    rows = [valid_row(f"L-{i}") for i in range(2 * BATCH + 40)]
    rows[-3][3] = "99999"  # a postcode that is not one, three rows before the end
    with unchanged():
        errors = refused(upload(client, "candidates", csv_text(rows), org="GM0503"))
    assert [(e["row"], e["column"]) for e in errors] == [(len(rows) - 1, "postcode")], errors
    assert candidates(client, "GM0503") == {}


def test_a_dry_run_of_several_batches_writes_nothing(client, unchanged):
    rows = [valid_row(f"D-{i}") for i in range(2 * BATCH + 1)]
    with unchanged():
        r = upload(client, "candidates", csv_text(rows), org="GM0503", query="dry_run=true")
    assert r.status == 200 and r.json["status"] == "dry_run" and r.json["created"] == len(rows), r


def test_a_file_of_new_and_changed_rows_updates_with_audit_and_lists_the_new_ones(client):
    org = "GM0344"
    first = [valid_row(f"M-{i}") for i in range(BATCH + 50)]
    j1 = ok(upload(client, "candidates", csv_text(first), org=org), created=len(first))
    before = candidates(client, org)
    # The known rows, every seventh changed, each followed by a new one.
    rows, changed = [], []
    for i in range(BATCH + 50):
        if i % 7 == 0:
            rows.append(valid_row(f"M-{i}", hours="36"))
            changed.append(f"M-{i}")
        else:
            rows.append(valid_row(f"M-{i}"))
        rows.append(valid_row(f"N-{i}"))
    j2 = ok(upload(client, "candidates", csv_text(rows), org=org), created=BATCH + 50, updated=len(changed),
            unchanged=BATCH + 50 - len(changed))
    after = candidates(client, org)
    assert sorted(created_ids(client, j2["id"])) == sorted(after[f"N-{i}"]["id"] for i in range(BATCH + 50))
    assert len(set(created_ids(client, j1["id"])) & set(created_ids(client, j2["id"]))) == 0
    for i in range(BATCH + 50):
        key = f"M-{i}"
        assert after[key]["id"] == before[key]["id"]
        audit = [a for a in client.get(f"/audit?entity_id={before[key]['id']}").json["items"]]
        if key in changed:
            assert after[key]["hours_per_week"] == 36
            assert [a["action"] for a in audit] == ["update"], audit
            assert audit[0]["changes"] == {"hours_per_week": {"before": 32, "after": 36}}
        else:
            assert after[key]["hours_per_week"] == 32 and audit == []
    # and the same file again changes nothing
    ok(upload(client, "candidates", csv_text(rows), org=org), created=0, updated=0, unchanged=len(rows))


@pytest.mark.parametrize("org", ["GM0503", "GM0344"])  # without candidates of its own before, and with
def test_a_key_repeated_in_the_file_updates_the_record_the_file_made(client, org):
    rows = [valid_row(f"R-{org}-{i}") for i in range(2 * BATCH)]
    # again in the same batch, and again after the batch was written
    rows.insert(3, valid_row(f"R-{org}-1", hours="20"))
    rows.append(valid_row(f"R-{org}-5", hours="21"))
    j = ok(upload(client, "candidates", csv_text(rows), org=org), created=2 * BATCH, updated=2, unchanged=0)
    got = candidates(client, org)
    assert got[f"R-{org}-1"]["hours_per_week"] == 20 and got[f"R-{org}-5"]["hours_per_week"] == 21
    assert got[f"R-{org}-2"]["hours_per_week"] == 32
    ids = created_ids(client, j["id"])
    assert sorted(ids) == sorted(got[f"R-{org}-{i}"]["id"] for i in range(2 * BATCH))
    for key, hours in ((f"R-{org}-1", 20), (f"R-{org}-5", 21)):
        audit = client.get(f"/audit?entity_id={got[key]['id']}").json["items"]
        assert [a["action"] for a in audit] == ["update"], audit
        assert audit[0]["changes"]["hours_per_week"] == {"before": 32, "after": hours}


def test_partial_keeps_exactly_the_valid_rows_of_every_batch(client):
    org = "GM0503"
    rows = [valid_row(f"P-{i}") for i in range(2 * BATCH + 20)]
    bad = {5: (3, "postcode", "1"), BATCH: (4, "occupations", "0000.0"), 2 * BATCH + 19: (6, "hours_per_week", "61")}
    for i, (col, _, value) in bad.items():
        rows[i][col] = value
    r = upload(client, "candidates", csv_text(rows), org=org, query="partial=true")
    assert r.status == 200 and r.json["status"] == "partial", r
    assert r.json["created"] == len(rows) - 3 and r.json["failed"] == 3
    assert [(e["row"], e["column"]) for e in r.json["errors"]] == [(i + 2, c) for i, (_, c, _) in sorted(bad.items())]
    got = {k: c for k, c in candidates(client, org).items() if k.startswith("P-")}
    assert sorted(got) == sorted(f"P-{i}" for i in range(len(rows)) if i not in bad)
    assert sorted(created_ids(client, r.json["id"])) == sorted(c["id"] for c in got.values())


def test_an_xlsx_of_candidates_gives_the_records_its_csv_gives(client):
    # numbers and dates as Excel stores them: 24.5 as a number, dates as
    # serial numbers in date-formatted cells (45323 is 2024-02-01, 29556 is
    # 1980-12-01)
    org = "GM0518"
    rows = [["X-%d" % i, "ww;wia", 29556, "2511 AB", "7112.1", "mbo2", 24.5, 30, 45323, None, "ja", "actief"]
            for i in range(BATCH + 3)]
    book = xlsx([HEADER] + rows, date_cols=(2, 8))
    ok(upload(client, "candidates", book, "kandidaten.xlsx", org=org), created=len(rows))
    text = [["C-%d" % i, "ww;wia", "1980-12", "2511 AB", "7112.1", "mbo2", "24,5", "30", "01-02-2024", "", "ja",
             "actief"] for i in range(BATCH + 3)]
    ok(upload(client, "candidates", csv_text(text), org=org), created=len(text))
    got = candidates(client, org)
    for i in range(BATCH + 3):
        x, c = got[f"X-{i}"], got[f"C-{i}"]
        assert {f: x[f] for f in COMPARED} == {f: c[f] for f in COMPARED}, (x, c)
    assert got["X-0"]["birth_month"] == "1980-12" and got["X-0"]["hours_per_week"] == 24.5

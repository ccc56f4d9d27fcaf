"""Exports: lists and reports as CSV and XLSX with the screen's filters and
Dutch or English headers, candidate lists pseudonymous unless identity is
asked for (and audited), the council's PDF (the same bytes for the same
data but its creation date), and `sroi export` read back by `sroi import
all` into an empty database with every report total equal to the cent."""
import csv
import io
import json
import os
import re
import zipfile

import pytest

from conftest import add_user, key_args, new_database, run_sroi
from test_import import ORG, loaded, ok, upload  # noqa: F401  (the fixture)

PASSWORD = "export-password-1"


def test_a_list_exports_as_csv_with_the_screen_s_filters(client, loaded):
    screen = client.get(f"/contracts?organisation={ORG}&kind=works&limit=500").json["items"]
    r = client.get(f"/contracts?organisation={ORG}&kind=works&format=csv")
    assert r.status == 200 and r.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.raw.decode())))
    assert [int(x["id"]) for x in rows] == [k["id"] for k in screen]
    assert all(x["kind"] == "works" for x in rows) and "value_cents" in rows[0]
    one = next(x for x in rows if x["reference"] == "IMP-1")
    assert one["value_cents"] == "100000000" and one["obligation_cents"] == "5000000"


def test_dutch_and_english_headers_with_amounts_in_euros(client, loaded):
    nl = client.get(f"/contracts?organisation={ORG}&reference=IMP-2&format=csv&lang=nl").raw.decode()
    head, row = nl.split("\r\n")[:2]
    assert head.split(";")[:4] == ["Id", "Organisatie", "Referentie", "Titel"]
    cells = dict(zip(head.split(";"), row.split(";")))
    assert cells["Waarde (EUR)"] == "250000,50" and cells["Startdatum"] == "01-01-2024"
    en = client.get(f"/contracts?organisation={ORG}&reference=IMP-2&format=csv&lang=en").raw.decode()
    cells = dict(zip(*[l.split(",") for l in en.split("\r\n")[:2]]))
    assert cells["Value (EUR)"] == "250000.50" and cells["Start date"] == "2024-01-01"
    assert client.get(f"/contracts?format=pdf").status == 400
    assert client.get(f"/contracts?format=csv&lang=fr").status == 400


def test_a_list_exports_as_xlsx(client, loaded):
    r = client.get(f"/suppliers?organisation={ORG}&format=xlsx&lang=nl")
    assert r.status == 200 and r.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    z = zipfile.ZipFile(io.BytesIO(r.raw))
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "KvK-nummer" in sheet and "40000001" in sheet


def test_candidate_exports_stay_pseudonymous_unless_identity_is_asked_and_allowed(server, client, loaded):
    r = client.get(f"/candidates?organisation={ORG}&format=csv")
    assert r.status == 200 and "José" not in r.raw.decode() and "bsn" not in r.raw.decode().split("\r\n")[0]
    add_user(server.db, ORG, "consultant", "exp-consultant@a.example", PASSWORD)
    add_user(server.db, ORG, "auditor", "exp-auditor@a.example", PASSWORD)
    auditor = server.login("exp-auditor@a.example", PASSWORD)
    assert auditor.get("/candidates?format=csv&identity=true").status == 403
    consultant = server.login("exp-consultant@a.example", PASSWORD)
    r = consultant.get("/candidates?format=csv&identity=true&external_id=K-1")
    assert r.status == 200, r
    rows = list(csv.DictReader(io.StringIO(r.raw.decode())))
    assert rows[0]["name"] == "José Müller" and rows[0]["bsn"] == "111222333"
    audit = client.get("/audit?action=export_identity").json["items"]
    assert audit and audit[-1]["changes"]["candidates"] == 1
    assert "José" not in json.dumps(audit)


def test_reports_export_as_csv_and_xlsx_in_both_languages(client, loaded):
    k = client.get(f"/contracts?organisation={ORG}&reference=IMP-1").json["items"][0]
    raw = client.get(f"/reports/portfolio?organisation={ORG}&format=csv").raw.decode()
    rows = list(csv.reader(io.StringIO(raw)))
    assert rows[0][4] == "obligation_cents" and rows[-1][0] == "total"
    assert sum(int(r[4]) for r in rows[1:-1]) == int(rows[-1][4])
    nl = client.get(f"/reports/portfolio?organisation={ORG}&format=csv&lang=nl").raw.decode()
    assert nl.split("\r\n")[0].split(";")[4] == "Verplichting (EUR)" and "totaal" in nl
    x = client.get(f"/reports/portfolio?organisation={ORG}&format=xlsx&lang=en")
    assert x.status == 200 and x.raw[:2] == b"PK"
    s = client.get(f"/contracts/{k['id']}/summary?format=xlsx")
    assert s.status == 200 and s.raw[:2] == b"PK"
    s = client.get(f"/contracts/{k['id']}/summary?format=csv&lang=en").raw.decode()
    assert s.split("\r\n")[0].startswith("Kind,Accepted (EUR)")


def strip_dates(pdf):
    return re.sub(rb"/(CreationDate|ModDate) \(D?:?[0-9Z'+\-]*\)", b"", pdf)


def test_the_council_pdf_is_the_same_for_the_same_data_but_its_date(server, loaded):
    add_user(server.db, ORG, "buyer", "exp-buyer@a.example", PASSWORD)
    buyer = server.login("exp-buyer@a.example", PASSWORD)
    a = buyer.get("/reports/portfolio.pdf?from=2024-01-01&to=2024-12-31")
    assert a.status == 200 and a.raw[:5] == b"%PDF-" and a.headers["Content-Type"] == "application/pdf"
    import time
    time.sleep(1.1)
    b = buyer.get("/reports/portfolio.pdf?from=2024-01-01&to=2024-12-31")
    assert strip_dates(a.raw) == strip_dates(b.raw) and len(a.raw) == len(b.raw)
    assert b"/CreationDate" in a.raw


def totals(db, org, as_of="2026-06-30"):
    """Every report total: the portfolio and each contract's summary, by
    reference (ids differ between databases)."""
    p = json.loads(run_sroi("report", "portfolio", "--db", db, "--org", org, "--as-of", as_of, "--json").stdout)
    out = {k: p[k] for k in ("obligation_cents", "accepted_cents", "pending_cents", "forecast_cents",
                             "realisation_pct", "people", "fte", "by_target_group", "by_kind",
                             "by_municipality", "by_district", "quota_view", "view_2_0")}
    for c in p["contracts"]:
        s = json.loads(run_sroi("report", "contract", "--db", db, "--org", org, str(c["contract_id"]),
                                "--as-of", as_of, "--json").stdout)
        for drop in ("contract_id", "policy", "plan"):
            s.pop(drop, None)
        out[c["reference"]] = s
    return out


def test_export_and_import_all_give_the_same_figures_to_the_cent(server, client, loaded, tmp_path):
    # an archived contract with a realisation, and an archived supplier
    # that still has a contract: the export leaves out the first and keeps
    # the second
    k = upload(client, "contracts", "reference,title,kind,value_eur,start_date,end_date,supplier_kvk,award_date\n"
                                    "ARCH-1,Gearchiveerd,works,300000,2024-01-01,2024-12-31,40000001,2023-12-01\n")
    assert k.status == 200, k
    r = upload(client, "realisations", "external_id,contract_reference,kind,amount_eur,start_date,end_date\n"
                                       "R-ARCH,ARCH-1,training,1000,2024-02-01,2024-02-01\n")
    assert r.status == 200, r
    arch = client.get(f"/contracts?organisation={ORG}&reference=ARCH-1").json["items"][0]
    assert client.delete(f"/contracts/{arch['id']}").status == 204
    sup = client.get("/suppliers?kvk=40000002").json["items"][0]
    assert client.delete(f"/suppliers/{sup['id']}").status == 204
    out = tmp_path / "export"
    run_sroi("export", "--db", server.db, "--org", ORG, str(out), *key_args(server.db))
    for name in ("README.md", "organisation.json", "policies.json", "suppliers.csv", "contracts.csv",
                 "plans.csv", "candidates.csv", "openings.csv", "realisations.csv", "follow-ups.csv"):
        assert (out / name).exists(), name
    assert "José" not in (out / "candidates.csv").read_text()
    db = new_database(str(tmp_path))
    run_sroi("init", "--db", db, *key_args(db))
    p = run_sroi("import", "all", str(out), "--db", db, "--org", ORG, *key_args(db))
    assert "refused" in p.stdout and " 0 refused" in p.stdout
    before, after = totals(server.db, ORG), totals(db, ORG)
    assert before.keys() == after.keys()
    for key in before:
        assert before[key] == after[key], key
    # and reading the same files again changes nothing
    p = run_sroi("import", "all", str(out), "--db", db, "--org", ORG, *key_args(db))
    assert " 0 created, 0 updated" in p.stdout and " created, " in p.stdout
    assert not re.search(r" [1-9]\d* (created|updated)", p.stdout), p.stdout


def test_the_command_line_writes_the_pdf(server, loaded, tmp_path):
    f = tmp_path / "portfolio.pdf"
    run_sroi("report", "portfolio", "--db", server.db, "--org", ORG, "--pdf", str(f))
    assert f.read_bytes()[:5] == b"%PDF-"

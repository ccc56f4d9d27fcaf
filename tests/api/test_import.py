"""Imports (docs/import.md): every kind from a valid file, every class of
refused row (the report names row and column, the database is unchanged),
both encodings and both separators, XLSX (a workbook made here, and sroi's
own list export read back), the re-import that changes nothing, a changed
row, partial imports, the templates, and TenderNed's OCDS."""
import io
import json
import os
import uuid
import zipfile

import pytest

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
ORG = "GM0518"


def multipart(filename, content, fields=None):
    boundary = "sroi" + uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in (fields or {}).items():
        out.write(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n".encode())
    out.write(f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
              f"Content-Type: application/octet-stream\r\n\r\n".encode())
    out.write(content)
    out.write(f"\r\n--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def upload(client, kind, content, filename="file.csv", org=ORG, query="", fields=None):
    if isinstance(content, str):
        content = content.encode()
    body, ctype = multipart(filename, content, fields)
    sep = "&" if query else ""
    return client.request("POST", f"/imports/{kind}?organisation={org}{sep}{query}", raw=body,
                          headers={"Content-Type": ctype})


def ok(r, created=None, updated=None, unchanged=None):
    assert r.status == 200, r
    j = r.json
    assert j["error_count"] == 0, j["errors"]
    if created is not None:
        assert j["created"] == created, j
    if updated is not None:
        assert j["updated"] == updated, j
    if unchanged is not None:
        assert j["unchanged"] == unchanged, j
    return j


def refused(r):
    assert r.status == 422, r
    assert r.json["status"] == "failed" and r.json["error"]["code"] == "import_refused"
    return r.json["errors"]


def items(client, path):
    return client.get(path + ("&" if "?" in path else "?") + "limit=500").json["items"]


def policy_doc():
    with open(os.path.join(ROOT, "policies", "haaglanden-zhc-2023.json")) as f:
        return json.load(f)


SUPPLIERS = ("\ufeffKvK-nummer;Naam;Postcode;Categorie;PSO-trede\r\n"
             "40000001;Bouwbedrijf Test B.V.;2511ab;regulier;2\r\n"
             "40000002;\"Schoonmaak; Groen & Co\";2512 CD;sociale onderneming;\r\n")
CONTRACTS = ("reference,title,kind,value_eur,start_date,end_date,supplier_kvk,award_date,status,labour_share_pct\n"
             "IMP-1,Onderhoud,werken,\"1.000.000,00\",01-01-2024,31-12-2025,40000001,01-12-2023,awarded,\n"
             "IMP-2,Schoonmaak,services,250000.50,2024-01-01,2024-12-31,40000002,2023-12-15,running,60\n"
             "IMP-3,Concept,works,300000,2024-06-01,2025-05-31,,,,\n")
PLANS = ("contract_reference,block_id,quantity,expected_value_eur,status\n"
         "IMP-1,participatiewet,2,\"80.000,00\",agreed\n")
# Windows-1252 with semicolons, identities and a quoted newline
CANDIDATES = ("extern id;doelgroepen;postcode;beroepen;uren per week;rijbewijs;naam;bsn;adres\r\n"
              "K-1;participatiewet;2515 AB;7112.1;32;ja;José Müller;111222333;\"Straat 1\r\n2515 AB Den Haag\"\r\n"
              "K-2;ww,wia;2511 AB;9313.1|7112.1;24,5;nee;Anna de Vries;;\r\n").encode("cp1252")
OPENINGS = ("external_id,supplier_kvk,contract_reference,kind,esco_code,postcode,hours_per_week,start_date\n"
            "V-1,40000001,IMP-1,baan,7112.1,2511 AB,36,01-04-2024\n")
REALISATIONS = ("external_id,contract_reference,kind,candidate_external_id,start_date,end_date,hours_per_week,invoice_eur,status\n"
                "R-1,IMP-1,hire,K-1,01-02-2024,31-01-2025,36,,accepted\n"
                "R-2,IMP-2,purchase,,2024-03-01,,,\"10.000,00\",reported\n")
FOLLOWUPS = ("realisation_external_id,months,employed,checked_on\n"
             "R-1,6,ja,01-08-2024\n")


@pytest.fixture(scope="module")
def loaded(server):
    """Every kind imported into GM0518, in the order of its references."""
    c = server.client()
    got = {}
    got["policies"] = ok(upload(c, "policies", json.dumps(policy_doc()), "policy.json", org="haaglanden"), created=1)
    got["suppliers"] = ok(upload(c, "suppliers", SUPPLIERS, "leveranciers.csv"), created=2)
    got["contracts"] = ok(upload(c, "contracts", CONTRACTS), created=3)
    got["plans"] = ok(upload(c, "plans", PLANS), created=1)
    got["candidates"] = ok(upload(c, "candidates", CANDIDATES, "kandidaten.csv"), created=2)
    got["openings"] = ok(upload(c, "openings", OPENINGS), created=1)
    got["realisations"] = ok(upload(c, "realisations", REALISATIONS), created=2)
    got["follow-ups"] = ok(upload(c, "follow-ups", FOLLOWUPS), updated=1)
    return got


def test_each_kind_imports_a_valid_file(client, loaded):
    sup = {s["kvk"]: s for s in items(client, f"/suppliers?organisation={ORG}")}
    assert sup["40000001"]["postcode"] == "2511 AB" and sup["40000001"]["pso_rung"] == 2
    assert sup["40000002"]["name"] == "Schoonmaak; Groen & Co"
    assert sup["40000002"]["category"] == "social_enterprise"
    k = {x["reference"]: x for x in items(client, f"/contracts?organisation={ORG}")}
    # Awarded through the award action: 5% of EUR 1,000,000 under the
    # region's policy; amounts exact to the cent.
    assert k["IMP-1"]["status"] == "awarded" and k["IMP-1"]["obligation_cents"] == 5000000
    assert k["IMP-1"]["policy_id"] == loaded["policies"]["id"] or k["IMP-1"]["policy_id"]
    assert k["IMP-2"]["value_cents"] == 25000050 and k["IMP-2"]["status"] == "running"
    assert k["IMP-2"]["labour_share_pct"] == 60
    assert k["IMP-3"]["status"] == "draft" and k["IMP-3"]["supplier_id"] is None
    plan = items(client, f"/plan-items?contract_id={k['IMP-1']['id']}")
    assert plan[0]["status"] == "agreed" and plan[0]["expected_value_cents"] == 8000000
    cand = {x["external_id"]: x for x in items(client, f"/candidates?organisation={ORG}")}
    assert cand["K-2"]["target_groups"] == ["ww", "wia"] and cand["K-2"]["hours_per_week"] == 24.5
    assert cand["K-2"]["occupations"] == ["9313.1", "7112.1"] and cand["K-1"]["driving_licence"] is True
    ident = client.get(f"/candidates/{cand['K-1']['id']}/identity").json
    assert ident["name"] == "José Müller" and ident["address"] == "Straat 1\r\n2515 AB Den Haag"
    assert ident["bsn"] == "111222333"
    op = items(client, f"/openings?external_id=V-1")
    assert op[0]["kind"] == "job" and op[0]["contract_id"] == k["IMP-1"]["id"]
    rs = {x["external_id"]: x for x in items(client, f"/realisations?organisation={ORG}")}
    assert rs["R-1"]["status"] == "accepted" and rs["R-1"]["value_cents"] > 0
    assert rs["R-1"]["candidate_id"] == cand["K-1"]["id"]
    assert rs["R-2"]["invoice_cents"] == 1000000 and rs["R-2"]["status"] == "reported"
    fu = {f["months"]: f for f in items(client, f"/follow-ups?realisation_id={rs['R-1']['id']}")}
    assert fu[6]["employed"] == "yes" and fu[6]["checked_on"] == "2024-08-01"
    assert fu[12]["employed"] == "unknown"


def test_new_rows_are_one_audit_entry_of_the_job_and_the_job_is_readable(client, loaded):
    job = loaded["candidates"]
    audit = client.get(f"/audit?entity_id={job['id']}").json["items"]
    assert [a["action"] for a in audit] == ["import"]
    changes = audit[0]["changes"]
    ids = [i for first, last in changes["created"]["candidate"] for i in range(first, last + 1)]
    assert len(ids) == 2 and sorted(changes["identity_fields"]) == ["address", "bsn", "name"]
    # no create entries of their own
    for i in ids:
        actions = [a["action"] for a in client.get(f"/audit?entity_id={i}").json["items"]]
        assert "create" not in actions and "update_identity" not in actions
    r = client.get(f"/imports/{job['id']}")
    assert r.status == 200 and r.json["status"] == "done" and r.json["created"] == 2


def test_reimporting_the_same_files_changes_nothing(client, loaded, unchanged):
    files = [("policies", json.dumps(policy_doc()), "haaglanden"), ("suppliers", SUPPLIERS, ORG),
             ("contracts", CONTRACTS, ORG), ("plans", PLANS, ORG), ("candidates", CANDIDATES, ORG),
             ("openings", OPENINGS, ORG), ("realisations", REALISATIONS, ORG), ("follow-ups", FOLLOWUPS, ORG)]
    with unchanged():
        for kind, content, org in files:
            j = ok(upload(client, kind, content, org=org), created=0, updated=0)
            assert j["unchanged"] == j["rows_done"], (kind, j)


def test_a_changed_row_updates_with_an_audit_entry(client, loaded):
    changed = SUPPLIERS.replace("Bouwbedrijf Test B.V.", "Bouwbedrijf Test Holding B.V.")
    ok(upload(client, "suppliers", changed), created=0, updated=1, unchanged=1)
    s = items(client, f"/suppliers?kvk=40000001")[0]
    assert s["name"] == "Bouwbedrijf Test Holding B.V."
    audit = client.get(f"/audit?entity_id={s['id']}").json["items"]
    assert audit[-1]["action"] == "update"
    assert audit[-1]["changes"]["name"]["after"] == "Bouwbedrijf Test Holding B.V."


@pytest.mark.parametrize("kind,content,row,column,code", [
    ("suppliers", "kvk,name,Kleur\n40000009,X,rood\n", 1, "Kleur", "unknown_column"),
    ("candidates", "external_id,postcode,hours_per_week\nK-9,2511 AB,32\nK-10,99999,32\n", 3, "postcode", None),
    ("contracts", "reference,title,kind,value_eur,start_date,end_date\nX-1,T,works,100,31-02-2024,2025-01-01\n",
     2, "start_date", "invalid_value"),
    ("contracts", "reference,title,kind,value_eur,start_date,end_date,supplier_kvk\n"
                  "X-1,T,works,100,2024-01-01,2025-01-01,49999999\n", 2, "supplier_kvk", "unknown_reference"),
    ("contracts", "reference,title,kind,value_eur,start_date,end_date\nX-1,T,works,\"1.000,555\",2024-01-01,2025-01-01\n",
     2, "value_eur", "invalid_value"),
    ("contracts", "reference,title,kind,value_eur,start_date,end_date\nX-1,T,bouw,100,2024-01-01,2025-01-01\n",
     2, "kind", None),
    ("contracts", "reference,title,kind,value_eur,start_date,end_date\nX-1,T,works,100,2024-01-01,2023-01-01\n",
     2, "end_date", "invalid_date_range"),
    ("candidates", "external_id,postcode\nK-11,2511 AB\n", 2, None, "missing_field"),
    ("suppliers", "kvk,name\n40000010,\"Niet afgesloten\n", 2, None, "malformed_row"),
    ("realisations", "external_id,contract_reference,kind,candidate_external_id,start_date,end_date,hours_per_week\n"
                     "R-9,IMP-1,hire,K-404,2024-01-01,2024-06-30,36\n", 2, "candidate_external_id", "unknown_reference"),
])
def test_a_refused_row_is_reported_by_row_and_column_and_nothing_is_written(client, loaded, unchanged, kind,
                                                                           content, row, column, code):
    with unchanged():
        errors = refused(upload(client, kind, content))
    e = errors[-1]
    assert e["row"] == row and e["file"] == "file.csv", errors
    assert e["column"] == column, errors
    if code:
        assert e["code"] == code, errors
    assert e["message"]


def test_every_error_of_a_file_is_listed(client, loaded, unchanged):
    content = ("kvk,name,postcode\n12,Een,2511 AB\n40000020,Twee,2511 AB\n13,Drie,nope\n")
    with unchanged():
        errors = refused(upload(client, "suppliers", content))
    assert [(e["row"], e["column"]) for e in errors] == [(2, "kvk"), (4, "kvk")] or \
        [(e["row"], e["column"]) for e in errors] == [(2, "kvk"), (4, "kvk"), (4, "postcode")]


def test_partial_writes_the_valid_rows_and_reports_the_others(client, loaded):
    content = "kvk,name\n40000030,Goed B.V.\n4000003X,Fout B.V.\n"
    r = upload(client, "suppliers", content, query="partial=true")
    assert r.status == 200 and r.json["status"] == "partial", r
    assert r.json["created"] == 1 and r.json["failed"] == 1 and r.json["errors"][0]["row"] == 3
    assert items(client, "/suppliers?kvk=40000030")


def test_a_dry_run_writes_nothing(client, loaded, unchanged):
    with unchanged():
        r = upload(client, "suppliers", "kvk,name\n40000040,Droog B.V.\n", query="dry_run=true")
        assert r.status == 200 and r.json["status"] == "dry_run" and r.json["created"] == 1


@pytest.mark.parametrize("encoding,sep,bom", [("utf-8", ",", False), ("utf-8", ";", True),
                                              ("cp1252", ";", False), ("cp1252", ",", False)])
def test_both_encodings_and_both_separators(client, loaded, encoding, sep, bom):
    kvk = {("utf-8", ","): "40000051", ("utf-8", ";"): "40000052", ("cp1252", ";"): "40000053",
           ("cp1252", ","): "40000054"}[(encoding, sep)]
    text = f"kvk{sep}naam{sep}postcode\r\n{kvk}{sep}\"Café Ëlan{sep} B.V.\"{sep}2511 AB\r\n"
    data = ("\ufeff" if bom else "").encode("utf-8") + text.encode(encoding)
    ok(upload(client, "suppliers", data), created=1)
    assert items(client, f"/suppliers?kvk={kvk}")[0]["name"] == f"Café Ëlan{sep} B.V."


def xlsx(rows, date_cols=()):
    """A minimal workbook as Excel writes it: shared strings, numbers,
    and cells styled with a date format (numFmtId 14)."""
    strings, sheet_rows = [], []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, v in enumerate(row):
            ref = chr(65 + c) + str(r)
            if v is None:
                continue
            if isinstance(v, (int, float)):
                style = ' s="1"' if c in date_cols and r > 1 else ""
                cells.append(f'<c r="{ref}"{style}><v>{v}</v></c>')
            else:
                strings.append(v)
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
        sheet_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook {ns} {rel}><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/blad1.xml"/></Relationships>')
        z.writestr("xl/styles.xml", f'<?xml version="1.0"?><styleSheet {ns}><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>')
        sst = "".join(f"<si><t>{s.replace('&', '&amp;')}</t></si>" for s in strings)
        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst {ns}>{sst}</sst>')
        z.writestr("xl/worksheets/blad1.xml", f'<?xml version="1.0"?><worksheet {ns}><dimension ref="A1:E{len(rows)}"/><sheetData>{"".join(sheet_rows)}</sheetData></worksheet>')
    return out.getvalue()


def test_an_xlsx_workbook_imports_with_numbers_and_dates(client, loaded):
    # 45292 is 2024-01-01; the KvK number lost its leading zero as a number
    book = xlsx([["KvK-nummer", "Naam", "PSO-trede", "PSO geldig vanaf", "PSO geldig tot"],
                 [4000061, "Excel & Zo B.V.", 1, 45292, 46022]], date_cols=(3, 4))
    ok(upload(client, "suppliers", book, "leveranciers.xlsx"), created=1)
    s = items(client, "/suppliers?kvk=04000061")[0]
    assert s["name"] == "Excel & Zo B.V." and s["pso_rung"] == 1
    assert s["pso_valid_from"] == "2024-01-01" and s["pso_valid_until"] == "2025-12-31"


def test_sroi_s_own_xlsx_export_imports_back(client, loaded):
    r = client.get(f"/suppliers?organisation={ORG}&format=xlsx&limit=500")
    assert r.status == 200 and r.raw[:2] == b"PK"
    j = ok(upload(client, "suppliers", r.raw, "suppliers.xlsx", org="GM0344"))
    theirs = {s["kvk"]: s for s in items(client, f"/suppliers?organisation=GM0344")}
    for s in items(client, f"/suppliers?organisation={ORG}"):
        t = theirs[s["kvk"]]
        for f in ("name", "postcode", "category", "pso_rung", "pso_valid_from", "pso_valid_until"):
            assert t[f] == s[f], (f, s, t)
    assert j["created"] == len(theirs)
    # and the Dutch CSV export too, into the same organisation: unchanged
    r = client.get(f"/suppliers?organisation={ORG}&format=csv&lang=nl&limit=500")
    assert r.status == 200 and b";" in r.raw.split(b"\r\n")[0]
    ok(upload(client, "suppliers", r.raw, "leveranciers.csv", org="GM0344"), created=0, updated=0)


def test_the_templates_import_as_they_are(client, loaded):
    org = "GM0503"  # Delft: in the region, so the region's policy applies
    for kind in ("suppliers", "contracts", "plans", "candidates", "openings", "realisations", "follow-ups"):
        for lang in ("en", "nl"):
            t = client.get(f"/imports/templates/{kind}?lang={lang}")
            assert t.status == 200 and t.headers["Content-Type"].startswith("text/csv"), t
            assert t.raw.count(b"\r\n") == 2
        r = upload(client, kind, t.raw, f"{kind}-template.csv", org=org)
        assert r.status == 200 and r.json["error_count"] == 0, (kind, r.json["errors"])
    assert client.get("/imports/templates/nothing").status == 404


def test_tenderned_awards_become_awarded_contracts_with_their_obligation(client, loaded, unchanged):
    with open(os.path.join(os.path.dirname(__file__), "data", "tenderned-ocds-sample.json"), "rb") as f:
        ocds = f.read()
    with unchanged():
        errors = refused(upload(client, "tenderned", ocds, "tenderned.json"))
    assert [e["row"] for e in errors] == [3] and "currency" in errors[0]["message"]
    r = upload(client, "tenderned", ocds, "tenderned.json", query="partial=true")
    assert r.status == 200 and r.json["status"] == "partial", r
    k = {x["reference"]: x for x in items(client, f"/contracts?organisation={ORG}")}
    one = k["ocds-sroitest-2024-0001/1"]
    assert one["value_cents"] == 123456789 and one["kind"] == "works" and one["cpv_code"] == "45000000-7"
    assert (one["start_date"], one["end_date"], one["award_date"]) == ("2024-03-01", "2026-02-28", "2024-01-15")
    assert one["status"] == "awarded" and one["policy_id"]
    # the same obligation as a contract awarded through the API
    sup = items(client, "/suppliers?kvk=30000001")[0]
    assert sup["name"] == "Kademuur Bouw B.V." and one["supplier_id"] == sup["id"]
    same = client.post("/contracts", {"organisation": ORG, "reference": "OCDS-CHECK", "title": "x", "kind": "works",
                                      "value_cents": 123456789, "start_date": "2024-03-01",
                                      "end_date": "2026-02-28"}).json
    awarded = client.post(f"/contracts/{same['id']}/award", {"award_date": "2024-01-15", "supplier_id": sup["id"]}).json
    assert one["obligation_cents"] == awarded["obligation_cents"] > 0
    lot1 = k["ocds-sroitest-2024-0002/lot-1"]
    assert lot1["value_cents"] == 48000050 and lot1["status"] == "awarded" and lot1["kind"] == "services"
    assert (lot1["start_date"], lot1["end_date"]) == ("2024-02-01", "2027-01-31")
    assert lot1["cpv_code"] == "90910000-9"
    lot2 = k["ocds-sroitest-2024-0002/lot-2"]
    assert lot2["status"] == "draft" and lot2["supplier_id"] is None and lot2["value_cents"] == 30000000
    assert "ocds-sroitest-2024-0002/lot-3" not in k
    # and again: nothing changes
    with unchanged():
        r = upload(client, "tenderned", ocds, "tenderned.json", query="partial=true")
        assert r.json["created"] == 0 and r.json["updated"] == 0, r


def test_the_command_line_imports_and_reports_rows_and_columns(tmp_path):
    from conftest import key_args, new_database, run_sroi
    db = new_database(str(tmp_path))
    run_sroi("init", "--db", db, *key_args(db))
    run_sroi("org", "add", "--db", db, "--code", "GM0518", "--name", "Den Haag", "--kind", "municipality")
    f = tmp_path / "lev.csv"
    f.write_bytes(SUPPLIERS.encode("utf-8"))
    p = run_sroi("import", "suppliers", str(f), "--db", db, "--org", "GM0518", *key_args(db))
    assert "2 created" in p.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("kvk,name,postcode\n40000001,X,2511 AB\n123,Y,2511 AB\n")
    p = run_sroi("import", "suppliers", str(bad), "--db", db, "--org", "GM0518", *key_args(db), check=False)
    assert p.returncode == 2 and "row 3, column A (kvk)" in p.stderr and "nothing was written" in p.stdout
    p = run_sroi("import", "suppliers", str(bad), "--db", db, "--org", "GM0518", "--partial", *key_args(db),
                 check=False)
    assert p.returncode == 2 and "1 updated" in p.stdout

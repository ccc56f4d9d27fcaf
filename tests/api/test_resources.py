"""Create, read, update and list every resource, and every class of bad
input: each refused request gets its documented status and error, and the
database is unchanged afterwards."""
import json
import os

import pytest


def make_supplier(c, kvk="12345678", org="GM0518", **extra):
    body = {"organisation": org, "kvk": kvk, "name": f"Bouwbedrijf {kvk}", "postcode": "2511ab"}
    body.update(extra)
    r = c.post("/suppliers", body)
    assert r.status == 201, r
    return r.json


def make_contract(c, supplier_id, ref, org="GM0518", **extra):
    body = {"organisation": org, "reference": ref, "title": "Onderhoud openbare ruimte",
            "cpv_code": "45000000-7", "kind": "works", "value_cents": 100000000,
            "start_date": "2024-01-01", "end_date": "2025-12-31", "supplier_id": supplier_id}
    body.update(extra)
    r = c.post("/contracts", body)
    assert r.status == 201, r
    return r.json


def make_candidate(c, org="GM0518", **extra):
    body = {"organisation": org, "postcode": "2512 CE", "target_groups": ["participatiewet"],
            "occupations": ["7112.1"] if False else [], "hours_per_week": 32, "birth_month": "1980-05"}
    body.update(extra)
    r = c.post("/candidates", body)
    assert r.status == 201, r
    return r.json


@pytest.fixture(scope="module")
def base(server):
    c = server.client()
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "policies", "haaglanden-zhc-2023.json")) as f:
        assert c.put("/organisations/haaglanden/policies", json.load(f)).status == 201
    s = make_supplier(c, "11111111")
    k = make_contract(c, s["id"], "BASE-1")
    k = c.post(f"/contracts/{k['id']}/award", {"award_date": "2023-12-01"}).json
    cand = make_candidate(c)
    return {"supplier": s, "contract": k, "candidate": cand}


def valid_bodies(base):
    """One valid create body per resource."""
    return {
        "suppliers": {"organisation": "GM0518", "kvk": "22222222", "name": "Schoonmaak BV", "postcode": "2611 AB",
                      "category": "social_enterprise", "pso_rung": 2, "pso_valid_from": "2023-01-01",
                      "pso_valid_until": "2026-12-31"},
        "contracts": {"organisation": "GM0518", "reference": "C-NEW", "title": "Schoonmaak", "kind": "services",
                      "cpv_code": "90910000", "value_cents": 50000000, "start_date": "2024-01-01",
                      "end_date": "2024-12-31", "supplier_id": base["supplier"]["id"]},
        "candidates": {"organisation": "GM0518", "postcode": "2511 AB", "hours_per_week": 24.5,
                       "target_groups": ["ww", "wia"], "occupations": ["0110.1"], "education_level": "mbo2",
                       "available_from": "2024-02-01", "driving_licence": True},
        "openings": {"organisation": "GM0518", "supplier_id": base["supplier"]["id"],
                     "contract_id": base["contract"]["id"], "kind": "job", "esco_code": "0110.1",
                     "postcode": "2511 AB", "hours_per_week": 36, "start_date": "2024-03-01", "positions": 2},
        "realisations": {"organisation": "GM0518", "contract_id": base["contract"]["id"], "kind": "hire",
                         "candidate_id": base["candidate"]["id"], "start_date": "2024-03-01",
                         "end_date": "2024-12-31", "hours_per_week": 36},
    }


RESOURCES = ["suppliers", "contracts", "candidates", "openings", "realisations"]
REQUIRED = {"suppliers": "kvk", "contracts": "value_cents", "candidates": "postcode",
            "openings": "esco_code", "realisations": "kind"}
PATCHES = {"suppliers": {"name": "Nieuwe naam"}, "contracts": {"title": "Nieuwe titel"},
           "candidates": {"hours_per_week": 20}, "openings": {"positions": 3},
           "realisations": {"hours_per_week": 30}}


@pytest.mark.parametrize("resource", RESOURCES)
def test_create_get_update_list(client, base, resource):
    body = valid_bodies(base)[resource]
    r = client.post(f"/{resource}", body)
    assert r.status == 201, r
    rec = r.json
    assert rec["organisation"] == "GM0518" and rec["id"] > 0
    for k, v in body.items():
        if k == "organisation" or k == "cpv_code":
            continue
        assert rec[k] == v, (k, rec[k], v)
    g = client.get(f"/{resource}/{rec['id']}")
    assert g.status == 200 and g.json == rec
    p = client.patch(f"/{resource}/{rec['id']}", PATCHES[resource])
    assert p.status == 200, p
    for k, v in PATCHES[resource].items():
        assert p.json[k] == v
    lst = client.get(f"/{resource}?limit=500")
    assert lst.status == 200
    assert any(i["id"] == rec["id"] for i in lst.json["items"])
    assert "next_cursor" in lst.json
    audit = client.get(f"/audit?entity_id={rec['id']}").json["items"]
    assert [a["action"] for a in audit] == ["create", "update"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_malformed_json_is_400(client, unchanged, resource):
    with unchanged():
        r = client.post(f"/{resource}", raw=b'{"organisation": "GM0518", ')
        assert r.status == 400 and r.json["error"]["code"] == "invalid_json"


@pytest.mark.parametrize("resource", RESOURCES)
def test_unknown_field_is_400(client, base, unchanged, resource):
    body = dict(valid_bodies(base)[resource], colour="blue")
    with unchanged():
        r = client.post(f"/{resource}", body)
        assert r.status == 400, r
        assert r.json["error"] == {"code": "unknown_field", "field": "colour", "message": "unknown field 'colour'"}


@pytest.mark.parametrize("resource", RESOURCES)
def test_missing_required_field_is_400(client, base, unchanged, resource):
    body = dict(valid_bodies(base)[resource])
    del body[REQUIRED[resource]]
    with unchanged():
        r = client.post(f"/{resource}", body)
        assert r.status == 400, r
        assert r.json["error"]["code"] == "missing_field"
        assert r.json["error"]["field"] == REQUIRED[resource]


@pytest.mark.parametrize("resource", RESOURCES)
def test_too_large_body_is_413(client, base, unchanged, resource):
    body = dict(valid_bodies(base)[resource])
    raw = ('{"pad": "' + "x" * (1024 * 1024) + '"}').encode()
    with unchanged():
        r = client.post(f"/{resource}", raw=raw)
        assert r.status == 413 and r.json["error"]["code"] == "body_too_large"


INVALID = [
    ("suppliers", {"kvk": "1234567"}, "kvk", "invalid_kvk"),
    ("suppliers", {"kvk": "1234567a"}, "kvk", "invalid_kvk"),
    ("suppliers", {"postcode": "0123 AB"}, "postcode", "invalid_postcode"),
    ("suppliers", {"postcode": "1234 SS"}, "postcode", "invalid_postcode"),
    ("suppliers", {"pso_rung": 4}, "pso_rung", "invalid_value"),
    ("contracts", {"cpv_code": "45000000-8"}, "cpv_code", "invalid_cpv"),
    ("contracts", {"cpv_code": "99999999"}, "cpv_code", "invalid_cpv"),
    ("contracts", {"value_cents": -1}, "value_cents", "invalid_money"),
    ("contracts", {"value_cents": 12.5}, "value_cents", "invalid_value"),
    ("contracts", {"end_date": "2023-12-31"}, "end_date", "invalid_date_range"),
    ("contracts", {"start_date": "2024-02-30"}, "start_date", "invalid_date"),
    ("contracts", {"kind": "goods"}, "kind", "invalid_value"),
    ("contracts", {"supplier_id": 999999}, "supplier_id", "unknown_reference"),
    ("candidates", {"postcode": "12345"}, "postcode", "invalid_postcode"),
    ("candidates", {"target_groups": ["unemployed"]}, "target_groups", "invalid_target_group"),
    ("candidates", {"occupations": ["9999.99"]}, "occupations", "invalid_esco"),
    ("candidates", {"hours_per_week": 20.125}, "hours_per_week", "invalid_value"),
    ("candidates", {"birth_month": "1980-13"}, "birth_month", "invalid_value"),
    ("openings", {"esco_code": "nope"}, "esco_code", "invalid_esco"),
    ("openings", {"postcode": "AB 1234"}, "postcode", "invalid_postcode"),
    ("realisations", {"end_date": "2024-01-01"}, "end_date", "invalid_date_range"),
    ("realisations", {"subcontractor_kvk": "123"}, "subcontractor_kvk", "invalid_kvk"),
]


@pytest.mark.parametrize("resource,change,field,code", INVALID)
def test_invalid_value_is_422(client, base, unchanged, resource, change, field, code):
    body = dict(valid_bodies(base)[resource], **change)
    with unchanged():
        r = client.post(f"/{resource}", body)
        assert r.status == 422, r
        assert r.json["error"]["code"] == code and r.json["error"]["field"] == field


_unique = iter(range(1, 1000000))


@pytest.mark.parametrize("resource,change,field,code", INVALID)
def test_invalid_value_on_update_is_422(client, base, unchanged, resource, change, field, code):
    n = next(_unique)
    if resource == "realisations":  # a new person each time: one person is never counted twice
        base = dict(base, candidate=make_candidate(client))
    unique = {"suppliers": {"kvk": f"{30000000 + n}"}, "contracts": {"reference": f"C-UPD-{field}-{n}"}}
    r = client.post(f"/{resource}", dict(valid_bodies(base)[resource], **unique.get(resource, {})))
    assert r.status == 201, r
    rid = r.json["id"]
    with unchanged():
        r = client.patch(f"/{resource}/{rid}", change)
        assert r.status == 422, r
        assert r.json["error"]["code"] == code
    client.delete(f"/{resource}/{rid}")


def test_identity_bsn_is_checked_and_never_in_the_audit(client, server, base, unchanged):
    cid = base["candidate"]["id"]
    with unchanged():
        r = client.put(f"/candidates/{cid}/identity", {"name": "Jan Jansen", "bsn": "123456788"})
        assert r.status == 422 and r.json["error"] == {"code": "invalid_bsn", "field": "bsn",
                                                       "message": "this is not a valid BSN (eleven-test fails)"}
    r = client.put(f"/candidates/{cid}/identity", {"name": "Jan Jansen", "bsn": "111222333", "birth_date": "1980-05-17"})
    assert r.status == 200, r
    g = client.get(f"/candidates/{cid}/identity")
    assert g.status == 200 and g.json["bsn"] == "111222333"
    entries = client.get(f"/audit?entity_id={cid}&limit=500").json["items"]
    actions = [e["action"] for e in entries]
    assert "update_identity" in actions and "read_identity" in actions
    text = str(entries)
    assert "111222333" not in text and "Jansen" not in text


def test_duplicate_kvk_is_409(client, base, unchanged):
    with unchanged():
        r = client.post("/suppliers", {"organisation": "GM0518", "kvk": "11111111", "name": "Dubbel"})
        assert r.status == 409 and r.json["error"]["code"] == "conflict"


def test_missing_record_is_404(client):
    for resource in RESOURCES:
        r = client.get(f"/{resource}/987654321")
        assert r.status == 404 and r.json["error"]["code"] == "not_found"
    assert client.get("/contracts/abc").status == 404
    assert client.get("/nothing").status == 404


def test_list_pages_sorts_and_filters(client):
    s = make_supplier(client, "44444444", org="GM0503")
    for i in range(7):
        make_contract(client, s["id"], f"PAGE-{i}", org="GM0503", value_cents=1000 * (7 - i))
    seen = []
    cursor = None
    while True:
        q = "/contracts?organisation=GM0503&limit=3&sort=value_cents" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(q).json
        seen += [c["value_cents"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(seen) and len(seen) == 7
    desc = client.get("/contracts?organisation=GM0503&sort=-value_cents").json["items"]
    assert [c["value_cents"] for c in desc] == sorted(seen, reverse=True)
    only = client.get(f"/contracts?supplier_id={s['id']}&kind=works").json["items"]
    assert len(only) == 7
    assert client.get("/contracts?limit=501").status == 400
    assert client.get("/contracts?colour=red").json["error"]["field"] == "colour"
    assert client.get("/contracts?sort=title2").status == 400
    assert client.get("/contracts?cursor=garbage").status == 400


def test_archive_hides_from_lists(client):
    s = make_supplier(client, "55555555")
    assert client.delete(f"/suppliers/{s['id']}").status == 204
    ids = [x["id"] for x in client.get("/suppliers?limit=500").json["items"]]
    assert s["id"] not in ids
    assert client.delete(f"/suppliers/{s['id']}").status == 404


def test_health_reports_versions(client):
    h = client.get("/health").json
    assert h["status"] == "ok" and h["schema_version"] == h["latest_schema_version"] >= 1

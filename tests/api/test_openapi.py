"""The OpenAPI document agrees with what the server answers: it is generated
from the route table, docs/openapi.yaml is that output, and every operation it
lists is served while paths it does not list are not."""
import os
import re

from conftest import run_sroi

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def spec_operations(text):
    """(method, path) pairs from the generated YAML (paths at indent 1,
    methods at indent 2)."""
    ops = []
    path = None
    in_paths = False
    for line in text.splitlines():
        if line.startswith('"paths":'):
            in_paths = True
            continue
        if in_paths and not line.startswith("  "):
            break
        m = re.match(r'^  "(/[^"]*)":$', line)
        if m:
            path = m.group(1)
            continue
        m = re.match(r'^    "(get|post|put|patch|delete)":$', line)
        if m and path:
            ops.append((m.group(1).upper(), path))
    return ops


def test_checked_in_document_is_the_generated_one():
    generated = run_sroi("openapi").stdout
    with open(os.path.join(ROOT, "docs", "openapi.yaml")) as f:
        assert f.read() == generated, "docs/openapi.yaml is stale: run `sroi openapi > docs/openapi.yaml`"


def test_served_document_is_the_generated_one(client):
    r = client.get("/openapi.yaml")
    assert r.status == 200 and r.headers["Content-Type"].startswith("application/yaml")
    assert r.raw.decode() == run_sroi("openapi").stdout


def test_every_listed_operation_is_served(client):
    ops = spec_operations(run_sroi("openapi").stdout)
    assert len(ops) >= 30
    for method, path in ops:
        r = client.request(method, re.sub(r"\{[a-z_]+\}", "999999999", path), raw=b"{}" if method in ("POST", "PUT", "PATCH") else None)
        err = (r.json or {}).get("error", {}) if r.raw[:1] == b"{" else {}
        assert r.status != 405 and err.get("code") != "no_route", (method, path, r)


def test_unlisted_paths_and_methods_are_not_served(client):
    for method, path in [("GET", "/contract"), ("GET", "/contracts/1/x"), ("PUT", "/contracts"),
                         ("DELETE", "/organisations/1"), ("GET", "/v2/contracts")]:
        r = client.request(method, path)
        assert r.status in (404, 405), (method, path, r)
        if r.status == 404:
            assert r.json["error"]["code"] == "no_route"

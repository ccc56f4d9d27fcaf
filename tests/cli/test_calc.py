#!/usr/bin/env python3
"""Runs `sroi calc` and `sroi policy check` as a user would.

Usage: test_calc.py PATH/TO/sroi   (SROI_SOURCE_ROOT or the repository root
as the working directory locates policies/ and tests/cli/).

The figures of the issue's example under Haaglanden (table A), by hand:
  obligation: 1,000,000.00 >= 215,000 (inclusive) -> 5% = 50,000.00
  a1 Participatiewet, 36 h, 2024-03-01..2025-02-28 (12 months) = 40,000.00
  a2 BBL level 2, 32 h, 12 months: 25,000 x 32/36 = 22,222.22
  a3 purchase, a4 hours: no such block in table A -> not_eligible, 0
  total 62,222.22; 62,222.22 / 50,000.00 = 124.44% -> 124.4
"""
import json
import os
import subprocess
import sys
import tempfile

sroi = os.path.abspath(sys.argv[1])
root = os.environ.get("SROI_SOURCE_ROOT", os.getcwd())
os.chdir(root)
failures = 0


def run(*args, stdin=None):
    p = subprocess.run([sroi, *args], input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def check(what, ok, detail=""):
    global failures
    if not ok:
        failures += 1
        print(f"FAIL {what} {detail}")
    else:
        print(f"ok   {what}")


# every shipped policy validates
for name in sorted(os.listdir("policies")):
    if name.endswith(".json"):
        rc, out, err = run("policy", "check", f"policies/{name}")
        check(f"policy check {name}", rc == 0 and "valid" in out, err)

# the shipped policies also satisfy docs/policy.schema.json (when the
# jsonschema module is there), so the schema and the checker agree
try:
    import jsonschema
    schema = json.load(open("docs/policy.schema.json"))
    validator = jsonschema.Draft202012Validator(schema)
    for name in sorted(os.listdir("policies")):
        if name.endswith(".json"):
            errors = list(validator.iter_errors(json.load(open(f"policies/{name}"))))
            check(f"schema accepts {name}", not errors,
                  "; ".join(e.message for e in errors[:3]))
except ImportError:
    print("skip schema checks: no jsonschema module")

# an invalid policy lists every problem with its JSON path, exit 2
doc = json.load(open("policies/haaglanden-zhc-2023.json"))
doc["valuation"]["blocks"][3]["value"]["per_year_cents"] = "750000"
del doc["unit"]
doc["percentage"] = 5
with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    json.dump(doc, f)
    bad_policy = f.name
rc, out, err = run("policy", "check", bad_policy)
check("policy check invalid: exit 2", rc == 2, f"rc={rc}")
for path in ("$.valuation.blocks[3].value.per_year_cents", "$.unit", "$.percentage"):
    check(f"policy check reports {path}", f": {path}: " in err, err)

# the example scenario under Haaglanden
scenario = "tests/cli/issue-example-scenario.json"
rc, out, err = run("calc", "--policy", "policies/haaglanden-zhc-2023.json", scenario)
check("calc: exit 0", rc == 0, err)
a = json.loads(out) if rc == 0 else {}
acts = {x["id"]: x for x in a.get("activities", [])}
check("calc: applicable", a.get("applicable") is True)
check("calc: unit", a.get("unit") == "eur")
check("calc: obligation 50,000.00", a.get("obligation_cents") == 5000000)
check("calc: a1 40,000.00", acts.get("a1", {}).get("value_cents") == 4000000)
check("calc: a2 22,222.22", acts.get("a2", {}).get("value_cents") == 2222222)
for i in ("a3", "a4"):
    r = acts.get(i, {}).get("refused", {})
    check(f"calc: {i} refused not_eligible",
          r.get("code") == "not_eligible" and acts[i]["value_cents"] == 0)
check("calc: total 62,222.22", a.get("total_cents") == 6222222)
check("calc: 124.4%", a.get("realisation_pct") == 124.4 and '"realisation_pct": 124.4' in out)

# the same scenario from standard input gives the same answer
rc2, out2, _ = run("calc", "--policy", "policies/haaglanden-zhc-2023.json", "-",
                   stdin=open(scenario).read())
check("calc: standard input", rc2 == 0 and out2 == out)

# an invalid scenario: exit 2, the error JSON on standard error
bad = json.load(open(scenario))
bad["activities"][1]["start"] = "2024-13-01"
rc, out, err = run("calc", "--policy", "policies/utrecht.json", "-", stdin=json.dumps(bad))
e = json.loads(err).get("error", {}) if rc == 2 else {}
check("calc invalid scenario: exit 2 and error JSON",
      rc == 2 and out == "" and e.get("code") == "invalid_scenario"
      and e.get("field") == "$.activities[1].start", f"rc={rc} err={err}")

# an invalid policy: exit 2, code invalid_policy at the first path
rc, out, err = run("calc", "--policy", bad_policy, scenario)
e = json.loads(err).get("error", {}) if rc == 2 else {}
check("calc invalid policy: exit 2 and error JSON",
      rc == 2 and e.get("code") == "invalid_policy" and e.get("field", "").startswith("$."),
      f"rc={rc} err={err}")
os.unlink(bad_policy)

# usage
rc, _, _ = run("calc", scenario)
check("calc without --policy: exit 2", rc == 2)
rc, out, _ = run("calc", "--help")
check("calc --help", rc == 0 and "usage" in out)
rc, _, err = run("policy", "show", "--db", "/nonexistent/x.db", "--org", "o")
check("policy show: a missing database, exit 1", rc == 1 and "x.db" in err)
rc, _, err = run("policy", "show", "--db", "x.db")
check("policy show without --org: exit 2", rc == 2)

print(f"{failures} failure(s)")
sys.exit(1 if failures else 0)

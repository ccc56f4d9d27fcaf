"""Citus readiness: on a migrated PostgreSQL database, every table's primary
key, unique keys and foreign keys include org_id (the distribution column),
except the reference tables listed in src/store/reference_tables.h. Citus
itself is not packaged here, so this reads PostgreSQL's catalog
(pg_constraint, pg_index) the way Citus would check a table it is asked to
distribute."""
import os
import re

from conftest import ROOT, init_database, new_database, psql

HEADER = os.path.join(ROOT, "src", "store", "reference_tables.h")


def reference_tables():
    """The string literals of STORE_REFERENCE_TABLES."""
    text = open(HEADER).read()
    m = re.search(r"#define STORE_REFERENCE_TABLES((?:[^\n]*\\\n)*[^\n]*)", text)
    assert m, f"{HEADER} has no STORE_REFERENCE_TABLES"
    body = re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S)
    return set(re.findall(r'"([a-z_0-9]+)"', body))


def catalog(db):
    tables = {t for (t,) in psql(db, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                     "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')")}
    columns = {}
    for table, name, num in psql(db, "SELECT c.relname, a.attname, a.attnum FROM pg_attribute a "
                                     "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                                     "WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped"):
        columns.setdefault(table, {})[int(num)] = name
    # Primary keys and unique constraints and indexes: pg_index covers all.
    keys = []
    for table, index, primary, attnums in psql(
            db, "SELECT c.relname, i.relname, x.indisprimary, x.indkey::text FROM pg_index x "
                "JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND (x.indisunique OR x.indisprimary)"):
        cols = [columns[table].get(int(a), "(expression)") for a in attnums.split()]
        keys.append((table, index, primary == "t", cols))
    foreign = []
    for table, name, ref, conkey, confkey in psql(
            db, "SELECT c.relname, k.conname, r.relname, k.conkey::text, k.confkey::text FROM pg_constraint k "
                "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND k.contype = 'f'"):
        local = [columns[table][int(a)] for a in conkey.strip("{}").split(",")]
        remote = [columns[ref][int(a)] for a in confkey.strip("{}").split(",")]
        foreign.append((table, name, ref, local, remote))
    return tables, columns, keys, foreign


def violations(db, reference):
    tables, columns, keys, foreign = catalog(db)
    found = []
    for t in sorted(reference - tables):
        found.append(f"{t}: listed in reference_tables.h but not in the schema")
    distributed = tables - reference
    for t in sorted(distributed):
        if "org_id" not in columns[t].values():
            found.append(f"{t}: no org_id column")
        if not any(table == t and primary for table, _, primary, _ in keys):
            found.append(f"{t}: no primary key")
    for table, index, primary, cols in keys:
        if table in distributed and "org_id" not in cols:
            kind = "primary key" if primary else "unique key"
            found.append(f"{table}: {kind} {index} ({', '.join(cols)}) does not include org_id")
    for table, name, ref, local, remote in foreign:
        if table in reference and ref in distributed:
            found.append(f"{table}: reference table refers to distributed {ref} ({name})")
        elif table in distributed and ref in distributed:
            pairs = dict(zip(local, remote))
            if pairs.get("org_id") != "org_id":
                found.append(f"{table}: foreign key {name} ({', '.join(local)}) -> {ref} ({', '.join(remote)}) "
                             f"does not join on org_id")
    return found


def test_every_key_includes_the_organisation_except_reference_tables(tmp_path):
    db = new_database("postgresql", str(tmp_path))
    init_database(db)
    reference = reference_tables()
    assert {"organisations", "schema_migrations"} <= reference
    found = violations(db, reference)
    assert found == [], "not ready for Citus (distribution column org_id):\n" + "\n".join(found)


def test_the_check_finds_a_key_without_the_organisation(tmp_path):
    """The rule itself: a table keyed without org_id is reported."""
    db = new_database("postgresql", str(tmp_path))
    init_database(db)
    psql(db, "CREATE TABLE stray (org_id BIGINT NOT NULL, id BIGINT PRIMARY KEY, code TEXT UNIQUE, "
             "contract_id BIGINT, FOREIGN KEY (org_id, contract_id) REFERENCES contracts (org_id, id))")
    psql(db, "CREATE TABLE stray_ref (id BIGINT, org_id BIGINT, PRIMARY KEY (org_id, id), "
             "FOREIGN KEY (id) REFERENCES stray (id))")
    found = [f for f in violations(db, reference_tables()) if f.startswith("stray")]
    assert any("stray: primary key" in f for f in found), found
    assert any("stray: unique key" in f for f in found), found
    assert any("stray_ref: foreign key" in f for f in found), found
    assert not any("contracts" in f for f in found), found

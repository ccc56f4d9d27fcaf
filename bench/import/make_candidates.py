#!/usr/bin/env python3
"""Writes N synthetic candidate rows for `sroi import candidates` (CSV with
the import's English headers): real postcode areas (data/pc4, weighted by
inhabitants) and real ESCO occupations (data/esco); the people are made
up. Deterministic for a seed. Usage: make_candidates.py N OUT [SEED]"""
import csv
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
GROUPS = ["participatiewet", "ww", "wia", "banenafspraak", "no_benefit", "young_no_qualification"]
LEVELS = ["none", "vo", "mbo1", "mbo2", "mbo3", "mbo4", "hbo", "wo"]
LETTERS = "ABCDEFGHJKLMNPRTVWXZ"


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 8)
    with open(os.path.join(ROOT, "data", "pc4", "pc4_centroids.csv"), newline="") as f:
        areas = [(r["pc4"], int(r["inwoners_2020"] or 0) + 1) for r in csv.DictReader(f)]
    pcs, weights = zip(*areas)
    with open(os.path.join(ROOT, "data", "esco", "occupations.csv"), newline="") as f:
        escos = [r["esco_code"] for r in csv.DictReader(f)]
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["external_id", "target_groups", "birth_month", "postcode", "occupations",
                    "education_level", "hours_per_week", "max_travel_km", "available_from",
                    "driving_licence"])
        chunk = 10000
        for start in range(0, n, chunk):
            areas_chunk = rnd.choices(pcs, weights=weights, k=min(chunk, n - start))
            for i, pc4 in enumerate(areas_chunk, start):
                groups = ";".join(rnd.sample(GROUPS, rnd.choice((1, 1, 1, 2))))
                occ = ";".join(rnd.sample(escos, rnd.choice((1, 2, 3))))
                a, b = rnd.choice(LETTERS), rnd.choice(LETTERS)
                w.writerow([f"C{i + 1:08d}", groups, f"{rnd.randint(1960, 2006)}-{rnd.randint(1, 12):02d}",
                            f"{pc4} {a}{b}", occ, rnd.choice(LEVELS), rnd.choice(("16", "24", "32", "36", "38", "40", "24,5")),
                            rnd.choice((10, 15, 25, 40)), f"{rnd.randint(1, 28):02d}-{rnd.randint(1, 12):02d}-2024",
                            rnd.choice(("ja", "nee"))])


main()

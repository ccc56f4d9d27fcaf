#!/usr/bin/env python3
"""bench/solve/random_vs_lemon.py SROI N: N random general min-cost flow
problems (2-40 nodes, up to 150 arcs; negative costs, lower bounds,
self-loops, parallel arcs, infeasible ones), each solved by `SROI solve` and
by LEMON's `dimacs-solver -long`; prints every disagreement on the optimal
cost (or on infeasibility) and their count, and exits 1 when there is one.
Deterministic: problem i is made from seed i."""
import os
import random
import re
import subprocess
import sys
import tempfile


def problem(seed):
    r = random.Random(seed)
    n, m = r.randint(2, 40), r.randint(1, 150)
    supply = [0] * (n + 1)
    for _ in range(r.randint(0, 5)):
        a, b, x = r.randint(1, n), r.randint(1, n), r.randint(1, 20)
        supply[a] += x
        supply[b] -= x
    lines = [f"c seed {seed}", f"p min {n} {m}"]
    lines += [f"n {i} {supply[i]}" for i in range(1, n + 1) if supply[i]]
    for _ in range(m):
        low = r.choice([0, 0, 0, r.randint(0, 3)])
        cost = r.randint(-50, 100) if r.random() < 0.3 else r.randint(0, 1000)
        if r.random() < 0.05:
            cost = r.choice([10**6, -10**6])
        lines.append(f"a {r.randint(1, n)} {r.randint(1, n)} {low} {low + r.randint(0, 30)} {cost}")
    return "\n".join(lines) + "\n"


def main():
    sroi, count = sys.argv[1], int(sys.argv[2])
    bad = 0
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "p.min")
        for seed in range(count):
            with open(path, "w") as f:
                f.write(problem(seed))
            a = subprocess.run([sroi, "solve", path], capture_output=True, text=True, timeout=60)
            b = subprocess.run(["dimacs-solver", "-long", path], capture_output=True, text=True, timeout=60)
            lemon = re.search(r"[Cc]ost.*?:\s*(-?\d+)", b.stdout + b.stderr)
            theirs = lemon.group(1) if lemon else "infeasible"
            ours = "infeasible" if a.returncode == 1 else a.stdout.split("\n")[0].split()[1]
            if ours != theirs:
                bad += 1
                print(f"seed {seed}: sroi {ours}, LEMON {theirs}")
    print(f"{count} problems, {bad} disagreements")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

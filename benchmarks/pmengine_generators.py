"""Detection quality per generator and per scenario, for one or more engines on the same worlds.

The worlds are contract directories with a ``truth.jsonl`` (``vik monitor generate`` or
``python -m pmworld``), generated beforehand so that every engine sees the same data. Each engine
is a ``src`` directory holding a ``pmengine`` package (this checkout's, or an exported copy of
another commit: ``git archive <commit> src/pmengine | tar -x -C /tmp/ref``) and runs in its own
process, one world at a time, so that the figures are side by side from one run.

    .venv/bin/python benchmarks/pmengine_generators.py --engine new=src --engine main=/tmp/ref/src \\
        --world pmworld=/tmp/w6101 --world own=/tmp/e6101 ...
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import defaultdict

CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from pmengine.contract import load_dataset
from pmengine.engine import detect
from pmengine.evaluate import evaluate, load_truth
ds = load_dataset(sys.argv[2])
truth = load_truth(Path(sys.argv[2]) / "truth.jsonl")
started = time.perf_counter()
result = detect(ds)
seconds = time.perf_counter() - started
ev = evaluate([a.to_dict() for a in result.alerts], truth, result.user_days)
print(json.dumps({"recall": ev.recall_at_budget, "precision": ev.precision_at_budget, "ap": ev.average_precision,
                  "budget": ev.budget, "episodes": ev.episodes, "lookups": ds.query_log.height,
                  "seconds": seconds, "scenarios": ev.recall_by_scenario}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", action="append", required=True, help="name=src directory")
    parser.add_argument("--world", action="append", required=True, help="generator=world directory")
    args = parser.parse_args()
    engines = [tuple(e.split("=", 1)) for e in args.engine]
    worlds = [tuple(w.split("=", 1)) for w in args.world]
    results: dict[tuple[str, str], list[dict]] = defaultdict(list)
    print(f"{'world':<28} {'engine':<8} {'lookups':>9} {'budget':>6} {'episodes':>8} {'recall':>7} "
          f"{'precision':>9} {'AP':>6} {'s':>6}", flush=True)
    for generator, world in worlds:
        for name, src in engines:
            out = subprocess.run([sys.executable, "-c", CHILD, src, world], capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            results[(generator, name)].append(r)
            print(f"{world:<28} {name:<8} {r['lookups']:>9} {r['budget']:>6} {r['episodes']:>8} {r['recall']:>7.3f} "
                  f"{r['precision']:>9.3f} {r['ap']:>6.3f} {r['seconds']:>6.1f}", flush=True)
    print("\nmean per generator (recall / precision / AP, episodes caught / episodes)")
    for (generator, name), rs in sorted(results.items()):
        caught = sum(c for r in rs for c, _ in r["scenarios"].values())
        total = sum(t for r in rs for _, t in r["scenarios"].values())
        n = len(rs)
        print(f"  {generator:<8} {name:<8} {sum(r['recall'] for r in rs) / n:.3f} / "
              f"{sum(r['precision'] for r in rs) / n:.3f} / {sum(r['ap'] for r in rs) / n:.3f}  ({caught} / {total})")
    print("\nrecall per scenario (caught / episodes), engines side by side: " + " | ".join(n for n, _ in engines))
    for generator in dict.fromkeys(g for g, _ in worlds):
        per: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        for name, _ in engines:
            for r in results[(generator, name)]:
                for scenario, (c, t) in r["scenarios"].items():
                    per[scenario][name][0] += c
                    per[scenario][name][1] += t
        print(f"  {generator}:")
        for scenario in sorted(per):
            cells = [f"{per[scenario][n][0]:>3}/{per[scenario][n][1]:<3}" for n, _ in engines]
            print(f"    {scenario:<20} " + " | ".join(cells))


if __name__ == "__main__":
    main()

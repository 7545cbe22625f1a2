"""Detection quality on generated worlds with seeds the engine was not tuned on.

Runs the calibrated engine and the plain baseline side by side on each world and prints recall
and precision at the review budget, average precision and recall per scenario. "baseline" is the
issue's rule set (flagged lookups per user-day), "bl-flags" the stronger variant that sums flags.

    .venv/bin/python benchmarks/pmengine_quality.py [--employees 2000] [--weeks 4] [--seeds 801 802 803]
        [--visitors 0.2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from pmengine.contract import load_dataset  # noqa: E402
from pmengine.engine import detect  # noqa: E402
from pmengine.evaluate import Evaluation, evaluate, load_truth  # noqa: E402
from pmengine.generate import DEFAULT_VISITORS, generate  # noqa: E402

RULE_SETS: tuple[tuple[str, bool | str], ...] = (("engine", False), ("baseline", "lookups"), ("bl-flags", "flags"))


def run(employees: int, weeks: int, seeds: list[int], visitors: float) -> None:
    per_scenario: dict[str, dict[str, list[int]]] = {name: defaultdict(lambda: [0, 0]) for name, _ in RULE_SETS}
    rows = []
    for seed in seeds:
        with tempfile.TemporaryDirectory(prefix="pm-quality-") as tmp:
            world = generate(Path(tmp), employees, weeks, seed, visitors=visitors)
            ds = load_dataset(tmp)
            truth = load_truth(Path(tmp) / "truth.jsonl")
            for name, baseline in RULE_SETS:
                started = time.perf_counter()
                result = detect(ds, baseline=baseline)
                seconds = time.perf_counter() - started
                ev: Evaluation = evaluate([a.to_dict() for a in result.alerts], truth, result.user_days)
                rows.append((seed, name, world.tables["query_log"].height, ev, seconds, result.explained_share))
                for scenario, (caught, total) in ev.recall_by_scenario.items():
                    per_scenario[name][scenario][0] += caught
                    per_scenario[name][scenario][1] += total
    print(
        f"{'seed':>5} {'rule set':<9} {'lookups':>9} {'budget':>6} {'episodes':>8} {'recall':>7} "
        f"{'precision':>9} {'AP':>6} {'explained':>9} {'s':>5}"
    )
    for seed, name, n, ev, seconds, share in rows:
        print(
            f"{seed:>5} {name:<9} {n:>9} {ev.budget:>6} {ev.episodes:>8} {ev.recall_at_budget:>7.3f} "
            f"{ev.precision_at_budget:>9.3f} {ev.average_precision:>6.3f} "
            f"{share.get('explained', 0):>9.3f} {seconds:>5.1f}"
        )
    for name, _ in RULE_SETS:
        evs = [r[3] for r in rows if r[1] == name]
        print(
            f"mean {name:<9} recall {sum(e.recall_at_budget for e in evs) / len(evs):.3f}  "
            f"precision {sum(e.precision_at_budget for e in evs) / len(evs):.3f}  "
            f"AP {sum(e.average_precision for e in evs) / len(evs):.3f}"
        )
    print("recall per scenario (all seeds): " + " | ".join(name for name, _ in RULE_SETS))
    for scenario in sorted(per_scenario["engine"]):
        cells = [per_scenario[name][scenario] for name, _ in RULE_SETS]
        print(f"  {scenario:<18} " + " | ".join(f"{c[0]:>3}/{c[1]:<3}" for c in cells))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=2000)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--seeds", type=int, nargs="+", default=[801, 802, 803])
    parser.add_argument("--visitors", type=float, default=DEFAULT_VISITORS)
    args = parser.parse_args()
    run(args.employees, args.weeks, args.seeds, args.visitors)

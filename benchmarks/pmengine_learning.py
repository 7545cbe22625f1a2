"""Learning from the reviewers: recall in weeks 3-5 with and without verdicts on weeks 1-2.

Per world (own generator and the independent ``python -m pmworld``): detect over weeks 1-2; a
simulated reviewer judges the budgeted alerts by the ground truth (the alert's events of a misuse
episode of its user: ``misuse``; its other events: ``legitimate``, scope ``events``); the factors
are learned from those verdicts (:func:`pmengine.learn.learn`); then weeks 3-5 are detected three
ways: without verdicts, with the verdicts only (explanations and ``PRIOR_MISUSE``), and with the
verdicts plus the learned weights. Recall/precision at budget against the episodes' events in
weeks 3-5.

    nice -n 10 .venv/bin/python benchmarks/pmengine_learning.py [--employees 1000] [--weeks 5]
        [--seeds 3101 3102] [--pmworld-seeds 3201 3202]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from pmengine import learn  # noqa: E402
from pmengine.contract import Dataset, load_dataset  # noqa: E402
from pmengine.engine import detect  # noqa: E402
from pmengine.evaluate import Episode, Evaluation, budget_for, evaluate, load_truth  # noqa: E402
from pmengine.feedback import Verdict  # noqa: E402
from pmengine.generate import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TZ = ZoneInfo("Europe/Amsterdam")


def split(ds: Dataset, days: int = 14) -> tuple[Dataset, Dataset, datetime]:
    first = ds.query_log["ts"].min()
    assert isinstance(first, datetime)
    local = first.astimezone(TZ).date() + timedelta(days=days)
    cut = datetime(local.year, local.month, local.day, tzinfo=TZ).astimezone(UTC)
    ql = ds.query_log
    return (
        replace(ds, query_log=ql.filter(pl.col("ts") < cut)),
        replace(ds, query_log=ql.filter(pl.col("ts") >= cut)),
        cut,
    )


def reviewer(alerts: list[dict[str, object]], truth: list[Episode], budget: int) -> list[Verdict]:
    """Judge the budgeted alerts by the ground truth."""
    by_user: dict[str, list[Episode]] = {}
    for ep in truth:
        by_user.setdefault(ep.user_id, []).append(ep)
    out: list[Verdict] = []
    for alert in alerts[:budget]:
        events = {str(e) for e in alert["event_ids"]}  # type: ignore[attr-defined]
        bad = set().union(*[ep.event_ids for ep in by_user.get(str(alert["user_id"]), [])]) & events
        user = str(alert["user_id"])
        if bad:
            out.append(Verdict("misuse", "gesimuleerd", user, tuple(sorted(bad))))
        if events - bad:
            out.append(Verdict("legitimate", "gesimuleerd: werk", user, tuple(sorted(events - bad))))
    return out


def world(kind: str, out: Path, employees: int, weeks: int, seed: int) -> None:
    if kind == "own":
        generate(out, employees, weeks, seed)
    else:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pmworld",
                str(out),
                "--employees",
                str(employees),
                "--weeks",
                str(weeks),
                "--seed",
                str(seed),
                "--quiet",
            ],
            check=True,
            cwd=ROOT,
        )


def run(employees: int, weeks: int, seeds: list[int], pmworld_seeds: list[int]) -> None:
    rows: list[tuple[str, int, str, Evaluation, float]] = []
    for kind, seed in [("own", s) for s in seeds] + [("pmworld", s) for s in pmworld_seeds]:
        with tempfile.TemporaryDirectory(prefix="pm-learn-") as tmp:
            started = time.perf_counter()
            world(kind, Path(tmp), employees, weeks, seed)
            ds = load_dataset(tmp)
            truth = load_truth(Path(tmp) / "truth.jsonl")
            early, late, cut = split(ds)
        first = detect(early)
        alerts = [a.to_dict() for a in first.alerts]
        verdicts = reviewer(alerts, truth, budget_for(first.user_days))
        model = learn.learn(early, verdicts)
        late_events = set(late.query_log["event_id"].to_list())
        truth_late = [replace(ep, event_ids=ep.event_ids & late_events) for ep in truth if ep.event_ids & late_events]
        for name, kwargs in (
            ("without", {}),
            ("verdicts", {"verdicts": verdicts}),
            ("verdicts+learned", {"verdicts": verdicts, "weight_factors": model.factors}),
        ):
            result = detect(late, **kwargs)  # type: ignore[arg-type]
            ev = evaluate([a.to_dict() for a in result.alerts], truth_late, result.user_days)
            rows.append((kind, seed, name, ev, time.perf_counter() - started))
        print(
            f"# {kind} seed {seed}: {len(verdicts)} verdicts on {min(len(alerts), budget_for(first.user_days))} "
            f"alerts; factors {json.dumps({k: round(v, 2) for k, v in model.factors.items() if v != 1.0})}",
            flush=True,
        )
        print("#   " + "\n#   ".join(model.lines()), flush=True)
    print(
        f"{'generator':<8} {'seed':>5} {'run (weeks 3-5)':<17} {'budget':>6} {'episodes':>8} {'recall':>7} "
        f"{'precision':>9} {'AP':>6}"
    )
    for kind, seed, name, ev, _ in rows:
        print(
            f"{kind:<8} {seed:>5} {name:<17} {ev.budget:>6} {ev.episodes:>8} {ev.recall_at_budget:>7.3f} "
            f"{ev.precision_at_budget:>9.3f} {ev.average_precision:>6.3f}"
        )
    for kind in ("own", "pmworld"):
        for name in ("without", "verdicts", "verdicts+learned"):
            evs = [r[3] for r in rows if r[0] == kind and r[2] == name]
            if evs:
                print(
                    f"mean {kind:<8} {name:<17} recall {sum(e.recall_at_budget for e in evs) / len(evs):.3f} "
                    f"precision {sum(e.precision_at_budget for e in evs) / len(evs):.3f} "
                    f"AP {sum(e.average_precision for e in evs) / len(evs):.3f}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=5)
    parser.add_argument("--seeds", type=int, nargs="*", default=[3101, 3102])
    parser.add_argument("--pmworld-seeds", type=int, nargs="*", default=[3201, 3202])
    args = parser.parse_args()
    run(args.employees, args.weeks, args.seeds, args.pmworld_seeds)


if __name__ == "__main__":
    main()

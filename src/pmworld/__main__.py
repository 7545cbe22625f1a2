"""Command line: ``python -m pmworld OUT_DIR --employees N --weeks W --seed S [--format ...]``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pmworld.output import build, write


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pmworld", description="Write a synthetic protective-monitoring "
                                 "data set (contract layout) with truth.jsonl and bursts.jsonl.")
    ap.add_argument("out", type=Path, help="output directory")
    ap.add_argument("--employees", type=int, default=2000)
    ap.add_argument("--weeks", type=float, default=5, help="length of the window in weeks")
    ap.add_argument("--days", type=int, default=None, help="length in days (overrides --weeks)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--format", choices=["parquet", "csv", "jsonl"], default="parquet")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    days = a.days if a.days is not None else max(1, round(a.weeks * 7))
    t = time.perf_counter()
    tables, truth, bursts = build(a.employees, days, a.seed, log_progress=not a.quiet)
    write(a.out, tables, truth, bursts, a.format)
    if not a.quiet:
        print(f"{time.perf_counter() - t:7.1f}s wrote {a.out}: " + ", ".join(
            f"{k} {v.height}" for k, v in tables.items()) + f"; {len(truth)} episodes, {len(bursts)} bursts")
    return 0


if __name__ == "__main__":
    sys.exit(main())

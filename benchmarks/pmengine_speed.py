"""Speed: one day of a 65,000-employee force (about 2.5 million lookups) from Parquet.

Generates the day once under /tmp (not timed), then runs ``detect`` end to end (load, validate,
explain, evidence, fit, score, alerts, write) in a child process and reports wall time and peak
resident memory of that process.

    .venv/bin/python benchmarks/pmengine_speed.py [--employees 65000] [--volume 2.1] [--data /tmp/pm-speed]
    .venv/bin/python benchmarks/pmengine_speed.py --profile dense --data /tmp/pm-speed-dense

A long window in bounded memory (streamed day by day, see ``pmengine.stream``):

    .venv/bin/python benchmarks/pmengine_speed.py --employees 10000 --days 30 --volume 1 --population 100 \
        --data /tmp/pm-30d [--chunk-days 1]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pmengine.dense import densify  # noqa: E402
from pmengine.generate import generate_world, write_world  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=65_000)
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--volume", type=float, default=2.1, help="lookups per shift multiplier")
    parser.add_argument("--data", default="/tmp/pm-speed")
    parser.add_argument("--population", type=int, default=30, help="residents per employee")
    parser.add_argument("--chunk-days", type=int, default=None, help="passed to detect (default: automatic)")
    parser.add_argument("--profile", choices=("ordinary", "dense"), default="ordinary",
                        help="dense: the skewed registrations of pmengine.dense on top of the same world")
    args = parser.parse_args()
    data = Path(args.data)
    if not (data / "query_log.parquet").exists():
        started = time.perf_counter()
        world = generate_world(
            args.employees,
            1,
            seed=7,
            days=args.days,
            volume=args.volume,
            show_progress=True,
            population_per_employee=args.population,
        )
        if args.profile == "dense":
            world = densify(world, seed=7)
        write_world(world, data)
        print(f"generated {world.tables['query_log'].height} lookups in {time.perf_counter() - started:.0f} s")
    out = data.parent / (data.name + ".alerts.jsonl")
    started = time.perf_counter()
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "pmengine", "detect", str(data), "--out", str(out)]
    if args.chunk_days is not None:
        command += ["--chunk-days", str(args.chunk_days)]
    subprocess.run(command, check=True, env=env)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    lookups = pl.scan_parquet(data / "query_log.parquet").select(pl.len()).collect().item()
    print(f"detect ({args.profile}, {lookups} lookups): {seconds:.1f} s wall, peak RSS "
          f"{peak_kib / 1024 / 1024:.2f} GiB, {peak_kib * 1024 / lookups:.0f} bytes per lookup")


if __name__ == "__main__":
    main()

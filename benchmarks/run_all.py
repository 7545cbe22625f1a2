"""`make bench`: run every benchmark one after the other (never in parallel: they share 2 cores).

PostgreSQL figures need VIK_DB_ENGINE=postgresql and the VIK_DB_* variables (see each script and
docs/benchmarks.md); without them the web benchmarks use a temporary SQLite file. Record the
printed figures, with date, data size and machine, in docs/benchmarks.md.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    ("core pages", ["core_pages.py"]),
    ("dashboard", ["dashboard.py"]),
    # Small and short here so `make bench` stays bounded; the recorded figures use --users 50 / 200.
    ("load (demo mix through gunicorn, 10 users, with a dashboard rebuild)",
     ["load.py", "--users", "10", "--duration", "10", "--warmup", "2", "--rebuild"]),
    ("anonymity check on texts made to be slow", ["anonymity.py"]),
    ("engine quality (ours vs baseline, unseen seeds)", ["pmengine_quality.py"]),
    ("engine speed (one day of 65,000 employees)", ["pmengine_speed.py", "--volume", "2.55"]),
]


def main() -> int:
    failed = []
    for title, args in SCRIPTS:
        script = HERE / args[0]
        if not script.exists():
            continue
        print(f"\n=== {title} ===", flush=True)
        if subprocess.call([sys.executable, str(script), *args[1:]]) != 0:
            failed.append(title)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

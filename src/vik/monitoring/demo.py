"""Demo content for protective monitoring: a generated two-week world whose staff ids are the
demo organisation's personnel numbers, analysed once so the queue and prevention view have data."""

from datetime import date
from pathlib import Path

import polars as pl
from django.conf import settings

from pmengine.generate import generate_world

from .models import ImportRun
from .services import start_import

DEMO_DIR = "demo-twee-weken"
ID_COLUMNS = ("user_id", "employee_user_id")


def _personnel_number(expr: pl.Expr) -> pl.Expr:
    # The generator numbers staff U100000, U100001, ...; the demo organisation P100001, ...
    return pl.format("P{}", expr.str.slice(1).cast(pl.Int64) + 1)


def seed(today: date | None = None) -> bool:
    if ImportRun.objects.exists():
        return False
    target = Path(settings.VIK_MONITOR_DATA_ROOT) / DEMO_DIR
    target.mkdir(parents=True, exist_ok=True)
    world = generate_world(300, weeks=2, seed=11)
    for name, frame in world.tables.items():
        fixes = [
            pl.when(pl.col(c).is_not_null()).then(_personnel_number(pl.col(c))).otherwise(None).alias(c)
            for c in ID_COLUMNS if c in frame.columns
        ]
        (frame.with_columns(fixes) if fixes else frame).write_parquet(target / f"{name}.parquet")
    run = start_import(None, target, background=False)
    return run.state == ImportRun.State.DONE

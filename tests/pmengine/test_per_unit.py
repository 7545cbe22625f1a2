"""The run's figures per unit (the prevention view's rates): they add up to the run's totals, and
a window cut in chunks gives the same figures as the whole window."""

from pathlib import Path

from pmengine import detect_dir
from pmengine.generate import generate


def test_per_unit_figures_add_up_to_the_run_and_do_not_depend_on_chunking(tmp_path: Path) -> None:
    generate(tmp_path, 60, 1, seed=3, fmt="parquet")
    whole = detect_dir(tmp_path, chunk_days=0)
    chunked = detect_dir(tmp_path, chunk_days=1)
    assert whole.per_unit and whole.per_unit == chunked.per_unit
    assert sum(u["lookups"] for u in whole.per_unit.values()) == whole.lookups
    assert sum(u["user_days"] for u in whole.per_unit.values()) == whole.user_days
    unexplained = round(whole.explained_share["unexplained"] * whole.explained_share["lookups"])
    assert sum(u["unexplained"] for u in whole.per_unit.values()) == unexplained

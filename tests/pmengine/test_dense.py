"""The dense profile adds the skew of real registrations as legitimate work only."""

from __future__ import annotations

import polars as pl
import pytest

from pmengine.dense import DenseProfile, densify
from pmengine.engine import detect_dir
from pmengine.evaluate import evaluate, load_truth
from pmengine.generate import generate_world, write_world

pytestmark = pytest.mark.engine
PROFILE = DenseProfile(registrations_per_unit=400, pool_per_unit=20, officers_per_incident=30, hot_lookups=200)


@pytest.fixture(scope="module")
def worlds():
    world = generate_world(300, 1, seed=11)
    return world, densify(world, seed=11, profile=PROFILE)


def test_dense_world_is_skewed(worlds) -> None:
    world, dense = worlds
    subjects = dense.tables["registration_subjects"]
    per_person = subjects.group_by("subject_id").len()
    assert per_person["len"].max() >= 20  # persons in 20+ registrations
    per_unit = dense.tables["registrations"].group_by("unit").len()
    assert per_unit["len"].max() >= 400
    residents = dense.tables["subjects"].group_by("address_id").len()
    assert residents["len"].max() >= PROFILE.residents_per_address
    hot = dense.tables["query_log"].group_by("subject_id").len()
    assert hot["len"].max() >= PROFILE.hot_lookups
    officers = dense.tables["registration_officers"].group_by("registration_id").len()
    assert officers["len"].max() >= PROFILE.officers_per_incident
    assert dense.truth.equals(world.truth)
    assert dense.tables["employees"].equals(world.tables["employees"])


def test_dense_world_is_deterministic(worlds) -> None:
    world, dense = worlds
    again = densify(world, seed=11, profile=PROFILE)
    for name, frame in dense.tables.items():
        assert frame.equals(again.tables[name]), name


def test_added_work_is_legitimate(worlds, tmp_path_factory) -> None:
    """Every added lookup names a registration that involves its record as the purpose, so the
    engine explains it; the misuse episodes are still caught as in the ordinary world."""
    world, dense = worlds
    added = dense.tables["query_log"].filter(pl.col("event_id").str.starts_with("DX"))
    involved = added.join(dense.tables["registration_subjects"], left_on=["purpose", "subject_type", "subject_id"],
                          right_on=["registration_id", "subject_type", "subject_id"], how="anti")
    assert added.height > 0 and involved.height == 0
    recall = {label: _recall(w, tmp_path_factory.mktemp(label)) for label, w in (("ordinary", world),
                                                                             ("dense", dense))}
    assert recall["dense"] >= recall["ordinary"] - 0.1, recall


def _recall(world, root) -> float:
    write_world(world, root)
    result = detect_dir(root)
    rows = [{"user_id": a.user_id, "event_ids": list(a.event_ids)} for a in result.alerts]
    return evaluate(rows, load_truth(root / "truth.jsonl"), result.user_days).recall_at_budget

"""One pipeline: the whole-window path and the chunked path run the same stages.

The chunked path cuts the window and spills the evidence between the passes; it may differ from
the whole window only through what the cut itself changes (a fit on a sample of days, a burst
across a chunk's edge). With the whole window in one chunk nothing is cut, so the alerts must be
the same, field for field, and the run's figures must be equal for every cut.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pmengine import DetectionResult, detect_dir, parse_verdicts
from pmengine.dense import DenseProfile, densify
from pmengine.generate import generate_world, write_world

pytestmark = pytest.mark.engine

ONE_CHUNK = 60  # days: more than any test world spans


def same(a: DetectionResult, b: DetectionResult) -> None:
    assert [x.to_dict() for x in a.alerts] == [x.to_dict() for x in b.alerts]
    assert (a.lookups, a.user_days, a.explained_share) == (b.lookups, b.user_days, b.explained_share)


def test_one_chunk_is_the_whole_window_with_rule_verdicts(small_world: Path) -> None:
    """Reviewers' ``rules`` verdicts act at the same stage on both paths.

    Before issue 16 the chunked path applied them before FIXATION and OFF_DUTY_RELATION were
    found (so a suppressed FIXATION still counted in the fit, and OFF_DUTY_RELATION lost a partner
    the whole-window path kept) and its explained shares were averaged from rounded shares.
    """
    verdicts = parse_verdicts(
        [
            {"verdict": "legitimate", "reason": "vaste route", "scope": "rules", "rules": ["FIXATION"],
             "role": "agent"},
            {"verdict": "legitimate", "reason": "piketdienst", "scope": "rules", "rules": ["OFF_DUTY"],
             "role": "rechercheur"},
        ]
    )
    same(detect_dir(small_world, verdicts=verdicts, chunk_days=0),
         detect_dir(small_world, verdicts=verdicts, chunk_days=ONE_CHUNK))


def test_skewed_world_gives_the_same_alerts_on_both_paths(tmp_path: Path) -> None:
    """A dense world (units with hundreds of open registrations, records opened hundreds of times)."""
    profile = DenseProfile(registrations_per_unit=300, pool_per_unit=20, officers_per_incident=30, hot_lookups=200)
    write_world(densify(generate_world(200, 1, seed=5), seed=5, profile=profile), tmp_path)
    whole = detect_dir(tmp_path, chunk_days=0)
    assert whole.alerts
    same(whole, detect_dir(tmp_path, chunk_days=ONE_CHUNK))
    by_day = detect_dir(tmp_path, chunk_days=1)
    assert (by_day.lookups, by_day.user_days, by_day.explained_share) == (
        whole.lookups, whole.user_days, whole.explained_share
    )
    for mode in ("lookups", "flags"):
        assert detect_dir(tmp_path, chunk_days=2, baseline=mode).alerts == detect_dir(tmp_path, baseline=mode).alerts

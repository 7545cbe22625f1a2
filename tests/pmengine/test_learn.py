"""Learning from the reviewers (issue 13, part 4): verdicts re-weight the evidence, hand weights are the prior."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from pmengine import cli, learn
from pmengine.contract import load_dataset
from pmengine.engine import detect
from pmengine.errors import FeedbackError
from pmengine.feedback import Verdict
from pmengine.rules import RULES


def _rows(n: int) -> pl.DataFrame:
    """Judged lookups: NEAR_HOME alone was always legitimate, SAME_ADDRESS off duty misuse.

    The hand scores overlap (NEAR_HOME scores as high as misuse), so only re-weighting separates them.
    """
    data: dict[str, list[object]] = {"event_id": [], "label": [], "lookup_score": []}
    for r in RULES:
        data[f"c_{r.code}"] = []
    for i in range(n):
        misuse = i % 3 == 0
        c = {r.code: 0.0 for r in RULES}
        c["NO_PURPOSE"] = 0.5
        if misuse:
            c["SAME_ADDRESS"] = 4.0 + (i % 5) * 0.2
            c["OFF_DUTY_RELATION"] = 1.5
        else:
            c["NEAR_HOME"] = 4.0 + (i % 7) * 0.4
            c["COLLEAGUE"] = 0.5 if i % 2 else 0.0
        data["event_id"].append(f"E{i:05d}")
        data["label"].append(1 if misuse else 0)
        data["lookup_score"].append(sum(c.values()))
        for r in RULES:
            data[f"c_{r.code}"].append(c[r.code])
    return pl.DataFrame(data)


def test_rule_judged_legitimate_again_and_again_loses_weight() -> None:
    model = learn.fit_factors(_rows(120))
    assert model.factors["NEAR_HOME"] < 0.9
    assert model.factors["SAME_ADDRESS"] > 1.0
    assert all(learn.FACTOR_MIN <= f <= learn.FACTOR_MAX for f in model.factors.values())
    assert model.factors["BULK"] == 1.0  # never judged: the hand weight


def test_a_handful_of_verdicts_does_not_overturn_the_hand_weights() -> None:
    few = learn.fit_factors(_rows(6))
    many = learn.fit_factors(_rows(120))
    assert abs(few.factors["NEAR_HOME"] - 1.0) < abs(many.factors["NEAR_HOME"] - 1.0)
    assert all(abs(f - 1.0) < 0.3 for f in few.factors.values())


def test_deterministic() -> None:
    rows = _rows(90)
    assert learn.fit_factors(rows) == learn.fit_factors(rows.sample(fraction=1.0, shuffle=True, seed=3))


def test_without_verdicts_the_hand_weights(small_world: Path) -> None:
    ds = load_dataset(small_world)
    assert learn.learn(ds, []) == learn.HAND_WEIGHTS
    only_legit = learn.fit_factors(_rows(30).with_columns(pl.lit(0).alias("label")))
    assert set(only_legit.factors.values()) == {1.0}
    plain = detect(ds)
    same = detect(ds, weight_factors=learn.HAND_WEIGHTS.factors)
    assert [a.alert_id for a in plain.alerts] == [a.alert_id for a in same.alerts]
    assert [a.score for a in plain.alerts] == [a.score for a in same.alerts]


def test_learned_factors_reach_the_next_run(small_world: Path) -> None:
    ds = load_dataset(small_world)
    plain = detect(ds)
    top = plain.alerts[:6]
    verdicts = [
        Verdict("legitimate", "werk", a.user_id, a.event_ids)
        if i % 2
        else Verdict("misuse", "", a.user_id, a.event_ids)
        for i, a in enumerate(top)
    ]
    model = learn.learn(ds, verdicts)
    assert model.lookups > 0 and model.misuse > 0 and model.legitimate > 0
    assert model == learn.learn(ds, verdicts)  # deterministic
    halved = detect(ds, weight_factors={r.code: 0.5 for r in RULES})
    assert sum(a.score for a in halved.alerts) < sum(a.score for a in plain.alerts)


def test_model_file_round_trip_and_bad_input(tmp_path: Path) -> None:
    model = learn.fit_factors(_rows(60))
    path = tmp_path / "weights.json"
    learn.save(model, path)
    assert learn.load(path).factors == pytest.approx({k: round(v, 6) for k, v in model.factors.items()})
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"factors": {"NO_SUCH_RULE": 1.0}}), encoding="utf-8")
    with pytest.raises(FeedbackError, match="onbekende regelcode"):
        learn.load(bad)
    bad.write_text(json.dumps({"factors": {"NEAR_HOME": 50}}), encoding="utf-8")
    with pytest.raises(FeedbackError, match="ligt niet tussen"):
        learn.load(bad)
    bad.write_text("{niet json", encoding="utf-8")
    with pytest.raises(FeedbackError, match="geen geldige JSON"):
        learn.load(bad)


def test_cli_learn_and_detect_with_weights(
    small_world: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alerts = tmp_path / "alerts.jsonl"
    assert cli.main(["detect", str(small_world), "--out", str(alerts)]) == 0
    first = [json.loads(line) for line in alerts.read_text(encoding="utf-8").splitlines()][:4]
    verdicts = tmp_path / "verdicts.jsonl"
    verdicts.write_text(
        "".join(
            json.dumps(
                {"verdict": "misuse", "event_ids": a["event_ids"]}
                if i % 2 == 0
                else {"verdict": "legitimate", "reason": "werk", "user_id": a["user_id"], "event_ids": a["event_ids"]}
            )
            + "\n"
            for i, a in enumerate(first)
        ),
        encoding="utf-8",
    )
    weights = tmp_path / "weights.json"
    assert cli.main(["learn", str(small_world), "--feedback", str(verdicts), "--out", str(weights)]) == 0
    out = capsys.readouterr().out
    assert "NEAR_HOME" in out and "factor" in out
    assert json.loads(weights.read_text(encoding="utf-8"))["factors"]
    again = tmp_path / "again.jsonl"
    args = ["detect", str(small_world), "--out", str(again), "--feedback", str(verdicts), "--weights", str(weights)]
    assert cli.main(args) == 0
    # bad verdict input: a clear Dutch error with file and line, exit 2
    verdicts.write_text('{"verdict": "misuse", "event_ids": ["E1"]}\n{"verdict": "misschien"}\n', encoding="utf-8")
    assert cli.main(["learn", str(small_world), "--feedback", str(verdicts), "--out", str(weights)]) == 2
    err = capsys.readouterr().err
    assert "verdicts.jsonl" in err and "2" in err and "verdict" in err

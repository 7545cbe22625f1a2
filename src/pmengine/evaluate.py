"""Detection quality as the contract defines it.

Alerts are taken in score order up to the review budget (2 per 1,000 user-days). An episode is
caught when an alert within the budget names its user and shares at least one event with it.

* recall at budget: caught episodes / episodes;
* precision at budget: alerts within the budget sharing an event with an episode of their user /
  alerts within the budget;
* average precision over the full ranking: sum over ranks k of precision@k times the increase of
  episode recall at k (area under the precision-recall curve, recall counted in episodes).
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pmengine.errors import PMEngineError

BUDGET_PER_1000_USER_DAYS = 2.0


@dataclass(frozen=True)
class Episode:
    episode_id: str
    user_id: str
    scenario: str
    event_ids: frozenset[str]


@dataclass(frozen=True)
class Evaluation:
    budget: int
    user_days: int
    episodes: int
    recall_at_budget: float
    precision_at_budget: float
    average_precision: float
    recall_by_scenario: dict[str, tuple[int, int]]  # scenario -> (caught, total)

    def lines(self) -> list[str]:
        out = [
            f"gebruikersdagen: {self.user_days}, budget: {self.budget} meldingen, episodes: {self.episodes}",
            f"recall bij budget:    {self.recall_at_budget:.3f}",
            f"precisie bij budget:  {self.precision_at_budget:.3f}",
            f"average precision:    {self.average_precision:.3f}",
            "recall per scenario:",
        ]
        for scenario, (caught, total) in sorted(self.recall_by_scenario.items()):
            out.append(f"  {scenario:<18} {caught}/{total}")
        return out


def load_jsonl(path: str | os.PathLike[str]) -> list[dict[str, object]]:
    rows = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if text.strip():
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError as exc:
                    raise PMEngineError(f"Fout in {path}, regel {number}: geen geldige JSON ({exc.msg})") from exc
                if not isinstance(obj, dict):
                    raise PMEngineError(f"Fout in {path}, regel {number}: geen JSON-object")
                rows.append(obj)
    return rows


def load_truth(path: str | os.PathLike[str]) -> list[Episode]:
    episodes = []
    for i, obj in enumerate(load_jsonl(path), start=1):
        try:
            episodes.append(
                Episode(
                    str(obj.get("episode_id", f"M{i}")),
                    str(obj["user_id"]),
                    str(obj.get("scenario", "onbekend")),
                    frozenset(str(e) for e in obj["event_ids"]),  # type: ignore[attr-defined]
                )
            )
        except (KeyError, TypeError) as exc:
            raise PMEngineError(f"Fout in {path}, episode {i}: 'user_id' en 'event_ids' zijn verplicht") from exc
    return episodes


def budget_for(user_days: int) -> int:
    return max(1, round(BUDGET_PER_1000_USER_DAYS * user_days / 1000))


def evaluate(alerts: list[dict[str, object]], episodes: list[Episode], user_days: int) -> Evaluation:
    """Metrics for alerts already sorted best first (the contract's order)."""
    budget = budget_for(user_days)
    by_user: dict[str, list[Episode]] = defaultdict(list)
    for ep in episodes:
        by_user[ep.user_id].append(ep)
    caught_at: dict[str, int] = {}
    relevant: list[bool] = []
    for rank, alert in enumerate(alerts):
        events = {str(e) for e in alert.get("event_ids", [])}  # type: ignore[attr-defined]
        hits = [ep for ep in by_user.get(str(alert.get("user_id")), []) if ep.event_ids & events]
        relevant.append(bool(hits))
        for ep in hits:
            caught_at.setdefault(ep.episode_id, rank)
    n_ep = len(episodes)
    within = min(budget, len(alerts))
    caught = {e for e, r in caught_at.items() if r < budget}
    recall = len(caught) / n_ep if n_ep else 0.0
    precision = sum(relevant[:within]) / within if within else 0.0
    # average precision: precision@k at each rank where episode recall increases
    new_at_rank: dict[int, int] = defaultdict(int)
    for r in caught_at.values():
        new_at_rank[r] += 1
    ap, hits_so_far = 0.0, 0
    for k, rel in enumerate(relevant):
        hits_so_far += rel
        if new_at_rank.get(k):
            ap += (hits_so_far / (k + 1)) * new_at_rank[k] / max(1, n_ep)
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for ep in episodes:
        per[ep.scenario][1] += 1
        per[ep.scenario][0] += ep.episode_id in caught
    return Evaluation(budget, user_days, n_ep, recall, precision, ap, {k: (v[0], v[1]) for k, v in per.items()})

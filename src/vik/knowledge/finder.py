"""The help-desk finder's reasoning, as pure functions over plain data (no database).

Each answer option an employee picks may *suggest* desks (each suggestion adds one point), may
*limit* the result to a set of desks (for instance only desks that keep what you say
confidential), and may carry a notice (for instance what to do in an emergency). Desks that
survive every limit are ordered by points, then by the editor's order. When nothing is suggested
or the limits exclude everything, the front-door desk (the social desk, which guides people to the
right place) is offered, so the finder never ends empty-handed.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DeskInfo:
    id: int
    order: int
    is_front_door: bool = False


@dataclass(frozen=True)
class OptionRule:
    suggests: frozenset[int] = frozenset()
    limits_to: frozenset[int] | None = None  # None: no limit
    notice: str = ""
    shows_investigation_guide: bool = False


@dataclass
class Advice:
    desk_ids: list[int] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    shows_investigation_guide: bool = False
    fell_back: bool = False  # True when only the front door could be offered


def recommend(desks: Sequence[DeskInfo], chosen: Iterable[OptionRule]) -> Advice:
    chosen = list(chosen)
    advice = Advice(
        notices=[rule.notice for rule in chosen if rule.notice],
        shows_investigation_guide=any(rule.shows_investigation_guide for rule in chosen),
    )
    allowed = {desk.id for desk in desks}
    for rule in chosen:
        if rule.limits_to is not None:
            allowed &= rule.limits_to
    points: dict[int, int] = {}
    for rule in chosen:
        for desk_id in rule.suggests & allowed:
            points[desk_id] = points.get(desk_id, 0) + 1
    order = {desk.id: desk.order for desk in desks}
    advice.desk_ids = sorted(points, key=lambda desk_id: (-points[desk_id], order[desk_id], desk_id))
    if not advice.desk_ids:
        advice.fell_back = True
        advice.desk_ids = [desk.id for desk in sorted(desks, key=lambda d: d.order) if desk.is_front_door]
    return advice

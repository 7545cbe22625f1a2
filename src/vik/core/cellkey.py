"""The cell-key method: consistent, deterministic noise on published counts, so that comparing
two views of a table builder (two filter states whose totals differ by a suppressed cell) no
longer yields the exact hidden count.

Why: cell suppression (`core.disclosure`) protects one release, but the dashboard is a table
builder: a user can ask for "all units" and for "all units but one", and subtract. Statistical
offices that run table builders (the Australian Bureau of Statistics' TableBuilder, Thompson,
Broadfoot and Elazar 2013; Destatis and Eurostat's census tables, Giessing and Tent 2019; the R
packages `cellKey` and `ptable` of sdcTools) add a small perturbation to every published count
instead, chosen so that:

* every record gets a fixed **record key**, a pseudo-random number in [0, 1) (here: a keyed hash
  of its table and primary key, so no column and no migration is needed and nobody without the
  secret can compute it);
* a cell's **cell key** is the fractional part of the sum of the record keys of the records in
  it: the same set of records gives the same key, whichever filter, page or export produced it,
  so asking again (or in another way) never averages the noise away;
* the noise is looked up in a **perturbation table** (p-table) by the cell's true count and its
  cell key: unbiased, bounded by `MAX_NOISE`, never negative, a zero stays zero (an empty cell is
  no secret) and a positive count never becomes zero.

A difference of two perturbed counts is then the hidden count plus the difference of two noises;
the published numbers are consistent with several hidden counts. The price: a table no longer
adds up exactly (offices publish totals perturbed on their own and say so).
"""

import hashlib
import hmac
from bisect import bisect_right
from collections.abc import Iterable

from django.conf import settings

MAX_NOISE = 2
# Transition probabilities by true count: (noise, probability). From 2 on every row has mean 0;
# a 1 must stay positive, so its row leans upward (the dashboard hides every count below 5 anyway).
# From 3 on the row is symmetric with variance 1.2.
P_TABLE: dict[int, tuple[tuple[int, float], ...]] = {
    0: ((0, 1.0),),
    1: ((0, 0.6), (1, 0.3), (2, 0.1)),
    2: ((-1, 0.3), (0, 0.45), (1, 0.2), (2, 0.05)),
    3: ((-2, 0.1), (-1, 0.2), (0, 0.4), (1, 0.2), (2, 0.1)),
}
_SCALE = float(2**64)


def _row(count: int) -> tuple[tuple[int, float], ...]:
    return P_TABLE[min(count, max(P_TABLE))]


def record_key(kind: str, pk: object, secret: str | None = None) -> float:
    """The record key of one record (`kind` e.g. "signals.signal"): uniform in [0, 1)."""
    key = (secret if secret is not None else settings.SECRET_KEY).encode()
    digest = hmac.new(key, f"vik.cellkey:{kind}:{pk}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") / _SCALE


def cell_key(record_keys: Iterable[float]) -> float:
    """The cell key: the fractional part of the sum of its records' keys."""
    return sum(record_keys) % 1.0


def noise(count: int, key: float) -> int:
    """The perturbation of a true `count` for a cell with cell key `key` (0 <= key < 1)."""
    row = _row(count)
    bounds, total = [], 0.0
    for _d, p in row:
        total += p
        bounds.append(total)
    i = min(bisect_right(bounds, key), len(row) - 1)
    return row[i][0]


def perturb(count: int, key: float) -> int:
    """The published count: the true count plus its noise."""
    return count + noise(count, key)


def perturbed_count(kind: str, pks: Iterable[object], secret: str | None = None) -> int:
    """The published count of a cell made of the records `pks` of `kind`."""
    pks = list(pks)
    return perturb(len(pks), cell_key(record_key(kind, pk, secret) for pk in pks))


def consistent_counts(published: int) -> list[int]:
    """The true counts a reader must hold possible for a published count: those whose p-table row
    can produce it."""
    return [n for n in range(max(0, published - MAX_NOISE), published + MAX_NOISE + 1)
            if any(n + d == published and p > 0 for d, p in _row(n))]

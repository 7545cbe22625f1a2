"""The cell-key method: consistent, deterministic noise on published counts, so that comparing
two views of a table builder (two filter states whose totals differ by a suppressed cell) no
longer yields the exact hidden count.

Why: cell suppression (`core.disclosure`) protects one release, but the dashboard is a table
builder: a user can ask for "all units" and for "all units but one", and subtract. Statistical
offices that run table builders (the Australian Bureau of Statistics' TableBuilder, Thompson,
Broadfoot and Elazar 2013; Destatis and Eurostat's census tables, Giessing and Tent 2019; the R
packages `cellKey` and `ptable` of sdcTools) add a small perturbation to every published count
instead, chosen so that:

* every record gets a fixed **record key**, a pseudo-random number in [0, 1): here the keyed
  permutation `(a * pk + b) mod M` of its primary key (M = 2**31 - 1, a prime; a and b derived per
  record type from the secret `VIK_CELL_KEY_SECRET`), so that the database can compute it inside
  the same aggregate query that counts (`sql_record_key`): no column, no migration, no extra round
  trip, and nobody without the secret can compute it. Being a permutation, two records of one type
  never share a key (a `SUM(DISTINCT ...)` stays exact);
* a cell's **cell key** is the sum of the record keys of the records in it (mod M), and where it
  looks its noise up is a keyed hash of that sum (`lookup_position`; not the fraction of the sum
  itself, see there): the same set of records gives the same noise, whichever filter, page or
  export produced it, so asking again (or in another way) never averages the noise away, and two
  different sets get unrelated noise;
* the noise is looked up in a **perturbation table** (p-table) by the cell's true count and its
  cell key: unbiased, bounded by `MAX_NOISE`, never negative, a zero stays zero (an empty cell is
  no secret) and a positive count never becomes zero.

A difference of two perturbed counts is then the hidden count plus the difference of two noises;
the published numbers are consistent with several hidden counts. The price: a table no longer
adds up exactly (offices publish totals perturbed on their own and say so).

How the dashboard uses it: its sources return counts as `Tally` (an int that also carries the sum of
its records' keys); sums and differences of tallies keep the key of the records they describe (the
records of a difference are a subset removed from a set), and `core.disclosure.protect` publishes
`perturb(tally, tally.cell_key)` before it suppresses. The key travels through the pre-aggregated
facts too (`Fact.k`), so both sources publish the same numbers.
"""

import hashlib
import hmac
from bisect import bisect_right
from collections.abc import Iterable

from django.conf import settings
from django.db.models import BigIntegerField, ExpressionWrapper, F, Sum, Value
from django.db.models.functions import Cast

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
MODULUS = 2**31 - 1  # a prime: a * pk + b is a permutation of the keys of one record type


def _row(count: int) -> tuple[tuple[int, float], ...]:
    return P_TABLE[min(count, max(P_TABLE))]


def _secret(secret: str | None) -> bytes:
    if secret is not None:
        return secret.encode()
    return (getattr(settings, "VIK_CELL_KEY_SECRET", "") or settings.SECRET_KEY).encode()


def coefficients(kind: str, secret: str | None = None) -> tuple[int, int]:
    """(a, b) of the record type `kind`, with 1 <= a < M and 0 <= b < M."""
    digest = hmac.new(_secret(secret), f"vik.cellkey:{kind}".encode(), hashlib.sha256).digest()
    a = int.from_bytes(digest[:8], "big") % (MODULUS - 1) + 1
    b = int.from_bytes(digest[8:16], "big") % MODULUS
    return a, b


def record_key_int(kind: str, pk: int, secret: str | None = None) -> int:
    """The record key of one record as an integer in [0, M): `kind` e.g. "signals.signal"."""
    a, b = coefficients(kind, secret)
    return (a * (int(pk) % MODULUS) + b) % MODULUS


def record_key(kind: str, pk: object, secret: str | None = None) -> float:
    """The record key of one record: uniform in [0, 1)."""
    return record_key_int(kind, int(pk), secret) / MODULUS


def sql_record_key(kind: str, field: str = "id", secret: str | None = None) -> ExpressionWrapper:
    """The record key (as an integer in [0, M)) of the record whose primary key is `field`, as a
    database expression: `(field % M) * a + b) % M` (fits in 63 bits on SQLite and PostgreSQL)."""
    a, b = coefficients(kind, secret)
    pk = Cast(F(field), BigIntegerField())
    return ExpressionWrapper((pk % Value(MODULUS) * Value(a) + Value(b)) % Value(MODULUS),
                             output_field=BigIntegerField())


def key_sum(kind: str, field: str = "id", *, filter=None, distinct: bool = False) -> Sum:
    """The aggregate that goes beside a `Count(field)`: the sum of the counted records' keys."""
    return Sum(sql_record_key(kind, field), filter=filter, distinct=distinct)


def lookup_position(key_sum: int, secret: str | None = None) -> float:
    """Where in the p-table a cell whose records' keys sum to `key_sum` (mod M) looks its noise
    up: a keyed hash of the sum, uniform in [0, 1).

    Why not the sum itself (the fraction `key_sum / M`, as the method is often described): two
    cells that differ by one fixed record (unit B's one signal in "all units" and missing from
    "unit A", period after period) have sums that differ by that record's key. With the sum as
    the position in a table of contiguous intervals, both cells then fall in the same interval
    whenever that key is near 0 or 1 (one record in six), and the difference of the published
    counts was the hidden count in most periods. Hashed, the noises of two different sets of
    records are unrelated whichever records tell them apart; the same set still gets the same
    position."""
    digest = hmac.new(_secret(secret), b"vik.cellkey.position:" + str(int(key_sum) % MODULUS).encode(),
                      hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


class Tally(int):
    """A count that knows which records it counts, through the sum `k` of their record keys (an
    integer, reduced mod M). Adding tallies adds the keys; subtracting removes the records of a
    subset; any other operation gives a plain number. A plain int in a sum counts as no records
    (a zero, or a figure whose records are unknown: then the result keeps the known keys only)."""

    k: int

    def __new__(cls, n: int, k: int | None = 0) -> "Tally":
        obj = super().__new__(cls, int(n or 0))
        obj.k = int(k or 0) % MODULUS
        return obj

    @property
    def cell_key(self) -> float:
        return lookup_position(self.k)

    def __add__(self, other):
        if isinstance(other, int) and not isinstance(other, bool):
            return Tally(int(self) + int(other), self.k + getattr(other, "k", 0))
        return NotImplemented if not isinstance(other, float) else int(self) + other

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, int) and not isinstance(other, bool):
            return Tally(int(self) - int(other), self.k - getattr(other, "k", 0))
        return NotImplemented if not isinstance(other, float) else int(self) - other

    def __rsub__(self, other):
        if isinstance(other, int) and not isinstance(other, bool):
            return Tally(int(other) - int(self), getattr(other, "k", 0) - self.k)
        return NotImplemented if not isinstance(other, float) else other - int(self)

    def __repr__(self) -> str:
        return f"Tally({int(self)}, k={self.k})"

    def __reduce__(self):
        return (Tally, (int(self), self.k))


def tally(n, k=0) -> Tally:
    """A `Tally` from a count and its key sum as the database returns them (None is 0)."""
    return Tally(n or 0, k or 0)


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
    return perturb(len(pks), lookup_position(sum(record_key_int(kind, int(pk), secret) for pk in pks), secret))


class Ratio(float):
    """A share whose numerator and denominator are known (tallies, usually): published as the
    ratio of the two published counts, so that it tells no more than they do (a share of the true
    counts beside perturbed counts would give the true counts away: 3/7 is 42.9 %)."""

    num: int
    den: int

    def __new__(cls, num: int, den: int) -> "Ratio":
        obj = super().__new__(cls, num / den)
        obj.num, obj.den = num, den
        return obj

    def __reduce__(self):
        return (Ratio, (self.num, self.den))


class Mean(float):
    """The plain mean of several shares (`Ratio`s; None parts left out): published as the mean of
    the published shares, so that it agrees with the parts shown beside it (a tester found a score
    of 88 % beside parts whose mean was 94.5 %: the score came from the true counts)."""

    parts: tuple

    def __new__(cls, parts) -> "Mean":
        present = [p for p in parts if p is not None]
        obj = super().__new__(cls, sum(present) / len(present))
        obj.parts = tuple(present)
        return obj

    def __reduce__(self):
        return (Mean, (self.parts,))


def publish(value):
    """The published number of a figure: a `Tally` perturbed by its cell key, a `Ratio` as the
    ratio of its published parts (within 0..1; None when its base is published as zero), a `Mean`
    as the mean of its published shares; anything else as is (a count whose records are unknown is
    not perturbed here)."""
    if isinstance(value, Tally):
        return perturb(int(value), value.cell_key)
    if isinstance(value, Ratio):
        den = publish(value.den)
        if not den:
            return None
        num = min(max(publish(value.num), 0), den)
        # Still a Ratio (of the published counts): the disclosure control hides a share whose
        # numerator or rest is small (tester t19: "84 meldingen, 99% op tijd" told the one late).
        return Ratio(num, den)
    if isinstance(value, Mean):
        # Still a Mean (of the published shares): the disclosure control averages only the parts
        # that could be shown themselves when the parts are not beside it.
        shares = [v for v in (publish(p) for p in value.parts) if v is not None]
        return Mean(shares) if shares else None
    return value


def consistent_counts(published: int) -> list[int]:
    """The true counts a reader must hold possible for a published count: those whose p-table row
    can produce it."""
    return [n for n in range(max(0, published - MAX_NOISE), published + MAX_NOISE + 1)
            if any(n + d == published and p > 0 for d, p in _row(n))]


def sql_key_text(kind: str, column: str, secret: str | None = None) -> str:
    """The record key of the row whose primary key is the SQL expression `column`, as SQL text for
    a raw query run with parameters (the modulo sign is escaped). The constants are integers."""
    a, b = coefficients(kind, secret)
    return f"(((CAST({column} AS BIGINT) %% {MODULUS}) * {a} + {b}) %% {MODULUS})"

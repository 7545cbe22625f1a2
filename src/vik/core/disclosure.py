"""Tables of aggregates and the disclosure control that keeps individuals unrecognisable.

Selectors return exact numbers in a `Table`; before anything is shown or exported, `protect`
(one release: every table of a page, an export or a report) decides which cells are hidden. The
rules follow the cell-suppression method of official statistics (Hundepool et al., *Statistical
Disclosure Control*, Wiley 2012, ch. 5 "Frequency tables"; the same method is implemented by
τ-ARGUS, used by CBS):

1. **Primary suppression**: a count from 1 to `MIN_CELL - 1` is shown as "<5". Zero is shown.
2. **Secondary (complementary) suppression**: every published identity between counts — a row of
   parts and its total (`Column.in_total`, `Table.row_total`), a column of parts and its total
   (`Table.additive`, shown in a total row or elsewhere in the release), a part and the rest of the
   whole it belongs to (`Column.rest_of`; `Column.within` when the count is only bounded by the
   other, e.g. the alerts of one rule within a team's alerts: the bound narrows what a reader can
   derive, the difference itself is no group to protect), or any other `Identity`, also across tables — is an equation a
   reader can solve. For each equation we compute, for every hidden cell, the values it can take
   given the published numbers and what the symbols tell (a "<5" lies in 1..4, a "×" is at least
   `MIN_CELL`). When that range is a single value the cell would be disclosed (by subtraction, or
   by bounds: two "<5" that add up to 8 are both 4), so the smallest other published positive count
   of that equation is hidden too ("×"). This repeats until no equation pins a hidden cell. A total
   that is published outside the tables (`Identity.total` is None) counts as known when it is at least
   `MIN_CELL` and as "<5" otherwise.
3. **Derived figures**: a share, median or other figure is hidden ("–") when its base has fewer than
   `MIN_CELL` cases or is hidden, when a count of its numerator (`Column.part`) is hidden, and for a
   share of a count that is not in the table (`Column.count_ratio`) when that count or its
   complement within the base is below `MIN_CELL` (20% of 5 is one person). A share whose base is
   its denominator (the base is not one of its `part`s) is hidden when the base is below
   `MIN_POPULATION`: it is a part of a breakdown of too few records (rule 4).

4. **Minimum population** (the threshold rule on the population of a table, Hundepool et al. §5.2
   "threshold rule" / ABS TableBuilder's minimum table population): a breakdown of fewer than
   `MIN_POPULATION` records is not published at all. Every identity with at least two parts (a row
   of parts and its total, a column and its total, a part and its rest) is a breakdown of its total,
   and so is a table's own row of parts or additive column even with a single part (its label names
   the category the few records fall in: "Eenheid Noordkust <5" as the only row); a
   `Column.population` is a breakdown of its sum over the rows, and `Table.population` the number of
   records a whole table describes (when no column adds up to it). When that population is published
   from 1 to `MIN_POPULATION - 1`, every part is withheld ("<10"), zeros included: "totaal <5;
   telefoon <5, e-mail 0" told how the one who reported that day did it. The total itself is
   published by the rules above; a table whose body is withheld as a whole is shown as a Dutch
   message instead of its rows (`withheld`); a table that lists only the categories present would
   still tell them by its labels, so selectors list every category (every unit, also with none). A
   zero that a published zero total already implies (no criminal route in the whole year, so none in
   its short first month) stays published: it tells nothing about the small group; and a breakdown
   whose other parts are all such zeros is no breakdown (the managers' published 0 decisions: the
   staff's 9 no-breach decisions are the unit's 9). A table marked `selection` (a per-unit table
   under a unit filter) has the chosen unit as its one row: that row is the whole, not a category. The rule is
   decided on the published numbers (like the rest): since the noise is at most 2 and never turns a
   count below 8 into 10, every selection of fewer than 8 records is always withheld.
5. **Consistent across filters** (`protect(..., reference=...)`): the records of a cell that an
   unfiltered view hides stay hidden in every filtered view. A count carries its records' key
   (`cellkey.Tally`): a cell of the filtered view with the same records (count and key) as a hidden
   cell of the reference view is hidden too, before the audit above protects it within the view.
   Filtering on a unit therefore no longer undoes the "×" of that unit in the all-units view.

The audit propagates the ranges through all equations of the release until they no longer
narrow (bounds propagation); a Hypothesis test checks it against exact integer programming on
random tables. Its limits: propagation is not complete in every pattern of equations, and a total
that is only published outside the release (`Identity.total` None) cannot be hidden, so when all
parts of such a total are hidden and still pinned (two "<5" of a published 8) nothing more can be
done in the table: declare the total inside the release (as the dashboard's inflow view does with
its key figures) so that it can be hidden too. Every table of a release must pass through the same
`protect` call, so that a number shown in two tables is hidden in both or neither; different
dashboard views are different releases (and a PDF report shows each view as its page does).
Between releases (two filter states subtracted) the noise of the
cell-key method protects: `protect` first publishes every count that knows its records
(`cellkey.Tally`) with its noise, then suppresses on the published numbers (see `vik.core.cellkey`).
"""

import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.utils.translation import get_language

from vik.core import cellkey

MIN_CELL = 5
MIN_POPULATION = 10  # a breakdown of fewer records is not published
HIDDEN = "<5"  # a count from 1 to MIN_CELL - 1
SECONDARY = "×"  # a count of at least MIN_CELL hidden to protect a small one
FEW = "<10"  # a part of a breakdown of fewer than MIN_POPULATION records (zero included)
NOT_SHOWN = "–"  # a derived figure that is hidden or not available

PRIMARY, COMPLEMENTARY, WITHHELD = "primary", "secondary", "withheld"


Address = tuple[str, int, str]  # (table key, row index, column key)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "count"  # label | count | share (0..1) | number | text
    base: str | None = None  # the count column a derived figure is computed from
    in_total: bool = False  # part of the row's total (for secondary suppression)
    part: tuple[str, ...] = ()  # count columns whose sum is the numerator of this share
    count_ratio: bool = False  # a share of a count not in the table: that count (and the rest) must be >= 5
    rest_of: str | None = None  # this count is a part of that count column of the same row
    within: str | None = None  # at most that count of the same row; the difference protects nobody
    population: bool = False  # its sum over the rows is a population broken down by the rows
    mean_of: tuple[str, ...] = ()  # share columns this figure is the plain mean of, as shown
    # Figures whose hiding this one would undo: hidden whenever any of them is (a 90th percentile
    # under the norm beside a hidden share within the norm told that one case was late).
    hidden_with: tuple[str, ...] = ()
    # Its values over the rows (per `Table.group`) add up to one whole (shares of 100 %): a single
    # hidden one would be the rest of the others.
    whole: bool = False
    # Cells elsewhere in the release this column's cells tell (nearly) the same as, or are a share
    # of: hidden whenever any of them is (tester t22: the signals triaged per unit beside a hidden
    # number of triage decisions, and route shares of that hidden number, gave it back).
    hidden_with_cell: tuple[Address, ...] = ()




@dataclass(frozen=True)
class Identity:
    """A published identity: the members add up to the total. `total` None: a total published
    outside the tables (or derivable from another view)."""

    members: tuple[Address, ...]
    total: Address | None = None


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict]
    note: str = ""
    meta: dict = field(default_factory=dict)
    row_total: str | None = None  # the count column that is each row's sum of the in_total columns
    additive: tuple[str, ...] = ()  # count columns whose sum over the rows is published
    total_row: bool = False  # the last row holds the sums of the `additive` columns
    group: str | None = None  # row key: the rows of each group add up separately (no total row)
    sums: list[Identity] = field(default_factory=list)  # more identities, also with other tables
    population: int | None = None  # the records the whole table describes, when no column adds up to it
    # The rows are the selection the user filtered on (a per-unit table under a unit filter): its
    # one row is the whole, not a category its label gives away (tester t16: "Geen plichtsverzuim
    # 9" of the filtered unit became "<10" as if a breakdown by unit).
    selection: bool = False

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Cell:
    value: object  # the number, or None when hidden / not available
    text: str
    hidden: bool = False
    kind: str = "count"


def _format(value, kind: str) -> str:
    if value is None:
        return NOT_SHOWN
    if kind == "share":
        return f"{value * 100:.0f}%".replace(".", ",")
    if kind == "number":  # Dutch: 10.608,7 (thousands with a dot, decimals with a comma)
        text = f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
        return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if kind == "count":
        return f"{value:,}".replace(",", ".")
    return str(value)


def is_small(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < MIN_CELL


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# ------------------------------------------------------------------------------- equations


@dataclass
class _Term:
    address: Address | None  # None: a virtual cell that no table shows
    sign: int
    value: float
    virtual: str = ""  # "total": published elsewhere; "rest": the rest of a whole, never published;
    # "slack": how much a count stays below a bound (`Column.within`), never published nor protected
    rest_of: Address | None = None  # for a rest: the part it completes
    breakdown: bool = False  # (the whole) its parts are the categories of a table's own rows or columns
    own_sum: bool = False  # (a virtual whole) known only as the sum of its own parts


def _equations(tables: list[Table]) -> list[list[_Term]]:
    """Every published identity as terms that add up to zero."""
    values = {}
    for t in tables:
        for i, row in enumerate(t.rows):
            for c in t.columns:
                if c.kind == "count":
                    v = row.get(c.key)
                    values[(t.key, i, c.key)] = v if _number(v) else 0

    def term(address: Address, sign: int) -> _Term:
        return _Term(address, sign, values.get(address, 0))

    def equation(members: Iterable[Address], total: Address | None, breakdown: bool = False) -> list[_Term]:
        terms = [term(a, 1) for a in members]
        if total is None:
            terms.append(_Term(None, -1, sum(x.value for x in terms), "total", breakdown=breakdown,
                               own_sum=breakdown))
        else:
            whole = term(total, -1)
            whole.breakdown = breakdown
            terms.append(whole)
        return terms

    present = {t.key for t in tables}
    out = []
    for t in tables:
        parts = [c.key for c in t.columns if c.in_total]
        # A single column of parts without a row total is the selection itself (the filtered unit's
        # column of a per-unit trend): its "total" would be the cell again, an identity that pins
        # every hidden cell of it and spread "×" over a whole unit's view (tester t14).
        if parts and (len(parts) >= 2 or t.row_total):
            for i in range(len(t.rows)):
                out.append(equation([(t.key, i, k) for k in parts], (t.key, i, t.row_total) if t.row_total else None,
                                    breakdown=len(parts) >= 2))
        for c in t.columns:
            whole = c.rest_of or c.within
            if whole:
                kind = "rest" if c.rest_of else "slack"
                for i, row in enumerate(t.rows):
                    if _number(row.get(c.key)) and _number(row.get(whole)):
                        rest = _Term(None, 1, row[whole] - row[c.key], kind, (t.key, i, c.key))
                        out.append([term((t.key, i, c.key), 1), rest, term((t.key, i, whole), -1)])
        body = range(len(t.rows) - 1) if t.total_row else range(len(t.rows))
        for key in t.additive:
            groups: dict = {}
            for i in body:
                groups.setdefault(t.rows[i].get(t.group) if t.group else None, []).append((t.key, i, key))
            for members in groups.values():
                total = (t.key, len(t.rows) - 1, key) if t.total_row and not t.group else None
                if len(members) >= 2 or total is not None:  # (one row alone: see withheld_counts)
                    out.append(equation(members, total, breakdown=not (t.selection and len(members) == 1)))
        for s in t.sums:
            if {a[0] for a in (*s.members, *([s.total] if s.total else []))} <= present:
                out.append(equation(s.members, s.total))  # only identities within the release
    return out


INF = float("inf")


def _key(term: _Term, eq: int):
    """The identity of an unknown: its cell, or the virtual cell of one equation."""
    if term.address is not None:
        return term.address
    return (term.virtual, term.rest_of) if term.virtual in ("rest", "slack") else ("total", eq)


def _domain(term: _Term, hidden: dict) -> tuple[float, float] | None:
    """What a reader knows of a term from the symbols: None when published, else its range. "<5"
    covers 0 too, since a zero is hidden when nothing else can protect an equation."""
    if term.virtual in ("rest", "slack"):  # never published: anything from zero
        return (0, INF)
    if term.virtual == "total":  # published elsewhere: known, or "<5" there
        return None if not is_small(term.value) else (0, MIN_CELL - 1)
    state = hidden.get(term.address)
    if state is None:
        return None
    if state == WITHHELD:  # a part of a population below MIN_POPULATION
        return (0, MIN_POPULATION - 1)
    return (0, MIN_CELL - 1) if state == PRIMARY else (MIN_CELL, INF)


def _propagate(equations: list[list[_Term]], hidden: dict) -> dict:
    """The range of every unknown after tightening it by each equation in turn, to a fixed point
    (bounds propagation: "<5" + "<5" = 8 leaves only 4 and 4; a sum of "<5" that is itself "<5"
    narrows its parts).

    Rounds over the equations in order (at most 50), as a reader would; an equation none of whose
    unknowns changed since it was last used would tighten nothing again and is skipped, which
    gives the same ranges in far fewer steps (the dashboard's release computes this once per
    hidden cell: it was 80 % of a page's time)."""
    domains: dict = {}
    keys = [[_key(t, e) for t in terms] for e, terms in enumerate(equations)]
    for e, terms in enumerate(equations):
        for t, k in zip(terms, keys[e], strict=True):
            d = _domain(t, hidden)
            if d is not None:
                domains.setdefault(k, list(d))
    # Per equation: the sum of its published terms and its unknowns (sign, range); the terms that
    # are unknown do not change while this runs.
    plans: list[tuple[float, list[tuple[int, list]]]] = []
    users: dict = {}
    for e, terms in enumerate(equations):
        known = 0.0
        unknown = []
        for t, k in zip(terms, keys[e], strict=True):
            d = domains.get(k)
            if d is not None:
                unknown.append((t.sign, d))
                users.setdefault(id(d), []).append(e)
            else:
                known += t.sign * t.value
        plans.append((known, unknown))
    dirty = [bool(unknown) for _known, unknown in plans]
    for _round in range(50):
        changed = False
        for e, (known, unknown) in enumerate(plans):
            if not dirty[e]:
                continue
            dirty[e] = False
            # sum of sign * x over the unknowns = -known; each signed range is [a, b]
            signed = [(d[0], d[1]) if sign > 0 else (-d[1], -d[0]) for sign, d in unknown]
            lo_sum = sum(a for a, _b in signed if a != -INF)
            hi_sum = sum(b for _a, b in signed if b != INF)
            lo_inf = sum(1 for a, _b in signed if a == -INF)
            hi_inf = sum(1 for _a, b in signed if b == INF)
            for (sign, d), (a, b) in zip(unknown, signed, strict=True):
                others_lo = -INF if lo_inf - (a == -INF) else lo_sum - (a if a != -INF else 0)
                others_hi = INF if hi_inf - (b == INF) else hi_sum - (b if b != INF else 0)
                low, high = -known - others_hi, -known - others_lo
                if sign < 0:
                    low, high = -high, -low
                moved = False
                if low > d[0]:
                    d[0], moved = low, True
                if high < d[1]:
                    d[1], moved = high, True
                if moved:
                    changed = True
                    for other in users[id(d)]:
                        dirty[other] = True
        if not changed:
            break
    return domains


def _disclosed(equations: list[list[_Term]], hidden: dict) -> list[int]:
    """The equations with an unknown that the published numbers pin down to one value (a large
    rest may be derived: it describes no small group)."""
    domains = _propagate(equations, hidden)
    out = []
    for e, terms in enumerate(equations):
        for t in terms:
            d = domains.get(_key(t, e))
            if t.virtual == "slack":  # the bound narrows the other unknowns; it is no group itself
                continue
            if d is not None and d[0] >= d[1] and not (t.virtual == "rest" and not is_small(t.value)):
                out.append(e)
                break
    return out


def _label(tables: dict[str, Table], address: Address) -> str:
    t = tables[address[0]]
    return str(t.rows[address[1]].get("label", ""))


def _few(value) -> bool:
    return _number(value) and 0 < value < MIN_POPULATION


def _body(t: Table) -> range:
    return range(len(t.rows) - 1) if t.total_row else range(len(t.rows))


def _implied_zeros(equations: list[list[_Term]], unpublished: set[Address]) -> dict[Address, Address]:
    """Zero parts of a total published as zero (not one of `unpublished`), to that total."""
    implied: dict[Address, Address] = {}
    changed = True
    while changed:
        changed = False
        for terms in equations:
            whole = next(t for t in terms if t.sign < 0)
            if (whole.virtual == "slack" or whole.own_sum or whole.value != 0 or whole.address is None
                    or whole.address in unpublished):
                continue
            for t in terms:
                if t.sign > 0 and t.value == 0 and t.address is not None and t.address not in implied:
                    implied[t.address] = whole.address
                    changed = True
    return implied


def _small_breakdowns(equations: list[list[_Term]], implied: dict[Address, Address]) -> set[Address]:
    """The parts of every identity that is a breakdown of fewer than MIN_POPULATION records."""
    out: set[Address] = set()
    for terms in equations:
        if any(t.virtual == "slack" for t in terms):  # a bound, no breakdown
            continue
        parts = [t for t in terms if t.sign > 0]
        whole = next(t for t in terms if t.sign < 0)
        if len(parts) >= 2 and sum(1 for t in parts if t.address not in implied) <= 1:
            continue  # the other parts are zeros a published zero states: the whole itself
        # One part alone of an identity between tables is a link, not a breakdown; but a table's
        # own rows (or columns) are categories even when only one of them is there: "Eenheid
        # Noordkust <5" as the only row told where the few signals of the day came from.
        if (len(parts) >= 2 or whole.breakdown) and _few(whole.value):
            out |= {t.address for t in parts if t.address is not None}
    return out


def withheld_counts(tables: list[Table], equations: list[list[_Term]] | None = None) -> set[Address]:
    """The parts of every breakdown of the release whose population is below MIN_POPULATION (rule 4
    of the module docstring), on the published numbers."""
    equations = _equations(tables) if equations is None else equations
    # Zeros a published zero total states already ("Leidinggevenden: 0 besluiten", so none of any
    # outcome): a breakdown whose other parts are all such zeros is its one remaining part, the
    # whole itself, and tells nothing (tester t16: the staff's 9 of a unit's 9 became "<10"). Only
    # a total that stays published implies its zeros: repeated until none of them is withheld.
    by_table: set[Address] = set()
    for t in tables:
        counts = [c.key for c in t.columns if c.kind == "count"]
        # A table's only row (no total row) of an additive column: its label is the category the
        # few records fall in ("Psycholoog <5" as the only desk).
        body = list(_body(t))
        alone = len(body) == 1 and t.selection  # the filtered unit's own row: the whole itself
        if len(body) == 1 and not t.total_row and not alone:
            by_table |= {(t.key, body[0], k) for k in t.additive if _few(t.rows[body[0]].get(k))}
        if _few(t.population):
            by_table |= {(t.key, i, k) for i in _body(t) for k in counts}
        for c in t.columns:
            if c.kind == "count" and c.population and not alone:
                values = [t.rows[i].get(c.key) for i in _body(t)]
                if _few(sum(v for v in values if _number(v))):
                    by_table |= {(t.key, i, c.key) for i in _body(t)}
    unpublished: set[Address] = set()
    while True:
        implied = _implied_zeros(equations, unpublished)
        out = _small_breakdowns(equations, implied) | by_table
        used = {w for w in implied.values() if w in out} - unpublished
        if not used:
            break
        unpublished |= used
    # A zero implied by a published zero total stays published: it describes no small group.
    changed = True
    while changed:
        changed = False
        for terms in equations:
            whole = next(t for t in terms if t.sign < 0)
            # (a whole known only as the sum of its own parts implies nothing about them)
            if whole.virtual == "slack" or whole.own_sum or whole.value != 0 or whole.address in out:
                continue
            for t in terms:
                if t.sign > 0 and t.address in out and t.value == 0:
                    out.discard(t.address)
                    changed = True
    return out


_MEMO: OrderedDict[bytes, dict[Address, str]] = OrderedDict()
_MEMO_LOCK = threading.Lock()
MEMO_SIZE = 512  # releases remembered per process (a few kB each)


def hidden_counts(tables: list[Table], forced: Iterable[Address] = (), withheld_forced: Iterable[Address] = (),
                  same: dict[Address, str] | None = None) -> dict[Address, str]:
    """The hidden counts of a release: address -> PRIMARY, COMPLEMENTARY or WITHHELD. `forced`:
    counts hidden in a reference view (rule 5), hidden here too; `withheld_forced`: counts of a
    table a wider view describes with too few records, withheld here.

    A pure function of its arguments, remembered per process by their whole content (tables,
    values with their cell keys, labels, the active language): the dashboard publishes the same
    facts to every reader until the next refresh, and this search took 0.3 s of a page's 0.35 s.
    Other numbers are another key, so nothing stale is ever returned."""
    forced, withheld_forced = list(forced), list(withheld_forced)
    try:
        key = hashlib.blake2b(pickle.dumps((get_language(), tables, forced, withheld_forced, same),
                                           protocol=pickle.HIGHEST_PROTOCOL)).digest()
    except (pickle.PicklingError, TypeError, AttributeError):
        key = None  # (a value that cannot be pickled: computed every time)
    if key is not None:
        with _MEMO_LOCK:
            if key in _MEMO:
                _MEMO.move_to_end(key)
                return dict(_MEMO[key])
    hidden = _hidden_counts(tables, forced, withheld_forced, same)
    if key is not None:
        with _MEMO_LOCK:
            _MEMO[key] = dict(hidden)
            while len(_MEMO) > MEMO_SIZE:
                _MEMO.popitem(last=False)
    return hidden


def _hidden_counts(tables: list[Table], forced: list[Address], withheld_forced: list[Address],
                   same: dict[Address, str] | None) -> dict[Address, str]:
    by_key = {t.key: t for t in tables}
    hidden: dict[Address, str] = {}
    for t in tables:
        for i, row in enumerate(t.rows):
            for c in t.columns:
                if c.kind == "count" and is_small(row.get(c.key)):
                    hidden[(t.key, i, c.key)] = PRIMARY
    equations = _equations(tables)
    for address in forced:
        hidden.setdefault(address, COMPLEMENTARY)
    for address in withheld_counts(tables, equations):
        hidden[address] = WITHHELD
    for address, state in (same or {}).items():
        if hidden.get(address) != WITHHELD:
            hidden[address] = state
    for address in withheld_forced:
        hidden[address] = WITHHELD
    stuck: set[int] = set()
    while True:
        open_ = [e for e in _disclosed(equations, hidden) if e not in stuck]
        if not open_:
            return hidden
        # A bound (`Column.within`) only narrows: protect through the identities first, so that
        # a team's count of alerts is not hidden for what a hidden total can protect.
        open_.sort(key=lambda e: any(t.virtual == "slack" for t in equations[e]))
        terms = equations[open_[0]]
        # Hide the smallest published positive part (a total only when no part is left), ties
        # by label so that the same numbers in two tables get the same choice; with no positive
        # count left, a published zero of the equation becomes "<5" (its symbol covers 0).
        visible = [t for t in terms if t.address is not None and t.address not in hidden]
        positive = [t for t in visible if t.value > 0]
        if positive:
            pick = min(positive, key=lambda t: (t.sign < 0, t.value, _label(by_key, t.address), t.address))
            hidden[pick.address] = COMPLEMENTARY
        elif visible:
            pick = min(visible, key=lambda t: (t.sign < 0, _label(by_key, t.address), t.address))
            hidden[pick.address] = PRIMARY
        else:
            stuck.add(open_[0])  # nothing left to hide in this equation


# ---------------------------------------------------------------------------------- cells


def published(tables: Iterable[Table]) -> list[Table]:
    """The tables with the numbers that may be published: counts that know their records
    (`cellkey.Tally`) perturbed by their cell key, shares of such counts (`cellkey.Ratio`) as the
    ratio of the published counts; other values as they are."""
    out = []
    for t in tables:
        rows = [{k: cellkey.publish(v) for k, v in row.items()} for row in t.rows]
        out.append(replace(t, rows=rows, population=cellkey.publish(t.population)))
    return out


def _records(tables: Iterable[Table], addresses: Iterable[Address]) -> set[tuple[int, int]]:
    """The records (count, key sum) of the counts at `addresses` that know them."""
    by_key = {t.key: t for t in tables}
    out = set()
    for tk, i, ck in addresses:
        value = by_key[tk].rows[i].get(ck)
        if isinstance(value, cellkey.Tally) and value > 0:
            out.add((int(value), value.k))
    return out


FEW_TABLE = "few"  # a marker in a reference: ("few", table key)
ZERO = "zero"  # a marker in a reference: ("zero", table key, row label, column key), published as 0
CELL = "cell"  # a marker in a reference: ("cell", table key, row label, column key, state), hidden there


def _size(t: Table) -> float:
    """The number of records a published table describes: its population, else the largest sum
    of a count column over its body (or its total row)."""
    sizes = [t.population] if _number(t.population) else []
    for c in t.columns:
        if c.kind != "count":
            continue
        if t.total_row and t.rows:
            value = t.rows[-1].get(c.key)
            sizes.append(value if _number(value) else 0)
        else:
            sizes.append(sum(v for i in _body(t) if _number(v := t.rows[i].get(c.key))))
    return max(sizes, default=0)


def hidden_records(tables: list[Table], reference: Iterable[set] = ()) -> set:
    """The records (count, key) of every count a release of `tables` hides, and a marker
    (`FEW_TABLE`, key) for every table that describes fewer than MIN_POPULATION records (for
    `protect`'s `reference` of a narrower view)."""
    tables = list(tables)
    reference = list(reference)
    shown = published(tables)
    hidden = hidden_counts(shown, _forced(tables, reference), _withheld_by_reference(shown, reference),
                           _same_cells(shown, reference))
    out = _records(tables, hidden)
    # Every hidden cell by table, row label and column: the same cell of a narrower selection is
    # hidden too, whatever it holds (t15: a theme "<5" in a unit's view was 0 under each case type
    # but one, which told the route of those few signals).
    by_key = {t.key: t for t in shown}
    out |= {(CELL, tk, str(by_key[tk].rows[i].get("label", "")), ck, state)
            for (tk, i, ck), state in hidden.items()}
    few = [t for t in shown if _few(_size(t))]
    out |= {(FEW_TABLE, t.key) for t in few}
    # A zero such a table publishes stays a zero in every narrower view (nothing to protect).
    out |= {(ZERO, t.key, str(row.get("label", "")), c.key) for t in few for i, row in enumerate(t.rows)
            for c in t.columns if c.kind == "count" and (t.key, i, c.key) not in hidden
            and _number(row.get(c.key)) and row.get(c.key) == 0}
    out |= {r for records in reference for r in records if r[0] in (FEW_TABLE, ZERO, CELL)}
    return out


def _forced(tables: list[Table], reference: Iterable[set]) -> list[Address]:
    records = set().union(*reference) if reference else set()
    if not records:
        return []
    out = []
    for t in tables:
        if (FEW_TABLE, t.key) in records:
            continue  # withheld as a whole (`_withheld_by_reference`)
        for i, row in enumerate(t.rows):
            for c in t.columns:
                v = row.get(c.key)
                if c.kind == "count" and isinstance(v, cellkey.Tally) and v > 0 and (int(v), v.k) in records:
                    out.append((t.key, i, c.key))
    return out


def _withheld_by_reference(tables: list[Table], reference: list[set]) -> list[Address]:
    """Every count of a table that a wider view describes with fewer than MIN_POPULATION records
    (tester t14: the day's five signals were "Niet uitgesplitst" over the units, but the view of
    each unit showed 0 or "<5" and the theme filter placed the one signal). A narrower selection
    of such a table is a part of a withheld breakdown: none of its counts is published, zeros and
    totals included."""
    few = {r[1] for records in reference for r in records if r[0] == FEW_TABLE}
    zeros = {r[1:] for records in reference for r in records if r[0] == ZERO}
    return [(t.key, i, c.key) for t in tables if t.key in few
            for i, row in enumerate(t.rows) for c in t.columns if c.kind == "count"
            and not (row.get(c.key) == 0 and (t.key, str(row.get("label", "")), c.key) in zeros)]


def _same_cells(tables: list[Table], reference: list[set]) -> dict[Address, str]:
    """The cells of this release at the address (table, row label, column) of a cell a wider view
    hides, with the state to show: withheld there stays withheld; else "<5" for what is below
    MIN_CELL here (zero included) and "×" for the rest."""
    marks: dict[tuple, str] = {}
    for records in reference:
        for r in records:
            if r[0] == CELL:
                state = r[4]
                if marks.get(r[1:4]) != WITHHELD:
                    marks[r[1:4]] = state
    out: dict[Address, str] = {}
    if not marks:
        return out
    for t in tables:
        for i, row in enumerate(t.rows):
            label = str(row.get("label", ""))
            for c in t.columns:
                state = marks.get((t.key, label, c.key)) if c.kind == "count" else None
                if state is None:
                    continue
                value = row.get(c.key)
                if state != WITHHELD:
                    state = PRIMARY if not _number(value) or value < MIN_CELL else COMPLEMENTARY
                out[(t.key, i, c.key)] = state
    return out


def few_tables(reference: Iterable[set]) -> set[str]:
    """The keys of the tables a wider view describes with fewer than MIN_POPULATION records: shown
    as withheld in every narrower view, also when they have no rows there ("Geen gegevens"
    beside "Niet uitgesplitst" told where the records were, tester t15)."""
    return {r[1] for records in reference for r in records if r[0] == FEW_TABLE}


def protect(tables: Iterable[Table], reference: Iterable[set[tuple[int, int]]] = ()) -> dict[str, list[list[Cell]]]:
    """The displayable cells of every table of one release, by table key: first the noise of the
    cell-key method (`published`: against differencing between releases, e.g. two filter states),
    then the suppression of this release on the published numbers (against totals, shares and the
    other tables of the release). The identities of a release are treated as exact although the
    noise loosens them: that can only hide more, never less. `reference`: the `hidden_records` of
    the wider views this one narrows (rule 5): the same records are hidden here too.
    A table ranked by a count (`meta["order_by"]`) comes back, cells and its own rows alike, in
    the order of what is published (`_order_by_shown`)."""
    tables = list(tables)
    originals = tables
    reference = list(reference)
    forced = _forced(tables, reference)
    tables = published(tables)
    same = _same_cells(tables, reference)
    hidden = hidden_counts(tables, forced, _withheld_by_reference(tables, reference), same)
    out = {}
    for t in tables:
        rows = []
        decided = []
        for i, row in enumerate(t.rows):
            gone = {key: state for (tk, ri, key), state in hidden.items() if tk == t.key and ri == i}
            means = {}
            decided.append((row, gone, means))
            for col in t.columns:
                if col.key not in gone and any(a in hidden for a in col.hidden_with_cell):
                    gone[col.key] = COMPLEMENTARY
            for col in t.columns:
                if col.kind in ("count", "label", "text"):
                    continue
                # A derived figure is hidden by what is published, never by the true counts: a
                # share hidden beside a published 6 would tell that the true count is below 5
                # (a tester pinned a cell so). A true count of 1 or 2 is always published below 5,
                # so a median shown describes at least three people.
                base = row.get(col.base) if col.base else None
                value = row.get(col.key)
                if col.base and (base is None or base < MIN_CELL or col.base in gone):
                    gone[col.key] = PRIMARY
                elif any(p in gone for p in col.part):
                    gone[col.key] = PRIMARY
                elif isinstance(value, cellkey.Ratio) and (is_small(value.num) or is_small(value.den - value.num)):
                    # A share of counts that are not all in the table: its published numerator or
                    # the rest of its base is 1-4 (rule 3, for every share that knows its counts).
                    gone[col.key] = PRIMARY
                elif col.kind == "share" and col.base not in col.part and _few(base):
                    # A share of its base (the denominator) is a part of that base's breakdown:
                    # "5 aanzeggingen, 0% badly timed" told the withheld parts (rule 4, testers t14,
                    # t16: "8 meldingen, 100%").
                    gone[col.key] = PRIMARY
                elif col.count_ratio and _number(value) and _number(base):
                    numerator = round(value * base)
                    if is_small(numerator) or is_small(base - numerator):
                        gone[col.key] = PRIMARY
                elif isinstance(value, cellkey.Mean) and not col.mean_of:
                    # A mean of shares not shown beside it is shown only when every share could be
                    # shown itself (tester t20: a month's score of 98% over 10 signals told the one
                    # incomplete record a hidden part would have hidden). Not a mean of the other
                    # parts: 100% beside a unit's 93% for the same month read as "all complete"
                    # (tester t21).
                    if all(_publishable_share(p) for p in value.parts):
                        means[col.key] = sum(value.parts) / len(value.parts)
                    else:
                        gone[col.key] = PRIMARY
            for col in t.columns:
                if col.key not in gone and any(k in gone for k in col.hidden_with):
                    gone[col.key] = PRIMARY
        _hide_complement_of_whole(t, decided)
        for row, gone, means in decided:
            cells = []
            for col in t.columns:
                value = means.get(col.key, row.get(col.key))
                if col.mean_of and col.key not in gone:
                    # The mean of the parts, shown only when every part is: a part hidden beside
                    # it must not be recoverable from it (4 x score - the parts shown), and a mean of
                    # the other parts put the unit whose missing items were hidden on top with 100%
                    # (tester t22).
                    if any(k in gone for k in col.mean_of if row.get(k) is not None):
                        gone[col.key] = PRIMARY
                    else:
                        shown = [row.get(k) for k in col.mean_of if _number(row.get(k))]
                        value = sum(shown) / len(shown) if shown else None
                if col.key in gone:
                    if col.kind == "count":
                        text = {PRIMARY: HIDDEN, WITHHELD: FEW}.get(gone[col.key], SECONDARY)
                    else:
                        text = NOT_SHOWN
                    cells.append(Cell(None, text, True, col.kind))
                else:
                    value = _as_shown(value, col.kind)
                    cells.append(Cell(value, _format(value, col.kind), False, col.kind))
            rows.append(cells)
        out[t.key] = rows
    for original in originals:
        if original.meta.get("order_by") and not original.total_row:
            _order_by_shown(original, out, original.meta["order_by"])
    return out


def _order_by_shown(table: Table, out: dict[str, list[list[Cell]]], key: str) -> None:
    """Order the rows of a table ranked by its count `key` (`Table.meta["order_by"]`) by what is
    published: the counts shown, largest first, then every row whose count is hidden or below
    MIN_CELL ("<5", "×", "<10", and 0 with them) by its label. A hidden count at the place of
    its true size told its size ("Doorverwezen ×" between 11 and 8: tester t27). The table's own
    rows are put in the same order, so that rows and cells stay paired (its identities are over
    all rows, which an order does not change)."""
    column = next(i for i, c in enumerate(table.columns) if c.key == key)
    label = next((i for i, c in enumerate(table.columns) if c.kind == "label"), None)

    def rank(i: int) -> tuple:
        cell = out[table.key][i][column]
        name = out[table.key][i][label].text if label is not None else ""
        if cell.hidden or not _number(cell.value) or cell.value < MIN_CELL:
            return (1, 0, name)
        return (0, -cell.value, name)

    order = sorted(range(len(table.rows)), key=rank)
    out[table.key] = [out[table.key][i] for i in order]
    table.rows[:] = [table.rows[i] for i in order]


def _hide_complement_of_whole(table: Table, decided: list) -> None:
    """Shares of one whole (`Column.whole`: over the rows, per `Table.group`, they add up to 100 %):
    a single hidden share is 100 % minus the others (tester t21: the other six shares of the time
    stood still added up to 95 %). Hide the smallest shown share of the same whole with it, so
    that only the sum of the two is known."""
    for col in table.columns:
        if not col.whole:
            continue
        wholes: dict = {}
        for row, gone, _means in decided:
            wholes.setdefault(row.get(table.group) if table.group else None, []).append((row, gone))
        for members in wholes.values():
            hidden = [gone for row, gone in members if col.key in gone]
            shown = [(row.get(col.key), gone) for row, gone in members
                     if col.key not in gone and _number(row.get(col.key))]
            if len(hidden) == 1 and shown:
                _value, gone = min(shown, key=lambda pair: pair[0])
                gone[col.key] = COMPLEMENTARY


def _publishable_share(value) -> bool:
    """Whether a published share (a `cellkey.Ratio` of published counts) could be shown on its
    own: a base of at least MIN_POPULATION, and neither its numerator nor its rest 1-4."""
    if not isinstance(value, cellkey.Ratio):
        return value is not None
    return value.den >= MIN_POPULATION and not is_small(value.num) and not is_small(value.den - value.num)


def _as_shown(value, kind: str):
    """A derived figure as precise as the page shows it, for every consumer of the cell (page,
    chart, CSV, XLSX, PDF): a share to whole percents, another figure to one decimal. A full
    fraction told the counts behind it (tester t20: a mean of 12.26086956521739 is 282/23, beside a
    published count of 22)."""
    if isinstance(value, bool) or not isinstance(value, float):
        return value
    if kind == "share":
        return round(value, 2)
    if kind == "number":
        return round(value, 1)
    return value


def withheld(table: Table, cells: list[list[Cell]]) -> bool:
    """Whether a table publishes no breakdown at all: some part of it is withheld by the minimum
    population and none of its counts is published as a positive number. Such a table is shown
    as `withheld_message` instead of its rows (whose labels alone would tell which categories
    the few records fall in)."""
    if table.meta.get("withheld"):  # a wider view describes it with too few records (`few_tables`)
        return True
    counts = [k for k, c in enumerate(table.columns) if c.kind == "count"]
    body = [cells[i] for i in _body(table)]
    if not any(row[k].text == FEW for row in body for k in counts):
        return False
    return not any(not row[k].hidden and row[k].value for row in body for k in counts)


def withheld_message(table: Table | None = None) -> str:
    """Why a table shows no breakdown, the same words for every table: too few records or groups
    too small. Not one reason per table: within one selection "fewer than 10" beside "groups too
    small" told whether a hidden total was below or above 10 (tester t21), and "fewer than 10"
    alone was false beside a unit's 35 decisions (tester t18). `table` is accepted for callers that
    pass it."""
    from django.utils.translation import gettext as _

    return _("Niet uitgesplitst: te weinig gevallen of te kleine groepen om zonder herkenningsrisico te "
             "tonen. Kies een langere periode of een grotere eenheid.")


def legend() -> list[str]:
    """The symbols of a published table, in Dutch (for the exports)."""
    from django.utils.translation import gettext as _

    return [
        _("Toelichting"),
        _("<5: minder dan 5, afgeschermd (ook een 0 kan zo zijn afgeschermd)."),
        _("×: hier afgeschermd omdat het een afgeschermd aantal zou verraden. In een andere selectie of "
          "weergave kan hetzelfde aantal (licht verstoord) wel staan, het kleine aantal blijft afgeschermd."),
        _("<10: deel van een uitsplitsing van minder dan %(n)d gevallen (ook 0), niet gepubliceerd.")
        % {"n": MIN_POPULATION},
        _("–: een percentage, mediaan of ander cijfer dat niet wordt getoond (te weinig gevallen)."),
        _("Aantallen zijn licht verstoord (hoogstens 2 erbij of eraf), zodat het vergelijken "
          "van selecties geen afgeschermd aantal prijsgeeft; totalen tellen daardoor niet altijd exact op."),
    ]


def suppress(table: Table) -> list[list[Cell]]:
    """The displayable cells of a table released on its own."""
    return protect([table])[table.key]


def cell_rows(table: Table, cells: list[list[Cell]] | None = None) -> list[dict[str, Cell]]:
    """The suppressed cells of each row by column key; charts read their numbers from here.
    `cells`: the table's cells from the `protect` call of its release."""
    keys = [c.key for c in table.columns]
    return [dict(zip(keys, row, strict=True)) for row in (suppress(table) if cells is None else cells)]

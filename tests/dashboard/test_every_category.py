"""Tester t14 on Rechtsgelijkheid and Effect: tables listed only the categories present (only
"Medewerkers"; only the punishments given), every punishment was "<10" over twelve months, the
severity was a bare number and the effect view ignored a one-day period without saying so."""

import datetime as dt

import pytest

from vik.core.cellkey import Tally
from vik.core.disclosure import FEW, cell_rows, protect
from vik.dashboard import selectors
from vik.dashboard.forms import Filters
from vik.dashboard.models import RecurrenceFact
from vik.investigations.models import Measure, Outcome
from vik.triage.models import Route

pytestmark = pytest.mark.django_db

MEASURES = [m.value for m in Measure]


class Groups:
    """A source of decision groups as `selectors.Live.decision_groups` returns them."""

    def __init__(self, groups):
        self.groups = groups

    def decision_groups(self, f):
        return self.groups


def _group(region, measure, n, *, theme=1, sev=2, manager=False):
    return {"sev": sev, "theme": theme, "reg": region, "manager": manager, "out": Outcome.BREACH_MEASURE.value,
            "meas": measure, "pc": True, "n": Tally(n, 1000 * n + 7)}


def test_equality_lists_both_functions_and_publishes_a_year_of_punishments(org, today):
    # Forty punishments of staff in a year, spread over the nine kinds (none above 8).
    counts = [8, 3, 5, 2, 6, 3, 7, 1, 5]
    groups = [_group(org.region_a.pk, m, n) for m, n in zip(MEASURES, counts, strict=True)]
    f = Filters(today - dt.timedelta(days=364), today)
    result = selectors.equality(f, Groups(groups))
    tables = {t.key: t for t in result.tables}
    assert [r["label"] for r in tables["outcomes_manager"].rows] == ["Leidinggevenden", "Medewerkers"]
    assert {r["label"] for r in tables["outcomes_reg"].rows} >= {org.region_a.name, org.region_b.name}
    shown = protect(result.tables)
    staff = cell_rows(tables["measures"], shown["measures"])[1]
    assert staff["label"].text == "Medewerkers"
    published = [staff[f"m_{m}"] for m in MEASURES]
    assert not any(c.text == FEW for c in published), [c.text for c in published]
    assert sum(1 for c in published if not c.hidden) >= 4  # the kinds given five times or more
    # The severity is named as a score on its scale, not a bare number.
    assert all(" – ernst 2 van 3" in r["label"] for r in tables["comparable"].rows)


def test_effect_lists_every_route_and_punishment_and_names_the_months_it_counts(org, today):
    month = today.replace(day=1)
    RecurrenceFact.objects.create(computed_on=today, kind="measure", key=Measure.DISMISSAL.value, month=month,
                                  region_id=org.region_a.pk, theme_id=1,
                                  events=12, followed_1y=0, recurred_1y=0, followed_2y=0, recurred_2y=0)
    one_day = Filters(today, today)
    result = selectors.effect(one_day)
    route, measure = result.tables
    assert [str(r["label"]) for r in route.rows] == [str(r.label) for r in Route]
    labels = [str(r["label"]) for r in measure.rows]
    assert len(labels) == 2 + len(Measure) and all(str(m.label) in " ".join(labels) for m in Measure)
    last = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    counted = min(last, today)  # the running month counts up to today
    said = f"{month:%d-%m-%Y} t/m {counted:%d-%m-%Y}"
    if (month, counted) != (today, today):
        assert any(said in str(n) for n in result.notes)
    # A whole-month period needs no such note, nor a period that ends today (tester t20 read
    # "t/m 31-12-2026" on the first of December).
    assert not any("kalendermaand" in str(n) for n in selectors.effect(Filters(month, last)).notes)
    a_year = Filters(month.replace(year=month.year - 1), today)
    assert not any("kalendermaand" in str(n) for n in selectors.effect(a_year).notes)


def test_effect_before_the_first_computation_shows_no_zeros(today):
    result = selectors.effect(Filters(today - dt.timedelta(days=30), today))
    assert all(t.rows == [] for t in result.tables)
    assert any("nog niet berekend" in str(n) for n in result.notes)


def test_the_comparable_cases_do_not_tell_the_functions_the_other_table_withholds(org, today):
    """Tester t19: one month, eight decisions of staff: "per function" was withheld, but the
    comparable cases listed "Leidinggevenden 0" in every row, so the managers had none. Each
    function's column there adds up to its decisions per function: one release."""
    from vik.core.disclosure import withheld

    groups = [_group(org.region_a.pk, "", 1, theme=t, sev=2) | {"out": Outcome.NO_BREACH.value} for t in range(1, 9)]
    groups.append(_group(org.region_a.pk, "", 1, theme=9, sev=None) | {"out": Outcome.NO_BREACH.value})
    result = selectors.equality(Filters(today - dt.timedelta(days=29), today), Groups(groups))
    tables = {t.key: t for t in result.tables}
    shown = protect(result.tables)
    assert withheld(tables["outcomes_manager"], shown["outcomes_manager"])
    comparable = cell_rows(tables["comparable"], shown["comparable"])
    assert withheld(tables["comparable"], shown["comparable"]) or all(r["mgr_n"].hidden for r in comparable)
    assert any("ernst onbekend" in str(r["label"]) for r in tables["comparable"].rows)

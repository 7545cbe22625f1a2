"""Reads for protective monitoring. The prevention view shows aggregates per unit only; its counts
pass through the disclosure control of `vik.core.disclosure` as one release, so no small count can
be read or solved from the other numbers on the page."""

from collections import Counter, defaultdict

from pmengine.rules import RULES as ENGINE_RULES
from vik import policy
from vik.core.disclosure import Cell, Column, Table, cell_rows, protect

from .display import rule_help, rule_label
from .models import BROAD_SCOPES, MISUSE_STATES, Alert, ImportRun, LearnedWeights


def counted_runs():
    """The finished runs whose figures count across runs: a re-analysis of the same files
    (`services.start_import(again=True)`) replaces the earlier run, so no lookup counts twice."""
    from django.db.models import Exists, OuterRef

    newer_same = ImportRun.objects.filter(
        state=ImportRun.State.DONE, content_hash=OuterRef("content_hash"),
        finished_at__gt=OuterRef("finished_at")).exclude(content_hash="")
    return ImportRun.objects.filter(state=ImportRun.State.DONE).exclude(Exists(newer_same))


def latest_run() -> ImportRun | None:
    return ImportRun.objects.filter(state=ImportRun.State.DONE).order_by("-finished_at").first()


def learned_weights() -> LearnedWeights | None:
    """The force's learned model: the newest one (None: none was learned yet, the hand weights)."""
    return LearnedWeights.objects.select_related("source_run").first()


def weights_table(model: LearnedWeights | None) -> list[dict]:
    """The learned model for the SOC: per rule (the engine's catalogue order) its Dutch label and
    explanation, the factor on the engine's hand weight and on how many judged lookups it fired."""
    if model is None:
        return []
    return [{"code": r.code, "label": rule_label(r.code), "help": rule_help(r.code),
             "factor": float(model.factors.get(r.code, 1.0)),
             "fired": int(model.fired.get(r.code, 0))}
            for r in ENGINE_RULES]


def prevention_table(run: ImportRun) -> Table:
    """The exact counts of the prevention view as one release (see `vik.core.disclosure`): per team
    the alerts, the people and the alerts per rule; the last row holds the totals per rule (the
    "Patronen" table). People and the alerts of one rule are at most the team's alerts, which a
    reader can use too (`Column.within`). A team's most frequent rules are a selection of its row;
    the cells not shown there are still treated as published, which can only hide more."""
    per_unit: dict[str, Counter] = defaultdict(Counter)
    people: Counter = Counter()
    if run.unit_figures.exists():
        # Stored at import in both modes (a prevention-mode run has no alerts to count).
        for f in run.unit_figures.filter(alerts__gt=0):
            key = f.unit or "—"
            per_unit[key]["alerts"] += f.alerts
            people[key] += f.people
            for rule, n in f.rules.items():
                per_unit[key][f"rule:{rule}"] += n
    else:  # a run imported before the figures were stored: count its alerts
        names: dict[str, set] = defaultdict(set)
        for unit, pseudonym, rules in run.alerts.values_list("unit", "pseudonym", "rules"):
            key = unit or "—"
            per_unit[key]["alerts"] += 1
            names[key].add(pseudonym)
            for rule in set(rules):
                per_unit[key][f"rule:{rule}"] += 1
        people.update({key: len(found) for key, found in names.items()})
    units = sorted(per_unit)
    rules = sorted({k for counts in per_unit.values() for k in counts if k.startswith("rule:")})
    body = [{"label": u, "alerts": per_unit[u]["alerts"], "people": people[u],
             **{r: per_unit[u][r] for r in rules}} for u in units]
    total = {"label": "", "alerts": None, "people": None, **{r: sum(row[r] for row in body) for r in rules}}
    columns = [Column("label", "team", "label"), Column("alerts", "alerts"),
               Column("people", "people", within="alerts"), *(Column(r, r, within="alerts") for r in rules)]
    return Table("teams", "teams", columns, [*body, total], additive=tuple(rules), total_row=True)


def _ordered(cells: list[tuple[str, Cell]]) -> list[tuple[str, str]]:
    """Shown counts from large to small, hidden ones after them by name: their order would tell
    how hidden counts compare."""
    shown = sorted((c for c in cells if not c[1].hidden), key=lambda c: (-c[1].value, c[0]))
    hidden = sorted(c for c in cells if c[1].hidden)
    return [(rule, cell.text) for rule, cell in [*shown, *hidden]]


def prevention_overview(run: ImportRun | None) -> dict:
    if run is None:
        return {"run": None, "units": [], "rules": []}
    table = prevention_table(run)
    rows = cell_rows(table, protect([table])[table.key])
    rule_keys = [c.key for c in table.columns if c.key.startswith("rule:")]
    units = []
    for row in rows[:-1]:
        alerts = row["alerts"]
        top = [(key.removeprefix("rule:"), row[key]) for key in rule_keys if not row[key].hidden and row[key].value]
        units.append({"unit": row["label"].value, "alerts": alerts.text, "people": row["people"].text,
                      "top_rules": _ordered(top)[:3],
                      "bar": 0 if alerts.hidden else alerts.value})  # a hidden count draws no bar
    peak = max((u["bar"] for u in units), default=0) or 1
    for u in units:
        u["bar_pct"] = round(100 * u["bar"] / peak)
    totals = rows[-1]
    return {
        "run": run, "units": units,
        "rules": _ordered([(key.removeprefix("rule:"), totals[key]) for key in rule_keys]),
        "explained_pct": round(100 * float(run.explained_share.get("explained", 0.0)), 1),
        "partial_pct": round(100 * float(run.explained_share.get("partial", 0.0)), 1),
    }


def own_ref(user) -> str | None:
    """The contract's user id of the user himself (his personnel number), or None."""
    employee = getattr(user, "employee", None)
    return employee.personnel_number if employee is not None and employee.personnel_number else None


def not_about_self(user, qs):
    """Alerts about the viewer himself are not his to see or judge (conflict of interest: an
    analyst who judged his own alert 'legitimate, these rules' silenced his later alerts)."""
    ref = own_ref(user)
    return qs.exclude(user_ref=ref) if ref else qs


def is_about_self(user, alert: Alert) -> bool:
    ref = own_ref(user)
    return ref is not None and alert.user_ref == ref


def queue(state: str = "budget"):
    """The review queue of the latest run. By default the alerts within the review budget, the
    best first; reviewers can widen it to every open or reviewed alert."""
    run = latest_run()
    if run is None:
        return Alert.objects.none()
    qs = run.alerts.all()
    if state == "budget":
        qs = qs.filter(rank__lte=run.review_budget)
    elif state in Alert.State.values:
        qs = qs.filter(state=state)
    return qs.order_by("rank")


def scope_pending():
    """Broad "legitimate" verdicts (records or rules of the employee) that wait for a second
    analyst (`services.confirm_scope`), the oldest first."""
    return (Alert.objects.filter(state=Alert.State.LEGITIMATE, verdict_scope__in=BROAD_SCOPES,
                                 scope_confirmed_by__isnull=True)
            .select_related("run").order_by("reviewed_at", "pk"))


def earlier_with_work(run: ImportRun | None):
    """Alerts of earlier runs that still carry work: sent to triage (their signal is followed
    here), confirmed as misuse, with a reveal request waiting, or within their run's review budget
    and never judged, unless a later detection run of the same files replaced theirs (its queue
    holds those lookups again, judged afresh). A new import must not make them unreachable: an import
    of another period hid the open alerts of the one before from every filter (tester t40)."""
    if run is None:
        return Alert.objects.none()
    from django.db.models import Exists, F, OuterRef, Q

    from .models import RevealRequest

    pending = RevealRequest.objects.filter(state=RevealRequest.State.PENDING).values("alert_id")
    # Covered: a later detection run of the same files judged those lookups afresh. A later run of
    # other files over the same days is not enough: its population may not hold the employee
    # (tester t42: a 150-employee week hid an open alert of the 200-employee week of those days).
    covered = ImportRun.objects.filter(
        state=ImportRun.State.DONE, mode=ImportRun.Mode.DETECTION, finished_at__gt=OuterRef("run__finished_at"),
        content_hash=OuterRef("run__content_hash")).exclude(content_hash="")
    # Within the budget: rank ≤ max(1, ⌈2 × user-days / 1,000⌉) (`ImportRun.review_budget`).
    in_budget = Q(rank=1) | Q(run__user_days__gt=(F("rank") - 1) * 500)
    unjudged = Q(state=Alert.State.OPEN) & in_budget & ~Q(Exists(covered))
    return (Alert.objects.exclude(run=run)
            .filter(Q(signal__isnull=False) | Q(state__in=MISUSE_STATES) | Q(pk__in=pending) | unjudged)
            .select_related("run", "signal").order_by("-run__finished_at", "rank")[:100])


def signal_status(user, alert: Alert) -> dict | None:
    """The reference and current status of the signal an alert was sent to triage as, for whom
    the policy lets follow it (`signal.follow`); nothing of the triage itself."""
    signal = alert.signal
    if signal is None or not policy.can(user, "signal.follow", signal):
        return None
    return {"reference": signal.reference, "status": signal.get_status_display()}


# -- trends per unit across runs, and the effect of a prevention activity ------------------------

PER = 1000  # rates per 1,000 user-days (the review budget's unit)
# Below these the before/after comparison says there is too little data to read anything in it.
EFFECT_MIN_USER_DAYS = 500
EFFECT_MIN_ALERTS = 10


def _local_day(moment):
    from django.utils import timezone

    return timezone.localtime(moment).date() if moment else None


TREND_RUNS = 24  # the newest runs a trend shows (each is one more table in the release)


def trend_runs() -> list[ImportRun]:
    """The newest TREND_RUNS finished runs with figures per unit (runs imported before the
    figures were stored have none), oldest data first (by the window of their lookups; the moment
    of import for a run without one)."""
    runs = (counted_runs().filter(unit_figures__isnull=False)
            .distinct().order_by("-finished_at", "-pk")[:TREND_RUNS])
    return sorted(runs, key=lambda r: (r.period_start or r.finished_at or r.started_at, r.pk))


def trend_units() -> list[str]:
    """Every unit with figures in a finished run ("" is the unknown unit)."""
    from .models import UnitFigures

    return sorted(set(UnitFigures.objects.filter(run__state=ImportRun.State.DONE)
                      .values_list("unit", flat=True)))


def _period(run: ImportRun) -> tuple:
    return (_local_day(run.period_start or run.finished_at), _local_day(run.period_end or run.finished_at))


def _rate_columns() -> list[Column]:
    from django.utils.translation import gettext as _

    return [Column("user_days", _("Gebruikersdagen")), Column("alerts", _("Meldingen")),
            Column("unexplained", _("Onverklaarde opvragingen")),
            Column("alert_rate", _("Meldingen per 1.000 gebruikersdagen"), kind="number",
                   base="user_days", part=("alerts",)),
            Column("unexplained_rate", _("Onverklaarde opvragingen per 1.000 gebruikersdagen"),
                   kind="number", base="user_days", part=("unexplained",))]


def _rates(row: dict) -> dict:
    days = row["user_days"]
    return {**row, "alert_rate": PER * row["alerts"] / days if days else None,
            "unexplained_rate": PER * row["unexplained"] / days if days else None}


def _activity_side(runs_periods, on) -> dict:
    before = [i for i, (_run, (_lo, hi)) in enumerate(runs_periods) if hi is not None and hi < on]
    after = [i for i, (_run, (lo, _hi)) in enumerate(runs_periods) if lo is not None and lo > on]
    during = len(runs_periods) - len(before) - len(after)
    return {"before": before, "after": after, "during": during}


def unit_activities(unit: str) -> list[dict]:
    """The prevention activities of the VIK team the contract's unit names (by name or code):
    dilemma sessions and climate checks, newest first. Only their kind and date, nothing of what
    was said or answered."""
    from django.db.models import Q
    from django.utils.translation import gettext as _

    from vik.accounts.models import Unit
    from vik.prevention.models import ClimateCheck, Session

    team = Unit.objects.filter(Q(name=unit) | Q(code=unit), kind=Unit.Kind.TEAM).first() if unit else None
    if team is None:
        return []
    found = [{"key": f"sessie-{s.pk}", "on": _local_day(s.created_at),
              "label": _("Dilemmasessie ‘%(title)s’") % {"title": s.title}}
             for s in Session.objects.filter(team=team)]
    found += [{"key": f"klimaat-{c.pk}", "on": c.opens_on,
               "label": _("Teamklimaatcheck (%(kind)s)") % {"kind": c.get_kind_display()}}
              for c in ClimateCheck.objects.filter(team=team)]
    return sorted(found, key=lambda a: (a.get("on"), a["key"]), reverse=True)


def unit_trend(unit: str, activity_key: str | None = None) -> dict:
    """The unit's alerts and unexplained lookups per 1,000 user-days per run, and (with an
    activity of the unit) the same rates over the runs before and after it. One release: the
    trend, the before/after sums and every run's table of alerts per team (the prevention view
    of that run), so a count hidden there is hidden here too and no sum gives one away."""
    from dataclasses import replace

    from django.utils.translation import gettext as _

    from vik.core.disclosure import Identity

    from .models import UnitFigures

    runs = trend_runs()
    figures = {f.run_id: f for f in UnitFigures.objects.filter(unit=unit, run__in=runs)}
    runs = [r for r in runs if r.pk in figures]
    periods = [(r, _period(r)) for r in runs]
    rows = []
    for run, (lo, _hi) in periods:
        f = figures[run.pk]
        rows.append(_rates({"label": lo.strftime("%d-%m-%Y") if lo else "—",
                            "user_days": f.user_days, "alerts": f.alerts,
                            "unexplained": f.unexplained}))
    trend = Table("trend", _("Per analyse"), [Column("label", _("Analyse (begin)"), "label"),
                                               *_rate_columns()], rows)
    tables = [trend]
    # Link each run's count to the same count in that run's table of alerts per team.
    for i, run in enumerate(runs):
        if not figures[run.pk].alerts:
            continue
        teams = replace(prevention_table(run), key=f"teams-{run.pk}")
        index = next((k for k, r in enumerate(teams.rows) if r["label"] == (unit or "—")), None)
        if index is not None:
            tables.append(teams)
            trend.sums.append(Identity(members=(("trend", i, "alerts"),),
                                       total=(teams.key, index, "alerts")))
    activities = unit_activities(unit)
    activity = next((a for a in activities if a["key"] == activity_key), None)
    effect = None
    if activity is not None:
        sides = _activity_side(periods, activity["on"])
        effect_rows = []
        for name in ("before", "after"):
            picked = sides[name]
            effect_rows.append(_rates({
                "label": _("Voor de activiteit") if name == "before" else _("Na de activiteit"),
                "runs": len(picked), **{key: sum(rows[i][key] for i in picked)
                                        for key in ("user_days", "alerts", "unexplained")}}))
        effect = Table("effect", _("Voor en na"), [Column("label", _("Periode"), "label"),
                                                    Column("runs", _("Analyses"), kind="text"),
                                                    *_rate_columns()], effect_rows)
        for side, name in enumerate(("before", "after")):
            for key in ("user_days", "alerts", "unexplained"):
                if sides[name]:  # the side's sum is the sum of its runs' cells in the trend
                    effect.sums.append(Identity(members=tuple(("trend", i, key) for i in sides[name]),
                                                total=("effect", side, key)))
        tables.append(effect)
    cells = protect(tables)
    lines = [{"run": run, "period": period, "cells": row}
             for (run, period), row in zip(periods, cell_rows(trend, cells["trend"]), strict=True)]
    result = {"unit": unit, "trend": trend, "lines": lines, "trend_cells": cells["trend"],
              "activities": activities, "activity": activity, "effect": None}
    if effect is not None:
        before, after = effect_rows
        notes = []
        if not sides["before"] or not sides["after"]:
            notes.append(_("Te weinig gegevens: er is geen analyse van vóór en van na de activiteit, "
                           "dus er valt niets te vergelijken."))
        elif (min(before["user_days"], after["user_days"]) < EFFECT_MIN_USER_DAYS
              or before["alerts"] + after["alerts"] < EFFECT_MIN_ALERTS):
            notes.append(_("Te weinig gegevens voor een conclusie: minder dan %(days)s gebruikersdagen "
                           "aan een kant of minder dan %(alerts)s meldingen samen. Een verschil kan "
                           "hier toeval zijn.") % {"days": EFFECT_MIN_USER_DAYS, "alerts": EFFECT_MIN_ALERTS})
        if sides["during"]:
            notes.append(_("Analyses waarvan de periode de datum van de activiteit bevat, tellen niet "
                           "mee (%(n)s).") % {"n": sides["during"]})
        notes.append(_("Een verschil tussen voor en na is geen bewijs van effect: drukte, nieuwe "
                       "systemen, werkafspraken of het seizoen veranderen de cijfers ook."))
        result["effect"] = {"table": effect, "rows": cell_rows(effect, cells["effect"]), "notes": notes}
    return result


def trend_chart(data: dict, key: str, title: str):
    """A column chart of one rate over the runs, read from the protected cells."""
    from django.utils.translation import gettext as _

    from vik.core.charts import ChartSpec, render

    spec = ChartSpec(kind="series", title=title, table="trend", label="label", values=(key,),
                     columns=True, axis=_("Aantal per 1.000 gebruikersdagen"))
    return render(spec, data["trend"], data["trend_cells"])

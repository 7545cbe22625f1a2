"""Reads for protective monitoring. The prevention view shows aggregates per unit only; its counts
pass through the disclosure control of `vik.core.disclosure` as one release, so no small count can
be read or solved from the other numbers on the page."""

from collections import Counter, defaultdict

from vik import policy
from vik.core.disclosure import Cell, Column, Table, cell_rows, protect

from .models import Alert, ImportRun


def latest_run() -> ImportRun | None:
    return ImportRun.objects.filter(state=ImportRun.State.DONE).order_by("-finished_at").first()


def prevention_table(run: ImportRun) -> Table:
    """The exact counts of the prevention view as one release (see `vik.core.disclosure`): per team
    the alerts, the people and the alerts per rule; the last row holds the totals per rule (the
    "Patronen" table). People and the alerts of one rule are at most the team's alerts, which a
    reader can use too (`Column.within`). A team's most frequent rules are a selection of its row;
    the cells not shown there are still treated as published, which can only hide more."""
    per_unit: dict[str, Counter] = defaultdict(Counter)
    people: dict[str, set] = defaultdict(set)
    for unit, pseudonym, rules in run.alerts.values_list("unit", "pseudonym", "rules"):
        key = unit or "—"
        per_unit[key]["alerts"] += 1
        people[key].add(pseudonym)
        for rule in set(rules):
            per_unit[key][f"rule:{rule}"] += 1
    units = sorted(per_unit)
    rules = sorted({k for counts in per_unit.values() for k in counts if k.startswith("rule:")})
    body = [{"label": u, "alerts": per_unit[u]["alerts"], "people": len(people[u]),
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


def earlier_with_work(run: ImportRun | None):
    """Alerts of earlier runs that still carry work: sent to triage (their signal is followed
    here), confirmed as misuse, or with a reveal request waiting. A new import must not make them
    unreachable."""
    if run is None:
        return Alert.objects.none()
    from django.db.models import Q

    from .models import RevealRequest

    pending = RevealRequest.objects.filter(state=RevealRequest.State.PENDING).values("alert_id")
    return (Alert.objects.exclude(run=run)
            .filter(Q(signal__isnull=False) | Q(state=Alert.State.MISUSE) | Q(pk__in=pending))
            .select_related("run", "signal").order_by("-run__finished_at", "rank")[:100])


def signal_status(user, alert: Alert) -> dict | None:
    """The reference and current status of the signal an alert was sent to triage as, for whom
    the policy lets follow it (`signal.follow`); nothing of the triage itself."""
    signal = alert.signal
    if signal is None or not policy.can(user, "signal.follow", signal):
        return None
    return {"reference": signal.reference, "status": signal.get_status_display()}

"""Reads for protective monitoring. The prevention view shows aggregates per unit only and
suppresses small cells, so no individual can be recognised."""

from collections import Counter, defaultdict

from vik.core import policy

from .models import Alert, ImportRun

SMALL_CELL = 5


def latest_run() -> ImportRun | None:
    return ImportRun.objects.filter(state=ImportRun.State.DONE).order_by("-finished_at").first()


def suppress(value: int) -> str:
    return f"<{SMALL_CELL}" if 0 < value < SMALL_CELL else str(value)


def prevention_overview(run: ImportRun | None) -> dict:
    if run is None:
        return {"run": None, "units": [], "rules": []}
    per_unit: dict[str, Counter] = defaultdict(Counter)
    people: dict[str, set] = defaultdict(set)
    rules_total: Counter = Counter()
    for unit, pseudonym, rules in run.alerts.values_list("unit", "pseudonym", "rules"):
        key = unit or "—"
        per_unit[key]["alerts"] += 1
        people[key].add(pseudonym)
        for rule in rules:
            per_unit[key][rule] += 1
            rules_total[rule] += 1
    units = []
    for unit, counts in sorted(per_unit.items()):
        top = [(rule, suppress(n)) for rule, n in counts.most_common()
               if rule != "alerts" and n >= SMALL_CELL][:3]
        units.append({"unit": unit, "alerts": suppress(counts["alerts"]),
                      "people": suppress(len(people[unit])), "top_rules": top,
                      "bar": counts["alerts"] if counts["alerts"] >= SMALL_CELL else 0})
    peak = max((u["bar"] for u in units), default=0) or 1
    for u in units:
        u["bar_pct"] = round(100 * u["bar"] / peak)
    return {
        "run": run, "units": units,
        "rules": [(rule, suppress(n)) for rule, n in rules_total.most_common()],
        "explained_pct": round(100 * float(run.explained_share.get("explained", 0.0)), 1),
        "partial_pct": round(100 * float(run.explained_share.get("partial", 0.0)), 1),
    }


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

"""The pre-aggregated facts give exactly the numbers of the reference selectors (live tables), for
every view, with filters, periods cut at odd days and small-cell suppression; the incremental
refresh after changes through the services equals a full rebuild."""

import datetime as dt
import random

import pytest
from django.utils import timezone

from tests.case_steps import approve_plan
from tests.conftest import all_scores
from tests.factories import EmployeeFactory
from vik.dashboard import facts, selectors, services
from vik.dashboard.disclosure import suppress
from vik.dashboard.forms import Filters
from vik.dashboard.models import Fact, FactState
from vik.investigations.models import (
    Aanzegging,
    Case,
    CaseType,
    Decision,
    DelayReason,
    Hearing,
    Pause,
    StatusChange,
    StatusType,
)
from vik.signals.models import Channel, Signal, Theme
from vik.triage.models import Route, TriageDecision

VIEWS = [selectors.inflow, selectors.throughput, selectors.quality, selectors.equality, selectors.care]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def landscape(org):
    """About 260 signals over three years in two units and three themes, their triage decisions
    (some re-triaged, some with a short rationale), cases of every type with status history,
    pauses, aanzeggingen, hearings, decisions (managers and staff) and referrals. Written
    directly: only the dates and fields the dashboard reads matter here."""
    from vik.care.models import Referral

    rng = random.Random(7)
    today = timezone.localdate()
    themes = list(Theme.objects.order_by("pk")[:3])
    types = list(CaseType.objects.order_by("pk"))
    steps = {ct.pk: list(StatusType.objects.filter(case_type=ct).order_by("order")) for ct in types}
    reasons = list(DelayReason.objects.all())
    people = [EmployeeFactory(unit=org.patrol, is_manager=i % 3 == 0) for i in range(12)]
    worker = org.triage
    signals = []
    for i in range(260):
        received = today - dt.timedelta(days=rng.randint(0, 1100))
        channel = rng.choice(list(Channel.values))
        signal = Signal.objects.create(
            reference=f"T{i:05d}", received_on=received, channel=channel,
            region=rng.choice([org.region_a, org.region_a, org.region_b]), theme=rng.choice(themes),
            description="Synthetisch.", reporter_description="Melder" if rng.random() < 0.8 else "",
            registered_by=worker, source_reference="PM-1" if rng.random() < 0.5 else "")
        signal.subjects.set([rng.choice(people)])
        registered = min(received + dt.timedelta(days=rng.choice([0, 1, 3, 6, 9, 14])), today)
        Signal.objects.filter(pk=signal.pk).update(registered_at=_at(registered, 10))
        signals.append(signal)
    cases = []
    for signal in signals:
        if rng.random() < 0.1:
            continue  # not triaged yet
        decided = min(signal.received_on + dt.timedelta(days=rng.randint(0, 20)), today)
        route = rng.choice(list(Route.values))
        first = TriageDecision.objects.create(
            signal=signal, decided_at=_at(decided, rng.choice([8, 13, 23])), decided_by=worker, route=route,
            rationale="Kort" if rng.random() < 0.1 else "Gemotiveerd triagebesluit.",
            scores=all_scores(1) | {"severity": rng.randint(0, 3)})
        if rng.random() < 0.1:
            first.current = False
            first.save(update_fields=["current"])
            route = rng.choice(list(Route.values))
            TriageDecision.objects.create(
                signal=signal, decided_at=_at(min(decided + dt.timedelta(days=5), today), 9), decided_by=worker,
                route=route, rationale="Nieuwe feiten, opnieuw gewogen.", supersedes=first,
                scores=all_scores(1) | {"severity": rng.randint(0, 3)})
        if route not in selectors.INVESTIGATION_ROUTES:
            continue
        for _n in range(2 if rng.random() < 0.1 else 1):  # a few signals get two cases
            ct = rng.choice(types)
            opened = min(decided + dt.timedelta(days=rng.randint(1, 10)), today)
            length = rng.randint(20, 300)
            closed = opened + dt.timedelta(days=length) if opened + dt.timedelta(days=length) < today else None
            k = len(steps[ct.pk])
            reached = k if closed else max(1, min(k - 1, (today - opened).days * (k - 1) // length + 1))
            case = Case.objects.create(
                reference=f"C{len(cases):05d}", signal=signal, case_type=ct, track=ct.track,
                subject=signal.subjects.first(), status=steps[ct.pk][reached - 1], status_since=opened,
                opened_on=opened, deadline=opened + dt.timedelta(days=200), closed_on=closed,
                suspected_breach="" if rng.random() < 0.1 else "Vermoedelijk plichtsverzuim.",
                last_update_on=min(opened + dt.timedelta(days=rng.randint(0, 120)), today),
                care_contact=org.investigator if rng.random() < 0.7 else None,
                care_contact_reason="Leidinggevende is melder." if rng.random() < 0.2 else "")
            cases.append(case)
            for j in range(reached):
                StatusChange.objects.create(case=case, status=steps[ct.pk][j], by=worker,
                                            on=min(opened + dt.timedelta(days=j * length // (k - 1)), today))
            if rng.random() < 0.3:
                start = opened + dt.timedelta(days=rng.randint(0, 30))
                if start <= today:
                    end = start + dt.timedelta(days=rng.randint(3, 60))
                    Pause.objects.create(case=case, reason=rng.choice(reasons), started_on=start, by=worker,
                                         ended_on=end if end <= today else None)
            if rng.random() < 0.5:
                held = min(opened + dt.timedelta(days=5), today)
                Aanzegging.objects.create(
                    case=case, held_at=_at(held, rng.choice([10, 16])), by=worker, care_offered=rng.random() < 0.7,
                    warnings=rng.choice([[], [], ["friday_afternoon"], ["before_holiday", "friday_afternoon"]]))
            if rng.random() < 0.4:
                invited = min(opened + dt.timedelta(days=10), today)
                Hearing.objects.create(case=case, kind=Hearing.Kind.HEARING, invited_on=invited,
                                       scheduled_at=_at(invited + dt.timedelta(days=rng.randint(1, 15)), 10),
                                       preparation_waived=rng.random() < 0.2)
            if closed:
                outcome = rng.choice(["no_breach", "corrective", "breach_measure"])
                Decision.objects.create(
                    case=case, outcome=outcome, measure="fine" if outcome == "breach_measure" else "",
                    reasoning="Besluit.", personal_circumstances="Meegewogen." if rng.random() < 0.4 else "",
                    decided_on=closed - dt.timedelta(days=3), decided_by=org.authority)
            if rng.random() < 0.3:
                Referral.objects.create(case=case, desk=rng.choice(["bmw", "chaplain", "psychologist"]),
                                        for_team=rng.random() < 0.3, by=worker,
                                        referred_on=min(opened + dt.timedelta(days=3), today))
    # One bad record: closed before it was opened (still counted exactly).
    if cases:
        Case.objects.filter(pk=cases[0].pk).update(closed_on=cases[0].opened_on - dt.timedelta(days=2))
    return {"today": today, "themes": themes, "types": types, "signals": signals, "cases": cases}


def _periods(today: dt.date) -> list[tuple[dt.date, dt.date]]:
    return [
        (selectors.Filters(*_default(today)).start, today),  # the default: 12 months to today
        (dt.date(today.year - 2, 1, 1), today),  # whole years and months
        (today - dt.timedelta(days=500), today - dt.timedelta(days=130)),  # odd days, ends in the past
        (dt.date(today.year - 1, 3, 17), dt.date(today.year - 1, 3, 29)),  # a few days
    ]


def _default(today):
    from vik.dashboard.forms import default_period

    return default_period(today)


def _same(reference, fast) -> None:
    assert [t.key for t in fast.tables] == [t.key for t in reference.tables]
    for ref_table, fast_table in zip(reference.tables, fast.tables, strict=True):
        assert fast_table.rows == ref_table.rows, ref_table.key
        assert suppress(fast_table) == suppress(ref_table), ref_table.key
    extra = {k: v for k, v in fast.extra.items() if k != "stamp"}
    assert extra == reference.extra


def test_facts_equal_the_reference_for_every_view_and_filter(org, landscape):
    facts.rebuild()
    today, source = landscape["today"], facts.FactSource()
    filters = []
    for start, end in _periods(today):
        filters += [Filters(start, end), Filters(start, end, region_id=org.region_b.pk),
                    Filters(start, end, theme_id=landscape["themes"][1].pk),
                    Filters(start, end, case_type_id=landscape["types"][0].pk),
                    Filters(start, end, org.region_a.pk, landscape["types"][1].pk, landscape["themes"][0].pk)]
    for f in filters:
        for view in VIEWS:
            _same(view(f), view(f, source))
    # Something to compare: the default period has figures in every view.
    default = Filters(*_default(today))
    assert selectors.inflow(default).extra["total"] > 20
    assert selectors.throughput(default, source).table("open").rows
    assert selectors.equality(default, source).extra["decided"] > 5


def test_drill_down_counts_equal_the_reference(org, landscape):
    facts.rebuild()
    today = landscape["today"]
    for start, end in _periods(today):
        for region in (org.region_a, org.region_b):
            f = Filters(start, end, region.pk)
            assert facts.FactSource().gap_counts(f, today) == selectors.LIVE.gap_counts(f, today)


def _fact_rows() -> list[tuple]:
    return sorted(Fact.objects.exclude(grain="s").values_list(
        "kind", "grain", "day", "region_id", "theme_id", "case_type_id", "key", "n"), key=str)


def test_incremental_refresh_after_service_changes_equals_a_rebuild(org, landscape, make_signal, triage_to):
    from vik.care.services import refer
    from vik.investigations import services as inv

    facts.rebuild()
    today = landscape["today"]
    # Through the services (audited): a new signal long ago, its triage, a case, a pause, a referral,
    # and the aanzegging of an old case (its dates are far outside the recent days).
    signal = make_signal(received_ago=200, region=org.region_b, actor=org.triage_b, theme="gifts")
    triage_to(signal, Route.DISCIPLINARY, actor=org.triage_b, decided_on=today - dt.timedelta(days=195))
    case = inv.open_case(org.triage_b, signal, inv.OpenCaseInput(
        case_type=CaseType.objects.get(code="disciplinary"), subject=org.officer, authority=org.authority,
        lead_investigator=org.investigator, opened_on=today - dt.timedelta(days=190),
        suspected_breach="Vermoedelijk plichtsverzuim."))
    inv.pause_clock(org.investigator, case, DelayReason.objects.first(), today - dt.timedelta(days=100))
    refer(org.investigator, case, desk="bmw", referred_on=today - dt.timedelta(days=150))
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on + dt.timedelta(days=1))
    from tests.conftest import a_tuesday_morning

    inv.record_aanzegging(org.investigator, case, a_tuesday_morning(weeks_ago=20), care_offered=True)
    # An old closed case changed with its audit record (as a service does): a late referral.
    from vik.audit import services as audit
    from vik.audit.models import AuditAction
    from vik.care.models import Referral

    old = next(c for c in landscape["cases"][1:] if c.closed_on and c.closed_on < today - dt.timedelta(days=60))
    Referral.objects.create(case=old, desk="chaplain", referred_on=old.opened_on, by=org.investigator)
    audit.record(org.investigator, AuditAction.CHANGE, old, summary="Verwezen naar zorgloket")
    facts.refresh(today)
    facts.refresh_snapshot(today)
    f = Filters(today - dt.timedelta(days=400), today)
    source = facts.FactSource()
    for view in VIEWS:
        _same(view(f), view(f, source))
    incremental = _fact_rows()
    facts.rebuild()
    assert incremental == _fact_rows()


def test_views_never_build_the_facts_and_read_the_live_tables_until_the_first_build(client, org, make_signal):
    """Issue 14 item 3: no request waits on the facts' work (a first request took 16 s)."""
    for _ in range(6):
        make_signal(received_ago=3)
    assert not FactState.objects.exists()
    client.force_login(org.policy)
    html = client.get("/dashboard/instroom/").content.decode()
    assert not FactState.objects.exists() and not Fact.objects.exists()
    assert "Cijfers rechtstreeks uit de registratie" in html
    assert services.VIEWS["instroom"](Filters(*_default(timezone.localdate()))).extra["total"] == 6
    services.run_scheduled_reports()  # the scheduler builds them
    html = client.get("/dashboard/instroom/").content.decode()
    assert "Cijfers bijgewerkt om" in html and "stand van vandaag bijgewerkt om" in html


def test_stale_facts_are_served_as_they_are_until_the_scheduler_refreshes_them(client, org, make_signal):
    facts.rebuild()
    state = FactState.objects.get(name="facts")
    make_signal(received_ago=40)  # audited, outside the recent days
    f = Filters(*_default(timezone.localdate()))
    FactState.objects.filter(pk=state.pk).update(refreshed_at=timezone.now() - dt.timedelta(hours=2))
    assert services.VIEWS["instroom"](f).extra["total"] == 0  # a request does not refresh
    stamp = f"{timezone.localtime(FactState.objects.get(pk=state.pk).refreshed_at):%d-%m-%Y %H:%M}"
    client.force_login(org.policy)
    assert f"bijgewerkt om {stamp}" in client.get("/dashboard/instroom/").content.decode()
    facts.refresh_all()
    assert services.VIEWS["instroom"](f).extra["total"] == 1


def test_work_another_process_finished_while_waiting_for_the_lock_is_not_redone(org, make_signal):
    asked_at = timezone.now()
    facts.rebuild()  # the other process, finishing after we were asked
    make_signal(received_ago=40)
    assert facts.rebuild(asked_at=asked_at) == 0
    assert facts.refresh(asked_at=asked_at) == 0
    before = FactState.objects.get(name="snapshot").refreshed_at
    facts.refresh_snapshot(asked_at=asked_at)
    assert FactState.objects.get(name="snapshot").refreshed_at == before
    # Asked after that work: done again, and the new signal is counted.
    assert facts.refresh(asked_at=timezone.now()) > 0
    assert services.VIEWS["instroom"](Filters(*_default(timezone.localdate()))).extra["total"] == 1


def test_scheduler_rebuilds_once_a_day_and_refreshes_otherwise(org, make_signal, monkeypatch):
    monkeypatch.setattr(services, "build_report", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
    calls = []
    monkeypatch.setattr(facts, "rebuild", lambda **k: calls.append("rebuild"))
    monkeypatch.setattr(facts, "refresh", lambda today=None, **k: calls.append("refresh"))
    monkeypatch.setattr(facts, "refresh_snapshot", lambda today=None, **k: calls.append("snapshot"))
    today = timezone.localdate()
    facts.refresh_all(today)
    FactState.objects.create(name="facts", rebuilt_on=today, refreshed_at=timezone.now())
    facts.refresh_all(today)
    assert calls == ["rebuild", "refresh", "snapshot"]


def test_rebuild_command(org, make_signal):
    from io import StringIO

    from django.core.management import call_command

    make_signal(received_ago=3)
    out = StringIO()
    call_command("dashboard_rebuild", stdout=out)
    assert "rijen" in out.getvalue()
    assert Fact.objects.filter(kind="sig", grain="d").exists()


def test_live_source_is_the_reference_switch(org, make_signal, monkeypatch):
    make_signal(received_ago=3)
    monkeypatch.setattr(services, "REFERENCE", True)
    result = services.VIEWS["instroom"](Filters(*_default(timezone.localdate())))
    assert result.extra["total"] == 1 and not FactState.objects.exists()

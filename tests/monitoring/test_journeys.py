"""Issue 12 for protective monitoring: one time zone and format, the pseudonym and the revealed
person are the same, Dutch labels, following the signal one started, post/redirect/get."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from pmengine.contract import ACTIONS, SUBJECT_TYPES
from pmengine.rules import RULES
from tests.factories import EmployeeFactory, UserFactory
from vik.accounts.models import Role
from vik.audit.models import AuditEvent
from vik.core.errors import DomainError
from vik.monitoring import display, services
from vik.monitoring.models import Alert, ImportRun, RevealRequest

WHY = "Opvraging zonder werkopdracht."  # the reason of a misuse verdict

UTC = dt.UTC


@pytest.fixture
def analysts(org):
    return (UserFactory(username="soc1", roles=[Role.SOC_ANALYST]),
            UserFactory(username="soc2", roles=[Role.SOC_ANALYST]))


@pytest.fixture
def run(db):
    return ImportRun.objects.create(data_dir="x", state=ImportRun.State.DONE, progress=100,
                                    finished_at=dt.datetime(2026, 3, 8, 20, 0, tzinfo=UTC),
                                    user_days=1000, alert_count=1)


def make_alert(run, *, user_ref="U100001", unit="Basisteam A", start, end, timeline=(),
               rules=("COLLEAGUE_HOME", "OFF_DUTY"), rank=1):
    return Alert.objects.create(
        run=run, alert_id=f"PM-{rank:04d}", rank=rank, user_ref=user_ref,
        pseudonym=services.pseudonym(user_ref), unit=unit, role="agent", start=start, end=end,
        score=2.5, rules=list(rules), event_ids=["E1", "E2"], explanation="Twee opvragingen.",
        timeline=list(timeline))


def _event(ts: dt.datetime, event_id: str, in_alert=True):
    return {"event_id": event_id, "ts": ts.isoformat(), "system": "BVH", "action": "view",
            "subject_type": "person", "subject_id": "P1", "query_text": None,
            "in_alert": in_alert}


# -- 1. one time zone, one format ---------------------------------------------------------------

def test_alert_period_and_timeline_are_the_same_amsterdam_time_in_winter(client, run, analysts):
    # 8 March 2026 is winter time (CET, UTC+1): 17:50 UTC is 18:50 in Amsterdam.
    start = dt.datetime(2026, 3, 8, 17, 50, tzinfo=UTC)
    end = dt.datetime(2026, 3, 8, 20, 15, tzinfo=UTC)
    alert = make_alert(run, start=start, end=end,
                       timeline=[_event(start, "E1"), _event(end, "E2")])
    client.force_login(analysts[0])
    page = client.get(f"/monitoring/meldingen/{alert.pk}/").content.decode()
    assert "08-03-2026 18:50" in page and "08-03-2026 21:15" in page
    assert "17:50" not in page and "20:15" not in page
    assert "2026-03-08" not in page
    queue = client.get("/monitoring/meldingen/").content.decode()
    assert "08-03-2026 18:50" in queue and "08-03-2026 21:15" in queue


def test_times_across_the_dst_change_are_hand_computed(client, run, analysts):
    # Summer time starts on Sunday 29 March 2026 at 01:00 UTC (02:00 CET becomes 03:00 CEST).
    before = dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC)   # 01:30 CET
    after = dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)    # 03:30 CEST
    late = dt.datetime(2026, 3, 30, 17, 50, tzinfo=UTC)    # 19:50 CEST
    alert = make_alert(run, start=before, end=late,
                       timeline=[_event(before, "E1"), _event(after, "E2"),
                                 _event(late, "E3")])
    client.force_login(analysts[0])
    page = client.get(f"/monitoring/meldingen/{alert.pk}/").content.decode()
    for shown in ("29-03-2026 01:30", "29-03-2026 03:30", "30-03-2026 19:50"):
        assert shown in page
    assert display.format_time("2026-03-29T01:30:00+00:00") == "29-03-2026 03:30"
    assert display.format_time(dt.datetime(2026, 1, 15, 23, 30, tzinfo=UTC)) == "16-01-2026 00:30"
    assert display.format_time(None) == "—" and display.format_time("onzin") == "—"


def test_reveal_requests_and_imports_show_local_time(client, run, analysts):
    alert = make_alert(run, start=dt.datetime(2026, 7, 1, 10, 0, tzinfo=UTC),
                       end=dt.datetime(2026, 7, 1, 11, 0, tzinfo=UTC))
    req = RevealRequest.objects.create(alert=alert, requested_by=analysts[0],
                                       reason="Een goede reden voor inzage.")
    RevealRequest.objects.filter(pk=req.pk).update(
        requested_at=dt.datetime(2026, 7, 1, 22, 5, tzinfo=UTC))     # 00:05 CEST next day
    ImportRun.objects.filter(pk=run.pk).update(
        started_at=dt.datetime(2026, 12, 31, 23, 10, tzinfo=UTC))    # 00:10 CET, new year
    client.force_login(analysts[1])
    assert "02-07-2026 00:05" in client.get(f"/monitoring/meldingen/{alert.pk}/").content.decode()
    assert "01-01-2027 00:10" in client.get("/monitoring/import/").content.decode()


def _last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 31)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


@given(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2037, 12, 31),
                    timezones=st.just(UTC)))
@settings(max_examples=300, deadline=None)
def test_format_is_always_amsterdam_with_the_eu_summer_time_rule(moment):
    """EU rule: summer time from the last Sunday of March 01:00 UTC to the last Sunday of October
    01:00 UTC; offset +2 in summer, +1 otherwise."""
    shown = display.format_time(moment)
    assert re.fullmatch(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", shown)
    start = dt.datetime.combine(_last_sunday(moment.year, 3), dt.time(1), tzinfo=UTC)
    end = dt.datetime.combine(_last_sunday(moment.year, 10), dt.time(1), tzinfo=UTC)
    offset = 2 if start <= moment < end else 1
    expected = (moment + dt.timedelta(hours=offset)).strftime("%d-%m-%Y %H:%M")
    assert shown == expected
    assert display.format_time(moment.isoformat()) == expected


# -- 2. the pseudonym and the revealed person are one and the same ------------------------------

def _approve(alert, soc1, soc2):
    services.decide_reveal(soc2, services.request_reveal(
        soc1, alert, "Patroon wijst op raadplegen van buren."), approve=True)


def test_reveal_never_shows_someone_of_another_team(org, run, analysts):
    """The contract says the user is in 'Basisteam A'; VIK has that personnel number in the VIK
    team. That is not the same person: the reveal says so instead of naming him."""
    soc1, soc2 = analysts
    EmployeeFactory(personnel_number="P777001", unit=org.vik_a)
    alert = make_alert(run, user_ref="P777001", unit=org.patrol.name,
                       start=timezone.now(), end=timezone.now())
    _approve(alert, soc1, soc2)
    identity = services.revealed_identity(soc1, alert)
    assert identity["employee"] is None
    assert "Basisteam A" in identity["problem"] and "VIK Noord" in identity["problem"]
    services.record_verdict(soc1, alert, verdict="misuse_intentional", reason=WHY)
    with pytest.raises(DomainError, match="team"):
        services.confirm_to_signal(soc1, alert)


def test_reveal_shows_the_person_of_the_pseudonymised_team(client, org, run, analysts):
    soc1, soc2 = analysts
    person = EmployeeFactory(personnel_number="P777002", unit=org.patrol, surname="Vermeulen")
    alert = make_alert(run, user_ref="P777002", unit=org.patrol.code,
                       start=timezone.now(), end=timezone.now())
    _approve(alert, soc1, soc2)
    identity = services.revealed_identity(soc1, alert)
    assert identity["employee"] == person and not identity["problem"]
    client.force_login(soc1)
    page = client.get(f"/monitoring/meldingen/{alert.pk}/").content.decode()
    assert "Vermeulen" in page and alert.pseudonym in page


def test_unknown_employee_is_said_not_guessed(client, org, run, analysts):
    soc1, soc2 = analysts
    alert = make_alert(run, user_ref="U999999", unit=org.patrol.name,
                       start=timezone.now(), end=timezone.now())
    _approve(alert, soc1, soc2)
    client.force_login(soc2)
    page = client.get(f"/monitoring/meldingen/{alert.pk}/").content.decode()
    assert "U999999" in page and "niet bekend in VIK" in page


def test_demo_world_alerts_name_the_team_of_the_vik_employee(org, settings, tmp_path):
    """The demo renumbers the generated staff to VIK personnel numbers; the team the alert shows
    must then be that employee's team, or the number must be unknown to VIK."""
    from vik.accounts.models import Employee
    from vik.monitoring import demo

    settings.VIK_MONITOR_DATA_ROOT = tmp_path
    EmployeeFactory.create_batch(40, unit=org.patrol)
    assert demo.seed()
    alerts = list(Alert.objects.all())
    assert alerts
    known = 0
    for alert in alerts:
        employee = Employee.objects.filter(personnel_number=alert.user_ref).first()
        if employee is not None:
            known += 1
            assert alert.unit in (employee.unit.name, employee.unit.code), alert.user_ref
    assert known > 0


# -- 3. Dutch labels for every code -------------------------------------------------------------

def _emitted_rule_codes() -> set[str]:
    codes = {rule.code for rule in RULES}
    source = (Path(__file__).parents[2] / "src/pmengine/alerts.py").read_text()
    codes |= set(re.findall(r'rules\.append\("([A-Z_]+)"\)', source))
    return codes


def test_every_engine_code_has_a_dutch_label_and_explanation():
    codes = _emitted_rule_codes()
    assert "PRIOR_MISUSE" in codes and "COLLEAGUE_HOME" in codes
    assert codes <= set(display.RULES), codes - set(display.RULES)
    assert set(ACTIONS) <= set(display.ACTIONS)
    assert set(SUBJECT_TYPES) <= set(display.SUBJECT_TYPES)
    for code in codes:
        label, explanation = display.RULES[code]
        assert label and explanation.endswith(".") and code not in str(label)


def test_alert_pages_show_labels_not_codes(client, run, analysts):
    start = dt.datetime(2026, 3, 8, 17, 50, tzinfo=UTC)
    alert = make_alert(run, start=start, end=start, timeline=[_event(start, "E1")])
    client.force_login(analysts[0])
    for url in (f"/monitoring/meldingen/{alert.pk}/", "/monitoring/meldingen/"):
        page = client.get(url).content.decode()
        assert "COLLEAGUE_HOME" not in page and "OFF_DUTY" not in page
        assert "Adres of voertuig van een collega" in page and "Buiten dienst" in page
    page = client.get(f"/monitoring/meldingen/{alert.pk}/").content.decode()
    assert "Inzien" in page and "Persoon" in page and ">view<" not in page


def test_audit_descriptions_are_dutch_even_for_an_english_user(client, run, analysts):
    alert = make_alert(run, start=timezone.now(), end=timezone.now())
    client.force_login(analysts[0])
    with translation.override("en"):
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
        client.get("/monitoring/meldingen/")
        services.request_reveal(analysts[0], alert, "Patroon wijst op raadplegen van buren.")
    summaries = set(AuditEvent.objects.values_list("summary", flat=True))
    assert "Meldingenwachtrij geopend" in summaries
    assert any(s.startswith("Verzoek identiteit onthullen, reden: ") for s in summaries)
    assert not {s for s in summaries if "opened" in s or "request" in s.lower()}


def test_refusals_are_described_in_dutch(client, org, run):
    client.force_login(org.triage)
    client.get("/monitoring/meldingen/")
    denied = AuditEvent.objects.filter(action="denied").values_list("summary", flat=True)
    assert denied and all("monitoring." not in s for s in denied)


# -- 4. following the signal one started --------------------------------------------------------

def test_analyst_follows_the_status_of_the_signal_he_started(client, org, run, analysts):
    soc1, soc2 = analysts
    EmployeeFactory(personnel_number="P777003", unit=org.patrol)
    alert = make_alert(run, user_ref="P777003", unit=org.patrol.name,
                       start=timezone.now(), end=timezone.now())
    services.record_verdict(soc1, alert, verdict="misuse_intentional", reason=WHY)
    _approve(alert, soc1, soc2)
    signal = services.confirm_to_signal(soc1, alert)
    client.force_login(soc1)
    page = client.get(f"/monitoring/meldingen/{alert.pk}/").content.decode()
    assert signal.reference in page and "Nieuw, wacht op triage" in page
    signal.status = signal.Status.TRIAGED
    signal.save(update_fields=["status"])
    page = client.get(f"/monitoring/meldingen/{alert.pk}/").content.decode()
    assert "Getrieerd" in page
    # the second analyst did not start it and has no right to the signal: no status
    client.force_login(soc2)
    page = client.get(f"/monitoring/meldingen/{alert.pk}/").content.decode()
    assert signal.reference in page and "Getrieerd" not in page
    from vik.monitoring.selectors import signal_status
    assert signal_status(soc2, alert) is None
    assert signal_status(org.nobody, alert) is None
    assert signal_status(soc1, alert)["status"] == "Getrieerd"


# -- 7. post/redirect/get -----------------------------------------------------------------------

def test_every_successful_post_redirects(client, org, run, analysts):
    soc1, soc2 = analysts
    EmployeeFactory(personnel_number="P777004", unit=org.patrol)
    alert = make_alert(run, user_ref="P777004", unit=org.patrol.name,
                       start=timezone.now(), end=timezone.now())
    url = f"/monitoring/meldingen/{alert.pk}/"
    client.force_login(soc1)
    response = client.post(url + "verdict/", {"verdict": "misuse_intentional", "reason": WHY, "scope": "events"})
    assert response.status_code == 302 and response["Location"] == url
    response = client.post(url + "reveal/", {"reason": "Bevestigd misbruik, voor de triage."})
    assert response.status_code == 302
    assert RevealRequest.objects.filter(alert=alert).count() == 1
    client.force_login(soc2)
    req = RevealRequest.objects.get(alert=alert)
    response = client.post(url + "decide/", {"request_id": req.pk, "approve": "1", "note": ""})
    assert response.status_code == 302
    client.force_login(soc1)
    response = client.post(url + "signal/")
    assert response.status_code == 302 and response["Location"] == url
    alert.refresh_from_db()
    assert alert.signal is not None
    # a second POST (a reload that resends) changes nothing and does not fail
    again = client.post(url + "signal/")
    assert again.status_code == 302
    assert RevealRequest.objects.filter(alert=alert).count() == 1


def test_english_user_sees_english_labels(client, run, analysts):
    alert = make_alert(run, start=timezone.now(), end=timezone.now())
    client.force_login(analysts[0])
    client.cookies["django_language"] = "en"
    try:
        page = client.get(f"/monitoring/meldingen/{alert.pk}/").content.decode()
    finally:
        translation.deactivate()  # the middleware leaves English active in the test thread
    assert "Off duty" in page




def test_evidence_for_triage_carries_amsterdam_times_and_labels(org, run, analysts):
    import json

    soc1, soc2 = analysts
    EmployeeFactory(personnel_number="P777005", unit=org.patrol)
    start = dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST
    alert = make_alert(run, user_ref="P777005", unit=org.patrol.name, start=start, end=start,
                       timeline=[_event(start, "E1")])
    services.record_verdict(soc1, alert, verdict="misuse_intentional", reason=WHY)
    _approve(alert, soc1, soc2)
    with translation.override("en"):  # the analyst works in English; the signal stays Dutch
        signal = services.confirm_to_signal(soc1, alert)
    evidence = json.loads(signal.attachments.get().file.read())
    assert evidence["start"] == "2026-03-29T03:30:00+02:00"
    assert evidence["period"] == "29-03-2026 03:30 – 29-03-2026 03:30"
    assert evidence["timeline"][0]["tijdstip"] == "29-03-2026 03:30"
    assert "Adres of voertuig van een collega" in signal.description
    assert "COLLEAGUE_HOME" not in signal.description

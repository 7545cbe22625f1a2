"""Issue 13, part 5: detection at individual level stays off until a recorded decision switches it
on (prevention mode: aggregates per unit only); only administrators and policy staff record the
decision; verdicts distinguish legitimate, unintentional and intentional misuse."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from pmengine.generate import generate
from tests.factories import UserFactory
from tests.migrations import migrate
from vik import policy
from vik.accounts.models import Role
from vik.audit.models import AuditEvent
from vik.core.errors import DomainError, PermissionDeniedError
from vik.core.tasks import collect
from vik.monitoring import services
from vik.monitoring.models import Alert, DetectionDecision, ImportRun, RevealRequest, UnitFigures

WHY = "Opvraging zonder werkopdracht."  # the reason of a misuse verdict

DECISION = {"decided_on": dt.date(2026, 2, 2), "body": "Centrale Ondernemingsraad",
            "reference": "COR-2026-011", "note": "Instemming na advies."}


@pytest.fixture
def world(settings, tmp_path):
    settings.VIK_MONITOR_DATA_ROOT = tmp_path
    generate(tmp_path / "week1", 60, 1, 3, "csv")
    return tmp_path


@pytest.fixture
def analysts(org):
    return (UserFactory(username="soc1", roles=[Role.SOC_ANALYST]),
            UserFactory(username="soc2", roles=[Role.SOC_ANALYST]))


def _import(actor) -> ImportRun:
    run = services.start_import(actor, services.resolve_data_dir("week1"), background=False)
    assert run.state == ImportRun.State.DONE, run.message
    return run


# -- prevention mode until a decision ---------------------------------------------------------


def test_without_a_decision_an_import_stores_aggregates_only(prevention_mode, world, analysts):
    """Failing before: every import stored alerts with pseudonyms, whatever was decided."""
    assert not services.detection_enabled()
    run = _import(analysts[0])
    assert run.mode == ImportRun.Mode.PREVENTION and run.decision is None
    assert not Alert.objects.exists()
    figures = list(UnitFigures.objects.filter(run=run))
    assert figures and sum(f.user_days for f in figures) == run.user_days
    assert sum(f.lookups for f in figures) == run.lookups
    assert sum(f.alerts for f in figures) == run.alert_count > 0
    assert run.period_start and run.period_end and run.period_start <= run.period_end


def test_the_queue_and_an_alert_refuse_clearly_in_prevention_mode(prevention_mode, client, world,
                                                                     analysts):
    _import(analysts[0])
    client.force_login(analysts[0])
    queue = client.get("/monitoring/meldingen/")
    assert queue.status_code == 403
    assert "Detectie op individueel niveau staat uit" in queue.text
    assert client.get("/monitoring/meldingen/1/").status_code == 403
    assert client.post("/monitoring/meldingen/1/reveal/", {"reason": "Nodig voor onderzoek"}).status_code == 403
    assert AuditEvent.objects.filter(summary__contains="preventiemodus").exists()


def test_the_monitoring_pages_say_prevention_mode_in_dutch(prevention_mode, client, world, analysts, org):
    run = _import(analysts[0])
    client.force_login(analysts[0])
    for url in ("/monitoring/", "/monitoring/import/", f"/monitoring/import/{run.pk}/"):
        page = client.get(url)
        assert page.status_code == 200
        assert "Preventiemodus: detectie op individueel niveau staat uit." in page.text, url
    prevention = client.get("/monitoring/").text
    assert "M-" not in prevention  # no pseudonym anywhere
    client.force_login(org.policy)
    assert "Besluiten over detectie" in client.get("/monitoring/").text


def test_the_banner_in_english(prevention_mode, client, analysts):
    client.force_login(analysts[0])
    client.cookies["django_language"] = "en"
    try:
        page = client.get("/monitoring/")
    finally:
        translation.deactivate()  # the middleware leaves English active in the test thread
    assert "Prevention mode: detection at individual level is off." in page.text


def test_services_refuse_individual_work_in_prevention_mode(prevention_mode, db, analysts):
    run = ImportRun.objects.create(data_dir="x", state=ImportRun.State.DONE)
    alert = Alert.objects.create(run=run, alert_id="A1", rank=1, user_ref="U1", pseudonym="M-1",
                                 start=timezone.now(), end=timezone.now(), score=1.0,
                                 explanation="x")
    with pytest.raises(DomainError, match="staat uit"):
        services.request_reveal(analysts[0], alert, "Een reden van genoeg lengte")
    with pytest.raises(DomainError, match="staat uit"):
        services.record_verdict(analysts[0], alert, verdict="legitimate", reason="Hoorde bij werk")
    assert services.revealed_identity(analysts[0], alert) is None


# -- the decision ----------------------------------------------------------------------------


def test_an_administrator_records_the_decision(prevention_mode, org):
    actor = org.admin
    decision = services.record_detection_decision(actor, enabled=True, **DECISION)
    assert services.detection_enabled() and services.current_decision() == decision
    assert decision.recorded_by == actor
    assert AuditEvent.objects.filter(object_type="monitoring.detectiondecision").exists()


@pytest.mark.parametrize("who", ["soc", "triage", "nobody", "auditor", "policy"])
def test_others_cannot_record_it(prevention_mode, org, analysts, who):
    actor = analysts[0] if who == "soc" else getattr(org, who)
    assert not policy.can(actor, "monitoring.govern")
    with pytest.raises(PermissionDeniedError):
        services.record_detection_decision(actor, enabled=True, **DECISION)
    assert not DetectionDecision.objects.exists()


def test_the_governance_page_per_role(prevention_mode, client, org, analysts):
    for user, status in ((org.policy, 200), (org.admin, 200), (analysts[0], 404), (org.triage, 404)):
        client.force_login(user)
        assert client.get("/monitoring/besluiten/").status_code == status, user.username
    client.force_login(analysts[0])
    refused = client.post("/monitoring/besluiten/", {"enabled": "1", **DECISION})
    assert refused.status_code == 404 and not DetectionDecision.objects.exists()
    # Tester t40: policy staff (a password, no second factor) switched detection on; they read
    # the decisions, a functional administrator records them.
    client.force_login(org.policy)
    page = client.get("/monitoring/besluiten/")
    assert page.status_code == 200 and page.context["form"] is None and "functioneel beheerder" in page.text
    assert client.post("/monitoring/besluiten/", {"enabled": "1", **DECISION}).status_code in (403, 404)
    assert not DetectionDecision.objects.exists()
    with pytest.raises(PermissionDeniedError):
        services.record_detection_decision(org.policy, enabled=True, **DECISION)


def test_recording_on_the_page_redirects_and_keeps_the_history(prevention_mode, client, org):
    client.force_login(org.admin)
    menu = client.get("/").text
    assert 'href="/monitoring/besluiten/"' in menu
    response = client.post("/monitoring/besluiten/", {"enabled": "1", **DECISION})
    assert response.status_code == 302 and response.url == "/monitoring/besluiten/"
    off = {**DECISION, "reference": "COR-2026-020", "decided_on": "2026-03-01"}
    assert client.post("/monitoring/besluiten/", {"enabled": "0", **off}).status_code == 302
    page = client.get("/monitoring/besluiten/").text
    assert "COR-2026-011" in page and "COR-2026-020" in page
    assert [d.enabled for d in DetectionDecision.objects.all()] == [False, True]
    assert not services.detection_enabled()


@pytest.mark.parametrize("data,field", [
    ({"decided_on": "2999-01-01"}, "decided_on"),
    ({"decided_on": "gisteren"}, "decided_on"),
    ({"body": ""}, "body"),
    ({"reference": ""}, "reference"),
    ({"enabled": "misschien"}, "enabled"),
])
def test_a_wrong_decision_is_a_dutch_form_error(prevention_mode, client, org, data, field):
    client.force_login(org.admin)
    response = client.post("/monitoring/besluiten/", {"enabled": "1", **DECISION, **data})
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not DetectionDecision.objects.exists()


def test_switching_on_twice_is_refused(prevention_mode, org):
    services.record_detection_decision(org.admin, enabled=True, **DECISION)
    with pytest.raises(DomainError, match="staat al aan"):
        services.record_detection_decision(org.admin, enabled=True, **DECISION)
    with pytest.raises(ValidationError):
        services.record_detection_decision(org.admin, enabled=False, decided_on=None, body="",
                                           reference="")


def test_a_decision_is_append_only(prevention_mode, org):
    decision = services.record_detection_decision(org.admin, enabled=True, **DECISION)
    decision.reference = "ANDERS"
    with pytest.raises(ValueError):
        decision.save()
    with pytest.raises(ValueError):
        decision.delete()


def test_after_the_decision_an_import_detects_and_switching_off_locks_its_alerts(
        prevention_mode, client, world, analysts, org):
    soc1, soc2 = analysts
    decision = services.record_detection_decision(org.admin, enabled=True, **DECISION)
    run = _import(soc1)
    assert run.mode == ImportRun.Mode.DETECTION and run.decision == decision
    alert = run.alerts.order_by("rank").first()
    assert alert is not None and run.unit_figures.exists()
    services.request_reveal(soc1, alert, "Nodig om het gesprek voor te bereiden")
    assert collect(soc2, timezone.localdate())
    client.force_login(soc1)
    assert client.get("/monitoring/meldingen/").status_code == 200
    services.record_detection_decision(org.admin, enabled=False, decided_on=dt.date(2026, 3, 1),
                                       body="Centrale Ondernemingsraad", reference="COR-2026-020")
    # Earlier alerts stay stored (evidence, audit trail) but nobody reaches them.
    assert Alert.objects.filter(pk=alert.pk).exists()
    assert client.get("/monitoring/meldingen/").status_code == 403
    assert client.get(f"/monitoring/meldingen/{alert.pk}/").status_code == 403
    assert not [t for t in collect(soc2, timezone.localdate()) if t.kind == "reveal"]
    req = RevealRequest.objects.get()
    with pytest.raises(DomainError):
        services.decide_reveal(soc2, req, approve=True)
    # The prevention view still shows the run's aggregates.
    assert client.get("/monitoring/").status_code == 200


# -- three kinds of verdict --------------------------------------------------------------------


def _alert(run, n=1, user_ref="U1"):
    return Alert.objects.create(run=run, alert_id=f"A{n}", rank=n, user_ref=user_ref,
                                pseudonym=services.pseudonym(user_ref), start=timezone.now(),
                                end=timezone.now(), score=1.0, explanation="x", event_ids=[f"E{n}"])


def test_verdicts_distinguish_unintentional_and_intentional_misuse(db, analysts):
    run = ImportRun.objects.create(data_dir="x", state=ImportRun.State.DONE)
    unknowing, deliberate, fine = _alert(run, 1), _alert(run, 2), _alert(run, 3)
    services.record_verdict(analysts[0], unknowing, verdict="misuse_unintentional",
                            reason="Kende de regel over buren niet")
    services.record_verdict(analysts[0], deliberate, verdict="misuse_intentional", reason=WHY)
    services.record_verdict(analysts[0], fine, verdict="legitimate", reason="Hoorde bij het werk")
    assert unknowing.get_state_display() == "Onbedoeld misbruik (regel niet gekend)"
    with pytest.raises(ValidationError):
        services.record_verdict(analysts[0], fine, verdict="misuse", reason=WHY)
    # The engine's feedback knows one kind of misuse.
    kinds = sorted(v.verdict for v in services.stored_verdicts())
    assert kinds == ["legitimate", "misuse", "misuse"]


def test_the_verdict_form_offers_the_three_kinds(client, db, analysts):
    run = ImportRun.objects.create(data_dir="x", state=ImportRun.State.DONE)
    alert = _alert(run)
    client.force_login(analysts[0])
    page = client.get(f"/monitoring/meldingen/{alert.pk}/").text
    assert "Onbedoeld misbruik (de medewerker kende de regel niet)" in page
    assert "Opzettelijk misbruik" in page
    response = client.post(f"/monitoring/meldingen/{alert.pk}/verdict/",
                           {"verdict": "misuse_unintentional", "reason": WHY, "scope": "events"})
    assert response.status_code == 302
    assert Alert.objects.get(pk=alert.pk).state == Alert.State.MISUSE_UNINTENTIONAL



def test_an_earlier_misuse_verdict_becomes_intentional_and_back(transactional_db, prevention_mode):
    before = [("monitoring", "0002_import_heartbeat")]
    try:
        old = migrate(before)
        OldRun, OldAlert = old.get_model("monitoring", "ImportRun"), old.get_model("monitoring", "Alert")
        run = OldRun.objects.create(data_dir="x", state="done")
        now = timezone.now()
        for n, state in enumerate(["misuse", "legitimate", "open"]):
            OldAlert.objects.create(run=run, alert_id=f"A{n}", rank=n + 1, user_ref="U1",
                                    pseudonym="M-1", start=now, end=now, score=1.0,
                                    explanation="x", state=state)
    finally:
        migrate(None)  # 0003 and every later migration
    assert sorted(Alert.objects.values_list("state", flat=True)) == [
        "legitimate", "misuse_intentional", "open"]
    assert ImportRun.objects.get().mode == ImportRun.Mode.DETECTION
    try:
        old = migrate(before)
        assert sorted(old.get_model("monitoring", "Alert").objects.values_list("state", flat=True)) == [
            "legitimate", "misuse", "open"]
    finally:
        migrate(None)  # 0003 and every later migration


def test_the_import_command_says_prevention_mode(prevention_mode, db, world):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("monitor_import", str(world / "week1"), stdout=out)
    assert "Preventiemodus" in out.getvalue()
    assert not Alert.objects.exists() and UnitFigures.objects.exists()


def test_a_decision_cannot_be_dated_before_the_one_in_force(prevention_mode, org):
    """Tester t6: an "on" dated 01-11 recorded after an "off" of 30-11 switched detection on with
    a history out of order."""
    today = timezone.localdate()
    services.record_detection_decision(org.admin, enabled=True, decided_on=today - dt.timedelta(days=40),
                                       body="COR", reference="COR-1")
    services.record_detection_decision(org.admin, enabled=False, decided_on=today, body="COR",
                                       reference="COR-2")
    with pytest.raises(ValidationError) as exc:
        services.record_detection_decision(org.admin, enabled=True, decided_on=today - dt.timedelta(days=29),
                                           body="COR", reference="COR-OUD")
    assert "nu geldt" in exc.value.message_dict["decided_on"][0]
    assert not services.detection_enabled()
    services.record_detection_decision(org.admin, enabled=True, decided_on=today, body="COR", reference="COR-3")
    assert services.detection_enabled()


def test_the_week_analysed_in_prevention_mode_is_analysed_again_once_detection_is_on(
        prevention_mode, world, analysts, org, client):
    """The queue tells to import again after detection is switched on; the same files in the
    same mode are refused (tester t40), in the other mode they are not, and the new run replaces
    the earlier one in the figures across runs."""
    from vik.monitoring import selectors

    first = _import(analysts[0])
    with pytest.raises(DomainError, match="al ingelezen"):
        _import(analysts[0])
    services.record_detection_decision(org.admin, enabled=True, **DECISION)
    second = _import(analysts[0])
    assert second.mode == ImportRun.Mode.DETECTION and list(selectors.counted_runs()) == [second]
    runs = ImportRun.objects.exclude(pk__in=[first.pk, second.pk])
    assert not runs.exists()
    # A failed import shows no count of alerts; the alert's heading is its own number, not its rank.
    ImportRun.objects.create(data_dir="kapot", state=ImportRun.State.FAILED, started_by=analysts[0])
    client.force_login(analysts[0])
    rows = client.get("/monitoring/import/").content.decode()
    assert "<td>Mislukt</td><td>—</td>" in rows
    alert = second.alerts.order_by("rank").last()
    page = client.get(f"/monitoring/meldingen/{alert.pk}/").content.decode()
    assert f"Melding {alert.pk} —" in page and f"Nummer {alert.rank} in de rangorde" in page

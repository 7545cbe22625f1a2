"""Issue 12 (t11): a punishment follows the report, a written voornemen and the betrokkene's
zienswijze or the end of its term (BARP art. 80) — the substance, not only the step labels — and
the betrokkene follows his own case ("Mijn zaak") after the aanzegging, never in the criminal
track."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.case_steps import PDF, add_report, approve_plan, reopen
from tests.conftest import a_tuesday_morning
from tests.factories import UserFactory
from vik.audit.models import AuditEvent
from vik.core.errors import DomainError, PermissionDeniedError
from vik.core.workdays import add_working_days, is_working_day, working_day_on_or_after, working_days_between
from vik.investigations import services as inv
from vik.investigations.models import Case, Hearing, Outcome, Step, Voornemen
from vik.tasks.selectors import my_tasks

_reopen = reopen
_report_document = add_report


def _to_report(org, case, weeks_ago=12):
    """Commission, plan, aanzegging, a held hearing and the report, all well in the past."""
    case = _reopen(case, weeks_ago)
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on + dt.timedelta(days=1))
    held = a_tuesday_morning(weeks_ago=weeks_ago - 2)
    inv.record_aanzegging(org.investigator, case, held, care_offered=True)
    day = timezone.localtime(held).date()
    hearing = inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING, invited_on=day,
                               scheduled_at=timezone.make_aware(dt.datetime.combine(
                                   add_working_days(day, 6), dt.time(10))))
    inv.record_hearing_held(org.investigator, hearing, "Betrokkene gehoord.")
    _report_document(org, case)
    inv.advance(org.investigator, case, Step.REPORT, add_working_days(day, 10))
    case.refresh_from_db()
    return case


def _reprimand(on, measure="reprimand", conditional=False):
    return inv.DecisionInput(outcome=Outcome.BREACH_MEASURE, measure=measure, conditional=conditional,
                             reasoning="Bewezen raadpleging zonder werkopdracht; berisping passend.",
                             decided_on=on)


def _voornemen(org, case, sent_on, measure="reprimand", conditional=False):
    return inv.record_voornemen(org.authority, case, inv.VoornemenInput(
        measure=measure, conditional=conditional, sent_on=sent_on, term_passed_confirmed=True,
        grounds="Bewezen geacht: raadpleging van de buurman in BVH zonder werkopdracht."))


# --------------------------------------------------------------------- the t11 example, refused

def test_the_report_step_needs_the_report_itself(org, disciplinary_case):
    """t11: 'Rapportage' was recorded with no report anywhere; now the report document is asked."""
    case = _reopen(disciplinary_case, 12)
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on + dt.timedelta(days=1))
    inv.record_aanzegging(org.investigator, case, a_tuesday_morning(weeks_ago=8), care_offered=True)
    with pytest.raises(ValidationError) as exc:
        inv.advance(org.investigator, case, Step.REPORT, timezone.localdate())
    assert "onderzoeksrapport" in exc.value.message_dict["step"][0]
    # Another document (a note) is not the report.
    inv.upload_document(org.investigator, case, title="Notitie",
                        upload=SimpleUploadedFile("notitie.pdf", PDF))
    with pytest.raises(ValidationError):
        inv.advance(org.investigator, case, Step.REPORT, timezone.localdate())
    _report_document(org, case)
    inv.advance(org.investigator, case, Step.REPORT, timezone.localdate())
    case.refresh_from_db()
    assert case.status.step == Step.REPORT


def test_the_zienswijze_step_is_not_a_label_to_tick(org, disciplinary_case):
    case = _to_report(org, disciplinary_case)
    with pytest.raises(DomainError):
        inv.advance(org.investigator, case, Step.ZIENSWIJZE, timezone.localdate())


def test_a_punishment_without_voornemen_is_refused(org, disciplinary_case):
    """t11: a written reprimand was decided with no voornemen and no zienswijze term."""
    case = _to_report(org, disciplinary_case)
    with pytest.raises(ValidationError) as exc:
        inv.record_decision(org.authority, case, _reprimand(timezone.localdate()))
    assert "voornemen" in " ".join(exc.value.message_dict["outcome"])
    assert not hasattr(Case.objects.get(pk=case.pk), "decision")


def test_no_breach_needs_no_voornemen(org, disciplinary_case):
    case = _to_report(org, disciplinary_case)
    decision = inv.record_decision(org.authority, case, inv.DecisionInput(
        outcome=Outcome.NO_BREACH, reasoning="Raadpleging bleek werkgerelateerd, geen verzuim.",
        decided_on=timezone.localdate()))
    assert decision.outcome == Outcome.NO_BREACH


def test_voornemen_starts_the_term_and_the_step(org, disciplinary_case):
    case = _to_report(org, disciplinary_case)
    sent = add_working_days(case.status_since, 2)
    voornemen = _voornemen(org, case, sent)
    case.refresh_from_db()
    assert case.status.step == Step.ZIENSWIJZE and case.status_since == sent
    assert voornemen.term_days == case.case_type.zienswijze_term_days == 10
    assert voornemen.term_ends_on == add_working_days(sent, 10)
    assert AuditEvent.objects.filter(object_id=str(case.pk), summary__icontains="voornemen").exists()


def test_only_the_authority_sends_a_voornemen_after_the_report(org, disciplinary_case):
    case = _reopen(disciplinary_case, 12)
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on + dt.timedelta(days=1))
    inv.record_aanzegging(org.investigator, case, a_tuesday_morning(weeks_ago=8), care_offered=True)
    with pytest.raises(DomainError):  # no report yet
        _voornemen(org, case, timezone.localdate())
    _report_document(org, case)
    inv.advance(org.investigator, case, Step.REPORT, timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(PermissionDeniedError):
        inv.record_voornemen(org.investigator, case, inv.VoornemenInput(
            measure="reprimand", sent_on=timezone.localdate(), grounds="x" * 30))
    with pytest.raises(ValidationError) as exc:
        inv.record_voornemen(org.authority, case, inv.VoornemenInput(
            measure="", sent_on=timezone.localdate() + dt.timedelta(days=3), grounds="kort"))
    assert set(exc.value.message_dict) == {"measure", "grounds", "sent_on"}


def test_decision_waits_for_the_zienswijze_or_the_end_of_the_term(org, disciplinary_case):
    case = _to_report(org, disciplinary_case)
    sent = add_working_days(case.status_since, 1)
    voornemen = _voornemen(org, case, sent)
    assert voornemen.term_ends_on < timezone.localdate()  # the term lies in the past here
    # On the last day of the term: still running.
    with pytest.raises(ValidationError) as exc:
        inv.record_decision(org.authority, case, _reprimand(voornemen.term_ends_on))
    assert voornemen.term_ends_on.strftime("%d-%m-%Y") in " ".join(exc.value.message_dict["outcome"])
    # The day after the term: decided without a zienswijze.
    after = voornemen.term_ends_on + dt.timedelta(days=1)
    decision = inv.record_decision(org.authority, case, _reprimand(after))
    assert decision.measure == "reprimand"


def test_after_the_zienswijze_the_authority_may_decide_but_not_before_it(org, disciplinary_case):
    case = _to_report(org, disciplinary_case)
    sent = add_working_days(case.status_since, 1)
    voornemen = _voornemen(org, case, sent)
    answered = add_working_days(sent, 3)
    inv.record_zienswijze(org.investigator, voornemen, response=Voornemen.Response.WRITTEN,
                          received_on=answered, text="Ik betreur het; het was een eenmalige fout.")
    with pytest.raises(ValidationError) as exc:
        inv.record_decision(org.authority, case, _reprimand(answered - dt.timedelta(days=1)))
    assert "decided_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # before the zienswijze and before the voornemen
        inv.record_decision(org.authority, case, _reprimand(sent - dt.timedelta(days=1)))
    assert len(exc.value.message_dict["decided_on"]) == 1  # one message per date (tester t13)
    assert inv.record_decision(org.authority, case, _reprimand(answered)).measure == "reprimand"


def test_the_zienswijze_or_the_decision_ends_the_pause_for_the_term(org, disciplinary_case):
    """Tester t13: the clock stood still "Termijn voor zienswijze loopt" after the zienswijze was in
    and after the decision; the pause ends on that day and the deadline moves by its working days."""
    from vik.investigations.models import DelayReason

    case = _to_report(org, disciplinary_case)
    sent = add_working_days(case.status_since, 1)
    voornemen = _voornemen(org, case, sent)
    inv.pause_clock(org.investigator, case, DelayReason.objects.get(code="zienswijze_term"), sent)
    deadline = Case.objects.get(pk=case.pk).deadline
    answered = add_working_days(sent, 3)
    inv.record_zienswijze(org.investigator, voornemen, response=Voornemen.Response.WRITTEN,
                          received_on=answered, text="Ik betreur het; het was een eenmalige fout.")
    assert case.pauses.get().ended_on == answered
    assert Case.objects.get(pk=case.pk).deadline == add_working_days(deadline, 3)


def test_the_user_is_told_that_the_clock_runs_again(org, disciplinary_case, client):
    """Tester t14: the pause ended silently when the zienswijze was recorded."""
    from vik.investigations.models import DelayReason

    case = _to_report(org, disciplinary_case)
    sent = add_working_days(case.status_since, 1)
    voornemen = _voornemen(org, case, sent)
    inv.pause_clock(org.investigator, case, DelayReason.objects.get(code="zienswijze_term"), sent)
    answered = add_working_days(sent, 2)
    client.force_login(org.investigator)
    response = client.post(f"/onderzoeken/{case.pk}/actie/zienswijze/", {
        "voornemen_id": voornemen.pk, "response": Voornemen.Response.WRITTEN,
        "received_on": answered.isoformat(), "text": "Ik betreur het; het was een eenmalige fout."}, follow=True)
    html = response.content.decode()
    assert "de doorlooptijd loopt weer vanaf " + answered.strftime("%d-%m-%Y") in html


def test_the_decision_ends_the_pause_when_the_term_passed_unanswered(org, disciplinary_case):
    from vik.investigations.models import DelayReason

    case = _to_report(org, disciplinary_case)
    sent = add_working_days(case.status_since, 1)
    voornemen = _voornemen(org, case, sent)
    inv.pause_clock(org.investigator, case, DelayReason.objects.get(code="zienswijze_term"), sent)
    after = voornemen.term_ends_on + dt.timedelta(days=1)
    inv.record_decision(org.authority, case, _reprimand(after))
    assert case.pauses.get().ended_on == after
    assert not case.pauses.filter(ended_on__isnull=True).exists()


def test_the_punishment_is_never_heavier_than_intended(org, disciplinary_case):
    case = _to_report(org, disciplinary_case)
    voornemen = _voornemen(org, case, add_working_days(case.status_since, 1), measure="fine",
                           conditional=True)
    inv.record_zienswijze(org.authority, voornemen, response=Voornemen.Response.WAIVED,
                          received_on=voornemen.sent_on)
    day = timezone.localdate()
    for measure, conditional in (("dismissal", True), ("fine", False)):  # heavier, and unconditional
        with pytest.raises(ValidationError) as exc:
            inv.record_decision(org.authority, case, _reprimand(day, measure, conditional))
        assert "zwaarder" in exc.value.message_dict["measure"][0]
    assert inv.record_decision(org.authority, case, _reprimand(day, "reprimand")).measure == "reprimand"


def test_a_zienswijze_is_recorded_once_and_not_before_the_voornemen(org, disciplinary_case):
    """Two tabs: the second recording gets a message and overwrites nothing."""
    case = _to_report(org, disciplinary_case)
    voornemen = _voornemen(org, case, add_working_days(case.status_since, 1))
    with pytest.raises(ValidationError) as exc:
        inv.record_zienswijze(org.investigator, voornemen, response=Voornemen.Response.ORAL,
                              received_on=voornemen.sent_on - dt.timedelta(days=1), text="")
    assert set(exc.value.message_dict) == {"text", "received_on"}
    stale = Voornemen.objects.get(pk=voornemen.pk)
    inv.record_zienswijze(org.investigator, voornemen, response=Voornemen.Response.ORAL,
                          received_on=voornemen.sent_on, text="Mondeling: spijt betuigd.")
    with pytest.raises(DomainError):
        inv.record_zienswijze(org.authority, stale, response=Voornemen.Response.WAIVED,
                              received_on=voornemen.sent_on)
    voornemen.refresh_from_db()
    assert voornemen.response == Voornemen.Response.ORAL


@settings(max_examples=40, deadline=None)
@given(sent=st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)), days=st.integers(1, 30))
def test_the_term_counts_working_days_and_ends_on_one(sent, days):
    """The zienswijze term ends on a working day, exactly `days` working days after sending
    (weekends and Dutch public holidays do not count), whatever the day it was sent."""
    end = add_working_days(sent, days)
    assert is_working_day(end)
    assert working_days_between(sent, end) == days


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(offset=st.integers(-5, 40))
def test_without_a_zienswijze_a_punishment_is_allowed_exactly_after_the_term(org, disciplinary_case,
                                                                             offset):
    from django.db import transaction

    with transaction.atomic():
        case = _to_report(org, Case.objects.get(pk=disciplinary_case.pk), weeks_ago=14)
        voornemen = _voornemen(org, case, add_working_days(case.status_since, 1))
        day = voornemen.sent_on + dt.timedelta(days=offset)
        if day > timezone.localdate():
            day = timezone.localdate()
        try:
            inv.record_decision(org.authority, case, _reprimand(day))
            allowed = True
        except ValidationError:
            allowed = False
        assert allowed == (day > voornemen.term_ends_on)
        transaction.set_rollback(True)


# ------------------------------------------------------------------------------- "Mijn zaak"

@pytest.fixture
def betrokkene(org):
    return UserFactory(username="betrokkene", employee=org.officer, roles=[])


def test_the_betrokkene_follows_his_case_only_after_the_aanzegging(org, disciplinary_case,
                                                                   betrokkene, client):
    from vik import policy

    case = disciplinary_case
    client.force_login(betrokkene)
    url = reverse("investigations:own", args=[case.pk])
    assert not policy.can(betrokkene, "case.own", case)
    assert client.get(url).status_code == 404  # not yet told: the case may still be secret
    case = _to_report(org, case)
    assert policy.can(betrokkene, "case.own", case)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert case.reference in html and "zonder werkopdracht" in html
    assert case.signal.description not in html  # not the signal, not the file
    assert "rapport.pdf" not in html
    # The case file itself stays closed to him.
    assert client.get(reverse("investigations:detail", args=[case.pk])).status_code == 404
    assert AuditEvent.objects.filter(actor=betrokkene, object_id=str(case.pk)).exists()


def test_others_and_the_criminal_track_never_see_it(org, disciplinary_case, betrokkene, client):
    from vik import policy
    from vik.investigations.models import Track

    case = _to_report(org, disciplinary_case)
    url = reverse("investigations:own", args=[case.pk])
    for user in (org.investigator, org.authority, org.manager, org.nobody):
        assert not policy.can(user, "case.own", case)
        client.force_login(user)
        assert client.get(url).status_code == 404
    Case.objects.filter(pk=case.pk).update(track=Track.CRIMINAL)
    case.refresh_from_db()
    assert not policy.can(betrokkene, "case.own", case)
    client.force_login(betrokkene)
    assert client.get(url).status_code == 404


def test_the_betrokkene_gets_a_task_and_gives_his_zienswijze_himself(org, disciplinary_case,
                                                                     betrokkene, client):
    case = _to_report(org, disciplinary_case, weeks_ago=4)
    voornemen = _voornemen(org, case, timezone.localdate())
    tasks = [t for t in my_tasks(betrokkene) if t.kind == "zienswijze"]
    assert [(t.reference, t.due) for t in tasks] == [(case.reference, voornemen.term_ends_on)]
    client.force_login(betrokkene)
    home = client.get(reverse("home")).content.decode()
    assert reverse("investigations:own", args=[case.pk]) in home
    url = reverse("investigations:own", args=[case.pk])
    # Too short: refused with a Dutch message, the text kept.
    response = client.post(url, {"text": "Nee."})
    assert response.status_code == 400
    assert "ten minste een zin" in response.content.decode() and "Nee." in response.content.decode()
    # A zienswijze and "ik zie af" at once: asked which, nothing recorded (tester t14).
    both = client.post(url, {"text": "Ik ben het er niet mee eens.", "waive": "on"})
    assert both.status_code == 400 and "Haal het vinkje weg" in both.content.decode()
    voornemen.refresh_from_db()
    assert voornemen.response_on is None
    response = client.post(url, {"text": "Ik heb de buurman opgezocht uit zorg; het spijt me."})
    assert response.status_code == 302
    voornemen.refresh_from_db()
    assert voornemen.response == Voornemen.Response.WRITTEN and voornemen.response_by == betrokkene
    assert voornemen.response_on == timezone.localdate()
    assert not [t for t in my_tasks(betrokkene) if t.kind == "zienswijze"]
    # Reload / second tab: a message, nothing overwritten.
    again = client.post(url, {"waive": "on"}, follow=True)
    assert "al vastgelegd" in again.content.decode()
    voornemen.refresh_from_db()
    assert voornemen.response == Voornemen.Response.WRITTEN
    # The investigators' case page shows it.
    client.force_login(org.investigator)
    assert "uit zorg" in client.get(reverse("investigations:detail", args=[case.pk])).content.decode()


@pytest.mark.parametrize("data", [{}, {"text": "x" * 20001}, {"waive": "maybe", "text": "\x00"},
                                  {"text": "<script>alert(1)</script> is mijn reactie"}])
def test_own_page_never_fails_on_input(org, disciplinary_case, betrokkene, client, data):
    case = _to_report(org, disciplinary_case, weeks_ago=4)
    _voornemen(org, case, timezone.localdate())
    client.force_login(betrokkene)
    response = client.post(reverse("investigations:own", args=[case.pk]), data)
    assert response.status_code in (302, 400)
    assert b"<script>alert" not in response.content


def test_a_backdated_voornemen_cannot_skip_the_term_unconfirmed(org, disciplinary_case):
    """Tester t14: a voornemen sent "on" a date whose term had already ended let the authority
    punish the same minute; the betrokkene never had a running term. Such a date is refused
    unless the authority confirms the betrokkene received it then; grounds are counted without
    runs of spaces."""
    case = _to_report(org, disciplinary_case)
    sent = add_working_days(case.status_since, 1)
    data = {"measure": "reprimand", "sent_on": sent,
            "grounds": "Bewezen geacht: raadpleging van de buurman in BVH zonder werkopdracht."}
    with pytest.raises(ValidationError) as exc:
        inv.record_voornemen(org.authority, case, inv.VoornemenInput(**data))
    assert "al verstreken" in " ".join(exc.value.message_dict["sent_on"])
    with pytest.raises(ValidationError) as exc:
        inv.record_voornemen(org.authority, case, inv.VoornemenInput(
            **{**data, "sent_on": timezone.localdate(), "grounds": "x" + " " * 25 + "y"}))
    assert set(exc.value.message_dict) == {"grounds"}
    # Tester t15: twenty zero-width spaces (and their kin) are no grounds either.
    with pytest.raises(ValidationError) as exc:
        inv.record_voornemen(org.authority, case, inv.VoornemenInput(
            **{**data, "sent_on": timezone.localdate(), "grounds": "ok\u200b" * 8 + "\u2060\ufeff\u00ad" * 4}))
    assert set(exc.value.message_dict) == {"grounds"}
    assert inv.record_voornemen(org.authority, case, inv.VoornemenInput(**data, term_passed_confirmed=True)).pk


def test_a_stale_tab_cannot_replace_a_voornemen_silently(org, disciplinary_case, client):
    """Tester t14: tab A sent "berisping", tab B (still the old, empty form) sent "ontslag", and the
    heavier one replaced the first without a word."""
    case = _to_report(org, disciplinary_case)
    today = timezone.localdate()
    client.force_login(org.authority)
    url = reverse("investigations:action", args=[case.pk, "voornemen"])
    form = {"measure": "reprimand", "sent_on": today.isoformat(), "replaces": "", "vik_confirm": "yes",
            "grounds": "Bewezen geacht: raadpleging van de buurman in BVH zonder werkopdracht."}
    assert client.post(url, form).status_code == 302
    stale = client.post(url, {**form, "measure": "dismissal", "grounds": "Zwaarder: herhaald en opzettelijk."},
                        follow=True)
    html = stale.content.decode()
    assert "intussen gewijzigd" in html and "herhaald en opzettelijk" in html  # said, and nothing lost
    assert [v.measure for v in case.voornemens.all()] == ["reprimand"]
    current = inv.current_voornemen(case)
    assert f'name="replaces" value="{current.pk}"' in html  # sending again replaces it knowingly
    again = client.post(url, {**form, "measure": "dismissal", "replaces": str(current.pk)})
    assert again.status_code == 302 and inv.current_voornemen(case).measure == "dismissal"


def test_the_zienswijze_pause_needs_a_running_term_and_the_decision_form_the_report(org, disciplinary_case, client):
    """Tester t14: the clock could stand still "for the zienswijze" at the step Getuigen, and the
    decision form was offered before the report although every outcome is refused then."""
    from vik.investigations.models import DelayReason

    case = _reopen(disciplinary_case, 12)
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on + dt.timedelta(days=1))
    inv.record_aanzegging(org.investigator, case, a_tuesday_morning(weeks_ago=8), care_offered=True)
    with pytest.raises(ValidationError) as exc:
        inv.pause_clock(org.investigator, case, DelayReason.objects.get(code="zienswijze_term"),
                        timezone.localdate())
    assert "zolang de termijn van een voornemen loopt" in " ".join(exc.value.message_dict["reason"])
    client.force_login(org.authority)
    page = client.get(reverse("investigations:detail", args=[case.pk])).content.decode()
    assert 'id="decision-later"' in page and f'action="/onderzoeken/{case.pk}/actie/decision/"' not in page


def test_a_zienswijze_from_a_stale_page_does_not_answer_a_newer_voornemen(org, disciplinary_case, betrokkene,
                                                                          client):
    """Tester t15: the betrokkene's answer to a berisping, sent from a page opened before the
    authority sent a heavier voornemen, was filed under the heavier one."""
    case = _to_report(org, disciplinary_case, weeks_ago=4)
    first = _voornemen(org, case, timezone.localdate())
    client.force_login(betrokkene)
    url = reverse("investigations:own", args=[case.pk])
    assert f'value="{first.pk}"' in client.get(url).content.decode()
    _voornemen(org, case, timezone.localdate(), measure="fine")
    text = "Ik reageer op de voorgenomen berisping: die vind ik te zwaar."
    stale = client.post(url, {"text": text, "voornemen_id": first.pk})
    html = stale.content.decode()
    assert stale.status_code == 400 and "nieuw voornemen gestuurd" in html and "te zwaar" in html
    assert not case.voornemens.filter(response_on__isnull=False).exists()
    newer = inv.current_voornemen(case)
    assert f'value="{newer.pk}"' in html  # a second "Versturen" answers the voornemen now shown
    assert client.post(url, {"text": text, "voornemen_id": newer.pk}).status_code == 302


def test_the_expected_end_date_is_not_before_his_term_for_a_zienswijze_ends(client, org, disciplinary_case,
                                                                           betrokkene):
    """Tester t53: the end date told to the betrokkene could be today while his term for a
    zienswijze ran two more weeks (and the authority could not decide before it ended)."""
    case = _to_report(org, disciplinary_case)
    today = timezone.localdate()
    voornemen = _voornemen(org, case, today)
    first_day = working_day_on_or_after(voornemen.term_ends_on + dt.timedelta(days=1))
    assert inv.earliest_end(case)[0] == first_day
    with pytest.raises(ValidationError) as refused:
        inv.set_expected_end_date(org.investigator, case, end_on=today, reason="Besluit volgt snel na het voornemen.")
    said = refused.value.message_dict["end_on"][0]
    assert first_day.strftime("%d-%m-%Y") in said and "zienswijze" in said
    assert inv.set_expected_end_date(org.investigator, case, end_on=first_day,
                                     reason="Besluit na de termijn voor de zienswijze.")
    # The betrokkene reads the date with its reason on his own page (t53: the date alone).
    client.force_login(betrokkene)
    page = client.get(reverse("investigations:own", args=[case.pk])).content.decode()
    assert first_day.strftime("%d-%m-%Y") in page and "Besluit na de termijn voor de zienswijze." in page
    assert "uw hoorgesprek" in page  # his hearing, not "met <adviser>" as if a meeting with him (t54)

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.case_steps import approve_plan, report, voornemen_waived
from tests.conftest import a_tuesday_morning
from vik.core.errors import DomainError, PermissionDeniedError
from vik.core.workdays import add_working_days, working_day_on_or_before
from vik.investigations import services as inv
from vik.investigations.models import CaseType, DelayReason, Hearing, Member, Outcome, Step
from vik.signals.models import Signal
from vik.triage.models import Route


def _monday_without_holidays_after(day):
    """A Monday after `day` followed by a full working week."""
    from vik.core.workdays import working_days_between

    day += dt.timedelta(days=1)
    while day.weekday() != 0 or working_days_between(day, day + dt.timedelta(days=7)) != 5:
        day += dt.timedelta(days=1)
    return day


def _held_hearing(org, case):
    """The betrokkene heard yesterday, invited on the day of his aanzegging (not before it)."""
    moment = timezone.now() - dt.timedelta(days=1)
    told = timezone.localtime(case.aanzegging.held_at).date()
    hearing = inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING,
                               invited_on=told, scheduled_at=moment, preparation_waived=True)
    return inv.record_hearing_held(org.investigator, hearing, "Betrokkene gehoord.")


def _through_plan(org, case):
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on + dt.timedelta(days=1))


def test_open_case_sets_first_step_deadline_members_and_default_care_contact(
    org, disciplinary_case
):
    case = disciplinary_case
    assert case.status.step == Step.COMMISSIONED
    assert case.reference.startswith("D")
    assert case.deadline == add_working_days(case.opened_on, case.case_type.throughput_norm_days)
    kinds = dict(case.members.values_list("user__username", "kind"))
    assert kinds == {"bevoegdgezag": "authority", "onderzoeker": "lead", "teamchef": "care"}
    assert case.care_contact == org.manager  # the betrokkene's own line manager by default
    assert case.signal.status == Signal.Status.UNDER_INVESTIGATION


def test_manager_who_reported_is_not_the_default_care_contact(org, make_signal, triage_to):
    signal = make_signal(reporter=org.manager.employee)
    triage_to(signal, Route.DISCIPLINARY)
    case = inv.open_case(org.triage, signal, inv.OpenCaseInput(
        case_type=CaseType.objects.get(code="disciplinary"), subject=org.officer,
        authority=org.authority, lead_investigator=org.investigator,
        opened_on=timezone.localdate()))
    assert case.care_contact is None


def test_case_type_must_match_triage_route(org, make_signal, triage_to):
    signal = make_signal()
    triage_to(signal, Route.ORIENTING)
    with pytest.raises(ValidationError) as exc:
        inv.open_case(org.triage, signal, inv.OpenCaseInput(
            case_type=CaseType.objects.get(code="criminal"), subject=org.officer,
            authority=org.authority, lead_investigator=org.criminal,
            opened_on=timezone.localdate()))
    assert "case_type" in exc.value.message_dict


def test_track_separation_is_enforced_in_the_model_layer(org, make_signal, triage_to):
    signal = make_signal()
    triage_to(signal, Route.NATIONAL)
    # Both tracks opened by the national team, which a signal routed to the national triage is for.
    disc = inv.open_case(org.triage_national, signal, inv.OpenCaseInput(
        case_type=CaseType.objects.get(code="disciplinary"), subject=org.officer,
        authority=org.authority, lead_investigator=org.criminal_and_disc,
        opened_on=timezone.localdate()))
    crim = inv.open_case(org.triage_national, signal, inv.OpenCaseInput(
        case_type=CaseType.objects.get(code="criminal"), subject=org.officer,
        authority=org.authority, lead_investigator=org.criminal,
        opened_on=timezone.localdate()))
    # Directly through the model, bypassing every service and form:
    with pytest.raises(ValidationError) as exc:
        Member.objects.create(case=crim, user=org.criminal_and_disc, kind=Member.Kind.INVESTIGATOR)
    assert exc.value.error_list[0].code == "track_separation"
    with pytest.raises(ValidationError):
        Member(case=disc, user=org.criminal, kind=Member.Kind.INVESTIGATOR).save()
    # A second investigator of the same track is fine.
    Member.objects.create(case=disc, user=org.investigator2, kind=Member.Kind.INVESTIGATOR)


def test_criminal_documents_are_invisible_to_the_authority(org, make_signal, triage_to):
    from vik import policy

    signal = make_signal()
    triage_to(signal, Route.CRIMINAL, handover_to="Rijksrecherche",
              handover_on=timezone.localdate())
    # The region's own triage opens it: the national team sees only what is routed to it.
    crim = inv.open_case(org.triage, signal, inv.OpenCaseInput(
        case_type=CaseType.objects.get(code="criminal"), subject=org.officer,
        authority=org.authority, lead_investigator=org.criminal,
        opened_on=timezone.localdate()))
    assert policy.can(org.criminal, "case.documents", crim)
    assert not policy.can(org.authority, "case.documents", crim)
    assert policy.can(org.authority, "case.view", crim)


def test_aanzegging_requires_written_suspected_breach(org, disciplinary_case):
    case = disciplinary_case
    _through_plan(org, case)
    case.suspected_breach = ""
    case.save(update_fields=["suspected_breach"])
    with pytest.raises(ValidationError) as exc:
        inv.record_aanzegging(org.investigator, case, a_tuesday_morning(), care_offered=True)
    assert "plichtsverzuim" in exc.value.message_dict["held_at"][0]


def test_aanzegging_needs_a_care_contact_named(client, org, disciplinary_case):
    """Tester t50: the aanzegging was recorded "zorg aangeboden" while nobody gave care."""
    from vik.care import services as care

    case = disciplinary_case
    _through_plan(org, case)
    case.care_contact = None
    case.save(update_fields=["care_contact"])
    with pytest.raises(ValidationError) as refused:
        inv.record_aanzegging(org.investigator, case, a_tuesday_morning(), care_offered=True)
    assert "zorgcontactpersoon" in refused.value.messages[0]
    # Said before the form is filled in, and a refused form keeps the report typed (tester t53).
    client.force_login(org.investigator)
    assert 'id="aanzegging-needs-care"' in client.get(f"/onderzoeken/{case.pk}/").content.decode()
    held = a_tuesday_morning()
    response = client.post(f"/onderzoeken/{case.pk}/actie/aanzegging/", {
        "held_at": timezone.localtime(held).strftime("%d-%m-%Y %H:%M"), "care_offered": "on",
        "note": "Mijn verslag van het gesprek"}, follow=True)
    page = response.content.decode()
    assert "Wijs eerst een zorgcontactpersoon aan" in page and "Mijn verslag van het gesprek" in page
    # A wrong moment is said at once beside it, not on a second try (tester t65).
    case.refresh_from_db()
    before = timezone.make_aware(dt.datetime.combine(case.status_since - dt.timedelta(days=1), dt.time(10, 0)))
    page = client.post(f"/onderzoeken/{case.pk}/actie/aanzegging/", {
        "held_at": before.strftime("%d-%m-%Y %H:%M"), "care_offered": "on"}, follow=True).content.decode()
    assert "Wijs eerst een zorgcontactpersoon aan" in page and "vóór de vorige stap" in page
    assert not hasattr(type(case).objects.get(pk=case.pk), "aanzegging")
    care.change_care_contact(org.investigator, case, org.care, "Leidinggevende is melder in deze zaak.")
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()  # named, to tell him (tester t54)
    assert 'id="aanzegging-care-contact"' in page and org.care.display_name in page
    assert inv.record_aanzegging(org.investigator, case, a_tuesday_morning(), care_offered=True)


def test_aanzegging_without_care_offered_is_confirmed_knowingly(org, disciplinary_case):
    """Tester t53: not offering care at the aanzegging passed without a word."""
    case = disciplinary_case
    _through_plan(org, case)
    with pytest.raises(ValidationError) as warned:
        inv.record_aanzegging(org.investigator, case, a_tuesday_morning(), care_offered=False)
    assert "Zorg is niet aangeboden" in warned.value.message_dict["care_offered"][0]
    # Accepting a badly timed moment does not accept care not offered (tester t57: one tick did both).
    with pytest.raises(ValidationError) as still:
        inv.record_aanzegging(org.investigator, case, a_tuesday_morning(), care_offered=False, accept_warnings=True)
    assert "care_offered" in still.value.message_dict
    # Both "offered" and "knowingly without care" ticked is a contradiction, not "offered" (tester t60).
    with pytest.raises(ValidationError) as both:
        inv.record_aanzegging(org.investigator, case, a_tuesday_morning(), care_offered=True, accept_no_care=True)
    assert "kies één van beide" in both.value.message_dict["accept_no_care"][0]
    assert inv.record_aanzegging(org.investigator, case, a_tuesday_morning(), care_offered=False,
                                 accept_no_care=True)


def test_aanzegging_later_today_is_refused_as_recorded_afterwards(client, org, disciplinary_case):
    """Tester t62: at 03:22 an aanzegging "today 10:00" was saved, and care for the team opened
    before the talk. Only later days were refused."""
    import time_machine

    case = disciplinary_case
    _through_plan(org, case)
    today = timezone.localdate()
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(3, 22)))
    later = timezone.make_aware(dt.datetime.combine(today, dt.time(10, 0)))
    client.force_login(org.investigator)
    with time_machine.travel(now, tick=False):
        with pytest.raises(ValidationError) as refused:
            inv.record_aanzegging(org.investigator, case, later, care_offered=True, accept_warnings=True)
        assert "achteraf" in refused.value.message_dict["held_at"][0]
        typed = later.strftime("%d-%m-%Y %H:%M")
        live = client.get("/onderzoeken/aanzegging-controle/", {"held_at": typed}).content.decode()
        assert "nog in de toekomst" in live
        page = client.post(f"/onderzoeken/{case.pk}/actie/aanzegging/", {
            "held_at": typed, "care_offered": "on", "note": "Mijn verslag"}, follow=True).content.decode()
        assert "nog in de toekomst" in page and "Mijn verslag" in page
    assert not hasattr(type(case).objects.get(pk=case.pk), "aanzegging")


def test_the_live_aanzegging_check_knows_the_case_dates(client, org, disciplinary_case):
    """Tester t62: a moment before the plan's approval only got a Friday warning live, and was then
    refused on submit with "vóór de vorige stap"."""
    case = disciplinary_case
    _through_plan(org, case)
    case.refresh_from_db()
    before = timezone.make_aware(dt.datetime.combine(case.status_since - dt.timedelta(days=1), dt.time(10, 0)))
    client.force_login(org.investigator)
    page = client.get(f"/onderzoeken/{case.pk}/?formulier=aanzegging").content.decode()
    assert f'hx-vals="{{&quot;case&quot;: {case.pk}}}"' in page
    typed = before.strftime("%d-%m-%Y %H:%M")
    live = client.get("/onderzoeken/aanzegging-controle/", {"held_at": typed, "case": case.pk}).content.decode()
    assert "Dit moment kan niet" in live and "vóór de vorige stap" in live
    # a case the user may not see is not consulted (nothing about it leaks)
    client.force_login(org.criminal)
    live = client.get("/onderzoeken/aanzegging-controle/", {"held_at": typed, "case": case.pk}).content.decode()
    assert "vóór de vorige stap" not in live


def test_the_aanzegging_confirmation_shows_the_moment_with_its_time(client, org, disciplinary_case):
    """Tester t65: the confirmation asked "Klopt het moment?" but showed the date only."""
    case = disciplinary_case
    _through_plan(org, case)
    held = timezone.localtime(a_tuesday_morning())
    client.force_login(org.investigator)
    asked = client.post(f"/onderzoeken/{case.pk}/actie/aanzegging/", {
        "held_at": held.strftime("%d-%m-%Y %H:%M"), "care_offered": "on"}, follow=True).content.decode()
    assert "<h1>Bevestigen</h1>" in asked and held.strftime("%d-%m-%Y %H:%M") in asked
    assert not hasattr(type(case).objects.get(pk=case.pk), "aanzegging")


def test_aanzegging_before_plan_approval_is_refused(org, disciplinary_case):
    with pytest.raises(DomainError):
        inv.record_aanzegging(org.investigator, disciplinary_case, a_tuesday_morning(),
                              care_offered=True)


def test_friday_afternoon_aanzegging_needs_explicit_confirmation(org, disciplinary_case):
    case = disciplinary_case
    _through_plan(org, case)
    friday = timezone.localdate() - dt.timedelta(days=7)
    while friday.weekday() != 4:
        friday -= dt.timedelta(days=1)
    moment = timezone.make_aware(dt.datetime.combine(friday, dt.time(15, 30)))
    with pytest.raises(ValidationError) as exc:
        inv.record_aanzegging(org.investigator, case, moment, care_offered=True)
    assert "vrijdagmiddag" in " ".join(exc.value.message_dict["held_at"])
    # what to do, at the box to tick (tester t60)
    assert "Klopt het moment, vink dit dan aan" in exc.value.message_dict["accept_warnings"][0]
    record = inv.record_aanzegging(org.investigator, case, moment, care_offered=True,
                                   accept_warnings=True)
    assert "friday_afternoon" in record.warnings
    case.refresh_from_db()
    assert case.status.step == Step.AANZEGGING


def test_hearing_needs_minimum_preparation_time_unless_waived(org, disciplinary_case):
    case = disciplinary_case
    _through_plan(org, case)
    invited = _monday_without_holidays_after(timezone.localdate() - dt.timedelta(days=14))
    if invited > timezone.localdate():
        invited -= dt.timedelta(days=7)
    inv.record_aanzegging(org.investigator, case, timezone.make_aware(
        dt.datetime.combine(invited - dt.timedelta(days=6), dt.time(10))), care_offered=True, accept_warnings=True)
    too_soon = timezone.make_aware(dt.datetime.combine(invited + dt.timedelta(days=3), dt.time(10)))  # 3 working days
    with pytest.raises(ValidationError) as exc:
        inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING, invited_on=invited,
                         scheduled_at=too_soon, representative="mr. De Vries")
    assert (invited + dt.timedelta(days=7)).strftime("%d-%m-%Y") in exc.value.message_dict["scheduled_at"][0]
    ok = timezone.make_aware(dt.datetime.combine(invited + dt.timedelta(days=7), dt.time(10)))
    hearing = inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING,
                               invited_on=invited, scheduled_at=ok, representative="mr. De Vries")
    assert hearing.representative == "mr. De Vries"
    waived = inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING,
                              invited_on=invited, scheduled_at=too_soon, preparation_waived=True)
    assert waived.preparation_waived


def test_pause_needs_listed_reason_and_resume_moves_the_deadline(org, disciplinary_case):
    case = disciplinary_case
    before = case.deadline
    reason = DelayReason.objects.get(code="illness")
    start = _monday_without_holidays_after(case.opened_on)  # a pause lies within the case
    inv.pause_clock(org.investigator, case, reason, start, "Ziekmelding")
    with pytest.raises(DomainError):
        inv.pause_clock(org.investigator, case, reason, start)
    inv.resume_clock(org.investigator, case, start + dt.timedelta(days=7))  # 5 working days
    case.refresh_from_db()
    assert case.deadline == add_working_days(before, 5)
    retired = DelayReason.objects.create(code="old", name="Oud", active=False)
    with pytest.raises(ValidationError):
        inv.pause_clock(org.investigator, case, retired, start)


def test_only_the_authority_decides_and_measure_matches_outcome(org, disciplinary_case):
    case = disciplinary_case
    _through_plan(org, case)
    inv.record_aanzegging(org.investigator, case, a_tuesday_morning(), care_offered=True)
    _held_hearing(org, case)  # a disciplinary punishment needs the betrokkene heard first
    report(org, case, timezone.localdate())  # ... the report, and his view on the intended measure
    voornemen_waived(org, case, timezone.localdate())
    data = inv.DecisionInput(outcome=Outcome.BREACH_MEASURE, reasoning="Bewezen raadpleging "
                             "zonder werkopdracht, ernstig.", decided_on=timezone.localdate())
    with pytest.raises(PermissionDeniedError):
        inv.record_decision(org.investigator, case, data)
    with pytest.raises(ValidationError) as exc:
        inv.record_decision(org.authority, case, data)
    assert "measure" in exc.value.message_dict
    data.measure = "reprimand"
    decision = inv.record_decision(org.authority, case, data)
    assert decision.measure == "reprimand"
    case.refresh_from_db()
    assert case.status.step == Step.DECISION


def test_unfounded_case_closes_only_with_rehabilitation_plan_and_gets_destruction_date(
    org, disciplinary_case
):
    case = disciplinary_case
    _through_plan(org, case)
    told = a_tuesday_morning()
    inv.record_aanzegging(org.investigator, case, told, care_offered=True)
    hearing = inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING,
                               invited_on=timezone.localtime(told).date(),
                               scheduled_at=timezone.now() - dt.timedelta(hours=2))
    inv.record_hearing_held(org.investigator, hearing, "Betrokkene gehoord, met raadsman.")
    with pytest.raises(DomainError):
        inv.close_case(org.investigator, case, communicated_on=timezone.localdate(),
                       communication="Telefonisch en per brief.", team_informed=True)
    report(org, case, timezone.localdate())
    inv.record_decision(org.authority, case, inv.DecisionInput(
        outcome=Outcome.NO_BREACH, reasoning="Raadpleging bleek werkgerelateerd (eigen zaak).",
        decided_on=timezone.localdate()))
    with pytest.raises(ValidationError) as exc:
        inv.close_case(org.investigator, case, communicated_on=timezone.localdate(),
                       communication="Telefonisch en per brief.", team_informed=True)
    assert "rehabilitation_plan" in exc.value.message_dict
    inv.close_case(org.investigator, case, communicated_on=timezone.localdate(),
                   communication="Telefonisch en per brief.", team_informed=True,
                   rehabilitation_plan="Gesprek met het team; betrokkene krijgt zijn taken terug.")
    case.refresh_from_db()
    assert case.closed_on == timezone.localdate()
    assert case.destruction_due.year == case.closed_on.year + case.case_type.retention_years
    assert case.signal.status == Signal.Status.CLOSED
    with pytest.raises(DomainError):
        inv.record_status_update(org.investigator, case, given_on=timezone.localdate(),
                                 channel="phone", summary="Nog een update")


def test_a_status_update_due_on_a_holiday_falls_due_the_working_day_before(org, disciplinary_case):
    """Tester t62: after an aanzegging on Friday 04-12-2026 the next update was due on Nieuwjaarsdag."""
    case = disciplinary_case
    case.last_update_on = dt.date(2026, 12, 4)
    assert inv.next_update_due(case) == dt.date(2026, 12, 31)  # not Friday 01-01-2027
    case.last_update_on = dt.date(2026, 11, 27)
    assert inv.next_update_due(case) == dt.date(2026, 12, 24)  # not Friday 25-12 (Eerste kerstdag)


def test_status_update_moves_next_due_date(org, disciplinary_case):
    case = disciplinary_case
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on)
    told = a_tuesday_morning()
    inv.record_aanzegging(org.investigator, case, told, care_offered=True)
    with pytest.raises(ValidationError, match="vóór de aanzegging"):
        inv.record_status_update(org.manager, case, given_on=timezone.localtime(told).date() - dt.timedelta(days=1),
                                 channel="phone", summary="Geen nieuws; onderzoek loopt nog.")
    day = timezone.localdate() - dt.timedelta(days=2)
    inv.record_status_update(org.manager, case, given_on=day, channel="conversation",
                             summary="Geen nieuws; onderzoek loopt nog.")
    case.refresh_from_db()
    assert inv.next_update_due(case) == working_day_on_or_before(day + dt.timedelta(weeks=4))
    # The same update again (two tabs) is refused, not listed twice.
    with pytest.raises(DomainError, match="al vastgelegd"):
        inv.record_status_update(org.manager, case, given_on=day, channel="conversation",
                                 summary="Geen nieuws; onderzoek loopt nog.")
    assert case.status_updates.count() == 1
    with pytest.raises(PermissionDeniedError):
        inv.record_status_update(org.nobody, case, given_on=day, channel="phone",
                                 summary="Geen nieuws.")


def test_access_request_only_after_the_aanzegging(org, disciplinary_case):
    """Session-18 note: the betrokkene's request to see a file he did not know of was recordable."""
    case = disciplinary_case
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on)
    with pytest.raises(DomainError, match="Leg eerst de aanzegging vast"):
        inv.record_access_request(org.investigator, case, requested_on=timezone.localdate(), request="Alles.")
    told = a_tuesday_morning()
    inv.record_aanzegging(org.investigator, case, told, care_offered=True)
    with pytest.raises(ValidationError) as early:
        inv.record_access_request(org.investigator, case, requested_on=timezone.localtime(told).date()
                                  - dt.timedelta(days=1), request="Alles.")
    assert "vóór de aanzegging" in early.value.message_dict["requested_on"][0]
    inv.record_access_request(org.investigator, case, requested_on=timezone.localdate(), request="Alles.")


def test_access_request_refusal_needs_a_reason(org, disciplinary_case):
    inv.commission(org.authority, disciplinary_case, disciplinary_case.opened_on)
    approve_plan(org, disciplinary_case, disciplinary_case.opened_on)
    inv.record_aanzegging(org.investigator, disciplinary_case, a_tuesday_morning(), care_offered=True)
    req = inv.record_access_request(org.investigator, disciplinary_case,
                                    requested_on=timezone.localdate(),
                                    request="Verklaringen van getuigen.")
    with pytest.raises(ValidationError):
        inv.decide_access_request(org.investigator, req, decision="refused", reason="")
    inv.decide_access_request(org.investigator, req, decision="partial",
                              reason="Namen van getuigen worden weggelakt ter bescherming.")
    req.refresh_from_db()
    assert req.decision == "partial" and req.decided_on == timezone.localdate()


def test_commission_is_recorded_once_and_gates_the_plan(org, disciplinary_case):
    case = disciplinary_case
    with pytest.raises(DomainError):
        approve_plan(org, case, timezone.localdate())
    inv.commission(org.authority, case, case.opened_on)
    with pytest.raises(DomainError):
        inv.commission(org.authority, case, case.opened_on)
    assert case.status_changes.filter(note="Opdracht verleend").exists()


def test_aanzegging_on_a_type_without_that_step_is_a_clear_error(org, make_signal, triage_to):
    signal = make_signal()
    triage_to(signal, Route.ORIENTING)
    case = inv.open_case(org.triage, signal, inv.OpenCaseInput(
        case_type=CaseType.objects.get(code="orienting"), subject=org.officer,
        authority=org.authority, lead_investigator=org.investigator,
        opened_on=timezone.localdate(), suspected_breach="Mogelijk onrechtmatige raadpleging."))
    with pytest.raises(DomainError, match="geen aanzegging"):
        inv.record_aanzegging(org.investigator, case, a_tuesday_morning(), care_offered=True)


def test_hearing_held_only_after_its_moment_with_a_report(org, disciplinary_case):
    past = timezone.now() - dt.timedelta(days=1)
    hearing = inv.plan_hearing(org.investigator, disciplinary_case, kind=Hearing.Kind.WITNESS,
                               invited_on=timezone.localdate() - dt.timedelta(days=10),
                               scheduled_at=past, person="Collega A.")
    with pytest.raises(ValidationError):
        inv.record_hearing_held(org.investigator, hearing, "")
    inv.record_hearing_held(org.investigator, hearing, "Getuige bevestigt de raadpleging.")
    hearing.refresh_from_db()
    assert hearing.held and hearing.note.startswith("Getuige")
    with pytest.raises(DomainError):
        inv.record_hearing_held(org.investigator, hearing, "Nog eens.")


def test_an_investigation_does_not_start_before_its_signal_was_received(org, make_signal, triage_to):
    """Tester t11: a case of a signal received 27-11 was opened on 01-11; the clock showed 21
    working days used at once and the first step was overdue before anyone could act."""
    signal = make_signal(received_ago=3)
    triage_to(signal, Route.DISCIPLINARY)
    with pytest.raises(ValidationError) as exc:
        inv.open_case(org.triage, signal, inv.OpenCaseInput(
            case_type=CaseType.objects.get(code="disciplinary"), subject=org.officer,
            authority=org.authority, lead_investigator=org.investigator,
            opened_on=timezone.localdate() - dt.timedelta(days=26)))
    assert "vóór de ontvangst" in " ".join(exc.value.message_dict["opened_on"])


def test_a_signal_back_from_the_national_triage_is_triaged_again_before_a_case(org, make_signal, triage_to):
    """Tester t11: after the national triage sent a signal back, "Onderzoek starten" was still
    offered and answered with a technical message that lost the input."""
    signal = make_signal(received_ago=3)
    triage_to(signal, Route.DISCIPLINARY)
    Signal.objects.filter(pk=signal.pk).update(status=Signal.Status.RETURNED)
    signal.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        inv.open_case(org.triage, signal, inv.OpenCaseInput(
            case_type=CaseType.objects.get(code="disciplinary"), subject=org.officer,
            authority=org.authority, lead_investigator=org.investigator,
            opened_on=timezone.localdate()))
    assert "nieuw triagebesluit" in " ".join(exc.value.message_dict["case_type"])


@pytest.fixture
def orienting_case(org, make_signal, triage_to):
    signal = make_signal(received_ago=30)
    triage_to(signal, Route.ORIENTING, decided_on=timezone.localdate() - dt.timedelta(days=25))
    return inv.open_case(org.triage, signal, inv.OpenCaseInput(
        case_type=CaseType.objects.get(code="orienting"), subject=org.officer,
        authority=org.authority, lead_investigator=org.investigator,
        opened_on=timezone.localdate() - dt.timedelta(days=20), suspected_breach="Mogelijk onrechtmatige raadpleging."))


def test_no_punishment_after_an_orienting_investigation(org, orienting_case):
    """Tester t49: a voornemen tot straf was saved on an orienting case — no aanzegging, no
    hearing, no zienswijze step. A punishment needs a disciplinary investigation."""
    from vik.investigations.forms import DecisionForm

    case = orienting_case
    with pytest.raises(DomainError, match="Na een oriënterend onderzoek volgt geen straf"):
        inv.record_voornemen(org.authority, case, inv.VoornemenInput(
            measure="reprimand", grounds="Bewezen geacht.", sent_on=timezone.localdate()))
    assert not inv.voornemen_ready(case)
    with pytest.raises(ValidationError) as refused:
        inv.record_decision(org.authority, case, inv.DecisionInput(
            outcome=Outcome.BREACH_MEASURE, measure="reprimand", reasoning="Bewezen.",
            decided_on=timezone.localdate()))
    assert "geen straf" in str(refused.value.message_dict["outcome"])
    choices = [value for value, _label in DecisionForm(case=case).fields["outcome"].choices]
    assert Outcome.BREACH_MEASURE not in choices and Outcome.NO_BREACH in choices
    assert Outcome.BREACH_MEASURE in [v for v, _l in DecisionForm(case=None).fields["outcome"].choices]


def test_an_orienting_investigation_hears_no_betrokkene_and_offers_no_punishment_list(client, org, orienting_case):
    """Tester t50: a hearing of the betrokkene could be planned in an orienting investigation (and
    then blocked the decision); the decision form listed the punishments; the authority was told to
    record the report step it was at; a measure with a corrective outcome pointed to an outcome
    the form did not offer."""
    from vik.investigations.forms import DecisionForm, HearingForm
    from vik.investigations.models import Hearing

    case = orienting_case
    moment = timezone.localtime() + dt.timedelta(days=14)
    with pytest.raises(ValidationError) as refused:
        inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING, invited_on=timezone.localdate(),
                         scheduled_at=moment.replace(hour=10, minute=0))
    assert "niet gehoord" in " ".join(refused.value.message_dict["kind"])
    assert [v for v, _l in HearingForm(case=case).fields["kind"].choices] == [Hearing.Kind.WITNESS]
    assert Hearing.Kind.HEARING in [v for v, _l in HearingForm(case=None).fields["kind"].choices]
    assert "preparation_waived" not in HearingForm(case=case).fields  # the betrokkene's only (t51)
    assert "alleen getuigen" in str(HearingForm(case=case).fields["kind"].help_text)  # why (t52)
    form = DecisionForm(case=case)
    assert "measure" not in form.fields and "conditional" not in form.fields
    with pytest.raises(ValidationError) as measured:
        inv.record_decision(org.authority, case, inv.DecisionInput(
            outcome=Outcome.CORRECTIVE, measure="reprimand", reasoning="Leerzaam voor iedereen hier.",
            decided_on=timezone.localdate()))
    assert "geen straf" in " ".join(measured.value.message_dict["measure"])
    client.force_login(org.authority)
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert 'id="no-voornemen-orienting"' in page and "leg eerst de stap ‘Rapportage’ vast" not in page
    assert "Een disciplinaire straf volgt op een schriftelijk voornemen" not in page  # t51
    client.force_login(org.investigator)
    assert 'id="no-voornemen-orienting"' in client.get(f"/onderzoeken/{case.pk}/").content.decode()
    # Decided: no empty heading for a voornemen that never applies (tester t53).
    from vik.investigations.models import Decision
    Decision.objects.create(case=case, outcome=Outcome.NO_BREACH, reasoning="Geen plichtsverzuim gebleken.",
                            decided_on=timezone.localdate(), decided_by=org.authority)
    assert "Voornemen tot straf en zienswijze" not in client.get(f"/onderzoeken/{case.pk}/").content.decode()

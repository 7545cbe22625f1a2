"""Tester t55 (a quick walk through the roles in the browser): the decision task fell due on the
last day of the zienswijze term while the page offered the whole decision form and refused a
punishment only on submit; the aanzegging's report and "care not offered" were nowhere on the case
page; a closed case listed "raadsman: raadsman (advocaat)" and "Nog geen gesprekken gepland"; the
destruction date had no retention period; the care contact handing care over was asked "if you
are the care contact yourself"."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.investigations.test_voornemen import _reprimand, _to_report, _voornemen
from vik.core.workdays import add_working_days
from vik.investigations import services as inv
from vik.investigations.models import Hearing, Outcome
from vik.tasks.selectors import my_tasks

pytestmark = pytest.mark.django_db


def _sent_today(org, disciplinary_case):
    case = _to_report(org, disciplinary_case)
    today = timezone.localdate()
    voornemen = _voornemen(org, case, today)
    case.refresh_from_db()
    return case, voornemen


def test_the_decision_task_waits_for_the_zienswijze_term(org, disciplinary_case):
    case, voornemen = _sent_today(org, disciplinary_case)
    assert voornemen.term_ends_on > timezone.localdate()
    step = [t for t in my_tasks(org.authority) if t.kind == "step" and t.reference == case.reference]
    assert len(step) == 1
    assert f"zonder straf kan nu, met straf na de zienswijze of na {voornemen.term_ends_on:%d-%m-%Y}" in step[0].title
    # Due the first day a punishment may be decided, never on the term's last day.
    assert step[0].due >= voornemen.term_ends_on + dt.timedelta(days=1)
    # Once his zienswijze is in, the task is the plain step again.
    inv.record_zienswijze(org.authority, voornemen, response="written", received_on=timezone.localdate(),
                          text="Ik betreur het en heb het niet meer gedaan.")
    step = [t for t in my_tasks(org.authority) if t.kind == "step" and t.reference == case.reference]
    assert len(step) == 1 and "na de zienswijze" not in step[0].title


def test_the_decision_form_says_the_term_runs_before_it_is_filled_in(client, org, disciplinary_case):
    case, voornemen = _sent_today(org, disciplinary_case)
    client.force_login(org.authority)
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    end = f"{voornemen.term_ends_on:%d-%m-%Y}"
    assert 'id="decision-term"' in page
    assert f"De betrokkene kan tot en met {end} een zienswijze op het voornemen geven" in page
    assert "besluiten zonder straf kan nu al" in page
    # What the note says holds: no punishment now, a decision without one is taken.
    with pytest.raises(Exception, match=end):
        inv.record_decision(org.authority, case, _reprimand(timezone.localdate()))
    inv.record_decision(org.authority, case, inv.DecisionInput(
        outcome=Outcome.CORRECTIVE, reasoning="Lerende maatregel: training informatiegebruik.",
        decided_on=timezone.localdate()))
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert 'id="decision-term"' not in page


def test_the_aanzegging_report_and_care_are_on_the_case_page(client, org, disciplinary_case):
    case = _to_report(org, disciplinary_case)
    aanzegging = case.aanzegging
    aanzegging.note = "Betrokkene reageerde rustig; TEST-T55 verslag."
    aanzegging.care_offered = False
    aanzegging.save()
    client.force_login(org.investigator)
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert "TEST-T55 verslag" in page
    assert "Zorg aangeboden bij de aanzegging" in page and "nee — waarschuwing bevestigd" in page
    assert f"vastgelegd door {org.investigator.display_name}" in page


def test_a_closed_case_reads_as_closed(client, org, disciplinary_case):
    case = _to_report(org, disciplinary_case)
    Hearing.objects.filter(case=case).update(representative="raadsman (advocaat)")
    today = timezone.localdate()
    inv.record_decision(org.authority, case, inv.DecisionInput(
        outcome=Outcome.NO_BREACH, reasoning="Niet bewezen na het horen van getuigen.", decided_on=today))
    inv.close_case(org.investigator, case, communicated_on=today, communication="Per brief en in een gesprek.",
                   team_informed=False, rehabilitation_plan="Gesprek met het team over de uitkomst.")
    case.refresh_from_db()
    client.force_login(org.authority)
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert "bijgestaan door: raadsman (advocaat)" in page and "raadsman: raadsman" not in page
    years = case.case_type.retention_years
    assert f"bewaartermijn {years} jaar na de afsluiting" in page
    # Without hearings a closed case says none were held, not "none planned yet".
    Hearing.objects.filter(case=case).delete()
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert "Er zijn geen gesprekken gevoerd." in page and "Nog geen gesprekken gepland" not in page


def test_a_destruction_date_set_apart_from_the_period_says_so(client, org, disciplinary_case):
    case = _to_report(org, disciplinary_case)
    today = timezone.localdate()
    inv.record_decision(org.authority, case, inv.DecisionInput(
        outcome=Outcome.NO_BREACH, reasoning="Niet bewezen na het horen van getuigen.", decided_on=today))
    inv.close_case(org.investigator, case, communicated_on=today, communication="Per brief en in een gesprek.",
                   team_informed=False, rehabilitation_plan="Gesprek met het team over de uitkomst.")
    type(case).objects.filter(pk=case.pk).update(destruction_due=add_working_days(today, 5))
    client.force_login(org.authority)
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert "afwijkend vastgesteld; de bewaartermijn is" in page


def test_the_care_contact_handing_over_is_told_plainly(client, org, disciplinary_case):
    from vik.care import services as care

    case = disciplinary_case
    care.change_care_contact(org.investigator, case, org.care, "Verhouding met teamchef verstoord")
    typed = {"new_contact": org.manager.employee.personnel_number, "reason": "Zorg terug naar de teamchef"}
    client.force_login(org.care)
    asked = client.post(f"/onderzoeken/{case.pk}/actie/care_contact/", typed, follow=True).content.decode()
    assert "U bent nu de zorgcontactpersoon: daarna hebt u geen toegang meer" in asked
    assert "Bent u zelf" not in asked
    # The chosen person with his team, so whether he stands in the betrokkene's line shows.
    assert str(org.manager.employee.unit) in asked
    # Confirmed, then Back to the confirmation: to where the act led (his start page), not to a
    # case he can no longer open (tester t56: "al bevestigd" above "Pagina niet gevonden").
    import re
    token = re.search(r'name="vik_confirm_token" value="([^"]+)"', asked).group(1)
    done = client.post(f"/onderzoeken/{case.pk}/actie/care_contact/",
                       {**typed, "vik_confirm": "yes", "vik_confirm_token": token})
    assert done.status_code == 302 and done["Location"] == "/"
    back = client.get(f"/bevestigen/{token}/")
    assert back.status_code == 302 and back["Location"] == "/"
    case.refresh_from_db()
    care.change_care_contact(org.investigator, case, org.care, "Terug naar de zorg")
    # Someone else handing over (the lead investigator) is not told he loses access.
    client.force_login(org.investigator)
    asked = client.post(f"/onderzoeken/{case.pk}/actie/care_contact/", typed, follow=True).content.decode()
    assert "<h1>Bevestigen</h1>" in asked and "daarna hebt u geen toegang meer" not in asked


def test_a_moment_needs_its_time_and_office_hours(client, org, disciplinary_case):
    """Tester t56: an aanzegging "03-12-2026" passed without a time, and 02:00 "gave no warning"."""
    from vik.investigations.forms import AanzeggingForm

    form = AanzeggingForm({"held_at": "01-12-2026", "care_offered": "on"})
    assert not form.is_valid() and "Vul ook het tijdstip in" in form.errors["held_at"][0]
    timed = AanzeggingForm({"held_at": "01-12-2026 10:00", "care_offered": "on"})
    timed.is_valid()
    assert "held_at" not in timed.errors
    client.force_login(org.investigator)
    night = client.get("/onderzoeken/aanzegging-controle/", {"held_at": "2026-03-03T02:00"}).content.decode()
    assert "buiten kantoortijd" in night
    day = client.get("/onderzoeken/aanzegging-controle/", {"held_at": "2026-03-03T10:00"}).content.decode()
    assert "buiten kantoortijd" not in day


def test_a_voornemen_lapses_with_a_decision_without_punishment(client, org, disciplinary_case):
    case, voornemen = _sent_today(org, disciplinary_case)
    inv.record_decision(org.authority, case, inv.DecisionInput(
        outcome=Outcome.CORRECTIVE, reasoning="Lerende maatregel: training informatiegebruik.",
        decided_on=timezone.localdate()))
    client.force_login(org.authority)
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert f"vervallen: het besluit van {timezone.localdate():%d-%m-%Y} legt geen straf op" in page


def test_the_betrokkene_learns_the_decision_when_it_is_told(client, org, disciplinary_case):
    """Tester t56: the decision stood in Mijn zaak as soon as it was recorded, before it was told
    to him ("Uitkomst meedelen")."""
    case = _to_report(org, disciplinary_case)
    today = timezone.localdate()
    inv.record_decision(org.authority, case, inv.DecisionInput(
        outcome=Outcome.CORRECTIVE, reasoning="Lerende maatregel: training informatiegebruik XYZ.",
        decided_on=today))
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="betrokkene", employee=org.officer, roles=[]))
    page = client.get(f"/onderzoeken/mijn-zaak/{case.pk}/").content.decode()
    assert "training informatiegebruik XYZ" not in page and 'id="decision-to-be-told"' in page
    inv.close_case(org.investigator, case, communicated_on=today, communication="In een gesprek met hem.",
                   team_informed=False)
    page = client.get(f"/onderzoeken/mijn-zaak/{case.pk}/").content.decode()
    assert "training informatiegebruik XYZ" in page and 'id="decision-to-be-told"' not in page


def test_a_second_tab_after_handing_care_over_says_why(client, org, disciplinary_case):
    """Tester t56: a care act sent from a second tab after the hand-over ended on "page not found"."""
    from vik.care import services as care
    from vik.care.models import TeamCare

    case = disciplinary_case
    care.change_care_contact(org.investigator, case, org.care, "Verhouding met teamchef verstoord")
    case.refresh_from_db()
    care.change_care_contact(org.care, case, org.manager, "Zorg terug naar de teamchef")
    client.force_login(org.care)
    response = client.post(f"/onderzoeken/{case.pk}/actie/team_care/",
                           {"on": timezone.localdate().isoformat(), "description": "Teamgesprek gevoerd"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "u bent geen zorgcontactpersoon meer van dit onderzoek" in response.content.decode()
    assert not TeamCare.objects.exists()
    # Someone who never gave care still gets the plain "not found" (the case is not disclosed).
    client.force_login(org.investigator2)
    assert client.post(f"/onderzoeken/{case.pk}/actie/team_care/", {"on": "", "description": "x"}).status_code == 404


def test_the_betrokkene_sees_his_voornemen_lapse_before_the_outcome_is_told(client, org, disciplinary_case):
    """Tester t57: decided without punishment during his term, his Mijn zaak still showed the intended
    punishment, his response form gone and "a decision was taken": punished unheard, he thought."""
    from tests.factories import UserFactory

    case, voornemen = _sent_today(org, disciplinary_case)
    inv.record_decision(org.authority, case, inv.DecisionInput(
        outcome=Outcome.CORRECTIVE, reasoning="Lerende maatregel: training informatiegebruik.",
        decided_on=timezone.localdate()))
    client.force_login(UserFactory(username="betrokkene", employee=org.officer, roles=[]))
    page = client.get(f"/onderzoeken/mijn-zaak/{case.pk}/").content.decode()
    assert "Vervallen: er volgt geen straf" in page
    # and the decision part says the same, not only "you will hear it" (tester t58: a contradiction)
    assert "Het bevoegd gezag heeft besloten zonder de voorgenomen straf." in page
    assert "Lerende maatregel: training informatiegebruik." not in page  # the decision itself once told


def test_the_care_view_names_the_care_contact(client, org, disciplinary_case):
    """Tester t58: the care view never named the current care contact (he handed care to himself)."""
    from vik.care import services as care

    care.change_care_contact(org.investigator, disciplinary_case, org.care, "Verhouding met teamchef verstoord")
    client.force_login(org.care)
    page = client.get(f"/onderzoeken/{disciplinary_case.pk}/").content.decode()
    assert f'id="care-contact">{org.care.display_name} (u)' in page


def _closed_without_punishment(org, case):
    case, voornemen = _sent_today(org, case)
    today = timezone.localdate()
    inv.record_decision(org.authority, case, inv.DecisionInput(
        outcome=Outcome.NO_BREACH, reasoning="Niet bewezen dat de opvraging zonder reden was.", decided_on=today))
    inv.close_case(org.investigator, case, communicated_on=today, communication="In een gesprek.",
                   team_informed=False, rehabilitation_plan="Teamchef herstelt het vertrouwen in het team.")
    case.refresh_from_db()
    return case, voornemen


def test_a_lapsed_voornemen_is_marked_beside_a_favourable_decision(client, org, disciplinary_case):
    """Tester t59: after closure the lapsed voornemen's grounds ("bewezen") stood unmarked beside
    "Geen plichtsverzuim", and the betrokkene read a note on objecting to a decision in his favour."""
    from tests.factories import UserFactory

    case, voornemen = _closed_without_punishment(org, disciplinary_case)
    client.force_login(org.authority)
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert 'class="voornemen muted"' in page
    assert "Gronden van het vervallen voornemen, niet van het besluit" in page
    client.force_login(UserFactory(username="betrokkene", employee=org.officer, roles=[]))
    page = client.get(f"/onderzoeken/mijn-zaak/{case.pk}/").content.decode()
    assert "Gronden van het vervallen voornemen, niet van het besluit" in page
    assert "Geen plichtsverzuim" in page and 'id="bezwaar-note"' not in page
    # folded away, without its old term (tester t60: hurtful beside an acquittal)
    lapsed = page[page.index('<details class="voornemen-lapsed'):]
    lapsed = lapsed[:lapsed.index("</details>")]
    assert voornemen.grounds[:30] in lapsed and "zienswijze uiterlijk op" not in page


def test_the_bezwaar_note_stays_under_a_decision_with_a_measure(client, org, disciplinary_case):
    from tests.factories import UserFactory

    case = _to_report(org, disciplinary_case)
    today = timezone.localdate()
    inv.record_decision(org.authority, case, inv.DecisionInput(
        outcome=Outcome.CORRECTIVE, reasoning="Lerende maatregel: training informatiegebruik.", decided_on=today))
    inv.close_case(org.investigator, case, communicated_on=today, communication="In een gesprek.",
                   team_informed=False)
    client.force_login(UserFactory(username="betrokkene", employee=org.officer, roles=[]))
    page = client.get(f"/onderzoeken/mijn-zaak/{case.pk}/").content.decode()
    assert 'id="bezwaar-note"' in page and "Gronden van het vervallen voornemen" not in page


def test_a_closed_case_care_view_has_no_next_update_and_names_the_care_contact_first(client, org, disciplinary_case):
    """Tester t59: a closed case's care view still showed the next update and an expected end, and the
    care contact stood at the bottom of the page."""
    from vik.care import services as care

    care.change_care_contact(org.investigator, disciplinary_case, org.care, "Verhouding met teamchef verstoord")
    client.force_login(org.care)
    page = client.get(f"/onderzoeken/{disciplinary_case.pk}/").content.decode()
    assert page.index('id="care-contact"') < page.index("Statusupdates aan de betrokkene")
    assert 'id="expected-end"' in page and 'href="#care-hand-over"' in page
    case, _ = _closed_without_punishment(org, disciplinary_case)
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert "Volgende statusupdate" not in page and 'id="expected-end"' not in page
    assert f'id="care-closed-on">{timezone.localdate():%d-%m-%Y}' in page
    assert 'id="care-closure"' in page and "Teamchef herstelt het vertrouwen in het team." in page
    assert 'href="#care-hand-over"' not in page


def test_the_live_aanzegging_warning_stands_under_its_field_not_below_the_button():
    """Tester t57: the warning about a badly timed moment appeared below the submit button, out of sight."""
    from django.template.loader import render_to_string

    from vik.investigations.forms import AanzeggingForm

    html = render_to_string("core/form_fields.html", {"form": AanzeggingForm()})
    region = html.index('<div id="aanzegging-warnings" aria-live="polite"></div>')
    assert html.index('name="held_at"') < region < html.index('name="care_offered"')
    assert 'hx-target="#aanzegging-warnings"' in html


def test_mijn_zaak_says_how_to_reach_the_care_contact(client, org, disciplinary_case):
    """Tester t60: the betrokkene got only a name for the person who gives care."""
    from tests.factories import UserFactory
    from vik.care import services as care

    case = _to_report(org, disciplinary_case)
    care.change_care_contact(org.investigator, case, org.care, "Verhouding met teamchef verstoord")
    person = org.care.employee
    person.email = "zorg.contact@politie.example"
    person.save(update_fields=["email"])
    client.force_login(UserFactory(username="betrokkene", employee=org.officer, roles=[]))
    page = client.get(f"/onderzoeken/mijn-zaak/{case.pk}/").content.decode()
    assert 'href="mailto:zorg.contact@politie.example"' in page and str(person.unit) in page
    # ... and the contact in the investigation too (tester t62: a name only, while the page sends
    # every request to that person).
    lead = org.investigator
    lead.email = "onderzoek.contact@politie.example"
    lead.save(update_fields=["email"])
    page = client.get(f"/onderzoeken/mijn-zaak/{case.pk}/").content.decode()
    own_lead = page[page.index('id="own-lead"'):]
    own_lead = own_lead[:own_lead.index("</dd>")]
    assert lead.display_name in own_lead
    mail = (lead.employee.email if lead.employee and lead.employee.email else lead.email)
    assert f'href="mailto:{mail}"' in own_lead


def test_how_the_outcome_was_told_and_the_team_informed_stay_on_the_pages_after_closure(client, org, disciplinary_case):
    """Tester t61: "Hoe is de uitkomst meegedeeld?" and "Het team is geïnformeerd" were shown on the
    confirmation only, nowhere on the case page or in the care view afterwards."""
    from vik.care import services as care

    care.change_care_contact(org.investigator, disciplinary_case, org.care, "Verhouding met teamchef verstoord")
    case, _ = _closed_without_punishment(org, disciplinary_case)
    client.force_login(org.authority)
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    closure = page[page.index('id="closure"'):]
    assert "In een gesprek." in closure and "Team geïnformeerd: nee" in closure
    client.force_login(org.care)
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert 'id="care-team-informed"' in page and "niet vastgelegd dat het team over de afloop is geïnformeerd" in page
    # the outcome itself, without the reasoning (tester t62: the care contact learnt it only from the plan)
    outcome = page[page.index('id="care-outcome"'):]
    assert "Geen plichtsverzuim" in outcome[:outcome.index("</p>")]
    assert "Niet bewezen dat de opvraging zonder reden was." not in page
    assert "In een gesprek." not in page  # how the decision was told stays in the case file
    case.closure.team_informed = True
    case.closure.save()
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert "Het team is geïnformeerd over de afloop." in page


def test_aftercare_runs_after_closure_with_a_rehabilitation_plan_until_the_care_contact_ends_it(
        client, org, disciplinary_case):
    """Testers t61, t62: the rehabilitation plan gave the care contact follow-up work, yet the care
    view said "Zorg vastleggen kan hier niet meer" at closure and no task reminded anyone."""
    from vik.care import services as care
    from vik.core.errors import DomainError

    care.change_care_contact(org.investigator, disciplinary_case, org.care, "Verhouding met teamchef verstoord")
    case, _ = _closed_without_punishment(org, disciplinary_case)
    today = timezone.localdate()
    aftercare = [t for t in my_tasks(org.care) if t.kind == "aftercare"]
    assert [t.reference for t in aftercare] == [case.reference]
    assert aftercare[0].due == add_working_days(today, 20)
    client.force_login(org.care)
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert 'id="aftercare"' in page and "Zorg vastleggen kan hier niet meer" not in page
    assert 'id="action-team_care"' in page and 'id="action-aftercare_end"' in page
    response = client.post(f"/onderzoeken/{case.pk}/actie/team_care/", {
        "on": today.strftime("%d-%m-%Y"), "description": "Teamoverleg over de terugkeer van de collega."},
        follow=True)
    assert "Zorg voor het team vastgelegd." in response.content.decode()
    assert case.team_care.count() == 1
    # Ending it needs a word on how; then the forms and the task are gone, and a stale form is refused.
    with pytest.raises(Exception) as refused:
        care.end_aftercare(org.care, case, on=today, note=" ")
    assert "note" in refused.value.message_dict
    ended = {"on": today.strftime("%d-%m-%Y"), "note": "Evaluatiegesprek gevoerd; terug in het team."}
    asked = client.post(f"/onderzoeken/{case.pk}/actie/aftercare_end/", ended, follow=True).content.decode()
    assert "<h1>Bevestigen</h1>" in asked and "De nazorg afronden?" in asked  # final: asked first (t64)
    case.refresh_from_db()
    assert case.closure.aftercare_ended_on is None
    done = client.post(f"/onderzoeken/{case.pk}/actie/aftercare_end/", {**ended, "vik_confirm": "yes"},
                       follow=True).content.decode()
    assert "Nazorg afgerond." in done
    case.refresh_from_db()
    assert not [t for t in my_tasks(org.care) if t.kind == "aftercare"]
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert 'id="aftercare-ended"' in page and "Evaluatiegesprek gevoerd" in page
    assert 'id="action-team_care"' not in page and "Zorg vastleggen kan hier niet meer" in page
    stale = type(case).objects.get(pk=case.pk)  # a second tab, loaded before the end
    stale.closure.aftercare_ended_on = None
    with pytest.raises(DomainError, match="geen nazorg"):
        care.end_aftercare(org.care, stale, on=today, note="Nog eens afgerond vanuit een ander tabblad.")
    assert type(case).objects.get(pk=case.pk).closure.aftercare_note == "Evaluatiegesprek gevoerd; terug in het team."
    with pytest.raises(DomainError, match="nazorg is afgerond"):
        care.record_team_care(org.care, case, on=today, description="Nog een teamoverleg gehouden.")


def test_aftercare_also_follows_a_measure_and_is_the_care_contacts_alone(client, org, disciplinary_case):
    """Tester t63: after a closure with a measure the care view said "Zorg vastleggen kan hier niet
    meer" while the managers' guide asks for a follow-up talk; and the investigating team saw care
    forms on a closed case without knowing whether aftercare ran."""
    from vik.care import services as care
    from vik.core.errors import PermissionDeniedError

    care.change_care_contact(org.investigator, disciplinary_case, org.care, "Verhouding met teamchef verstoord")
    case = _to_report(org, disciplinary_case)
    today = timezone.localdate()
    inv.record_decision(org.authority, case, inv.DecisionInput(
        outcome=Outcome.CORRECTIVE, reasoning="Lerende maatregel: training informatiegebruik.", decided_on=today))
    inv.close_case(org.investigator, case, communicated_on=today, communication="In een gesprek.",
                   team_informed=True)
    case.refresh_from_db()
    assert care.aftercare_running(case)
    assert [t.title for t in my_tasks(org.care) if t.kind == "aftercare"] == [
        "Nazorg na de afsluiting (vervolggesprek, het team); rond haar af als zij klaar is"]
    with pytest.raises(PermissionDeniedError):
        care.refer(org.investigator, case, desk="bmw", referred_on=today)
    client.force_login(org.investigator)
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert 'id="case-aftercare"' in page and 'id="action-referral"' not in page
    with pytest.raises(Exception) as future:
        care.record_team_care(org.care, case, on=today + dt.timedelta(days=7), description="Teamoverleg gepland.")
    assert "toekomst" in future.value.message_dict["on"][0]
    assert care.refer(org.care, case, desk="bmw", referred_on=today)


def test_a_refused_aanzegging_moment_shows_its_error_where_the_live_check_answers():
    """Tester t63: after a refused submit the old error stayed under the help text while the live check
    answered differently for the new value; the error stands in the live region the check replaces."""
    from django.template.loader import render_to_string

    from vik.investigations.forms import AanzeggingForm

    form = AanzeggingForm(data={"held_at": "morgen"})
    assert not form.is_valid()
    html = render_to_string("core/form_fields.html", {"form": form})
    region = html[html.index('<div id="aanzegging-warnings" aria-live="polite">'):]
    region = region[:region.index("</div>")]
    assert 'class="errorlist"' in region and html.count('class="errorlist"') == 1

"""Tester t30 (a new user, real browser): the next-step form offered steps that were always
refused and a second tab's step "succeeded" while its note was dropped; a refusal about the whole
form said "see the fields"; help texts were not announced; radio groups had no group name; one
form checked in the browser (in the browser's language) instead of the server."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from tests.case_steps import approve_plan
from tests.conftest import a_tuesday_morning
from vik.investigations import services as inv
from vik.investigations.forms import AdvanceForm
from vik.investigations.models import Step

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_at_hearings(org, disciplinary_case):
    case = disciplinary_case
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on + timezone.timedelta(days=1))
    inv.record_aanzegging(org.investigator, case, a_tuesday_morning(weeks_ago=1), care_offered=True)
    inv.advance(org.investigator, case, Step.HEARINGS, timezone.localdate())
    case.refresh_from_db()
    return case


def test_only_the_steps_after_the_current_one_are_offered(case_at_hearings):
    form = AdvanceForm(case=case_at_hearings)
    assert [value for value, _label in form.fields["step"].choices] == ["", Step.WITNESSES, Step.REPORT]
    assert form.has_choices


def test_a_second_tab_choosing_the_current_step_is_told_and_keeps_its_note(client, org, case_at_hearings):
    case = case_at_hearings
    client.force_login(org.investigator)
    today = timezone.localdate().isoformat()
    state = str(case.status_id)  # the step both tabs loaded the form at
    client.post(f"/onderzoeken/{case.pk}/actie/advance/",
                {"step": Step.WITNESSES, "on": today, "note": "Tab A", "state": state})
    case.refresh_from_db()
    assert case.status.step == Step.WITNESSES
    # Tab B still shows "Getuigen" as the next step and sends it with its own note.
    client.post(f"/onderzoeken/{case.pk}/actie/advance/",
                {"step": Step.WITNESSES, "on": today, "note": "Tab B", "state": state})
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert "Stap bijgewerkt." not in page.split("Tab A", 1)[-1] or "Tab B" in page
    assert "Deze stap kan nu niet (meer) worden gekozen" in page
    assert 'value="Tab B"' in page  # what he typed survives
    assert case.status_changes.filter(note="Tab B").count() == 0
    assert "witnesses is geen" not in page  # no internal code in the message


def test_the_service_refuses_the_current_step_as_a_field_error(org, case_at_hearings):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        inv.advance(org.investigator, case_at_hearings, Step.HEARINGS, timezone.localdate(), "nog eens")
    assert refused.value.message_dict["step"] == ["Het onderzoek staat al op de stap ‘Hoorgesprekken’."]
    with pytest.raises(ValidationError) as back:
        inv.advance(org.investigator, case_at_hearings, Step.INTAKE, timezone.localdate())
    assert back.value.message_dict["step"] == ["Een onderzoek kan niet terug naar een eerdere stap."]


def test_at_the_report_no_step_form_is_offered(client, org, case_at_hearings):
    from tests.case_steps import report

    report(org, case_at_hearings, timezone.localdate())
    client.force_login(org.investigator)
    page = client.get(f"/onderzoeken/{case_at_hearings.pk}/").content.decode()
    assert 'id="action-advance"' not in page and "Terug naar een eerdere stap" not in page
    assert "Volgende stap: het bevoegd gezag maakt een voornemen" in page


def test_a_refusal_about_the_whole_form_names_its_reason(client, org, case_at_hearings):
    case = case_at_hearings
    client.force_login(org.investigator)
    page = client.get(f"/onderzoeken/{case.pk}/?formulier=expected_end").content.decode()
    state = re.search(r'name="state" value="([^"]*)"', page.split('id="action-expected_end"', 1)[1]).group(1)
    end_on = (timezone.localdate() + timezone.timedelta(days=60)).isoformat()
    ok = {"end_on": end_on, "reason": "Extra getuigen", "state": state}
    client.post(f"/onderzoeken/{case.pk}/actie/expected_end/", ok)
    client.post(f"/onderzoeken/{case.pk}/actie/expected_end/", {**ok, "reason": "Ander tabblad"})
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    banner = page.split('class="messages"', 1)[1].split("</ul>", 1)[0]
    assert "Niet opgeslagen: Dit dossier is intussen gewijzigd" in banner
    assert "zie de meldingen bij de velden" not in banner


def test_help_texts_and_errors_are_announced_with_their_field(client, org, make_signal):
    signal = make_signal()
    client.force_login(org.triage)
    page = client.get(f"/meldingen/{signal.pk}/").content.decode()
    described = set(re.findall(r'aria-describedby="([^"]+)"', page))
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    missing = {ref for refs in described for ref in refs.split() if ref not in ids}
    assert described and not missing, missing


def test_radio_groups_have_a_group_name(client, org, make_signal):
    signal = make_signal()
    client.force_login(org.triage)
    page = client.get(f"/meldingen/{signal.pk}/").content.decode()
    group = re.search(r'<fieldset class="field"[^>]*>\s*<legend>Route \*</legend>', page)
    assert group, "the triage route's radios are not in a fieldset with a legend"
    assert '<label for="">' not in page


def test_every_form_is_checked_by_the_server_in_dutch():
    """No form leaves the checks to the browser (its messages are in the browser's language)."""
    for path in Path(settings.BASE_DIR).rglob("templates/**/*.html"):
        for tag in re.findall(r"<form\b[^>]*>", path.read_text()):
            if 'method="get"' in tag or "method='get'" in tag:
                continue
            assert "novalidate" in tag, f"{path}: {tag}"


def test_an_irreversible_act_is_confirmed_only_once_its_form_is_valid(client, org, case_at_hearings):
    """Tester t31: the question came before the checks, so the user confirmed and then learned that
    nothing had happened. Now an invalid form comes back with its errors and no question; a valid
    one gets the question on a page of its own (the case named), "Annuleren" finds the input as
    typed, and "Ja, doorgaan" records it once."""
    from tests.case_steps import report
    from vik.investigations.models import Decision, Hearing

    case = case_at_hearings
    report(org, case, timezone.localdate())
    client.force_login(org.authority)
    url = f"/onderzoeken/{case.pk}/actie/decision/"
    reasoning = "De raadpleging had een werkopdracht; geen plichtsverzuim."
    valid = {"vik_confirm": "ask", "outcome": "no_breach", "reasoning": reasoning,
             "decided_on": timezone.localdate().isoformat()}
    # A rule across the file (the hearing first) is checked before the question, too.
    refused = client.post(url, valid)
    assert refused.status_code == 302 and refused["Location"].endswith("#action-decision")
    assert "vraagt een gehouden hoorgesprek" in client.get(refused["Location"]).content.decode()
    hearing = inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING,
                               invited_on=timezone.localdate() - timezone.timedelta(days=3),
                               scheduled_at=timezone.now() - timezone.timedelta(days=1), preparation_waived=True)
    inv.record_hearing_waived(org.investigator, hearing, timezone.localdate(), "Per brief afgezien.")
    invalid = client.post(url, {"vik_confirm": "ask", "reasoning": reasoning})  # no outcome chosen
    assert invalid.status_code == 302 and invalid["Location"].endswith("#action-decision")
    assert "Bevestigen" not in client.get(invalid["Location"]).content.decode()
    asked = client.post(url, valid, follow=True)
    page = asked.content.decode()
    assert asked.redirect_chain[-1][0].startswith("/bevestigen/") and "<h1>Bevestigen</h1>" in page
    assert f"Onderzoek {case.reference}" in page
    assert "Het besluit kan na vastleggen niet meer worden gewijzigd. Doorgaan?" in page
    assert not Decision.objects.filter(case=case).exists()
    cancel = re.search(r'<a class="button secondary" href="([^"]+)">Annuleren</a>', page).group(1)
    assert cancel == f"/onderzoeken/{case.pk}/?formulier=decision#action-decision"
    assert reasoning in client.get(cancel).content.decode()  # the input as typed
    done = client.post(url, {**valid, "vik_confirm": "yes"})
    page = client.get(done["Location"]).content.decode()
    errors = re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', page)
    assert Decision.objects.filter(case=case).count() == 1, errors


def test_a_changed_process_template_is_seen_by_my_tasks_at_once(client, org, disciplinary_case):
    """The next steps are kept per process for a short time (issue 14); saving a status type
    forgets them, so the responsible role an administrator sets counts from the next page."""
    from vik.investigations.models import StatusType
    from vik.investigations.tasks import _next_steps

    steps = _next_steps()
    following = steps[disciplinary_case.status_id]
    following.responsible_role = "triage"
    StatusType.objects.get(pk=following.pk).save()  # through the admin: post_save
    assert _next_steps() is not steps


def test_a_second_tab_choosing_a_later_step_is_told_the_case_moved(client, org, case_at_hearings):
    """Tester t32: tab A moved the case to one step, tab B (loaded before) to another still ahead:
    B won silently. Now B is told where the case is, keeps its note, and chooses again."""
    case = case_at_hearings
    client.force_login(org.investigator)
    page = client.get(f"/onderzoeken/{case.pk}/?formulier=advance").content.decode()
    state = re.search(r'name="state" value="(\d+)"', page.split('id="action-advance"', 1)[1]).group(1)
    today = timezone.localdate().isoformat()
    client.post(f"/onderzoeken/{case.pk}/actie/advance/",
                {"step": Step.WITNESSES, "on": today, "note": "Tab A", "state": state})
    client.post(f"/onderzoeken/{case.pk}/actie/advance/",
                {"step": Step.REPORT, "on": today, "note": "Tab B", "state": state})
    case.refresh_from_db()
    assert case.status.step == Step.WITNESSES
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert "Het onderzoek is intussen naar de stap ‘Getuigen’ gezet" in page and 'value="Tab B"' in page


def test_an_irreversible_act_without_the_confirmation_field_is_asked_too(client, org, case_at_hearings):
    """Tester t32: a form without `vik_confirm` (an old page, a script) was recorded at once."""
    from tests.case_steps import report
    from vik.investigations.models import Hearing, Voornemen

    case = case_at_hearings
    hearing = inv.plan_hearing(org.investigator, case, kind=Hearing.Kind.HEARING,
                               invited_on=timezone.localdate() - timezone.timedelta(days=3),
                               scheduled_at=timezone.now() - timezone.timedelta(days=1), preparation_waived=True)
    inv.record_hearing_waived(org.investigator, hearing, timezone.localdate(), "Per brief afgezien.")
    report(org, case, timezone.localdate())
    client.force_login(org.authority)
    response = client.post(f"/onderzoeken/{case.pk}/actie/voornemen/", {
        "measure": "reprimand", "grounds": "Bewezen raadpleging zonder werkopdracht in BVH.",
        "sent_on": timezone.localdate().isoformat()}, follow=True)
    assert "<h1>Bevestigen</h1>" in response.content.decode()
    assert not Voornemen.objects.filter(case=case).exists()


def test_the_confirmation_shows_what_is_about_to_be_recorded(client, org, case_at_hearings):
    """Tester t32: the question alone did not say what would be recorded."""
    from tests.case_steps import report

    report(org, case_at_hearings, timezone.localdate())
    client.force_login(org.authority)
    page = client.post(f"/onderzoeken/{case_at_hearings.pk}/actie/voornemen/", {
        "vik_confirm": "ask", "measure": "reprimand", "grounds": "Bewezen raadpleging zonder werkopdracht.",
        "sent_on": timezone.localdate().isoformat()}, follow=True).content.decode()
    summary = page.split('<dl class="facts summary">', 1)[1].split("</dl>", 1)[0]
    assert "Schriftelijke berisping" in summary or "berisping" in summary.lower()
    assert "Bewezen raadpleging zonder werkopdracht." in summary
    assert timezone.localdate().strftime("%d-%m-%Y") in summary


def test_a_conditional_decision_needs_a_punishment(org, case_at_hearings):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        inv.record_decision(org.authority, case_at_hearings, inv.DecisionInput(
            outcome="corrective", conditional=True, reasoning="Een lerende maatregel volstaat hier.",
            decided_on=timezone.localdate()))
    assert refused.value.message_dict["conditional"] == ["‘Voorwaardelijk’ hoort alleen bij een straf."]


def test_a_closed_meeting_does_not_say_the_queue_is_empty(client, org, make_signal):
    """Tester t33: a closed meeting said "Niets meer in de wachtrij" while signals were waiting."""
    from vik.triage.models import TriageSession

    make_signal()
    client.force_login(org.triage)
    client.post("/triage/overleg/", {"held_on": timezone.localdate().isoformat(), "participants": [org.triage2.pk]})
    session = TriageSession.objects.get()
    client.post(f"/triage/overleg/{session.pk}/", {"do": "close", "vik_confirm": "yes"})
    page = client.get(f"/triage/overleg/{session.pk}/").content.decode()
    assert "Niets meer in de wachtrij." not in page and "Dit overleg is afgesloten" in page


def test_learning_points_of_a_decision_name_nobody(org, case_at_hearings):
    """A decision's leerpunten are shared with the organisation ("zonder namen of herleidbare
    details"); tester t37 found the learning library let names, e-mail and phone numbers through."""
    from django.core.exceptions import ValidationError

    subject = case_at_hearings.subject
    with pytest.raises(ValidationError) as refused:
        inv.record_decision(org.authority, case_at_hearings, inv.DecisionInput(
            outcome="corrective", reasoning="Een lerende maatregel volstaat hier.",
            learning_points=f"Bespreek met {subject.surname} (06-12345678) de werkinstructie.",
            decided_on=timezone.localdate()))
    said = " ".join(refused.value.message_dict["learning_points"])
    assert subject.surname in said and "06-12345678" in said


def test_learning_points_do_not_name_the_reporter(org, case_at_hearings):
    """Tester t59: the reporter's name ("Noor van Kampink") passed in the anonymised learning points."""
    from django.core.exceptions import ValidationError

    signal = case_at_hearings.signal
    signal.reporter = org.manager.employee
    signal.save(update_fields=["reporter"])
    reporter = org.manager.employee
    with pytest.raises(ValidationError) as refused:
        inv.record_decision(org.authority, case_at_hearings, inv.DecisionInput(
            outcome="corrective", reasoning="Een lerende maatregel volstaat hier.",
            learning_points=f"Met dank aan melder {reporter.surname} voor het signaal.",
            decided_on=timezone.localdate()))
    assert reporter.surname in " ".join(refused.value.message_dict["learning_points"])

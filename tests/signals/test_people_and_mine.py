"""Issue 12, hard to use: the person picker (names, not only personnel numbers), the default
line manager, the case form pre-filled from the triage decision and "Mijn meldingen"."""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from tests.conftest import all_scores
from tests.factories import EmployeeFactory
from vik.signals.forms import person_label
from vik.signals.models import Signal
from vik.triage.models import Route


def _line_post(signal, line_manager, rationale="Lijngesprek volstaat hier zeker."):
    return {"route": "line", "rationale": rationale, "version": signal.version,
            "line_manager": line_manager,
            "follow_up_due": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
            **{f"score_{k}": v for k, v in all_scores().items()}}


def test_triage_chooses_the_line_manager_by_name(client, org, make_signal):
    """The issue's case: a name gave "Onbekend personeelsnummer"."""
    signal = make_signal()
    client.force_login(org.triage)
    response = client.post(f"/triage/melding/{signal.pk}/besluit/",
                           _line_post(signal, org.manager.employee.full_name))
    assert response.status_code == 302
    decision = signal.triage_decisions.get(current=True)
    assert decision.route == Route.LINE and decision.line_manager == org.manager.employee


def test_a_chosen_suggestion_and_a_personnel_number_work_too(client, org, make_signal):
    for value in (person_label(org.manager.employee), org.manager.employee.personnel_number):
        signal = make_signal()
        client.force_login(org.triage)
        client.post(f"/triage/melding/{signal.pk}/besluit/", _line_post(signal, value))
        assert signal.triage_decisions.get(current=True).line_manager == org.manager.employee


def test_an_ambiguous_name_asks_to_choose_and_keeps_the_input(client, org, make_signal):
    EmployeeFactory(unit=org.patrol, first_name="Karel", surname="De Boer", rank="hoofdagent")
    EmployeeFactory(unit=org.vik_a, first_name="Kees", surname="De Boer", rank="brigadier")
    signal = make_signal()
    client.force_login(org.triage)
    response = client.post(f"/triage/melding/{signal.pk}/besluit/",
                           _line_post(signal, "De Boer", "Mijn motivering blijft staan."),
                           follow=True)
    text = response.content.decode()
    assert "‘De Boer’ past bij meer medewerkers; kies er één" in text
    assert "Karel De Boer" in text and "Basisteam A · hoofdagent" in text
    assert "Kees De Boer" in text
    assert "Mijn motivering blijft staan." in text
    assert not signal.triage_decisions.exists()


def test_unknown_name_gives_a_dutch_message(client, org, make_signal):
    signal = make_signal()
    client.force_login(org.triage)
    response = client.post(f"/triage/melding/{signal.pk}/besluit/",
                           _line_post(signal, "Niemandsland"), follow=True)
    assert "Niemand gevonden met de naam ‘Niemandsland’" in response.content.decode()


def test_the_line_manager_defaults_to_the_subjects_manager(client, org, make_signal):
    signal = make_signal(subjects=[org.officer])
    client.force_login(org.triage)
    page = client.get(f"/meldingen/{signal.pk}/").content.decode()
    assert f'value="{person_label(org.manager.employee)}"' in page


def test_signal_subjects_by_name(client, org):
    client.force_login(org.triage)
    response = client.post("/meldingen/nieuw/", {
        "received_on": timezone.localdate().isoformat(), "channel": "colleague",
        "region": org.region_a.pk, "theme": 1, "description": "Cadeaubon aangenomen.",
        "subjects": f"{org.officer.full_name}, {org.colleague.personnel_number}",
    })
    assert response.status_code == 302
    assert set(Signal.objects.get().subjects.all()) == {org.officer, org.colleague}


def test_suggestions_for_staff_only_with_what_the_form_needs(client, org):
    org.officer.email = "geheim@example.invalid"
    org.officer.rank = "agent"
    org.officer.save()
    client.force_login(org.triage)
    response = client.get("/meldingen/personen/", {"line_manager": "Jans"})
    text = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{person_label(org.officer)}">' in text
    assert "Basisteam A · agent" in text and "geheim@" not in text
    client.force_login(org.nobody)
    assert client.get("/meldingen/personen/", {"q": "Jans"}).status_code == 404
    client.logout()
    assert client.get("/meldingen/personen/", {"q": "Jans"}).status_code == 302


def test_the_person_picker_is_keyboard_usable_markup(client, org, make_signal):
    signal = make_signal()
    client.force_login(org.triage)
    page = client.get(f"/meldingen/{signal.pk}/").content.decode()
    assert 'list="id_line_manager-options"' in page
    assert '<datalist id="id_line_manager-options"></datalist>' in page


def test_open_case_form_is_prefilled_from_the_triage_decision(client, org, make_signal,
                                                               triage_to):
    from vik.investigations.models import CaseType

    signal = make_signal()
    triage_to(signal, Route.DISCIPLINARY)
    client.force_login(org.triage)
    response = client.get(f"/meldingen/{signal.pk}/")
    form = response.context["case_form"]
    assert form.initial["case_type"] == CaseType.objects.get(code="disciplinary").pk
    assert form.initial["subject"] == org.officer.pk


def test_my_signals_shows_status_only_to_the_registrant(client, org, make_signal, triage_to):
    """A manager follows the signal he registered, without seeing the triage."""
    signal = make_signal(actor=org.manager, subjects=[org.colleague],
                         description="Vertrouwelijke omschrijving van de melding.")
    triage_to(signal, Route.DISCIPLINARY)
    client.force_login(org.manager)
    page = client.get("/meldingen/mijn/").content.decode()
    assert signal.reference in page and "Getrieerd" in page
    assert "Vertrouwelijke omschrijving" not in page and "Ernstig genoeg" not in page
    assert f'href="/meldingen/{signal.pk}/"' not in page
    assert client.get(f"/meldingen/{signal.pk}/").status_code == 404
    assert "Door mij geregistreerd" in client.get("/").content.decode()
    # Somebody else does not see it in his list.
    client.force_login(org.investigator)
    assert signal.reference not in client.get("/meldingen/mijn/").content.decode()


def test_my_signals_links_to_the_signal_when_the_registrant_may_see_it(client, org,
                                                                         make_signal):
    signal = make_signal(actor=org.triage)
    client.force_login(org.triage)
    page = client.get("/meldingen/mijn/").content.decode()
    assert f'href="/meldingen/{signal.pk}/"' in page


def test_open_case_chooses_authority_and_lead_by_name(client, org, make_signal, triage_to):
    from vik.investigations.models import Case, CaseType

    signal = make_signal()
    triage_to(signal, Route.DISCIPLINARY)
    client.force_login(org.triage)
    response = client.post(f"/onderzoeken/start/{signal.pk}/", {
        "case_type": CaseType.objects.get(code="disciplinary").pk, "subject": org.officer.pk,
        "authority": org.authority.display_name, "lead_investigator": org.investigator.display_name,
        "opened_on": timezone.localdate().isoformat(),
    })
    assert response.status_code == 302
    case = Case.objects.get(signal=signal)
    assert {(m.user, m.kind) for m in case.members.all()} >= {
        (org.authority, "authority"), (org.investigator, "lead")}


def test_user_pickers_only_resolve_staff_with_the_role(client, org, disciplinary_case):
    case = disciplinary_case
    client.force_login(org.investigator)
    # A name of someone without an investigator or authority role is not found.
    client.post(f"/onderzoeken/{case.pk}/actie/member/",
                {"user": org.care.display_name, "kind": "investigator"})
    assert not case.members.filter(user=org.care).exists()
    client.post(f"/onderzoeken/{case.pk}/actie/member/",
                {"user": org.investigator2.display_name, "kind": "investigator"})
    assert case.members.filter(user=org.investigator2, kind="investigator").exists()
    client.post(f"/onderzoeken/{case.pk}/actie/care_contact/",
                {"new_contact": org.care.employee.personnel_number,
                 "reason": "Verhouding met de leidinggevende is verstoord.", "vik_confirm": "yes"})
    case.refresh_from_db()
    assert case.care_contact == org.care


def test_suggestions_can_be_limited_to_a_role(client, org):
    client.force_login(org.triage)
    text = client.get("/meldingen/personen/", {"rol": "competent_authority",
                                               "authority": org.authority.employee.surname[:6]}
                      ).content.decode()
    assert person_label(org.authority.employee) in text
    assert person_label(org.investigator.employee) not in text


def test_suggestions_only_for_roles_that_pick_people(client, org):
    """Issue 12: any account with a role (policy staff, the auditor, an editor) got the staff
    names; only roles whose forms choose people may ask."""
    from tests.factories import EmployeeFactory, UserFactory
    from vik.accounts.models import Role

    editor = UserFactory(username="redacteur", roles=[Role.EDITOR], employee=EmployeeFactory(unit=org.patrol))
    for user in (org.policy, org.auditor, org.admin, editor):
        client.force_login(user)
        assert client.get("/meldingen/personen/", {"q": "Jans"}).status_code == 404, user
    for user in (org.triage, org.manager, org.investigator, org.authority, org.care):
        client.force_login(user)
        assert client.get("/meldingen/personen/", {"q": "Jans"}).status_code == 200, user


@pytest.mark.django_db
@given(number=st.from_regex(r"\A[A-Za-z]{1,3}(-[A-Z0-9]{1,5}){1,2}\Z|\A[A-Za-z]{0,3}\d{3,8}\Z|\A\d{2}-\d{4}\Z"))
@hyp_settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_every_shown_person_label_is_accepted_back(number):
    """Tester t7: the task "Herhaalonderzoek plannen" filled in "Tom Prins (P-DEMO-TCP)" and the
    picker refused its own label (only numbers like P123456 were read from the brackets). Whatever
    the personnel number's form, the label the picker shows is accepted back as that person."""
    from vik.signals.forms import resolve_people

    employee = EmployeeFactory(personnel_number=number)
    try:
        assert resolve_people(person_label(employee)) == [employee]
        assert resolve_people(f"{person_label(employee)}, ") == [employee]
    finally:
        employee.delete()


def test_among_a_role_the_suggestions_find_people_by_their_team(client, org):
    """Tester t52: a care contact of another team could only be found by his name."""
    client.force_login(org.investigator)
    text = client.get("/meldingen/personen/", {"q": org.vik_a.name[:6], "rol": "care_contact"}).content.decode()
    assert f'<option value="{person_label(org.care.employee)}">' in text  # "zorg" works in that team
    assert person_label(org.investigator.employee) not in text  # the same team, not the role
    # Without a role to choose among, a team name finds nobody (the reporting form's subjects).
    assert "<option" not in client.get("/meldingen/personen/", {"q": org.vik_a.name[:6]}).content.decode()


def test_a_team_typed_in_a_role_picker_asks_to_choose_among_its_people(org):
    """Tester t54: the suggestions find people by team, but sending the team's name said "Niemand
    gevonden"."""
    from vik.care.forms import CareContactForm

    form = CareContactForm({"new_contact": org.vik_a.name, "reason": "Verhouding verstoord"})
    assert not form.is_valid()
    said = form.errors["new_contact"][0]
    assert "is een team; kies één persoon" in said and person_label(org.care.employee) in said
    assert person_label(org.investigator.employee) not in said  # the same team, not the role

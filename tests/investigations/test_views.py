"""The web pages: what each role gets to see and do, and clear Dutch errors on bad input."""

import datetime as dt

from django.utils import timezone

from tests.case_steps import add_plan
from tests.conftest import all_scores
from vik.audit.models import AuditEvent
from vik.investigations.models import Case, Step
from vik.signals.models import Signal


def test_login_required_everywhere(client, db):
    for url in ("/", "/meldingen/", "/onderzoeken/", "/triage/", "/audit/"):
        response = client.get(url)
        assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_register_signal_in_the_browser_flow(client, org):
    client.force_login(org.triage)
    page = client.get("/meldingen/nieuw/")
    assert page.status_code == 200 and "Melding registreren" in page.text
    response = client.post("/meldingen/nieuw/", {
        "received_on": timezone.localdate().isoformat(), "channel": "colleague",
        "region": org.region_a.pk, "theme": page.context["form"].fields["theme"].queryset[0].pk,
        "description": "Collega nam een cadeaubon aan.", "subjects": org.officer.personnel_number,
    })
    signal = Signal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/meldingen/{signal.pk}/"
    detail = client.get(response["Location"])
    assert signal.reference in detail.text and "Triagebesluit vastleggen" in detail.text


def test_unknown_personnel_number_gives_clear_error_and_keeps_input(client, org):
    client.force_login(org.triage)
    response = client.post("/meldingen/nieuw/", {
        "received_on": timezone.localdate().isoformat(), "channel": "colleague",
        "region": org.region_a.pk, "theme": 1, "description": "Mijn omschrijving blijft staan.",
        "subjects": "P000001",
    })
    assert response.status_code == 200
    assert "Onbekend personeelsnummer: P000001." in response.text
    assert "Mijn omschrijving blijft staan." in response.text
    assert not Signal.objects.exists()


def test_signal_page_is_404_for_outsiders_and_the_refusal_is_audited(client, org, make_signal):
    signal = make_signal()
    client.force_login(org.triage_b)
    assert client.get(f"/meldingen/{signal.pk}/").status_code == 404
    assert AuditEvent.objects.filter(actor=org.triage_b, action="denied").exists()
    client.force_login(org.triage)
    assert client.get(f"/meldingen/{signal.pk}/").status_code == 200
    assert AuditEvent.objects.filter(actor=org.triage, action="view",
                                     object_id=str(signal.pk)).exists()


def test_triage_form_errors_are_shown_per_field(client, org, make_signal):
    signal = make_signal()
    client.force_login(org.triage)
    response = client.post(f"/triage/melding/{signal.pk}/besluit/", {
        "route": "line", "rationale": "Lijngesprek volstaat hier.", "version": signal.version,
        **{f"score_{k}": v for k, v in all_scores().items()},
    })
    # Post/redirect/get: back on the signal page, with the errors at the fields.
    assert response.status_code == 302
    assert response["Location"] == f"/meldingen/{signal.pk}/"
    response = client.get(response["Location"])
    assert "Kies de leidinggevende die de melding in de lijn afhandelt." in response.text
    ok = client.post(f"/triage/melding/{signal.pk}/besluit/", {
        "route": "disciplinary", "rationale": "Ernstig: onderzoek nodig.",
        "version": signal.version, **{f"score_{k}": v for k, v in all_scores().items()},
    })
    assert ok.status_code == 302
    detail = client.get(f"/meldingen/{signal.pk}/")
    assert "Onderzoek starten" in detail.text


def test_case_page_for_members_care_view_for_manager_404_for_others(
    client, org, disciplinary_case
):
    case = disciplinary_case
    client.force_login(org.investigator)
    page = client.get(f"/onderzoeken/{case.pk}/")
    assert page.status_code == 200 and "Omschrijving vermoedelijk plichtsverzuim" in page.text
    client.force_login(org.manager)
    care = client.get(f"/onderzoeken/{case.pk}/")
    assert care.status_code == 200 and "Zorg bij onderzoek" in care.text
    assert "buurman" not in care.text  # not the investigation file
    client.force_login(org.investigator2)
    assert client.get(f"/onderzoeken/{case.pk}/").status_code == 404


def test_case_action_refused_for_wrong_role_and_applied_for_right_role(
    client, org, disciplinary_case
):
    case = disciplinary_case
    client.force_login(org.investigator)
    response = client.post(f"/onderzoeken/{case.pk}/actie/commission/",
                           {"on": case.opened_on.isoformat()}, follow=True)
    assert "U mag deze handeling in dit onderzoek niet uitvoeren." in response.text
    client.force_login(org.authority)
    refused = client.post(f"/onderzoeken/{case.pk}/actie/approve_plan/",
                          {"on": timezone.localdate().isoformat()}, follow=True)
    assert "Verleen eerst de opdracht" in refused.text
    client.post(f"/onderzoeken/{case.pk}/actie/commission/", {"on": case.opened_on.isoformat()})
    refused = client.post(f"/onderzoeken/{case.pk}/actie/approve_plan/",
                          {"on": timezone.localdate().isoformat()}, follow=True)
    assert "nog geen onderzoeksplan" in refused.text
    add_plan(org, case)
    client.post(f"/onderzoeken/{case.pk}/actie/approve_plan/",
                {"on": timezone.localdate().isoformat()})
    case = Case.objects.get(pk=case.pk)
    assert case.commissioned_on == case.opened_on
    assert case.status.step == Step.PLAN_APPROVED


def test_hearing_with_too_little_preparation_shows_the_earliest_date(
    client, org, disciplinary_case
):
    case = disciplinary_case
    client.force_login(org.investigator)
    invited = dt.date(2026, 3, 2)
    response = client.post(f"/onderzoeken/{case.pk}/actie/hearing/", {
        "kind": "hearing", "invited_on": invited.isoformat(),
        "scheduled_at": "2026-03-04T10:00",
    })
    assert response.status_code == 302  # post/redirect/get, back to the case page
    response = client.get(response["Location"])
    assert "09-03-2026" in response.text
    assert not case.hearings.exists()


def test_audit_trail_is_for_auditors_only(client, org):
    client.force_login(org.investigator)
    assert client.get("/audit/").status_code == 404
    client.force_login(org.auditor)
    assert client.get("/audit/").status_code == 200


def test_home_shows_my_tasks(client, org, make_signal):
    make_signal()
    client.force_login(org.triage)
    response = client.get("/")
    assert "Melding trieren" in response.text


def test_english_interface_is_available(client, org):
    client.force_login(org.triage)
    client.cookies["django_language"] = "en"  # chosen in the language menu
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="en"' in response.text


def test_an_english_browser_alone_does_not_switch_the_language(client, org):
    client.force_login(org.triage)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="nl"' in response.text


def test_triage_member_adds_attachment_outsider_cannot(client, org, make_signal):
    from django.core.files.uploadedfile import SimpleUploadedFile

    signal = make_signal()
    client.force_login(org.triage)
    client.post(f"/meldingen/{signal.pk}/bijlage/",
                {"file": SimpleUploadedFile("aanvulling.txt", b"nieuwe feiten")})
    assert signal.attachments.get().original_name == "aanvulling.txt"
    client.force_login(org.triage_b)
    response = client.post(f"/meldingen/{signal.pk}/bijlage/",
                           {"file": SimpleUploadedFile("x.txt", b"x")})
    assert response.status_code == 404 and signal.attachments.count() == 1


def test_login_page_offers_anonymous_reporting_without_login(client, db):
    page = client.get("/inloggen/")
    assert 'href="/vertrouwelijk/anoniem/"' in page.text
    assert client.get("/vertrouwelijk/anoniem/").status_code == 200


def test_aanzegging_planner_warns_live_for_friday_afternoon_and_before_holiday(client, org):
    client.force_login(org.investigator)
    friday = client.get("/onderzoeken/aanzegging-controle/", {"held_at": "2026-03-06T15:00"})
    assert "vrijdagmiddag" in friday.text
    christmas_eve = client.get("/onderzoeken/aanzegging-controle/", {"held_at": "2025-12-24T10:00"})
    assert "de werkdag vóór een feestdag (Eerste kerstdag, 25-12-2025)" in christmas_eve.text
    christmas = client.get("/onderzoeken/aanzegging-controle/", {"held_at": "2025-12-25T10:00"})
    assert "valt op een feestdag (Eerste kerstdag)" in christmas.text
    saturday = client.get("/onderzoeken/aanzegging-controle/", {"held_at": "2026-03-07T10:00"})
    assert "valt in het weekend" in saturday.text
    # The live check answers as the submit does (tester t60): a moment ahead cannot be recorded as held.
    ahead = client.get("/onderzoeken/aanzegging-controle/",
                       {"held_at": (timezone.localdate() + dt.timedelta(days=3)).isoformat() + "T10:00"})
    assert "Dit moment kan niet" in ahead.text and "geen waarschuwing" not in ahead.text
    no_time = client.get("/onderzoeken/aanzegging-controle/", {"held_at": "01-12-2026"})
    assert "Vul ook het tijdstip in" in no_time.text
    tuesday = client.get("/onderzoeken/aanzegging-controle/", {"held_at": "2026-03-03T10:00"})
    assert "geen waarschuwing" in tuesday.text


def test_the_list_of_closed_cases_heads_its_date_column_as_closing_date(client, org, disciplinary_case):
    """Tester t12: the closed list headed its closing dates "Normdatum"."""
    client.force_login(org.investigator)
    assert "<th>Normdatum</th>" in client.get("/onderzoeken/").content.decode()
    closed = client.get("/onderzoeken/", {"state": "closed"}).content.decode()
    assert "<th>Afgesloten op</th>" in closed and "Normdatum" not in closed
    assert "<th>Normdatum of afgesloten</th>" in client.get("/onderzoeken/", {"state": "all"}).content.decode()

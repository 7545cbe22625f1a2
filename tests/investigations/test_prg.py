"""Issue 12: post/redirect/get. Every POST of the case work redirects; after a validation error
the user is back on the page's own URL with the Dutch errors and what he typed, and a reload
does not post again."""

import datetime as dt

from django.utils import timezone

from tests.case_steps import told
from tests.conftest import all_scores


def test_case_action_error_redirects_to_the_case_page_with_errors_and_input(
    client, org, disciplinary_case
):
    case = disciplinary_case
    client.force_login(org.investigator)
    response = client.post(f"/onderzoeken/{case.pk}/actie/hearing/", {
        "kind": "hearing", "invited_on": "2026-03-02", "scheduled_at": "2026-03-04T10:00",
        "representative": "mr. Van Getypt",
    })
    assert response.status_code == 302
    assert response["Location"] == f"/onderzoeken/{case.pk}/#action-hearing"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "09-03-2026" in page.text and "mr. Van Getypt" in page.text
    # A reload keeps what was typed (tester t16 lost typed grounds so), and posts nothing twice.
    again = client.get(f"/onderzoeken/{case.pk}/")
    assert "mr. Van Getypt" in again.text and "09-03-2026" in again.text
    assert not case.hearings.exists()


def test_the_kept_input_goes_when_the_form_is_sent_again_or_after_half_an_hour(
    client, org, disciplinary_case, monkeypatch
):
    from vik.signals import prg

    case = disciplinary_case
    client.force_login(org.investigator)
    client.post(f"/onderzoeken/{case.pk}/actie/hearing/", {"kind": "hearing", "representative": "mr. Van Getypt"})
    assert "mr. Van Getypt" in client.get(f"/onderzoeken/{case.pk}/").text
    monkeypatch.setattr(prg, "KEEP_SECONDS", -1)  # as if half an hour had passed
    assert "mr. Van Getypt" not in client.get(f"/onderzoeken/{case.pk}/").text
    monkeypatch.undo()
    # Sent again and refused for another reason: the page shows this attempt, not the first.
    client.post(f"/onderzoeken/{case.pk}/actie/hearing/", {"kind": "hearing", "representative": "mr. Eerste"})
    client.post(f"/onderzoeken/{case.pk}/actie/hearing/", {"kind": "hearing", "representative": "mr. Tweede"})
    page = client.get(f"/onderzoeken/{case.pk}/").text
    assert "mr. Tweede" in page and "mr. Eerste" not in page


def test_case_action_form_error_keeps_input_for_each_action(client, org, disciplinary_case):
    case = disciplinary_case
    told(org, case)  # status updates to the betrokkene begin at the aanzegging
    client.force_login(org.investigator)
    response = client.post(f"/onderzoeken/{case.pk}/actie/update/", {
        "given_on": "2027-02-30", "channel": "phone", "summary": "Mijn getypte samenvatting",
    })
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Mijn getypte samenvatting" in page.text
    assert "Voer een geldige datum in." in page.text


def test_triage_decision_error_redirects_to_the_signal_page(client, org, make_signal):
    signal = make_signal()
    client.force_login(org.triage)
    response = client.post(f"/triage/melding/{signal.pk}/besluit/", {
        "route": "line", "rationale": "Mijn motivering blijft bewaard.",
        "version": signal.version, **{f"score_{k}": v for k, v in all_scores().items()},
    })
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Mijn motivering blijft bewaard." in page.text
    assert "Kies de leidinggevende die de melding in de lijn afhandelt." in page.text


def test_open_case_error_redirects_to_the_signal_page(client, org, make_signal, triage_to):
    signal = make_signal()
    triage_to(signal)
    client.force_login(org.triage)
    response = client.post(f"/onderzoeken/start/{signal.pk}/", {
        "opened_on": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        "suspected_breach": "Mijn getypte verdenking",
    })
    assert response.status_code == 302 and response["Location"] == f"/meldingen/{signal.pk}/"
    page = client.get(response["Location"])
    assert "Mijn getypte verdenking" in page.text


def test_line_report_error_redirects_to_the_signal_page(client, org, make_signal):
    from vik.triage.services import DecisionInput, record_triage_decision

    signal = make_signal(subjects=[org.colleague])
    record_triage_decision(org.triage, signal, DecisionInput(
        route="line", rationale="Past bij een gesprek in de lijn.", scores=all_scores(),
        line_manager=org.manager.employee,
        follow_up_due=timezone.localdate() + dt.timedelta(days=14)))
    client.force_login(org.manager)
    response = client.post(f"/triage/melding/{signal.pk}/terugkoppeling/", {"line_report": "kort"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Beschrijf hoe de melding is afgehandeld." in page.text


def test_triage_session_error_keeps_input(client, org):
    client.force_login(org.triage)
    response = client.post("/triage/overleg/", {"held_on": "0001-01-01"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "0001-01-01" in page.text and "Kies een datum tussen" in page.text


def test_a_kept_draft_loses_its_old_errors_once_something_else_is_saved(client, org, disciplinary_case):
    """Tester t47: a hearing refused before the aanzegging kept "Leg eerst de aanzegging vast" at
    its draft after the aanzegging was recorded. The input stays; the errors were about the file
    as it was, and sending the form again checks it afresh."""
    from tests.case_steps import approve_plan
    from vik.investigations import services as inv

    case = disciplinary_case
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on)
    client.force_login(org.investigator)
    from vik.core.workdays import add_working_days

    on = add_working_days(timezone.localdate(), 8)
    client.post(f"/onderzoeken/{case.pk}/actie/hearing/", {
        "kind": "hearing", "invited_on": timezone.localdate().strftime("%Y-%m-%d"),
        "scheduled_at": f"{on:%Y-%m-%d}T10:00", "representative": "mr. Blijft"})
    page = client.get(f"/onderzoeken/{case.pk}/").text
    assert "mr. Blijft" in page and "Het hoorgesprek volgt op de aanzegging" in page
    saved = client.post(f"/onderzoeken/{case.pk}/actie/review/", {
        "held_on": timezone.localdate().strftime("%Y-%m-%d"), "notes": "Voortgang besproken."})
    assert saved.status_code == 302 and "#action-" not in saved["Location"]
    page = client.get(f"/onderzoeken/{case.pk}/").text
    assert "mr. Blijft" in page and "Het hoorgesprek volgt op de aanzegging" not in page

"""The acts' forms on the case page are loaded when their section is opened (issue 14, load: their
widgets were a third of the page's time). Held: the fields come only to who may do the act, the
page without JavaScript still offers every form (`?formulier=`), a form with errors comes back
filled in, and loading the one form that shows the file's text is audited."""

import pytest

from vik.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_case_page_names_the_acts_and_loads_their_fields_when_opened(client, org, disciplinary_case):
    case = disciplinary_case
    client.force_login(org.investigator)
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert 'id="action-hearing"' in page
    assert f'hx-get="/onderzoeken/{case.pk}/formulier/hearing/"' in page
    assert 'name="scheduled_at"' not in page  # its fields are not rendered yet
    # If loading fails the section says so (shown by the page script); nothing on a clean page
    # looks like a field error (the page script opens the section of the first one).
    assert "data-load-failed hidden" in page and "errorlist" not in page
    fields = client.get(f"/onderzoeken/{case.pk}/formulier/hearing/", **HTMX)
    assert fields.status_code == 200
    assert 'name="scheduled_at"' in fields.content.decode() and "<form" not in fields.content.decode()


def test_without_javascript_the_link_opens_the_page_with_that_form(client, org, disciplinary_case):
    case = disciplinary_case
    client.force_login(org.investigator)
    plain = client.get(f"/onderzoeken/{case.pk}/formulier/hearing/")
    assert plain.status_code == 302
    assert plain["Location"] == f"/onderzoeken/{case.pk}/?formulier=hearing#action-hearing"
    page = client.get(f"/onderzoeken/{case.pk}/?formulier=hearing").content.decode()
    section = page.split('id="action-hearing"', 1)[1].split("</details>", 1)[0]
    assert section.startswith(" open") and 'name="scheduled_at"' in section
    assert "data-after-fields" not in section  # its button is shown


def test_only_who_may_do_the_act_gets_its_fields(client, org, disciplinary_case):
    case = disciplinary_case
    url = f"/onderzoeken/{case.pk}/formulier/decision/"
    client.force_login(org.authority)
    assert client.get(url, **HTMX).status_code == 200  # the competent authority decides
    client.force_login(org.investigator)
    assert client.get(url, **HTMX).status_code == 404  # the investigator does not
    client.force_login(org.investigator2)  # not on this case
    assert client.get(f"/onderzoeken/{case.pk}/formulier/hearing/", **HTMX).status_code == 404
    client.force_login(org.investigator)
    assert client.get(f"/onderzoeken/{case.pk}/formulier/bestaat-niet/", **HTMX).status_code == 404


def test_a_form_with_errors_comes_back_rendered_and_open(client, org, disciplinary_case):
    case = disciplinary_case
    client.force_login(org.investigator)
    page = client.post(f"/onderzoeken/{case.pk}/actie/hearing/", {"scheduled_at": "morgen"},
                       follow=True).content.decode()
    section = page.split('id="action-hearing"', 1)[1].split("</details>", 1)[0]
    assert section.startswith(" open") and 'value="morgen"' in section and "errorlist" in section


def test_loading_the_form_with_the_files_text_is_audited(client, org, disciplinary_case):
    case = disciplinary_case
    case.suspected_breach = "Zoekvragen naar de buurman zonder werkopdracht."
    case.save(update_fields=["suspected_breach"])
    client.force_login(org.investigator)
    before = AuditEvent.objects.filter(action="view", actor=org.investigator).count()
    fields = client.get(f"/onderzoeken/{case.pk}/formulier/breach/", **HTMX).content.decode()
    assert "Zoekvragen naar de buurman" in fields
    assert AuditEvent.objects.filter(action="view", actor=org.investigator).count() == before + 1


def test_input_that_was_not_saved_can_be_discarded(client, org, disciplinary_case):
    """Tester t28: a failed form came back, with its errors, on every visit for half an hour."""
    case = disciplinary_case
    client.force_login(org.investigator)
    client.post(f"/onderzoeken/{case.pk}/actie/hearing/", {"scheduled_at": "morgen"})
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    section = page.split('id="action-hearing"', 1)[1].split("</details>", 1)[0]
    assert "Niet opgeslagen invoer van" in section and "Invoer wissen" in section
    answer = client.post("/invoer-wissen/", {"key": f"case:{case.pk}:hearing",
                                             "next": f"/onderzoeken/{case.pk}/#action-hearing"})
    assert answer.status_code == 302 and answer["Location"] == f"/onderzoeken/{case.pk}/#action-hearing"
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    section = page.split('id="action-hearing"', 1)[1].split("</details>", 1)[0]
    assert 'value="morgen"' not in section and "errorlist" not in section
    assert "De niet-opgeslagen invoer is gewist." in page


def test_discarding_never_sends_the_user_elsewhere(client, org):
    client.force_login(org.investigator)
    for bad in ("https://elders.example/", "//elders.example/x", ""):
        answer = client.post("/invoer-wissen/", {"key": "case:1:hearing", "next": bad})
        assert answer.status_code == 302 and answer["Location"] == "/"
    assert client.get("/invoer-wissen/").status_code == 405


def test_a_triage_decision_that_was_not_saved_can_be_discarded_too(client, org, make_signal):
    signal = make_signal()
    client.force_login(org.triage)
    client.post(f"/triage/melding/{signal.pk}/besluit/", {"rationale": "te kort"})
    page = client.get(f"/meldingen/{signal.pk}/").content.decode()
    assert "Niet opgeslagen invoer van" in page and "te kort" in page
    client.post("/invoer-wissen/", {"key": f"signal:{signal.pk}:decision", "next": f"/meldingen/{signal.pk}/"})
    page = client.get(f"/meldingen/{signal.pk}/").content.decode()
    assert "Niet opgeslagen invoer van" not in page and "te kort" not in page


def test_a_triage_meeting_that_was_not_started_can_be_discarded_too(client, org):
    client.force_login(org.triage)
    client.post("/triage/overleg/", {"held_on": "31-02-2026"})
    page = client.get("/triage/").content.decode()
    assert "Niet opgeslagen invoer van" in page and "31-02-2026" in page
    answer = client.post("/invoer-wissen/", {"key": "triage:session", "next": "/triage/"})
    assert answer["Location"] == "/triage/"
    page = client.get("/triage/").content.decode()
    assert "Niet opgeslagen invoer van" not in page and "31-02-2026" not in page

"""Irreversible acts ask for confirmation without JavaScript too (vik.core.confirm; tester t27:
"Besluit vastleggen" and "Onderzoek afsluiten" took effect at once in a browser without script)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from vik.triage.models import TriageSession

pytestmark = pytest.mark.django_db

QUESTION = "Het overleg afsluiten? Daarna kunnen er geen besluiten meer aan worden toegevoegd."


@pytest.fixture
def session(client, org):
    client.force_login(org.triage)
    client.post("/triage/overleg/", {"held_on": timezone.localdate().isoformat(), "participants": [org.triage2.pk]})
    return TriageSession.objects.get()


def _hidden(page: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))


def test_the_page_carries_the_question_for_a_browser_without_script(client, session):
    page = client.get(f"/triage/overleg/{session.pk}/").content.decode()
    form = page[page.index('data-confirm="Het overleg afsluiten?'):]
    form = form[:form.index("</form>")]
    assert _hidden(form)["vik_confirm"] == "ask" and _hidden(form)["vik_confirm_text"] == QUESTION


def test_without_script_the_act_waits_for_a_second_yes(client, session):
    url = f"/triage/overleg/{session.pk}/"
    asked = client.post(url, {"do": "close", "vik_confirm": "ask", "vik_confirm_text": QUESTION},
                        HTTP_REFERER=f"http://testserver{url}")
    session.refresh_from_db()
    # Shown after a redirect, so that Back from the next page finds a page (tester t51).
    assert asked.status_code == 302 and asked["Location"].startswith("/bevestigen/")
    assert not session.closed  # nothing happened yet
    asked = client.get(asked["Location"])
    page = asked.content.decode()
    assert "<h1>Bevestigen</h1>" in page and QUESTION in page and "Ja, doorgaan" in page
    assert f'href="http://testserver{url}"' in page  # Annuleren: back where he was
    form = page[page.index(f'<form method="post" action="{url}"'):]
    form = form[:form.index("</form>")]
    sent = {k: v for k, v in _hidden(form).items() if k != "csrfmiddlewaretoken"}
    assert sent.pop("vik_confirm_token") and sent == {"do": "close", "vik_confirm": "yes"}
    confirmation = asked.request["PATH_INFO"]
    client.post(url, {**_hidden(form)})
    session.refresh_from_db()
    assert session.closed
    # Back to the confirmation: not the act again, but where the act led (here the session's own
    # page), told why.
    back = client.get(confirmation, follow=True)
    assert back.redirect_chain[-1][0] == url
    assert "U hebt dit al bevestigd" in back.content.decode()


def test_a_confirmation_of_another_session_or_lapsed_is_not_shown(client, org, session):
    client.post(f"/triage/overleg/{session.pk}/", {"do": "close", "vik_confirm": "ask", "vik_confirm_text": QUESTION})
    response = client.get("/bevestigen/onbekend-teken/", follow=True)
    assert response.redirect_chain[-1][0] == "/" and "Deze bevestiging is verlopen" in response.content.decode()
    client.logout()
    assert "/inloggen/" in client.get("/bevestigen/onbekend-teken/")["Location"]


def test_confirmed_by_script_or_without_the_marker_it_runs_at_once(client, session):
    client.post(f"/triage/overleg/{session.pk}/", {"do": "close", "vik_confirm": "yes"})
    session.refresh_from_db()
    assert session.closed


def test_the_question_is_inert_and_a_foreign_referer_is_not_followed(client, session):
    asked = client.post(f"/triage/overleg/{session.pk}/",
                        {"do": "close", "vik_confirm": "ask", "vik_confirm_text": "<script>alert(1)</script>",
                         "note": '"><img src=x onerror=alert(2)>'},
                        HTTP_REFERER="https://evil.example/phish")
    page = client.get(asked["Location"]).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<img src=x" not in page
    assert "evil.example" not in page and 'href="/"' in page


def test_signed_out_the_view_answers_as_always(client, org):
    response = client.post("/triage/overleg/1/", {"do": "close", "vik_confirm": "ask"})
    assert response.status_code == 302 and "/inloggen/" in response["Location"] or response.status_code in (403, 404)


def test_every_confirmed_form_asks_without_script_too():
    """Each form with data-confirm (the script's question) carries the fields for the page."""
    templates = [p for p in Path(settings.BASE_DIR).rglob("templates/**/*.html")]
    checked = 0
    for path in templates:
        text = path.read_text()
        for match in re.finditer(r"<form[^>]*data-confirm[^>]*>", text):
            rest = text[match.end():text.find("</form>", match.end())]
            assert "core/confirm_ask.html" in rest, f"{path}: a confirmed form without confirm_ask.html"
            checked += 1
    assert checked >= 7


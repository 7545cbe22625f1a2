"""Post/redirect/get in the knowledge base: each successful save answers with a redirect, so a
reload of the page that follows saves nothing twice; a forged formset is refused quickly."""

import re

import pytest

from vik.knowledge.models import Desk, FinderQuestion, Version

pytestmark = pytest.mark.django_db


def _post_then_reload(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, re.findall(r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S)
    for _ in range(2):
        assert client.get(response["Location"]).status_code == 200
    return response


def test_a_new_desk_is_saved_once_however_often_the_next_page_is_reloaded(client, editor, desks):
    client.force_login(editor)
    before, versions = Desk.objects.count(), Version.objects.count()
    _post_then_reload(client, "/kennis/redactie/desk/nieuw/", {
        "name": "Geestelijk verzorger", "code": "gv", "summary": "Luistert.", "how_to_reach": "Bel.",
        "order": "70", "active": "on"})
    assert Desk.objects.count() == before + 1
    assert Version.objects.count() == versions + 1


def test_a_finder_question_and_a_restore_redirect(client, editor, desks, sheets):
    client.force_login(editor)
    _post_then_reload(client, "/kennis/redactie/vragen/nieuw/", {
        "text": "Over wie gaat het?", "help_text": "", "order": "3", "active": "on",
        "opties-TOTAL_FORMS": "2", "opties-INITIAL_FORMS": "0",
        "opties-0-label": "Over mij", "opties-0-order": "1", "opties-0-suggests": [desks["bmw"].pk],
        "opties-1-label": "Over een ander", "opties-1-order": "2", "opties-1-suggests": [desks["hr"].pk]})
    assert FinderQuestion.objects.filter(text="Over wie gaat het?").count() == 1
    versions = Version.objects.count()
    _post_then_reload(client, "/kennis/redactie/sheet/geschenken/versies/1/herstellen/", {})
    assert Version.objects.count() == versions + 1


def test_a_forged_number_of_answer_rows_is_refused(client, editor):
    client.force_login(editor)
    response = client.post("/kennis/redactie/vragen/nieuw/", {
        "text": "Vraag", "order": "1", "opties-TOTAL_FORMS": "99999", "opties-INITIAL_FORMS": "0"})
    assert response.status_code == 400
    assert not FinderQuestion.objects.filter(text="Vraag").exists()

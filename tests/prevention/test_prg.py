"""Post/redirect/get: every successful form of prevention answers with a redirect, so a reload of
the page that follows repeats nothing; hostile input on these forms is refused, never a 500."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from vik.prevention.models import AgreedAction, AttentionPoint, ClimateCheck, DilemmaSet, Session

pytestmark = pytest.mark.django_db


def _post_then_reload(client, url, data, model, expected_count):
    response = client.post(url, data)
    assert response.status_code == 302, re.findall(r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S)
    for _ in range(2):  # the reload of the page the browser was sent to
        assert client.get(response["Location"]).status_code == 200
    assert model.objects.count() == expected_count
    return response


def test_climate_check_point_action_and_done_redirect_and_reload_repeats_nothing(client, org, open_check):
    client.force_login(org.manager)
    base = f"/preventie/teamklimaat/{open_check.pk}"
    _post_then_reload(client, f"{base}/point/", {"text": "Fouten bespreken"}, AttentionPoint, 1)
    _post_then_reload(client, f"{base}/action/", {
        "description": "Leerbriefing", "owner": "Teamchef", "follow_up_on": "30-12-2026"}, AgreedAction, 1)
    item = AgreedAction.objects.get()
    assert item.follow_up_on == dt.date(2026, 12, 30)
    _post_then_reload(client, f"{base}/done/", {"item": item.pk}, AgreedAction, 1)
    today = timezone.localdate()
    _post_then_reload(client, "/preventie/teamklimaat/nieuw/", {
        "team": org.patrol.pk, "label": "Tweede meting", "opens_on": today.strftime("%d-%m-%Y"),
        "closes_on": (today + dt.timedelta(days=7)).strftime("%d-%m-%Y")}, ClimateCheck, 2)


@pytest.mark.parametrize("item", ["abc", "", "99999999999999999999", "-1", "1.5"])
def test_marking_an_action_done_with_a_forged_item_is_refused_not_a_500(client, org, open_check, item):
    client.force_login(org.manager)
    response = client.post(f"/preventie/teamklimaat/{open_check.pk}/done/", {"item": item})
    assert response.status_code in (302, 404)


def test_a_climate_check_with_an_impossible_date_keeps_the_input_and_explains(client, org):
    client.force_login(org.manager)
    response = client.post("/preventie/teamklimaat/nieuw/", {
        "team": org.patrol.pk, "label": "Meting", "opens_on": "30-02-2027", "closes_on": "31-03-2027"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Voer een geldige datum in." in html and 'value="30-02-2027"' in html
    assert ClimateCheck.objects.count() == 0


def test_starting_a_session_and_editing_a_set_redirect(client, org, editor, dilemma_set):
    client.force_login(editor)
    _post_then_reload(client, "/preventie/sessies/nieuw/", {
        "dilemma_set": dilemma_set.pk, "title": "Teamoverleg", "team": org.vik_a.pk}, Session, 1)
    data = {"title": "Nieuwe set", "description": "", "active": "on",
            "dilemmas-TOTAL_FORMS": "1", "dilemmas-INITIAL_FORMS": "0",
            "dilemmas-0-order": "1", "dilemmas-0-situation": "Een situatie.",
            "dilemmas-0-option_a": "A", "dilemmas-0-option_b": "B", "dilemmas-0-option_c": "C",
            "dilemmas-0-discussion": ""}
    _post_then_reload(client, "/preventie/dilemmasets/nieuw/", data, DilemmaSet, 2)


def test_a_forged_number_of_dilemma_rows_is_refused_quickly(client, editor):
    client.force_login(editor)
    response = client.post("/preventie/dilemmasets/nieuw/", {
        "title": "Set", "dilemmas-TOTAL_FORMS": "99999", "dilemmas-INITIAL_FORMS": "0"})
    assert response.status_code == 400
    assert DilemmaSet.objects.count() == 0

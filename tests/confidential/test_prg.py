"""Post/redirect/get: a reload never sends a report, reply or step again, also for the anonymous
reporter whose receipt code may be in no URL and no session."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from vik.confidential import services
from vik.confidential.models import Category, Complaint, Report, ReportMessage

from .conftest import today

pytestmark = pytest.mark.django_db


def test_reloading_after_an_anonymous_reply_sends_nothing_again(conf, anonymous_report):
    report, code = anonymous_report
    client = Client()
    response = client.post(reverse("confidential:anonymous_reply"), {"code": code, "body": "Elke vrijdag."})
    assert response.status_code == 302
    assert code not in response["Location"] and code.replace("-", "") not in response["Location"]
    page = client.get(response["Location"])
    assert "Uw bericht is verstuurd" in page.content.decode() and "Elke vrijdag." in page.content.decode()
    # A reload: a GET that neither sends the message again nor shows the thread without the code.
    again = client.get(response["Location"])
    assert again.status_code == 200 and "Vul uw ontvangstcode opnieuw in" in again.content.decode()
    assert "Elke vrijdag." not in again.content.decode()
    assert report.messages.filter(author=ReportMessage.Author.REPORTER).count() == 1
    assert not client.session.keys()


def test_reloading_after_an_anonymous_report_sends_nothing_again(conf):
    client = Client()
    response = client.post(reverse("confidential:anonymous_new"), {
        "recipient": "integrity_office", "region": conf.org.region_a.pk, "category": "integrity",
        "description": "Iemand op het bureau neemt geld aan van een sleepbedrijf."})
    assert response.status_code == 302
    cookie = response.cookies["vik_anoniem"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and int(cookie["max-age"]) <= 60
    shown = client.get(response["Location"])
    code = shown.context["code"]
    assert code and code in shown.content.decode() and "no-store" in shown["Cache-Control"]
    assert code not in cookie.value  # encrypted
    again = client.get(response["Location"])
    assert code not in again.content.decode() and "maar één keer getoond" in again.content.decode()
    assert Report.objects.count() == 1
    assert not client.session.keys()


def test_a_forged_hand_over_cookie_shows_nothing(conf):
    client = Client()
    client.cookies["vik_anoniem"] = "niet-echt"
    page = client.get(reverse("confidential:anonymous_done"))
    assert page.status_code == 200 and "maar één keer getoond" in page.content.decode()


def test_named_reply_and_recipient_acts_redirect(conf, advisor_report):
    client = Client()
    client.force_login(conf.reporter)
    response = client.post(reverse("confidential:my_report", args=[advisor_report.pk]), {"body": "Nog iets."})
    assert response.status_code == 302
    client.force_login(conf.advisor)
    response = client.post(reverse("confidential:report_action", args=[advisor_report.pk, "message"]),
                           {"kind": "question", "body": "Wanneer was dit?"})
    assert response.status_code == 302


def test_complaint_steps_redirect_and_a_refused_step_stays_on_its_own_url(conf):
    c = services.register_complaint(conf.member, services.ComplaintInput(
        region=conf.org.region_a, committee=conf.committee, chair=conf.chair, category=Category.OTHER,
        received_on=today() - timedelta(days=3), complainant="Anna Klager", accused="Bob Beklaagd",
        summary="Klacht over de dienstindeling."))
    client = Client()
    client.force_login(conf.member)
    url = reverse("confidential:complaint_action", args=[c.pk, "acknowledge"])
    refused = client.post(url, {"on": (today() + timedelta(days=3)).isoformat()})
    assert refused.status_code == 400 and refused.request["PATH_INFO"] == url
    # Reloading a refused step posts the same step again, never another one; a GET shows the page.
    assert client.get(url).status_code == 200
    response = client.post(url, {"on": today().isoformat()})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.stage == Complaint.Stage.ACKNOWLEDGED

"""Issue 14, finding 7: an anonymous channel that cannot be jammed. Throttled per client by a
rotating keyed hash (never the address), a proof of work for bulk reports, and wrong receipt codes
counted distinct per client instead of a global lock."""

from datetime import timedelta

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from vik.confidential import throttle
from vik.confidential.models import AnonymousSubmission, ReceiptFailure, Report, ThrottleSalt

pytestmark = pytest.mark.django_db

ADDRESS_A, ADDRESS_B = "203.0.113.7", "198.51.100.23"
BITS = 6  # cheap for tests; production default is 16


def _report(conf, client, *, proof=True, challenge=None):
    page = client.get(reverse("confidential:anonymous_new"))
    challenge = challenge or page.context["form"]["pow_challenge"].value()
    data = {"recipient": "integrity_office", "region": conf.org.region_a.pk, "category": "integrity",
            "description": "Iemand op het bureau neemt geld aan van een sleepbedrijf."}
    if proof:
        data.update(pow_challenge=challenge, pow_nonce=throttle.solve(challenge, BITS))
    return client.post(reverse("confidential:anonymous_new"), data)


@override_settings(VIK_ANON_POW_BITS=BITS)
def test_one_client_cannot_store_ten_reports_in_a_row(conf):
    client = Client(REMOTE_ADDR=ADDRESS_A)
    answers = [_report(conf, client) for _ in range(10)]
    assert [a.status_code for a in answers[:3]] == [302, 302, 302]
    assert {a.status_code for a in answers[3:]} == {429}
    refused = answers[3].content.decode()
    assert "minuten opnieuw" in refused and "Iemand op het bureau" in refused  # the text is kept
    assert int(answers[3]["Retry-After"]) >= 60
    assert Report.objects.filter(mode=Report.Mode.ANONYMOUS).count() == 3
    # Another client is not affected.
    assert _report(conf, Client(REMOTE_ADDR=ADDRESS_B)).status_code == 302


@override_settings(VIK_ANON_POW_BITS=BITS)
def test_a_second_report_needs_a_proof_of_work_and_a_challenge_is_spent_once(conf):
    client = Client(REMOTE_ADDR=ADDRESS_A)
    assert _report(conf, client, proof=False).status_code == 302  # the first one: no cost
    refused = _report(conf, client, proof=False)
    assert refused.status_code == 400 and "rekenpuzzel" in refused.content.decode()
    page = client.get(reverse("confidential:anonymous_new"))
    challenge = page.context["form"]["pow_challenge"].value()
    assert _report(conf, client, challenge=challenge).status_code == 302
    again = _report(conf, client, challenge=challenge)
    assert again.status_code == 400 and "rekenpuzzel" in again.content.decode()
    forged = _report(conf, client, challenge=challenge[:-3] + "abc")
    assert forged.status_code == 400
    assert Report.objects.count() == 2


@override_settings(VIK_ANON_POW_BITS=BITS, VIK_ANON_POW_ABOVE=2)
def test_under_a_wave_of_reports_everybody_pays_the_proof_of_work(conf):
    for address in ("192.0.2.1", "192.0.2.2"):
        assert _report(conf, Client(REMOTE_ADDR=address), proof=False).status_code == 302
    assert _report(conf, Client(REMOTE_ADDR="192.0.2.3"), proof=False).status_code == 400
    assert _report(conf, Client(REMOTE_ADDR="192.0.2.3")).status_code == 302


@override_settings(VIK_ANON_POW_BITS=BITS)
def test_no_address_is_stored_and_the_tag_rotates(conf, monkeypatch):
    client = Client(REMOTE_ADDR=ADDRESS_A)
    _report(conf, client)
    client.post(reverse("confidential:anonymous_open"), {"code": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG"})
    stored = [str(row) for row in AnonymousSubmission.objects.values()]
    stored += [str(row) for row in ReceiptFailure.objects.values()]
    stored += [str(row) for row in ThrottleSalt.objects.values()]
    assert stored and not any(ADDRESS_A in row for row in stored)
    request = RequestFactory().get("/", REMOTE_ADDR=ADDRESS_A)
    tag = throttle.client_tag(request)
    assert tag == throttle.client_tag(request)
    later = timezone.now() + throttle.WINDOW + timedelta(seconds=1)
    monkeypatch.setattr(throttle.timezone, "now", lambda: later)
    assert throttle.client_tag(request) != tag
    # The old window's salt and rows are gone: nothing links the old tag to an address any more.
    assert ThrottleSalt.objects.count() == 1
    assert not AnonymousSubmission.objects.exists() and not ReceiptFailure.objects.exists()


def test_ipv6_clients_are_counted_per_64_block():
    factory = RequestFactory()
    one = throttle.client_tag(factory.get("/", REMOTE_ADDR="2001:db8:1:2::1"))
    other = throttle.client_tag(factory.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9"))
    assert one == other != throttle.client_tag(factory.get("/", REMOTE_ADDR="2001:db8:1:3::1"))


def _open(client, code):
    return client.post(reverse("confidential:anonymous_open"), {"code": code})


def _wrong(i: int) -> str:
    """The i-th of many distinct wrong codes, each with a key of its own (as a guesser sends)."""
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return f"{letters[i % 24]}{letters[i // 24 % 24]}ZZ-ZZZZ-AAAA-AAAA-AAAA-AAAA-AAAA"


def test_thirty_wrong_codes_from_one_client_lock_out_nobody_else(conf, anonymous_report):
    report, code = anonymous_report
    attacker = Client(REMOTE_ADDR=ADDRESS_A)
    for i in range(30):
        assert _open(attacker, _wrong(i)).status_code == 400
    reporter = Client(REMOTE_ADDR=ADDRESS_B)
    page = _open(reporter, code)
    assert page.status_code == 200 and report.reference in page.content.decode()


def test_retyping_the_same_typo_costs_nothing(conf, anonymous_report):
    report, code = anonymous_report
    typo = code[:-1] + ("A" if code[-1] != "A" else "B")
    reporter = Client(REMOTE_ADDR=ADDRESS_A)
    for _ in range(20):
        assert "niet bekend" in _open(reporter, typo).content.decode()
    assert _open(reporter, code).status_code == 200


def test_too_many_distinct_wrong_codes_say_how_long_to_wait(conf, anonymous_report):
    report, code = anonymous_report
    client = Client(REMOTE_ADDR=ADDRESS_A)
    for i in range(10):
        _open(client, _wrong(i))
    refused = _open(client, _wrong(10)).content.decode()
    assert "Te veel verschillende onjuiste codes" in refused and "minuten opnieuw" in refused
    assert "15 minuten" in refused or "14 minuten" in refused
    # Another client gets in at once, and so does a colleague behind the same proxy address with
    # the code of his own report (tester t34-6: one person's guesses locked the whole network out).
    assert _open(Client(REMOTE_ADDR=ADDRESS_B), code).status_code == 200
    assert _open(client, code).status_code == 200


def test_guessing_the_secret_of_one_report_is_stopped_by_its_key(conf, anonymous_report):
    report, code = anonymous_report
    for i in range(10):  # ten different wrong secrets for the same, existing key
        wrong = code[:-2] + "ABCDEFGHJK"[i] + ("Z" if code[-1] != "Z" else "Y")
        _open(Client(REMOTE_ADDR=f"10.0.0.{i + 1}"), wrong)
    refused = _open(Client(REMOTE_ADDR="10.0.1.1"), code).content.decode()
    assert "Te veel verschillende onjuiste codes" in refused


def test_the_anonymous_form_loads_only_our_own_script(conf):
    page = Client().get(reverse("confidential:anonymous_new")).content.decode()
    assert 'data-pow-bits="16"' in page and "/static/confidential/pow" in page
    assert "<script>" not in page

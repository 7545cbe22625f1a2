"""Issue 12, need to know: the national triage team sees what is routed to it (and what it
decided), not every region's signals; the reporter's identity is shown only to those who need it
(the triage team and the investigators), never to the manager a signal was sent back to."""

import datetime as dt

import pytest
from django.utils import timezone

from vik import policy
from vik.signals.models import Signal
from vik.signals.selectors import signals_for
from vik.triage.models import Route

pytestmark = pytest.mark.django_db
REPORTER = "Vera Verklikker"


def test_national_triage_does_not_see_every_region(client, org, make_signal, triage_to):
    regional = make_signal()
    other_region = make_signal(actor=org.triage_b, region=org.region_b)
    routed = make_signal()
    triage_to(routed, Route.NATIONAL)
    national = org.triage_national
    assert set(signals_for(national)) == {routed}
    assert not policy.can(national, "signal.view", regional)
    assert not policy.can(national, "signal.view", other_region)
    assert not policy.can(national, "signal.triage", regional)
    client.force_login(national)
    assert client.get(f"/meldingen/{regional.pk}/").status_code == 404
    assert client.get(f"/meldingen/{routed.pk}/").status_code == 200
    assert client.get(f"/api/signals/{other_region.pk}/").status_code == 404


def test_national_triage_keeps_what_it_handled(org, make_signal, triage_to):
    routed = make_signal()
    triage_to(routed, Route.NATIONAL)
    triage_to(routed, Route.DISCIPLINARY, actor=org.triage_national, retriage_reason="Landelijk besloten.")
    routed.refresh_from_db()
    assert routed.status != Signal.Status.NATIONAL_TRIAGE
    assert policy.can(org.triage_national, "signal.view", routed)
    assert policy.can(org.triage_national, "signal.triage", routed)
    # Its own unit's signals stay its work.
    own = make_signal(actor=org.triage_national, region=org.national)
    assert policy.can(org.triage_national, "signal.view", own)


@pytest.fixture
def line_signal(org, make_signal, triage_to):
    signal = make_signal(reporter=org.colleague)
    org.colleague.first_name, org.colleague.surname = "Vera", "Verklikker"
    org.colleague.save()
    triage_to(signal, Route.LINE, line_manager=org.manager.employee,
              follow_up_due=timezone.localdate() + dt.timedelta(days=20))
    return signal


def test_the_line_manager_does_not_learn_who_reported(client, org, line_signal):
    assert policy.can(org.manager, "signal.view", line_signal)
    assert not policy.can(org.manager, "signal.reporter", line_signal)
    client.force_login(org.manager)
    page = client.get(f"/meldingen/{line_signal.pk}/")
    assert page.status_code == 200
    assert REPORTER not in page.content.decode()
    api = client.get(f"/api/signals/{line_signal.pk}/").json()
    assert api["reporter"] is None


def test_triage_and_investigators_see_the_reporter(client, org, line_signal, disciplinary_case):
    assert policy.can(org.triage, "signal.reporter", line_signal)
    client.force_login(org.triage)
    assert REPORTER in client.get(f"/meldingen/{line_signal.pk}/").content.decode()
    signal = disciplinary_case.signal
    assert policy.can(org.investigator, "signal.reporter", signal)
    assert not policy.can(org.authority, "signal.reporter", signal)
    assert not policy.can(org.care, "signal.reporter", signal)

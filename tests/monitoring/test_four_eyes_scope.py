"""Four eyes beyond the reveal (tester t40): a "legitimate" verdict for all of an employee's
lookups of these records, or for these rules, silences his later alerts; one analyst alone must
not be able to do that. And a name behind an alert beyond the review budget is not asked for
unless the alert was judged misuse (proportionality)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import UserFactory
from vik.accounts.models import Role
from vik.audit.models import AuditEvent
from vik.core.concurrency import state_token
from vik.core.errors import ConcurrentEditError, DomainError
from vik.monitoring import services
from vik.monitoring.models import Alert, ImportRun


@pytest.fixture
def analysts(db):
    return (UserFactory(username="soc1", roles=[Role.SOC_ANALYST]),
            UserFactory(username="soc2", roles=[Role.SOC_ANALYST]))


@pytest.fixture
def run(db):
    # 1,000 user-days: a review budget of 2 alerts.
    return ImportRun.objects.create(data_dir="x", state=ImportRun.State.DONE, user_days=1000, alert_count=3)


def _alert(run, n=1, user_ref="U1"):
    return Alert.objects.create(run=run, alert_id=f"A{n}", rank=n, user_ref=user_ref,
                                pseudonym=services.pseudonym(user_ref), start=timezone.now(),
                                end=timezone.now(), score=10.0 - n, explanation="x", event_ids=[f"E{n}"],
                                rules=["SAME_POSTCODE", "OFF_DUTY"])


def _fed(alert):
    return next(v for v in services.stored_verdicts() if v.alert_id == alert.alert_id)


@pytest.mark.parametrize("scope", ["subjects", "rules"])
def test_a_broad_verdict_counts_only_for_its_lookups_until_a_second_analyst_confirms(run, analysts, scope):
    soc1, soc2 = analysts
    alert = _alert(run)
    services.record_verdict(soc1, alert, verdict="legitimate", reason="Wijkagent in eigen wijk", scope=scope)
    alert.refresh_from_db()
    assert alert.scope_pending
    assert _fed(alert).scope == "events" and _fed(alert).rules == ()
    with pytest.raises(DomainError, match="vier ogen"):
        services.confirm_scope(soc1, alert, approve=True)
    assert AuditEvent.objects.filter(action="denied", actor=soc1, summary__contains="breed bereik").exists()
    services.confirm_scope(soc2, alert, approve=True, state=state_token(alert))
    alert.refresh_from_db()
    assert not alert.scope_pending and alert.scope_confirmed_by == soc2
    assert _fed(alert).scope == scope
    assert AuditEvent.objects.filter(actor=soc2, summary__startswith="Bereik van het oordeel bevestigd").exists()
    with pytest.raises(DomainError, match="wacht geen oordeel"):
        services.confirm_scope(soc2, alert, approve=True)


def test_a_new_verdict_needs_a_new_confirmation(run, analysts):
    soc1, soc2 = analysts
    alert = _alert(run)
    services.record_verdict(soc1, alert, verdict="legitimate", reason="Wijkagent in eigen wijk", scope="rules")
    services.confirm_scope(soc2, alert, approve=True)
    services.record_verdict(soc1, alert, verdict="legitimate", reason="Eigen zaak van het team", scope="subjects")
    alert.refresh_from_db()
    assert alert.scope_pending and _fed(alert).scope == "events"


def test_the_second_analyst_may_bring_it_back_to_these_lookups_with_a_reason(client, run, analysts):
    soc1, soc2 = analysts
    alert = _alert(run)
    services.record_verdict(soc1, alert, verdict="legitimate", reason="Wijkagent in eigen wijk", scope="rules")
    with pytest.raises(ValidationError):
        services.confirm_scope(soc2, alert, approve=False, note="")
    services.confirm_scope(soc2, alert, approve=False, note="Te ruim: alleen deze dienst")
    alert.refresh_from_db()
    assert alert.verdict_scope == "events" and not alert.scope_pending
    assert AuditEvent.objects.filter(actor=soc2, summary__contains="Te ruim: alleen deze dienst").exists()
    # The page says who brought it back and why (tester t43: the line just disappeared).
    client.force_login(soc1)
    page = client.get(f"/monitoring/meldingen/{alert.pk}/").text
    assert "Bereik teruggebracht tot alleen deze opvragingen door" in page and "Te ruim: alleen deze dienst" in page


def test_a_confirmation_from_a_stale_tab_is_refused(run, analysts):
    soc1, soc2 = analysts
    alert = _alert(run)
    services.record_verdict(soc1, alert, verdict="legitimate", reason="Wijkagent in eigen wijk", scope="rules")
    seen = state_token(Alert.objects.get(pk=alert.pk))
    services.record_verdict(soc1, alert, verdict="legitimate", reason="Toch alle records", scope="subjects")
    with pytest.raises(ConcurrentEditError):
        services.confirm_scope(soc2, Alert.objects.get(pk=alert.pk), approve=True, state=seen)


def test_the_page_and_the_queue_lead_the_second_analyst_only(client, run, analysts):
    soc1, soc2 = analysts
    alert = _alert(run)
    services.record_verdict(soc1, alert, verdict="legitimate", reason="Wijkagent in eigen wijk", scope="subjects")
    client.force_login(soc1)
    own = client.get(f"/monitoring/meldingen/{alert.pk}/").text
    assert "wacht op de bevestiging van een tweede analist" in own
    assert f"/monitoring/meldingen/{alert.pk}/scope/" not in own
    assert "Bevestig het bereik" not in client.get("/monitoring/meldingen/").text
    client.force_login(soc2)
    assert "Bevestig het bereik bij melding" in client.get("/monitoring/meldingen/").text
    page = client.get(f"/monitoring/meldingen/{alert.pk}/").text
    assert f"/monitoring/meldingen/{alert.pk}/scope/" in page
    refused = client.post(f"/monitoring/meldingen/{alert.pk}/scope/", {"approve": "0", "note": ""}, follow=True)
    # Back on the alert's own page with the message (post/redirect/get: a reload sends nothing again).
    assert refused.redirect_chain == [(f"/monitoring/meldingen/{alert.pk}/#oordeel", 302)]
    assert "terugbrengen" in refused.text.lower()
    done = client.post(f"/monitoring/meldingen/{alert.pk}/scope/",
                       {"approve": "1", "state": state_token(alert)}, follow=True)
    assert "bevestigd door" in done.text
    assert "Bevestig het bereik" not in client.get("/monitoring/meldingen/").text


def test_a_reveal_beyond_the_budget_needs_a_misuse_verdict_first(client, run, analysts):
    soc1, soc2 = analysts
    within, beyond = _alert(run, 2, "U2"), _alert(run, 3, "U3")
    services.request_reveal(soc1, within, "Patroon wijst op raadplegen van buren.")
    with pytest.raises(DomainError, match="buiten het reviewbudget"):
        services.request_reveal(soc1, beyond, "Patroon wijst op raadplegen van buren.")
    client.force_login(soc1)
    page = client.get(f"/monitoring/meldingen/{beyond.pk}/").text
    assert "buiten het reviewbudget" in page and f"/monitoring/meldingen/{beyond.pk}/reveal/" not in page
    services.record_verdict(soc2, beyond, verdict="misuse_intentional", reason="Buren opgezocht")
    services.request_reveal(soc1, Alert.objects.get(pk=beyond.pk), "Nodig voor de melding aan de triage.")


def test_a_reveal_asked_after_misuse_lapses_once_the_alert_is_judged_legitimate(client, run, analysts):
    """Tester t43: misuse, reveal asked, then "legitimate": the second analyst still revealed it.
    Tester t47: the second analyst then judged it misuse again himself and approved the old request
    (one pair of eyes). The request rested on the withdrawn verdict: it lapses, for good."""
    from vik.monitoring.models import RevealRequest

    soc1, soc2 = analysts
    beyond = _alert(run, 3, "U3")
    services.record_verdict(soc1, beyond, verdict="misuse_unintentional", reason="Buren opgezocht")
    req = services.request_reveal(soc1, Alert.objects.get(pk=beyond.pk), "Nodig voor de melding aan de triage.")
    services.record_verdict(soc1, Alert.objects.get(pk=beyond.pk), verdict="legitimate", reason="Toch legitiem")
    req.refresh_from_db()
    assert req.state == RevealRequest.State.LAPSED
    assert AuditEvent.objects.filter(summary__contains="Verzoek tot onthulling vervallen").exists()
    client.force_login(soc1)
    assert "Vervallen: het oordeel misbruik is ingetrokken" in client.get(f"/monitoring/meldingen/{beyond.pk}/").text
    # The second analyst judges it misuse again himself: the old request stays lapsed.
    services.record_verdict(soc2, Alert.objects.get(pk=beyond.pk), verdict="misuse_intentional", reason="Toch buren")
    with pytest.raises(DomainError, match="Dit verzoek is vervallen"):
        services.decide_reveal(soc2, RevealRequest.objects.get(pk=req.pk), approve=True)
    assert services.revealed_identity(soc2, Alert.objects.get(pk=beyond.pk)) is None
    client.force_login(soc2)
    page = client.get(f"/monitoring/meldingen/{beyond.pk}/").text
    assert "Goedkeuren" not in page
    response = client.post(f"/monitoring/meldingen/{beyond.pk}/decide/", {"request_id": req.pk, "approve": "1"})
    assert response.status_code in (302, 400, 404)
    assert services.revealed_identity(soc2, Alert.objects.get(pk=beyond.pk)) is None
    # A new request, by one analyst, approved by the other: four eyes again.
    again = services.request_reveal(soc2, Alert.objects.get(pk=beyond.pk), "Nodig voor de melding aan de triage.")
    services.decide_reveal(soc1, again, approve=True)
    assert services.revealed_identity(soc1, Alert.objects.get(pk=beyond.pk)) is not None


def test_a_pending_reveal_beyond_the_budget_without_misuse_can_only_be_refused(client, run, analysts):
    """Defence in depth (a request left pending by data from before the lapse): only refusal is
    offered, a forged approval is a form error, not a 500 and not the identity."""
    from vik.monitoring.models import RevealRequest

    soc1, soc2 = analysts
    beyond = _alert(run, 3, "U3")
    req = RevealRequest.objects.create(alert=beyond, requested_by=soc1, reason="Van voor het vervallen.")
    with pytest.raises(DomainError, match="buiten het reviewbudget"):
        services.decide_reveal(soc2, req, approve=True)
    assert AuditEvent.objects.filter(action="denied", actor=soc2, summary__contains="buiten het reviewbudget").exists()
    client.force_login(soc2)
    page = client.get(f"/monitoring/meldingen/{beyond.pk}/").text
    assert 'id="reveal-refuse-only"' in page
    assert 'value="0"' in page and 'name="approve" value="1"' not in page and "Goedkeuren" not in page
    response = client.post(f"/monitoring/meldingen/{beyond.pk}/decide/", {"request_id": req.pk, "approve": "1"},
                           follow=True)
    assert response.redirect_chain[0][1] == 302 and "Kies een van de aangeboden mogelijkheden" in response.text
    assert services.revealed_identity(soc2, Alert.objects.get(pk=beyond.pk)) is None
    services.decide_reveal(soc2, req, approve=False, note="Niet meer nodig: legitiem")


def test_the_second_analyst_has_the_confirmation_in_his_tasks_and_the_queue_shows_the_wait(client, run, analysts):
    from vik.tasks.selectors import my_tasks

    soc1, soc2 = analysts
    alert = _alert(run)
    services.record_verdict(soc1, alert, verdict="legitimate", reason="Wijkagent in eigen wijk", scope="rules")
    assert [t.kind for t in my_tasks(soc2) if t.kind == "scope"] == ["scope"]
    assert all(t.due > timezone.localdate() for t in my_tasks(soc2) if t.kind == "scope")  # not overdue at once (t61)
    assert not [t for t in my_tasks(soc1) if t.kind == "scope"]
    client.force_login(soc2)
    assert "bereik wacht op tweede analist" in client.get("/monitoring/meldingen/").text
    services.confirm_scope(soc2, Alert.objects.get(pk=alert.pk), approve=True)
    assert not [t for t in my_tasks(soc2) if t.kind == "scope"]


def test_changing_a_verdict_starts_from_the_verdict_as_it_stands(client, run, analysts):
    soc1, _soc2 = analysts
    alert = _alert(run)
    services.record_verdict(soc1, alert, verdict="legitimate", reason="Wijkagent in eigen wijk", scope="subjects")
    client.force_login(soc1)
    page = client.get(f"/monitoring/meldingen/{alert.pk}/").text
    assert 'value="subjects" selected' in page or 'value="subjects" selected>' in page or \
        '<option value="subjects" selected' in page
    assert "Wijkagent in eigen wijk</textarea>" in page


def test_an_unknown_request_says_so_in_the_message(client, run, analysts):
    """Tester t48: a forged or stale request id got "see the fields" on a page without the form."""
    _soc1, soc2 = analysts
    alert = _alert(run, 2, "U2")
    client.force_login(soc2)
    response = client.post(f"/monitoring/meldingen/{alert.pk}/decide/", {"request_id": "999", "approve": "1"},
                           follow=True)
    assert "Niet opgeslagen: Dit verzoek hoort niet bij deze melding" in response.text
    # Back on the alert's own address (tester t49: a reload on /decide/ sent the decision again).
    assert response.redirect_chain == [(f"/monitoring/meldingen/{alert.pk}/", 302)]


def test_a_forged_state_token_with_other_characters_is_a_conflict_not_a_500(client, run, analysts):
    """The fuzz test of the scope confirmation: a `state` with non-ASCII characters made
    hmac.compare_digest raise TypeError (a 500)."""
    from vik.core.errors import ConcurrentEditError

    soc1, soc2 = analysts
    alert = _alert(run)
    services.record_verdict(soc1, alert, verdict="legitimate", reason="Wijkagent in eigen wijk", scope="subjects")
    with pytest.raises(ConcurrentEditError):
        services.confirm_scope(soc2, Alert.objects.get(pk=alert.pk), approve=True, state="é" * 32)
    client.force_login(soc2)
    response = client.post(f"/monitoring/meldingen/{alert.pk}/scope/", {"approve": "1", "state": "ü€"})
    assert response.status_code < 500

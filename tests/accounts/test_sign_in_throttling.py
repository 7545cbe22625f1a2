"""Sign-in throttling and its audit trail (issue 14, finding 11: 25 wrong passwords and then the
right one logged in, with no delay and no audit row for the failures)."""

import pytest

from vik.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

WRONG = "niet-het-wachtwoord"


def _sign_in(client, username, password, addr="10.1.2.3"):
    return client.post("/inloggen/", {"username": username, "password": password}, REMOTE_ADDR=addr)


def test_after_five_failures_even_the_right_password_is_refused_and_every_attempt_is_audited(client, org):
    user = org.triage
    user.set_password("juist-wachtwoord-1")
    user.save()
    for _ in range(4):
        response = _sign_in(client, user.username, WRONG)
        assert response.status_code == 200
        assert "Gebruikersnaam of wachtwoord is onjuist." in response.content.decode()
    locked = _sign_in(client, user.username, WRONG)
    assert locked.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in locked.content.decode()
    right = _sign_in(client, user.username, "juist-wachtwoord-1")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    failures = AuditEvent.objects.filter(action=AuditAction.DENIED, object_type="auth.login")
    assert failures.count() == 6
    assert all(e.detail["username"] == user.username for e in failures)
    assert failures.order_by("id").last().summary == "Inloggen geweigerd (tijdelijk geblokkeerd)"
    assert "juist-wachtwoord-1" not in str(list(failures.values_list("detail", flat=True)))


def test_a_lock_out_holds_one_user_name_from_one_address_not_the_office(client, org):
    user, colleague = org.triage, org.investigator
    for account in (user, colleague):
        account.set_password("juist-wachtwoord-1")
        account.save()
    for _ in range(5):
        _sign_in(client, user.username, WRONG)
    # A colleague behind the same proxy signs in; the same user from his own workstation too.
    assert _sign_in(client, colleague.username, "juist-wachtwoord-1").status_code == 302
    client.logout()
    assert _sign_in(client, user.username, "juist-wachtwoord-1", addr="10.9.9.9").status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=user).exists()


def test_a_success_before_the_limit_resets_the_count(client, org):
    user = org.triage
    user.set_password("juist-wachtwoord-1")
    user.save()
    for _ in range(2):
        for _ in range(4):
            _sign_in(client, user.username, WRONG)
        assert _sign_in(client, user.username, "juist-wachtwoord-1").status_code == 302
        client.logout()

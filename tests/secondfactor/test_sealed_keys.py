"""The authenticator keys at rest (ASVS 4 V2.9.1, docs/security.md): django-otp stored them as
plain hex, so a copy of the database gave every user's codes. They are sealed with VIK_OTP_KEY,
bound to their user, and a key that is not sealed is refused, never used."""

from binascii import unhexlify

import pytest
from django.db import connection
from django_otp.oath import totp

from tests.migrations import migrate
from tests.second_factor import code_for, ensure_device
from vik.audit.models import AuditAction, AuditEvent
from vik.secondfactor import sealing, services
from vik.secondfactor.models import SecondFactorDevice

PASSWORD = "geheim-wachtwoord-123"


def _stored_key(device) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM otp_totp_totpdevice WHERE id = %s", [device.pk])
        return cursor.fetchone()[0]


def _sign_in_with(client, user, code):
    client.post("/inloggen/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="10.9.9.9")
    return client.post("/inloggen/code/", {"code": code, "next": "/"}, REMOTE_ADDR="10.9.9.9", follow=True)


@pytest.mark.django_db
def test_the_database_holds_no_key_that_gives_the_codes(org):
    device = ensure_device(org.triage)
    stored = _stored_key(device)
    assert stored.startswith("s1:") and len(stored) <= 80
    # Neither read as hex nor as anything else does the column give the code the app shows.
    key = SecondFactorDevice.objects.get(pk=device.pk).bin_key
    assert len(key) == 20 and key.hex() not in stored
    assert services.next_code(device) == f"{totp(key, drift=device.drift):06d}"


@pytest.mark.django_db
def test_a_plain_key_written_into_the_database_is_refused_and_audited(client, org):
    device = ensure_device(org.triage)
    known = "00" * 20  # an attacker who can write the table but not read VIK_OTP_KEY
    SecondFactorDevice.objects.filter(pk=device.pk).update(key=known)
    response = _sign_in_with(client, org.triage, f"{totp(unhexlify(known)):06d}")
    assert "Vraag de beheerder uw tweede factor te resetten" in response.content.decode()
    assert client.get("/").status_code == 302  # still on the code page
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, detail__reason="unsealed").exists()
    assert services.demo_hint_code(org.triage) is None


@pytest.mark.django_db
def test_a_sealed_key_copied_to_another_user_does_not_open(client, org):
    mine = ensure_device(org.investigator)
    theirs = ensure_device(org.triage)
    SecondFactorDevice.objects.filter(pk=theirs.pk).update(key=_stored_key(mine))
    response = _sign_in_with(client, org.triage, code_for(org.investigator))
    assert "Vraag de beheerder uw tweede factor te resetten" in response.content.decode()


@pytest.mark.django_db
def test_another_deployments_key_does_not_open_it(org, settings):
    device = ensure_device(org.triage)
    settings.VIK_OTP_KEY = "een-andere-sleutel"
    with pytest.raises(sealing.UnsealedKey):
        SecondFactorDevice.objects.get(pk=device.pk).bin_key  # noqa: B018


@pytest.mark.django_db
def test_saving_a_device_again_does_not_seal_twice(org):
    device = ensure_device(org.triage)
    stored = _stored_key(device)
    device = SecondFactorDevice.objects.get(pk=device.pk)
    device.name = "telefoon"
    device.save()
    device.throttle_increment()  # django-otp saves with update_fields
    assert _stored_key(device) == stored


def test_the_migration_seals_existing_keys_and_opens_them_back(transactional_db, org):
    hex_key = "3132333435363738393031323334353637383930"  # RFC 6238's test key
    try:
        old = migrate([("secondfactor", "0001_second_factor_device")])
        OldDevice = old.get_model("otp_totp", "TOTPDevice")
        device = OldDevice.objects.create(user_id=org.triage.pk, name="VIK", key=hex_key, confirmed=True)
    finally:
        migrate(None)
    assert sealing.is_sealed(_stored_key(device))
    assert SecondFactorDevice.objects.get(pk=device.pk).bin_key == unhexlify(hex_key)
    try:
        migrate([("secondfactor", "0001_second_factor_device")])
        assert _stored_key(device) == hex_key
    finally:
        migrate(None)

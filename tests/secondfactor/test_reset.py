"""Recovery of a lost authenticator: an administrator resets a user's second factor on the
configuration screens, after a confirmation; audited; nobody else can."""

import pytest

from tests.second_factor import ensure_device
from vik.audit.models import AuditAction, AuditEvent
from vik.secondfactor.models import SecondFactorDevice

pytestmark = pytest.mark.django_db

LIST = "/beheer/secondfactor/secondfactordevice/"


def test_an_administrator_resets_a_device_after_confirming(client, org):
    device = ensure_device(org.triage)
    client.force_login(org.admin)
    listing = client.get(LIST)
    assert listing.status_code == 200
    html = listing.content.decode()
    assert org.triage.username in html and "Tweede factor resetten" in html
    assert device.key not in html
    url = f"{LIST}{device.pk}/resetten/"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Weet u zeker" in confirm.content.decode()
    assert SecondFactorDevice.objects.filter(pk=device.pk).exists()  # nothing happens on the question
    response = client.post(url)
    assert response.status_code == 302
    assert not SecondFactorDevice.objects.filter(user=org.triage).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE, object_type="auth.second_factor")
    assert event.actor == org.admin and event.detail["username"] == org.triage.username


def test_a_reset_device_no_longer_verifies_its_sessions(client, org):
    from django.test import Client

    user_client = Client()
    user_client.force_login(org.triage)
    assert user_client.get("/meldingen/").status_code == 200
    client.force_login(org.admin)
    client.post(f"{LIST}{SecondFactorDevice.objects.get(user=org.triage).pk}/resetten/")
    response = user_client.get("/meldingen/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/code/")


@pytest.mark.parametrize("who", ["triage", "auditor", "policy"])
def test_nobody_else_resets_a_device(client, org, who):
    device = ensure_device(org.investigator)
    client.force_login(getattr(org, who))
    assert client.get(LIST).status_code != 200
    client.post(f"{LIST}{device.pk}/resetten/")
    assert SecondFactorDevice.objects.filter(pk=device.pk).exists()


def test_the_service_refuses_and_audits_a_reset_by_someone_else(org):
    from django.http import Http404

    from vik.secondfactor import services

    ensure_device(org.investigator)
    with pytest.raises(Http404):
        services.reset(org.triage, org.investigator)
    assert SecondFactorDevice.objects.filter(user=org.investigator).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, actor=org.triage).exists()

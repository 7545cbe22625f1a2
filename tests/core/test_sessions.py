"""Sessions are Django's database sessions, read with one statement (vik.core.sessions)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vik.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_session_is_read_written_and_ends_with_its_lifetime():
    store = SessionStore()
    store["x"] = 1
    store.create()
    key = store.session_key
    with CaptureQueriesContext(connection) as queries:
        assert SessionStore(key).load() == {"x": 1}
    assert len(queries.captured_queries) == 1
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(key)
    assert expired.load() == {} and expired.session_key is None
    assert SessionStore("bestaat-niet-1234").load() == {}


def test_a_signed_in_client_stays_signed_in(client, org):
    client.force_login(org.triage)
    assert client.get("/").status_code == 200
    assert client.get("/").context["user"] == org.triage


def test_the_sessions_device_is_read_as_django_otp_would(client, org):
    """vik.secondfactor.otp_middleware: the device of a verified session, read with one statement;
    a device deleted since (reset by an administrator) no longer verifies the session."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from vik.secondfactor.models import SecondFactorDevice
    from vik.secondfactor.otp_middleware import SessionDeviceMiddleware

    device = SecondFactorDevice.objects.create(user=org.investigator, name="app", confirmed=True)
    loaded = SessionDeviceMiddleware(lambda r: None)._device_from_persistent_id(device.persistent_id)
    assert type(loaded) is SecondFactorDevice and loaded.pk == device.pk
    fields = SecondFactorDevice._meta.concrete_fields
    assert all(getattr(loaded, f.attname) == getattr(device, f.attname) for f in fields)
    middleware = SessionDeviceMiddleware(lambda r: None)
    assert middleware._device_from_persistent_id("secondfactor.secondfactordevice/999999") is None
    assert middleware._device_from_persistent_id("nonsense") is None
    assert middleware._device_from_persistent_id("auth.user/1") is None  # not a device model
    client.force_login(org.investigator)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert client.get("/").status_code == 200
    device.delete()
    assert client.get("/").status_code == 302  # back to the code page: the device is gone

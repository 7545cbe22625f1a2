"""Signing in with the second factor in tests (vik.secondfactor).

Tests that are not about the second factor sign in as a user who has given it: `force_login` and
`login` mark the session verified with the user's device, as the code page does (tests/conftest.py
wraps Django's test client for every test), and the browser tests type the code the user's
authenticator app would show (`sign_in`). Tests about the second factor sign in with the password
alone through the login page."""

from django_otp import DEVICE_ID_SESSION_KEY

from vik.secondfactor import services
from vik.secondfactor.models import SecondFactorDevice


def ensure_device(user) -> SecondFactorDevice:
    """The user's confirmed authenticator device, enrolled now if he has none."""
    return services.confirmed_device(user) or SecondFactorDevice.objects.create(user=user, name="test", confirmed=True)


def code_for(user) -> str:
    """The code the user's authenticator app shows now (one the device has not accepted yet)."""
    code = services.next_code(ensure_device(user))
    assert code is not None, "the device's codes of this half minute are used up"
    return code


def verify_session(client, user) -> None:
    """After `force_login`: the session as the code page leaves it, for a user who needs a code."""
    if not services.needs_second_factor(user):
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = ensure_device(user).persistent_id
    session.save()


def sign_in(page, user, password: str) -> None:
    """Through the real login page in a browser, and the code page when the user needs one."""
    from playwright.sync_api import expect

    needs = services.needs_second_factor(user)
    if needs:
        ensure_device(user)
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    if needs:
        expect(page.get_by_role("heading", name="Inlogcode", level=1)).to_be_visible()
        page.get_by_label("Code uit uw authenticator-app").fill(code_for(user))
        page.get_by_role("button", name="Controleren").click()

"""In a real browser the content security policy is enforced: the pages must still work under it
(the language menu, the confirmations, Swagger UI) and the browser must report no violation."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_pages_work_under_the_policy_without_violations(org, make_signal, login_as):
    signal = make_signal(description="Collega keek in BVH zonder werkopdracht.")
    page = login_as(org.triage)
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)

    page.goto(f"/meldingen/{signal.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(signal.reference)
    page.goto("/dashboard/")
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info")).to_be_visible()
    expect(page.locator(".swagger-ui")).to_contain_text("VIK API")

    # The language menu submits itself on change, through vik.js (no inline handler).
    page.goto("/")
    page.get_by_label("Taal").select_option("en")
    expect(page.get_by_role("heading", name="My tasks", level=1)).to_be_visible()
    page.get_by_label("Language").select_option("nl")
    expect(page.get_by_role("heading", name="Mijn taken", level=1)).to_be_visible()
    assert violations == []

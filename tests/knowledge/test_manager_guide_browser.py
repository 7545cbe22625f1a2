"""Issue 15 item 4 in the browser: the line manager finds the guide on the signal the triage sent
back to him (on a phone), and an editor changes a stage through the edit form."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.knowledge.browser import assert_fits_phone
from vik.knowledge.models import ManagerGuideStage
from vik.triage.models import Route

pytestmark = pytest.mark.browser


def test_manager_reads_the_guide_on_his_line_follow_up(transactional_db, new_context, org, make_signal,
                                                      triage_to, guide, tmp_path):
    signal = make_signal()
    triage_to(signal, Route.LINE, line_manager=org.manager.employee,
              follow_up_due=timezone.localdate() + dt.timedelta(days=5))
    page = new_context(org.manager, phone=True).new_page()
    page.goto(f"/meldingen/{signal.pk}/")
    panel = page.locator("#manager-guide")
    expect(panel).to_contain_text("Handreiking voor de leidinggevende: Melding")
    expect(panel).to_contain_text("Punt-signal-een")
    expect(panel).not_to_contain_text("Punt-aanzegging-een")
    page.screenshot(path=tmp_path / "line-guide-390.png", full_page=True)
    assert_fits_phone(page)
    panel.get_by_role("link", name="De hele handreiking, alle fasen").click()
    expect(page.get_by_role("heading", name="Handreiking voor leidinggevenden", level=1)).to_be_visible()
    expect(page.locator("#fase-closure")).to_contain_text("Punt-closure-twee")
    assert_fits_phone(page)


def test_editor_changes_a_stage(transactional_db, new_context, editor, guide):
    page = new_context(editor).new_page()
    page.goto("/kennis/redactie/")
    page.get_by_role("link", name="Tijdens het onderzoek").click()
    page.get_by_label("Checklist").fill("Elke twee weken contact, ook zonder nieuws")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Handreiking voor leidinggevenden", level=1)).to_be_visible()
    expect(page.locator("#fase-during")).to_contain_text("Elke twee weken contact, ook zonder nieuws")
    assert ManagerGuideStage.objects.get(stage="during").checklist.startswith("Elke twee weken")

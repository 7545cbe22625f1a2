"""Every save keeps a version; editors can view the history and restore an older version."""

import re

import pytest

from vik.core.errors import DomainError
from vik.knowledge import services
from vik.knowledge.models import Version


def test_each_save_keeps_a_version(editor, sheets):
    sheet = sheets["gifts"]
    sheet.introduction = "Nieuwe inleiding."
    services.save_content(editor, sheet, note="Inleiding herschreven")
    versions = list(Version.objects.filter(kind="sheet", object_id=sheet.pk).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].data["introduction"].startswith("Geschenken van burgers")
    assert versions[1].data["introduction"] == "Nieuwe inleiding."
    assert versions[1].note == "Inleiding herschreven"
    assert versions[1].saved_by == editor


def test_restore_puts_back_text_and_related_sheets_as_a_new_version(editor, sheets):
    sheet = sheets["gifts"]
    services.save_content(editor, sheet, m2m={"related": [sheets["info"]]})
    original_title = sheet.title
    sheet.title = "Geschenken (herzien)"
    sheet.norm = "Andere norm."
    services.save_content(editor, sheet, m2m={"related": [sheets["side"]]})
    services.restore_version(editor, sheet, 2)
    sheet.refresh_from_db()
    assert sheet.title == original_title
    assert sheet.norm == "Ik handel integer."
    assert list(sheet.related.all()) == [sheets["info"]]
    latest = Version.objects.filter(kind="sheet", object_id=sheet.pk).order_by("-number").first()
    assert latest.number == 4 and latest.note == "Hersteld uit versie 2"
    # The search text follows the restored text.
    assert " herzien " not in sheet.search_text


def test_restoring_a_missing_version_is_refused(editor, sheets):
    with pytest.raises(DomainError):
        services.restore_version(editor, sheets["gifts"], 99)


def test_desks_are_versioned_too(editor, desks):
    desk = desks["bmw"]
    desk.phone = "088 123"
    services.save_content(editor, desk)
    services.restore_version(editor, desk, 1)
    desk.refresh_from_db()
    assert desk.phone == ""
    assert Version.objects.filter(kind="desk", object_id=desk.pk).count() == 3


def test_invalid_court_case_block_is_rejected(editor, sheets):
    from django.core.exceptions import ValidationError

    sheet = sheets["info"]
    sheet.court_cases = "Geen nummer hier\nTitel"
    with pytest.raises(ValidationError):
        services.save_content(editor, sheet)


def test_history_and_restore_pages(client, editor, sheets):
    sheet = sheets["gifts"]
    sheet.introduction = "Tweede versie."
    services.save_content(editor, sheet)
    client.force_login(editor)
    history = client.get("/kennis/redactie/sheet/geschenken/versies/")
    assert history.status_code == 200
    assert "Versie 2" in history.text and "Versie 1 terugzetten" in history.text
    old = client.get("/kennis/redactie/sheet/geschenken/versies/1/")
    assert "Geschenken van burgers" in old.text
    response = client.post("/kennis/redactie/sheet/geschenken/versies/1/herstellen/")
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.introduction.startswith("Geschenken van burgers")


def test_editing_through_the_form_creates_a_version(client, editor, sheets):
    client.force_login(editor)
    form = client.get("/kennis/redactie/sheet/informatie/").text
    response = client.post("/kennis/redactie/sheet/informatie/", {
        "state": re.search(r'name="state" value="([^"]+)"', form).group(1),  # as the browser sends it
        "title": "Omgaan met informatie", "slug": "informatie", "number": "8",
        "introduction": "Herschreven.", "norm": "Ik zoek alleen voor mijn werk.", "dilemmas": "",
        "court_cases": "ECLI:NL:GHDHA:2019:600\nEen kennis opgezocht\nAmbtsgeheim geschonden.",
        "law_articles": "", "published": "on", "note": "Uitspraak toegevoegd"})
    assert response.status_code == 302, response.content
    assert Version.objects.filter(kind="sheet", object_id=sheets["info"].pk).count() == 2
    page = client.get("/kennis/beroepscode/informatie/")
    assert "ECLI:NL:GHDHA:2019:600" in page.text and "Een kennis opgezocht" in page.text

"""Uploads never end in a 500 and the typed text survives: the anonymous and the named report form,
signal attachments (form, added later, API) and investigation documents share the checks of
`vik.core.uploads` (type, size, pixel count bounded on the header before decoding)."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from vik.confidential.models import Report
from vik.signals.models import Signal, Theme
from vik.signals.services import validate_attachment

pytestmark = pytest.mark.django_db

TEXT = "Mijn zorgvuldig getypte tekst over wat er in de kantine gebeurde."


def png_claiming(width: int, height: int, size: int = 24_000) -> bytes:
    """A small PNG whose header claims `width` × `height` pixels (a decompression bomb)."""
    buffer = io.BytesIO()
    Image.new("1", (1, 1)).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    ihdr = bytearray(data[16:29])
    ihdr[0:8] = struct.pack(">II", width, height)
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(ihdr)) & 0xFFFFFFFF)
    return bytes(data) + b"\0" * max(0, size - len(data))


def _bomb(name="foto.png"):
    return SimpleUploadedFile(name, png_claiming(20_000, 10_000), content_type="image/png")


def _anonymous_post(conf, attachment):
    return Client().post("/vertrouwelijk/anoniem/", {
        "recipient": "integrity_office", "region": conf.org.region_a.pk, "category": "integrity",
        "description": TEXT, "attachments": [attachment]})


def test_anonymous_report_with_a_decompression_bomb_keeps_the_text(conf):
    response = _anonymous_post(conf, _bomb())
    assert response.status_code == 400
    body = response.content.decode()
    assert TEXT in body
    assert "te groot" in body and "kies de bijlage(n) opnieuw" in body
    assert not Report.objects.exists()


@pytest.mark.parametrize(("content", "message"), [
    (png_claiming(8_000, 6_000), "8000 × 6000 pixels"),          # above our limit, below Pillow's
    (b"GIF89a" + b"\0" * 100, "kan niet worden gelezen"),         # not an image at all
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 10, "kan niet worden gelezen"),  # truncated
])
def test_anonymous_report_refuses_bad_images_with_a_dutch_message(conf, content, message):
    response = _anonymous_post(conf, SimpleUploadedFile("foto.png", content, content_type="image/png"))
    assert response.status_code == 400
    assert message in response.content.decode() and TEXT in response.content.decode()


def test_a_jpeg_named_png_is_refused(conf):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="JPEG")
    response = _anonymous_post(conf, SimpleUploadedFile("foto.png", buffer.getvalue()))
    assert response.status_code == 400 and "geen PNG-afbeelding" in response.content.decode()


def test_named_report_with_a_bomb_keeps_the_text(conf):
    client = Client()
    client.force_login(conf.reporter)
    response = client.post("/vertrouwelijk/melden/", {
        "mode": "confidential", "recipient": "integrity_office", "region": conf.org.region_a.pk,
        "category": "integrity", "description": TEXT, "attachments": [_bomb()]})
    assert response.status_code == 400 and TEXT in response.content.decode()


def test_a_good_image_still_passes(conf):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format="JPEG")
    response = _anonymous_post(conf, SimpleUploadedFile("foto.jpg", buffer.getvalue()))
    assert response.status_code == 302
    assert Report.objects.get().attachments.get().content_type == "image/jpeg"


def test_signal_form_with_a_bomb_answers_with_a_message_and_keeps_the_text(org):
    client = Client()
    client.force_login(org.triage)
    response = client.post("/meldingen/nieuw/", {
        "received_on": timezone.localdate().isoformat(), "channel": "colleague", "region": org.region_a.pk,
        "theme": Theme.objects.get(code="gifts").pk, "description": TEXT,
        "subjects": org.officer.personnel_number, "attachments": [_bomb()]})
    assert response.status_code in (200, 400)
    body = response.content.decode()
    assert "te groot" in body and TEXT in body and "kies de bijlage(n) opnieuw" in body
    assert not Signal.objects.exists()


def test_signal_attachment_added_later_is_checked(org):
    from vik.signals.services import SignalInput, register_signal

    signal = register_signal(org.triage, SignalInput(
        received_on=timezone.localdate(), channel="colleague", region=org.region_a,
        theme=Theme.objects.get(code="gifts"), description="Cadeaubon van een garage.", subjects=[org.officer]))
    client = Client()
    client.force_login(org.triage)
    response = client.post(f"/meldingen/{signal.pk}/bijlage/", {"file": _bomb()}, follow=True)
    assert response.status_code == 200 and "te groot" in response.content.decode()
    assert not signal.attachments.exists()


def test_validate_attachment_checks_images_and_rewinds(org):
    errors: dict = {}
    validate_attachment(_bomb(), errors)
    assert "te groot" in errors["attachments"][0]
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    good = SimpleUploadedFile("ok.png", buffer.getvalue())
    errors = {}
    validate_attachment(good, errors)
    assert not errors and good.tell() == 0


def test_investigation_document_upload_refuses_a_bomb_and_keeps_the_title(org, disciplinary_case):
    client = Client()
    client.force_login(org.investigator)
    response = client.post(f"/onderzoeken/{disciplinary_case.pk}/actie/document/", {
        "kind": "other", "title": "Mijn documenttitel blijft", "file": _bomb()})
    # Post/redirect/get: back to the case page, where the refused form shows with what was typed.
    assert response.status_code == 302 and response.url == f"/onderzoeken/{disciplinary_case.pk}/#action-document"
    body = client.get(response.url).content.decode()
    assert "te groot" in body and "Mijn documenttitel blijft" in body and "kies de bijlage(n) opnieuw" in body
    assert not disciplinary_case.documents.exists()


def test_a_document_whose_file_is_gone_gives_a_message_not_a_server_error(org, disciplinary_case):
    """The fuzz test found it: a document record without its file (a restore without the media)
    answered the download with a 500."""
    from tests.case_steps import add_plan
    from vik.audit.models import AuditEvent

    document = add_plan(org, disciplinary_case)
    client = Client()
    client.force_login(org.investigator)
    url = f"/onderzoeken/{disciplinary_case.pk}/document/{document.pk}/"
    response = client.get(url)
    assert response.status_code == 200 and response.get("Content-Disposition", "").startswith("attachment")
    b"".join(response.streaming_content)
    document.file.delete(save=False)
    response = client.get(url, follow=True)
    assert response.status_code == 200 and "ontbreekt in de opslag" in response.content.decode()
    assert AuditEvent.objects.filter(summary="Document niet gevonden in de opslag").exists()

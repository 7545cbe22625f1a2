"""The audit trail reads in Dutch: every action, object type and refusal reason used in the code
has a Dutch label, and the object is named by its reference, not by `app.model id`."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.text import camel_case_to_spaces
from django.utils.translation import gettext_lazy

from vik.audit import labels
from vik.audit import services as audit
from vik.audit.models import AuditAction, AuditEvent

SRC = Path(__file__).resolve().parents[2] / "src" / "vik"
SOURCE = "\n".join(p.read_text() for p in SRC.rglob("*.py"))


def _why_codes_in_the_source() -> set[str]:
    codes = set(re.findall(r"why=\"([^\"]+)\"", SOURCE))
    codes |= set(re.findall(r"_deny\([^,]+, [^,]+, \"([^\"]+)\"", SOURCE))
    codes |= set(re.findall(r"_require\([^,]+, \"[^\"]+\", \"([^\"]+)\"", SOURCE))
    # Dynamic reasons: a policy action, or an act on a case.
    from vik.care.views import ACTIONS as CARE_ACTIONS
    from vik.investigations.views import ACTIONS
    from vik.policy import _RULES

    return codes | set(_RULES) | set(ACTIONS) | set(CARE_ACTIONS)


def test_every_refusal_reason_in_the_code_has_a_dutch_label():
    codes = _why_codes_in_the_source()
    assert len(codes) > 60
    assert sorted(codes - set(labels.REASONS)) == []


def test_every_action_string_in_the_code_is_an_audit_action_with_a_dutch_label():
    used = set(re.findall(r"audit\.record\([^,]+, \"([a-z_]+)\"", SOURCE))
    used |= {m.lower() for m in re.findall(r"AuditAction\.([A-Z_]+)", SOURCE)}
    actions = {a.value: a.label for a in AuditAction}
    assert used and used <= set(actions)
    with translation.override("nl"):
        for value in used:
            assert str(actions[value]) != value


def test_every_object_type_has_a_dutch_label():
    literal = set(re.findall(r"object_type=\"([^\"]+)\"", SOURCE))
    models = {m._meta.label_lower: m for m in apps.get_models() if m.__module__.startswith("vik.")}
    for code in literal:
        assert code in labels.OBJECT_TYPES or code in models, code
    for code, model in models.items():
        english_default = model._meta.verbose_name == camel_case_to_spaces(model._meta.object_name)
        assert not english_default or code in labels.OBJECT_TYPES, code
    with translation.override("nl"):
        assert labels.object_type_label("investigations.case") == "Onderzoek"
        assert labels.object_type_label("monitoring.queue") == "Wachtrij protective monitoring"


@pytest.fixture
def auditor_client(client, org):
    client.force_login(org.auditor)
    return client


def test_the_audit_page_names_objects_by_their_dutch_type_and_reference(auditor_client, org,
                                                                         make_signal):
    signal = make_signal()
    audit.record_denied(org.nobody, signal, why="view")
    audit.record(org.triage, "view", object_type="monitoring.queue",
                 summary=gettext_lazy("Meldingenwachtrij geopend"))
    html = auditor_client.get("/audit/").content.decode()
    table = html[html.index("<table"):]
    assert f"Melding {signal.reference}" in table
    assert "signals.signal" not in re.sub(r'title="[^"]*"', "", table)
    assert "Aangemaakt" in html and "Toegang geweigerd" in html
    assert "Inzien" in html
    assert "Wachtrij protective monitoring" in html
    assert "Select an option" not in html


def test_the_audit_page_filters_on_a_dutch_object_type(auditor_client, make_signal):
    signal = make_signal()
    response = auditor_client.get("/audit/", {"object_type": "signals.signal"})
    assert response.status_code == 200
    assert '<option value="signals.signal" selected>Melding</option>' in response.content.decode()
    assert signal.reference in response.content.decode()
    unknown = auditor_client.get("/audit/", {"object_type": "bestaat.niet"})
    assert unknown.status_code == 200
    assert signal.reference not in unknown.content.decode()
    assert "Geen regels." in unknown.content.decode()
    assert "Kies een van de aangeboden mogelijkheden." in unknown.content.decode()


def test_a_summary_is_stored_in_dutch_whatever_the_actors_language(org):
    with translation.override("en"):
        event = audit.record(org.triage, "view", object_type="monitoring.queue",
                             summary=gettext_lazy("Meldingenwachtrij geopend"))
    assert AuditEvent.objects.get(pk=event.pk).summary == "Meldingenwachtrij geopend"
    assert audit.verify_chain()[1] == []

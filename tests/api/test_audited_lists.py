"""Every read of a sensitive record through the API is in the audit trail, lists included (issue
14, finding 2: nine list pages returned 423 full signals and wrote no audit row)."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from vik.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def _views(user, object_type):
    return set(AuditEvent.objects.filter(actor=user, action=AuditAction.VIEW, object_type=object_type)
               .values_list("object_id", flat=True))


def test_each_signal_on_a_list_page_is_one_audited_read(org, make_signal):
    signals = [make_signal() for _ in range(52)]  # a page holds 50
    client = _client(org.triage)
    first = client.get("/api/signals/").json()
    assert len(first["results"]) == 50
    assert _views(org.triage, "signals.signal") == {str(s["id"]) for s in first["results"]}
    second = client.get("/api/signals/?page=2").json()
    assert len(second["results"]) == 2
    assert _views(org.triage, "signals.signal") == {str(s.pk) for s in signals}


def test_records_a_user_may_not_see_are_neither_listed_nor_audited_as_read(org, make_signal):
    make_signal()
    assert _client(org.triage_b).get("/api/signals/").json()["count"] == 0
    assert _views(org.triage_b, "signals.signal") == set()


def test_each_case_on_a_list_page_is_one_audited_read(org, disciplinary_case):
    listed = _client(org.investigator).get("/api/cases/").json()["results"]
    assert [c["id"] for c in listed] == [disciplinary_case.pk]
    assert _views(org.investigator, "investigations.case") == {str(disciplinary_case.pk)}

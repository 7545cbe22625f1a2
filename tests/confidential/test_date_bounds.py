"""A complaint received on 0001-01-01 was accepted and broke the complaints pages (issue 12, found
by a newcomer's test): every confidential date is bounded, with the typed input kept."""

import pytest
from django.test import Client

from vik.confidential.models import Complaint

pytestmark = pytest.mark.django_db


def test_a_complaint_received_on_year_one_is_refused_and_the_input_kept(conf, org):
    client = Client()
    client.force_login(conf.member)
    response = client.post("/vertrouwelijk/klachten/nieuw/", {
        "committee": conf.committee.pk, "region": org.region_a.pk, "chair": conf.chair.pk,
        "category": "bullying", "received_on": "01-01-0001", "complainant": "K. Lager",
        "accused": "A. Geklaagde", "summary": "Mijn beschrijving blijft staan"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kies een datum tussen 01-01-1990" in body
    assert "Mijn beschrijving blijft staan" in body
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(("participants", "stored"), [("99999999", False), ("2001", False), ("-1", False),
                                                       ("2000", True), ("0", True)])
def test_an_activity_has_a_plausible_number_of_participants(conf, org, participants, stored):
    """99,999,999 participants were accepted and sat in the annual figures for good (tester t34)."""
    from vik.confidential.models import Activity

    client = Client()
    client.force_login(conf.advisor)
    unit = org.region_a
    response = client.post("/vertrouwelijk/activiteiten/", {
        "kind": Activity.Kind.values[0], "held_on": "01-12-2026", "title": "Voorlichting", "unit": unit.pk,
        "participants": participants})
    assert Activity.objects.exists() is stored
    if not stored:
        assert response.status_code == 400 and "Voorlichting" in response.content.decode()

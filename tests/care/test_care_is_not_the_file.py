"""Care is not the case file (issue 14, finding 3; a newcomer as the care contact `zorg` read the
signal's description and triage rationale by URL and listed 27 signals and 28 cases via the API)."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory
from vik.accounts.models import Role
from vik.care import services as care

pytestmark = pytest.mark.django_db


@pytest.fixture
def care_contact(org, disciplinary_case):
    """A care contact who is not the betrokkene's manager (the manager is excluded anyway)."""
    user = UserFactory(username="zorg2", roles=[Role.CARE_CONTACT])
    care.change_care_contact(org.investigator, disciplinary_case, user, "Zorg overgedragen aan P-zorg.")
    return user


def test_the_care_contact_sees_the_care_view_but_not_the_signal(client, care_contact, disciplinary_case):
    client.force_login(care_contact)
    page = client.get(f"/onderzoeken/{disciplinary_case.pk}/")
    assert page.status_code == 200 and "Zorg bij onderzoek" in page.content.decode()
    assert "zonder werkopdracht" not in page.content.decode()
    assert client.get(f"/meldingen/{disciplinary_case.signal_id}/").status_code == 404


def test_the_api_gives_the_care_contact_no_case_and_no_signal(care_contact, disciplinary_case, org):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=care_contact).key}")
    assert api.get("/api/signals/").json()["count"] == 0
    assert api.get("/api/cases/").json()["count"] == 0
    assert api.get(f"/api/cases/{disciplinary_case.pk}/").status_code == 404
    assert api.get(f"/api/signals/{disciplinary_case.signal_id}/").status_code == 404
    investigator = APIClient()
    investigator.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=org.investigator).key}")
    assert investigator.get(f"/api/cases/{disciplinary_case.pk}/").status_code == 200

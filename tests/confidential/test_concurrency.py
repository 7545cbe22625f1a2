"""Two tabs on one register entry: the second save must not silently overwrite the first."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from vik.confidential import services
from vik.confidential.models import Category, Contact

from .conftest import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(conf):
    return services.register_contact(conf.advisor, services.ContactInput(
        contact_on=today() - timedelta(days=2), category=Category.SEXUAL_HARASSMENT, reporter_type="employee",
        unit=conf.org.region_a, actions=["conversation"], minutes=30, notes="eerste versie"))


def _post_data(page: str, **changes) -> dict:
    """The form as the browser would send it back: every field of the page, with `changes`."""
    import re

    data: dict = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        if name != "csrfmiddlewaretoken":
            data[name] = value
    data.update({"category": Category.SEXUAL_HARASSMENT, "reporter_type": "employee",
                 "actions": ["conversation"], "outcome": "ongoing"})
    unit = re.search(r'<option value="(\d+)" selected', page)
    data["unit"] = unit.group(1)
    data.update(changes)
    return data


def test_second_tab_does_not_overwrite_the_first(conf, contact):
    url = reverse("confidential:contact", args=[contact.pk])
    tab1, tab2 = Client(), Client()
    tab1.force_login(conf.advisor)
    tab2.force_login(conf.advisor)
    page1 = tab1.get(url).content.decode()
    page2 = tab2.get(url).content.decode()

    first = tab1.post(url, _post_data(page1, notes="aanvulling uit tabblad 1", minutes="45"))
    assert first.status_code == 302

    second = tab2.post(url, _post_data(page2, notes="andere tekst uit tabblad 2", minutes="90"))
    assert second.status_code == 400
    body = second.content.decode()
    assert "Dit is intussen gewijzigd en opgeslagen" in body
    assert "andere tekst uit tabblad 2" in body  # the user's input stays on the form
    stored = Contact.objects.for_advisor(conf.advisor).get(pk=contact.pk)
    assert stored.notes == "aanvulling uit tabblad 1"
    assert stored.minutes == 45

    # Saving the kept form again replaces the other version knowingly.
    again = tab2.post(url, _post_data(body, notes="andere tekst uit tabblad 2", minutes="90"))
    assert again.status_code == 302
    assert Contact.objects.for_advisor(conf.advisor).get(pk=contact.pk).minutes == 90


def test_service_refuses_a_stale_token(conf, contact):
    from vik.core.concurrency import state_token
    from vik.core.errors import ConcurrentEditError

    token = state_token(contact)
    data = services.ContactInput(
        contact_on=contact.contact_on, category=contact.category, reporter_type=contact.reporter_type,
        unit=contact.unit, actions=["conversation"], minutes=40)
    services.update_contact(conf.advisor, contact, data, expected_state=token)
    with pytest.raises(ConcurrentEditError):
        services.update_contact(conf.advisor, contact, data, expected_state=token)

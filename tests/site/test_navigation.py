"""The menu marks exactly one item as the current page: the most specific one."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _current(client: Client, url: str) -> list[str]:
    body = client.get(url).content.decode()
    nav = body[body.index("<nav"):body.index("</nav>")]
    return re.findall(r'<a href="([^"]+)" aria-current="page"', nav)


def test_one_current_item_the_most_specific(org):
    client = Client()
    client.force_login(org.triage)
    assert _current(client, reverse("signals:mine")) == [reverse("signals:mine")]
    assert _current(client, reverse("signals:list")) == [reverse("signals:list")]
    assert _current(client, reverse("home")) == [reverse("home")]

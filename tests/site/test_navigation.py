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


def test_the_menu_is_computed_only_where_a_template_shows_it(org, rf):
    """A page of panels renders each panel with the request's context processors; none of them
    shows the menu, so none pays for it (a dozen policy questions and a query each)."""
    from django.db import connection
    from django.template import engines
    from django.test.utils import CaptureQueriesContext

    from vik.site.context_processors import navigation

    request = rf.get("/")
    request.user = org.triage
    org.triage.roles  # noqa: B018  (the roles are read once per request anyway)
    panel = engines["django"].from_string("<p>{{ request.path }}</p>")
    with CaptureQueriesContext(connection) as queries:
        panel.render({}, request)
    assert len(queries) == 0
    items = navigation(request)["nav_items"]
    assert [item["label"] for item in items][:1] == ["Mijn taken"]


def test_a_section_marks_its_pages_outside_its_own_address():
    """Tester t37: on the repeat signals, "Melden" (every confidential page's prefix) was current
    instead of "Coördinatie"; the activities belong to the register."""
    from tests.factories import UserFactory
    from vik.accounts.models import Role

    client = Client()
    client.force_login(UserFactory(roles=[Role.CONFIDENTIAL_ADVISOR_CENTRAL]))
    coordination = reverse("confidential:coordination")
    assert _current(client, reverse("confidential:repeat_signals")) == [coordination]
    assert _current(client, reverse("confidential:activities")) == [reverse("confidential:register")]
    assert _current(client, reverse("confidential:index")) == [reverse("confidential:index")]


def test_an_address_that_does_not_exist_marks_no_section():
    """A mistyped address under /vertrouwelijk/ marked "Melden" as the current page on the "not
    found" page, as if it were one of its pages."""
    from tests.factories import UserFactory
    from vik.accounts.models import Role

    client = Client()
    client.force_login(UserFactory(roles=[Role.CONFIDENTIAL_ADVISOR_CENTRAL]))
    for path in ("/vertrouwelijk/bestaat-niet/", "/meldingen/bestaat-niet/", "/preventie/x/y/"):
        response = client.get(path)
        assert response.status_code == 404
        assert 'aria-current="page"' not in response.text, path
        assert "Mijn taken" in response.text  # the menu is there, nothing lit

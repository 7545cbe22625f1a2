"""The confidential compartment and the anonymous reports are unreachable for every other role:
through the data layer, the policy, the web pages and the API; and a database dump reveals no
names from the register."""

import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver

from tests.factories import EmployeeFactory, UserFactory
from vik import policy
from vik.accounts.models import Role
from vik.confidential import services
from vik.confidential.models import Category, CompartmentError, Contact, Report

from .conftest import today

pytestmark = pytest.mark.django_db
PASSWORD = "geheim-wachtwoord-123"
SECRET_NAME = "Zwaantje Kwakkelstein"
SECRET_NOTE = "Huilde tijdens het gesprek over de kluisjesruimte"


@pytest.fixture
def contact(conf):
    return services.register_contact(conf.advisor, services.ContactInput(
        contact_on=today() - timedelta(days=2), category=Category.SEXUAL_HARASSMENT, reporter_type="employee",
        unit=conf.org.region_a, actions=["conversation", "advice"], minutes=60, reporter_name=SECRET_NAME,
        other_names="Teamchef van de nachtdienst", notes=SECRET_NOTE, follow_up_on=today() + timedelta(days=5)))


@pytest.fixture
def one_user_per_role(conf):
    """A user holding exactly one role, for every role there is, in region A (next to the
    reported officer); plus a user without roles and a superuser."""
    users = {}
    for role in Role:
        users[role.value] = UserFactory(username=f"rol-{role.value}", roles=[role],
                                        employee=EmployeeFactory(unit=conf.org.vik_a))
    users["none"] = UserFactory(username="rol-none", employee=EmployeeFactory(unit=conf.org.patrol))
    users["superuser"] = UserFactory(username="rol-superuser", is_superuser=True, is_staff=True)
    return users


def test_plain_queries_see_nothing(contact):
    assert Contact.objects.count() == 0
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_only_the_registering_advisor_reads_a_contact(conf, contact, one_user_per_role):
    assert list(Contact.objects.for_advisor(conf.advisor)) == [contact]
    assert Contact.objects.for_advisor(conf.advisor).get().reporter_name == SECRET_NAME
    assert not Contact.objects.for_advisor(conf.advisor2).exists()
    assert not Contact.objects.for_advisor(conf.central).exists()
    for key, user in one_user_per_role.items():
        if key in (Role.CONFIDENTIAL_ADVISOR, Role.CONFIDENTIAL_ADVISOR_CENTRAL):
            assert not Contact.objects.for_advisor(user).exists()
            continue
        with pytest.raises(CompartmentError):
            Contact.objects.for_advisor(user)
        with pytest.raises(CompartmentError):
            Contact.objects.aggregate_rows(user)
        assert not policy.can(user, "confidential.contact", contact), key
        assert not policy.can(user, "confidential.register"), key


def test_aggregates_carry_no_names(conf, contact):
    rows = list(Contact.objects.aggregate_rows(conf.central))
    assert len(rows) == 1
    assert set(rows[0]) == set(Contact.objects.AGGREGATE_FIELDS)
    with pytest.raises(CompartmentError):
        Contact.objects.aggregate_rows(conf.advisor)


def test_every_other_role_is_refused_in_the_browser(client, conf, contact, anonymous_report, advisor_report,
                                                    one_user_per_role):
    report, _code = anonymous_report
    urls_register = [reverse("confidential:register"), reverse("confidential:contact", args=[contact.pk]),
                     reverse("confidential:contact_new"), reverse("confidential:activities"),
                     reverse("confidential:coordination"), reverse("confidential:annual_reports")]
    may_receive = {report.pk: {Role.INTEGRITY_OFFICE}, advisor_report.pk: {Role.CONFIDENTIAL_ADVISOR}}
    for key, user in one_user_per_role.items():
        client.force_login(user)
        for pk, allowed in may_receive.items():
            status = client.get(reverse("confidential:report", args=[pk])).status_code
            assert status == (200 if key in allowed else 404), (key, pk)
            assert policy.can(user, "confidential.report.view", Report.objects.get(pk=pk)) is (key in allowed)
        inbox = client.get(reverse("confidential:inbox"))
        if inbox.status_code == 200:
            assert SECRET_NAME not in inbox.content.decode()
        for url in urls_register:
            response = client.get(url)
            if key in (Role.CONFIDENTIAL_ADVISOR, Role.CONFIDENTIAL_ADVISOR_CENTRAL) and response.status_code == 200:
                assert SECRET_NAME not in response.content.decode(errors="replace"), (key, url)  # not his
            else:
                assert response.status_code == 404, (key, url)
        client.logout()
    client.force_login(conf.advisor)
    assert SECRET_NAME in client.get(reverse("confidential:contact", args=[contact.pk])).content.decode()


def test_conflicted_recipient_is_refused_even_with_the_right_role(client, conf, advisor_report):
    # The reported colleague becomes an advisor: he still never sees the report about himself.
    colleague_user = UserFactory(username="smit", roles=[Role.CONFIDENTIAL_ADVISOR], employee=conf.org.colleague)
    client.force_login(colleague_user)
    assert client.get(reverse("confidential:report", args=[advisor_report.pk])).status_code == 404
    # So does his manager.
    conf.org.manager.groups.add(Group.objects.get(name=Role.CONFIDENTIAL_ADVISOR))
    client.force_login(conf.org.manager)
    assert client.get(reverse("confidential:report", args=[advisor_report.pk])).status_code == 404


def _api_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _api_patterns(pattern, route)
        else:
            yield route, pattern


def test_the_api_does_not_expose_confidential_work(client, conf, contact, anonymous_report, one_user_per_role):
    api = [(route, p) for route, p in _api_patterns() if route.startswith("api/")]
    assert api
    for route, pattern in api:
        module = getattr(pattern.callback, "__module__", "") or ""
        assert "confidential" not in module and "confidential" not in route, route
    report, _code = anonymous_report
    for key in ("superuser", Role.TRIAGE, Role.CONFIDENTIAL_ADVISOR, Role.ADMIN, Role.AUDITOR):
        client.force_login(one_user_per_role[key])
        for path in ("/api/", "/api/signals/", "/api/cases/", "/api/schema/"):
            body = client.get(path).content.decode(errors="replace")
            assert SECRET_NAME not in body and report.reference not in body, path
            assert "reporter_name" not in body and "receipt" not in body and "vertrouwelijk" not in body, path


def _all_text_in_database() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                chunks.extend(v if isinstance(v, str) else bytes(v).decode("latin-1")
                              for v in row if isinstance(v, str | bytes | memoryview))
    return "\n".join(chunks)


def _migrated_apps() -> list[str]:
    """Every app whose tables exist (an app still under construction elsewhere may lack them)."""
    tables = set(connection.introspection.table_names())
    return [app.label for app in apps.get_app_configs()
            if list(app.get_models()) and all(m._meta.db_table in tables for m in app.get_models())]


def test_a_database_dump_contains_no_plaintext_names(conf, contact, anonymous_report):
    from vik.confidential.models import Complaint  # noqa: F401  (the complaint names are encrypted too)

    services.register_complaint(conf.member, services.ComplaintInput(
        region=conf.org.region_a, committee=conf.committee, chair=conf.chair, category=Category.DISCRIMINATION,
        received_on=today(), complainant="Klaartje Klaagmans", accused="Bertus Beschuldigd",
        summary="Opmerkingen over haar afkomst bij de koffieautomaat."))
    out = io.StringIO()
    assert {"confidential", "accounts", "audit", "signals"} <= set(_migrated_apps())
    call_command("dumpdata", *_migrated_apps(), "--all", stdout=out)
    dump = out.getvalue()
    raw = _all_text_in_database()
    for secret in (SECRET_NAME, SECRET_NOTE, "Klaartje Klaagmans", "Bertus Beschuldigd", "garagehouder"):
        assert secret not in dump, secret
        assert secret not in raw, secret
    # The dump holds the encrypted tokens, and loading it keeps the content readable.
    assert '"reporter_name": "gAAAAA' in dump
    assert Contact.objects.for_advisor(conf.advisor).get().reporter_name == SECRET_NAME

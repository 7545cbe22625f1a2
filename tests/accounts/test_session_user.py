"""A signed-in request reads its user in one query: with his roles, his employee and unit chain,
whether he has a second-factor device and whether he is a case member (vik.accounts.backends.
UserBackend; issue 14: four to five queries per request before). Read afresh on every request:
a role taken away or a membership added counts from the next click."""

import pytest
from django.contrib.auth import SESSION_KEY, get_user
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from vik import policy
from vik.accounts.backends import SESSION_BACKEND, UserBackend
from vik.accounts.models import Role

pytestmark = pytest.mark.django_db


def _request_of(client, user):
    client.force_login(user, backend=SESSION_BACKEND)
    request = RequestFactory().get("/")
    request.session = client.session
    return request


def test_the_user_with_roles_employee_and_region_in_one_query(client, org):
    request = _request_of(client, org.triage)
    with CaptureQueriesContext(connection) as queries:
        user = get_user(request)
        assert user.pk == org.triage.pk
        assert user.roles == frozenset({Role.TRIAGE})
        assert user.display_name == org.triage.employee.full_name
        assert policy.can(user, "triage.queue")  # needs the region: read with the user
    assert len(queries.captured_queries) == 2  # the session, the user with all of it


def test_what_the_menu_and_the_second_factor_ask_comes_with_the_user(org, disciplinary_case):
    backend = UserBackend()
    investigator = backend.get_user(org.investigator.pk)
    assert investigator.vik_is_case_member is True and investigator.vik_has_device is False
    assert backend.get_user(org.triage.pk).vik_is_case_member is False


def test_a_role_taken_away_counts_from_the_next_request(client, org):
    request = _request_of(client, org.triage)
    assert policy.can(get_user(request), "triage.queue")
    org.triage.groups.clear()
    again = RequestFactory().get("/")
    again.session = request.session
    user = get_user(again)
    assert user.roles == frozenset() and not policy.can(user, "triage.queue")


def test_an_inactive_or_unknown_user_is_nobody(client, org):
    backend = UserBackend()
    org.triage.is_active = False
    org.triage.save()
    assert backend.get_user(org.triage.pk) is None
    assert backend.get_user(10**9) is None
    request = RequestFactory().get("/")
    request.session = client.session
    request.session[SESSION_KEY] = str(org.triage.pk)
    assert not get_user(request).is_authenticated


def test_a_user_without_employee_or_roles(org):
    from tests.factories import UserFactory

    bare = UserFactory(username="los", roles=[], employee=None)
    user = UserBackend().get_user(bare.pk)
    assert user.roles == frozenset() and user.employee is None and user.display_name


def test_the_statement_gives_the_same_objects_as_the_orm(org):
    """Every column of the user, his employee and the three units above him, as the ORM reads
    them (the statement is made from the models' metadata: a new field is read too)."""
    from vik.accounts.models import Employee, Unit, User

    user = UserBackend().get_user(org.investigator.pk)
    reference = User.objects.select_related("employee__unit__parent__parent").get(pk=org.investigator.pk)
    pairs = [(user, reference, User), (user.employee, reference.employee, Employee)]
    unit, ref_unit = user.employee.unit, reference.employee.unit
    while ref_unit is not None:
        pairs.append((unit, ref_unit, Unit))
        unit, ref_unit = (unit.parent if unit.parent_id else None), ref_unit.parent
    assert len(pairs) >= 4
    for loaded, expected, model in pairs:
        for field in model._meta.concrete_fields:
            assert getattr(loaded, field.attname) == getattr(expected, field.attname), (model, field.name)
        assert loaded._state.adding is False and loaded._state.db == "default"


def test_a_deeper_unit_tree_is_read_further_when_asked(org):
    from tests.factories import EmployeeFactory, UnitFactory, UserFactory
    from vik.accounts.models import Unit

    team = UnitFactory(code="SUB", name="Subteam", kind=Unit.Kind.TEAM, parent=org.patrol)
    deep = UserFactory(username="diep", roles=[], employee=EmployeeFactory(unit=team))
    user = UserBackend().get_user(deep.pk)
    assert user.employee.unit.region == org.region_a

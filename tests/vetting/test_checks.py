"""`vik check_responsibility` names a declaration or screening that would reach nobody."""

import pytest

from tests.vetting.conftest import declare
from vik.core.checks import run_responsibility_checks
from vik.vetting.models import Declaration

pytestmark = pytest.mark.django_db


def _ids():
    return [m.id for m in run_responsibility_checks() if m.id.startswith("vik.vetting")]


def test_no_dead_end_while_the_handlers_have_accounts(vet, gift, relation, screening):
    assert _ids() == []


def test_without_vetting_staff_and_without_the_managers_account_both_are_named(vet, org, gift, relation):
    vet.staff.is_active = vet.staff2.is_active = False
    vet.staff.save()
    vet.staff2.save()
    org.manager.is_active = False
    org.manager.save()
    assert sorted(_ids()) == ["vik.vetting.E001", "vik.vetting.E002"]
    Declaration.objects.all().delete()
    declare(vet.employee, Declaration.Kind.SIDE_ACTIVITY)
    assert _ids() == ["vik.vetting.E002"]

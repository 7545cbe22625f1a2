"""Vetting fixtures: vetting staff, an employee with an account in the patrol team (whose line
manager is `org.manager`), and helpers to declare and screen."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.factories import EmployeeFactory, UserFactory
from vik.accounts.models import Role
from vik.vetting import services
from vik.vetting.models import Declaration, Level, Screening


@pytest.fixture
def vet(org):
    """The actors of vetting beside `org`: two vetting staff, an employee and a colleague of the
    patrol team with accounts, a manager of another team, a SOC analyst."""
    other_team_manager = UserFactory(username="teamchef2", roles=[Role.LINE_MANAGER],
                                     employee=EmployeeFactory(unit=org.vik_a, is_manager=True))
    return SimpleNamespace(
        staff=UserFactory(username="veiligheid", roles=[Role.VETTING], employee=EmployeeFactory(unit=org.vik_a)),
        staff2=UserFactory(username="veiligheid2", roles=[Role.VETTING], employee=EmployeeFactory(unit=org.vik_a)),
        employee=UserFactory(username="agent", employee=EmployeeFactory(
            unit=org.patrol, manager=org.manager.employee, personnel_number="P777001")),
        colleague=UserFactory(username="collega", employee=EmployeeFactory(
            unit=org.patrol, manager=org.manager.employee)),
        other_manager=other_team_manager,
        soc=UserFactory(username="soc", roles=[Role.SOC_ANALYST], employee=EmployeeFactory(unit=org.vik_a)),
    )


def declare(user, kind=Declaration.Kind.GIFT, **extra) -> Declaration:
    today = timezone.localdate()
    defaults = {"description": "Fles wijn van een winkelier.", "counterparty": "Slijterij De Haven"}
    if kind in (Declaration.Kind.GIFT, Declaration.Kind.INVITATION):
        defaults |= {"value_eur": 25, "event_on": today + dt.timedelta(days=7)}
    if kind == Declaration.Kind.RELATION:
        defaults |= {"relation": Declaration.Relation.FAMILY, "subject_type": "person", "subject_id": "P-X1"}
    return services.submit_declaration(user, services.DeclarationInput(kind=kind, **(defaults | extra)))


@pytest.fixture
def gift(vet):
    return declare(vet.employee)


@pytest.fixture
def relation(vet):
    return declare(vet.employee, Declaration.Kind.RELATION)


@pytest.fixture
def screening(vet):
    return services.plan_screening(vet.staff, vet.employee.employee, Level.BO, Screening.Kind.INITIAL,
                                   timezone.localdate() + dt.timedelta(days=30), "Indiensttreding")

"""Prevention fixtures: an editor, a dilemma set, and helpers for participants and climate answers."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import EmployeeFactory, UserFactory
from tests.knowledge.browser import new_context  # noqa: F401 - fixture of the browser tests
from vik.accounts.models import Role
from vik.prevention import services
from vik.prevention.models import DilemmaSet


@pytest.fixture
def editor(org):
    return UserFactory(username="redacteur", roles=[Role.EDITOR], employee=EmployeeFactory(unit=org.vik_a))


@pytest.fixture
def dilemma_set(editor):
    rows = [
        {"order": 1, "situation": "Bij de buren stopt een politieauto. Kijk je in het systeem?",
         "option_a": "Ja, even kijken.", "option_b": "Nee, dat mag niet.", "option_c": "Ik vraag het een collega.",
         "discussion": "Wat is werk, wat is privé?"},
        {"order": 2, "situation": "Een winkelier biedt gratis koffie aan.",
         "option_a": "Aannemen.", "option_b": "Betalen.", "option_c": "Aannemen en melden.", "discussion": ""},
    ]
    return services.save_dilemma_set(editor, DilemmaSet(title="Informatie en geschenken"), rows)


@pytest.fixture
def team_members(org):
    """Five more officers with accounts in the patrol team (the manager is `teamchef`)."""
    return [UserFactory(username=f"agent{i}", employee=EmployeeFactory(unit=org.patrol, manager=org.manager.employee))
            for i in range(6)]


@pytest.fixture
def open_check(org):
    today = timezone.localdate()
    return services.start_climate_check(org.manager, org.patrol, label="Nulmeting studenten",
                                        opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=7))


def answers(check, favourable: bool = True) -> dict[str, bool]:
    return {q["key"]: (q["favourable"] if favourable else not q["favourable"]) for q in check.questions}

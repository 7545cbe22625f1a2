"""Detection at individual level is off until a recorded decision switches it on (issue 13). Most
tests of this directory are about the detection work itself (queue, verdicts, reveal), so a
decision is recorded before each test that uses the database; a test about prevention mode asks
for `prevention_mode` (no decision) instead."""

import datetime as dt

import pytest


def record_decision(enabled: bool = True):
    from tests.factories import UserFactory
    from vik.accounts.models import Role
    from vik.monitoring.models import DetectionDecision

    recorder = UserFactory(roles=[Role.ADMIN], employee=None)
    return DetectionDecision.objects.create(
        enabled=enabled, decided_on=dt.date(2026, 1, 15), body="Centrale Ondernemingsraad",
        reference="COR-2026-004", recorded_by=recorder)


@pytest.fixture(autouse=True)
def detection_on(request):
    if "prevention_mode" in request.fixturenames:
        return None
    for name in ("transactional_db", "db"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
            return record_decision()
    return None


@pytest.fixture
def prevention_mode():
    """No decision: detection at individual level is off."""
    return None

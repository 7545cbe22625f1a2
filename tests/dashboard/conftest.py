"""Helpers for the dashboard tests: signals, triage decisions, cases and decisions built with the
real services, plus a direct factory for case decisions (the full investigation process is tested
elsewhere; here only the outcome matters)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import all_scores
from tests.factories import EmployeeFactory
from vik.dashboard.forms import Filters
from vik.investigations import services as inv
from vik.investigations.models import CaseType, Decision
from vik.triage.models import Route
from vik.triage.services import DecisionInput, record_triage_decision


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def period(today):
    return Filters(today - dt.timedelta(days=400), today)


@pytest.fixture
def triage_scored(org):
    def _triage(signal, route=Route.DISCIPLINARY, severity=1, rationale="Ernstig genoeg voor een onderzoek.",
                decided_on=None):
        scores = all_scores(1) | {"severity": severity}
        return record_triage_decision(org.triage, signal, DecisionInput(route=route, rationale=rationale,
                                                                         scores=scores, decided_on=decided_on))

    return _triage


@pytest.fixture
def decided_case(org, make_signal, triage_scored):
    """A signal about `subject`, triaged with `severity`, an opened disciplinary case and a decision
    recorded directly (outcome, measure, personal circumstances)."""

    def _make(subject, *, outcome, severity=2, measure="", circumstances="", region=None, received_ago=60,
              theme="information", decided_ago=5):
        signal = make_signal(subjects=[subject], received_ago=received_ago, region=region, theme=theme)
        # Decided in the triage meeting on the day the case starts (recorded later).
        triage_scored(signal, Route.DISCIPLINARY, severity=severity,
                      decided_on=timezone.localdate() - dt.timedelta(days=received_ago - 5))
        case = inv.open_case(org.triage, signal, inv.OpenCaseInput(
            case_type=CaseType.objects.get(code="disciplinary"), subject=subject, authority=org.authority,
            lead_investigator=org.investigator, opened_on=timezone.localdate() - dt.timedelta(days=received_ago - 5),
            suspected_breach="Vermoedelijk plichtsverzuim: raadplegen zonder werkopdracht."))
        Decision.objects.create(case=case, outcome=outcome, measure=measure, reasoning="Gemotiveerd besluit.",
                                personal_circumstances=circumstances,
                                decided_on=timezone.localdate() - dt.timedelta(days=decided_ago),
                                decided_by=org.authority)
        return case

    return _make


@pytest.fixture
def employees(org):
    def _make(n, **kwargs):
        return [EmployeeFactory(unit=org.patrol, **kwargs) for _ in range(n)]

    return _make

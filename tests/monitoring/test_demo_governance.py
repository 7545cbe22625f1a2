"""The demo of issue 13, part 5: a first week in prevention mode, the works council's decision
recorded by policy staff, a second week with detection (the queue has alerts), and the demo team's
trend with a before and an after around its dilemma session."""

import pytest
from django.test import override_settings

from vik.demo import organisation
from vik.knowledge.demo import demo_team
from vik.monitoring import demo, selectors
from vik.monitoring.models import Alert, DetectionDecision, ImportRun
from vik.prevention import demo as prevention_demo

pytestmark = pytest.mark.slow


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_the_demo_records_the_decision_and_shows_trend_and_effect(prevention_mode, db, settings, tmp_path):
    settings.VIK_MONITOR_DATA_ROOT = tmp_path
    assert organisation.seed(scale=0.15)
    assert demo.seed()
    prevention_demo.seed()
    first, second = ImportRun.objects.order_by("started_at", "pk")
    assert first.mode == ImportRun.Mode.PREVENTION and not first.alerts.exists()
    assert second.mode == ImportRun.Mode.DETECTION and second.alerts.exists()
    decision = DetectionDecision.objects.get()
    assert decision.enabled and decision.recorded_by.username == "beheer"
    assert second.decision == decision
    assert Alert.objects.filter(run=first).count() == 0
    assert first.period_end < second.period_start
    team = demo_team().name
    assert team in selectors.trend_units()
    activity = next(a for a in selectors.unit_activities(team) if a["key"].startswith("sessie-"))
    effect = selectors.unit_trend(team, activity["key"])["effect"]
    before, after = effect["rows"]
    assert before["runs"].text == "1" and after["runs"].text == "1"

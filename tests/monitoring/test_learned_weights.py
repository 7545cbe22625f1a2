"""Issue 13, part 4 in the web app: the reviewers' verdicts re-weight the evidence of the next
analysis (the force's learned model), and the SOC sees the weights with their Dutch names."""

import pytest
from django.urls import reverse

from pmengine.generate import generate
from tests.factories import UserFactory
from vik.accounts.models import Role
from vik.monitoring import selectors, services
from vik.monitoring.models import Alert, ImportRun, LearnedWeights


@pytest.fixture
def data_root(settings, tmp_path):
    settings.VIK_MONITOR_DATA_ROOT = tmp_path
    generate(tmp_path / "week1", 60, 1, 3, "csv")
    return tmp_path


@pytest.fixture
def soc(org):
    return UserFactory(username="soc1", roles=[Role.SOC_ANALYST])


@pytest.fixture
def judged(data_root, soc):
    """A detection run whose two best alerts were judged: one misuse, one legitimate."""
    run = services.start_import(soc, services.resolve_data_dir("week1"), background=False, again=True)
    assert run.state == ImportRun.State.DONE, run.message
    first, second = run.alerts.order_by("rank")[:2]
    services.record_verdict(soc, first, verdict=Alert.State.MISUSE_INTENTIONAL, reason="Opvraging zonder werkopdracht.")
    services.record_verdict(soc, second, verdict=Alert.State.LEGITIMATE, scope="events",
                            reason="Opdracht van de officier van justitie in deze zaak.")
    return run


def test_without_verdicts_the_run_uses_the_hand_weights(data_root, soc):
    run = services.start_import(soc, services.resolve_data_dir("week1"), background=False, again=True)
    assert run.state == ImportRun.State.DONE and run.weights is None
    assert not LearnedWeights.objects.exists()


def test_next_run_learns_from_the_verdicts_and_uses_the_learned_weights(judged, soc, monkeypatch):
    used: list = []
    real_detect = services.detect

    def spy(*args, **kwargs):
        used.append(kwargs.get("weight_factors"))
        return real_detect(*args, **kwargs)

    monkeypatch.setattr(services, "detect", spy)
    second = services.start_import(soc, services.resolve_data_dir("week1"), background=False, again=True)
    assert second.state == ImportRun.State.DONE, second.message
    model = LearnedWeights.objects.get()
    assert second.weights == model and model.source_run == judged
    assert model.misuse >= 1 and model.legitimate >= 1 and model.reviewed_alerts == 2
    assert used == [model.factors]
    assert all(0.25 <= f <= 2.0 for f in model.factors.values())
    # No new verdict: the third run reuses the model instead of learning again.
    third = services.start_import(soc, services.resolve_data_dir("week1"), background=False, again=True)
    assert third.weights == model and LearnedWeights.objects.count() == 1


def test_learning_failure_does_not_fail_the_import(judged, soc, monkeypatch):
    def broken(*args, **kwargs):
        raise services.PMEngineError("kapot")

    monkeypatch.setattr(services.learn, "learn", broken)
    second = services.start_import(soc, services.resolve_data_dir("week1"), background=False, again=True)
    assert second.state == ImportRun.State.DONE and second.weights is None


def test_soc_sees_the_learned_weights_with_dutch_rule_names(client, judged, soc):
    services.start_import(soc, services.resolve_data_dir("week1"), background=False, again=True)
    model = selectors.learned_weights()
    client.force_login(soc)
    page = client.get(reverse("monitoring:weights"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Geleerde gewichten" in text and "Eigen straat" in text and "Buiten dienst" in text
    assert 'data-rule="SAME_POSTCODE"' in text
    rows = {r["code"]: r for r in page.context["rows"]}
    assert rows["OFF_DUTY"]["factor"] == pytest.approx(model.factors["OFF_DUTY"])
    assert rows["OFF_DUTY"]["label"] == "Buiten dienst"
    # The import's page says which weights the run used.
    run = ImportRun.objects.order_by("-pk").first()
    assert "geleerd" in client.get(reverse("monitoring:import", args=[run.pk])).content.decode()


def test_weights_page_without_a_model_says_the_hand_weights_are_used(client, soc):
    client.force_login(soc)
    page = client.get(reverse("monitoring:weights"))
    assert page.status_code == 200 and "nog geen gewichten geleerd" in page.content.decode()


@pytest.mark.parametrize("role", [Role.POLICY, Role.TRIAGE, Role.AUDITOR, Role.LINE_MANAGER])
def test_other_roles_are_refused_the_weights(client, org, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse("monitoring:weights")).status_code in (403, 404)

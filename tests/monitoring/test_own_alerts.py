"""An analyst never sees, judges, reveals or reports an alert about himself (issue 14, finding 1:
an SOC analyst recorded "legitimate, these rules" on his own alert, which removed all his later
alerts on re-import)."""

import pytest

from tests.factories import EmployeeFactory, UserFactory
from vik.accounts.models import Role
from vik.audit.models import AuditEvent
from vik.core.errors import PermissionDeniedError
from vik.monitoring import services
from vik.monitoring.models import Alert

from .test_monitoring_app import analysts, data_root, imported  # noqa: F401  (fixtures)


@pytest.fixture
def own(imported, analysts):  # noqa: F811
    """Make the first analyst the employee the best-ranked alert is about."""
    alert = imported.alerts.order_by("rank").first()
    analyst = analysts[0]
    analyst.employee = EmployeeFactory(personnel_number=alert.user_ref)
    analyst.save()
    return analyst, alert


def test_the_queue_and_the_alert_page_leave_out_his_own_alert(client, own):
    analyst, alert = own
    client.force_login(analyst)
    queue = client.get("/monitoring/meldingen/?status=open").content.decode()
    assert alert.pseudonym not in queue
    assert client.get(f"/monitoring/meldingen/{alert.pk}/").status_code == 404
    assert AuditEvent.objects.filter(actor=analyst, action="denied", summary="own_alert").exists()


def test_a_colleague_sees_and_judges_it(client, own, analysts):  # noqa: F811
    _analyst, alert = own
    colleague = analysts[1]
    client.force_login(colleague)
    assert alert.pseudonym in client.get("/monitoring/meldingen/?status=open").content.decode()
    assert client.get(f"/monitoring/meldingen/{alert.pk}/").status_code == 200
    services.record_verdict(colleague, alert, verdict=Alert.State.LEGITIMATE, reason="Hoorde bij zijn zaak",
                            scope="rules")
    alert.refresh_from_db()
    assert alert.state == Alert.State.LEGITIMATE


@pytest.mark.parametrize("act", ["verdict", "reveal", "signal"])
def test_every_act_on_his_own_alert_is_refused(client, own, act):
    analyst, alert = own
    with pytest.raises(PermissionDeniedError, match="over uzelf"):
        if act == "verdict":
            services.record_verdict(analyst, alert, verdict=Alert.State.LEGITIMATE,
                                    reason="Hoorde bij mijn werk", scope="rules")
        elif act == "reveal":
            services.request_reveal(analyst, alert, "Ik wil weten wie dit is, voor de zekerheid.")
        else:
            services.confirm_to_signal(analyst, alert)
    client.force_login(analyst)
    response = client.post(f"/monitoring/meldingen/{alert.pk}/verdict/",
                           {"verdict": "legitimate", "reason": "Hoorde bij mijn werk", "scope": "rules"})
    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.state == Alert.State.OPEN


def test_the_second_analyst_of_a_reveal_cannot_be_its_subject(own, analysts):  # noqa: F811
    analyst, alert = own
    third = UserFactory(username="soc3", roles=[Role.SOC_ANALYST])
    req = services.request_reveal(analysts[1], alert, "Nodig voor het vervolg van de melding.")
    with pytest.raises(PermissionDeniedError):
        services.decide_reveal(analyst, req, approve=True)
    services.decide_reveal(third, req, approve=True)


def test_his_tasks_hold_no_reveal_request_about_himself(own, analysts):  # noqa: F811
    from vik.tasks.selectors import my_tasks

    analyst, alert = own
    services.request_reveal(analysts[1], alert, "Nodig voor het vervolg van de melding.")
    assert not [t for t in my_tasks(analyst) if t.kind == "reveal"]
    assert [t for t in my_tasks(UserFactory(username="soc4", roles=[Role.SOC_ANALYST])) if t.kind == "reveal"]

"""`vik seed_demo`: what a demo audience depends on.

The seed runs twice per module on the (empty) test database: the first run is rolled back after
its summary is taken, the second stays for the other tests. That checks determinism without a
second database and keeps the other tests cheap.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone

from tests.conftest import analyze_after_seed
from vik.accounts.models import Role, User
from vik.care.models import CareContactChange
from vik.demo import organisation as demo
from vik.investigations.models import AccessRequest, Case, Closure, Decision, Hearing, Outcome, Pause, Step
from vik.investigations.selectors import cases_for
from vik.signals.models import Channel, Signal
from vik.tasks.selectors import my_tasks
from vik.triage.models import Route, TriageDecision

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

DETERMINISM_SCALE = 0.15
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAIN_USERS = ["triage", "onderzoeker", "rechercheur", "bevoegdgezag", "leidinggevende", "zorg"]


def _references() -> list[str]:
    return list(Signal.objects.order_by("id").values_list("reference", flat=True)) + list(
        Case.objects.order_by("id").values_list("reference", flat=True))


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Two small runs (rolled back) to compare, then the full demo for the other tests."""
    runs = []
    # Same fast hasher as the autouse fixture in tests/conftest.py, which is function-scoped.
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        for _ in range(2):
            with transaction.atomic():
                assert demo.seed(scale=DETERMINISM_SCALE) is True
                runs.append((demo.summary(), _references()))
                transaction.set_rollback(True)
        with transaction.atomic():
            assert demo.seed() is True
            analyze_after_seed()
            yield {"runs": runs}
            transaction.set_rollback(True)


def test_demo_logins_exist_with_their_role_and_can_log_in(seeded):
    from vik.secondfactor import demo as second_factor_demo
    from vik.secondfactor import services as second_factor

    second_factor_demo.seed()  # the demo's authenticator devices, as `vik seed_demo` makes them
    for username, role, description in demo.DEMO_LOGINS:
        user = User.objects.get(username=username)
        assert (user.has_role(role) if role else not user.roles), username
        assert user.employee_id is not None, username
        assert description
        client = Client()
        response = client.post("/inloggen/", {"username": username, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302, username
        if second_factor.needs_second_factor(user):  # roles that see names: the code first
            assert client.get("/").status_code == 302
            code = second_factor.next_code(second_factor.confirmed_device(user))
            assert client.post("/inloggen/code/", {"code": code}).status_code == 302, username
        assert client.get("/").status_code == 200, username


def test_each_main_role_has_work_in_my_tasks(seeded):
    expected_kind = {
        "triage": "triage", "onderzoeker": "step", "rechercheur": "step",
        "bevoegdgezag": "review", "leidinggevende": "line", "zorg": "update",
    }
    for username in MAIN_USERS:
        tasks = my_tasks(User.objects.get(username=username))
        assert tasks, username
        assert expected_kind[username] in {t.kind for t in tasks}, username
    overdue = [t for t in my_tasks(User.objects.get(username="onderzoeker")) if t.overdue]
    assert overdue, "the demo shows overdue work too"


def test_the_demo_betrokkene_can_give_his_zienswijze(seeded):
    """t13: the README's `betrokkene` had only a decided case, so no zienswijze could be given."""
    from vik import policy
    from vik.investigations import demo as investigations_demo

    investigations_demo.seed()
    user = User.objects.get(username="betrokkene")
    tasks = [t for t in my_tasks(user) if t.kind == "zienswijze"]
    assert len(tasks) == 1 and tasks[0].due >= timezone.localdate()
    case = Case.objects.get(reference=tasks[0].reference)
    assert policy.can(user, "case.own", case) and not hasattr(case, "decision")


def test_main_users_see_cases_and_pages_render(seeded):
    for username in MAIN_USERS[1:]:
        user = User.objects.get(username=username)
        case = cases_for(user).filter(closed_on__isnull=True).first()
        assert case is not None, username
        client = Client()
        client.force_login(user)
        assert client.get("/onderzoeken/").status_code == 200
        assert client.get(f"/onderzoeken/{case.pk}/").status_code == 200
    client = Client()
    client.force_login(User.objects.get(username="triage"))
    assert client.get("/triage/").status_code == 200
    assert client.get("/meldingen/").status_code == 200


def test_signals_in_every_status_channel_and_route(seeded):
    assert 350 <= Signal.objects.count() <= 450
    assert set(Signal.objects.values_list("status", flat=True)) == set(Signal.Status.values)
    assert set(Signal.objects.values_list("channel", flat=True)) == set(Channel.values)
    current = TriageDecision.objects.filter(current=True)
    assert set(current.values_list("route", flat=True)) == set(Route.values)
    line = current.filter(route=Route.LINE)
    today = timezone.localdate()
    assert line.filter(line_reported_at__isnull=False).exists()
    assert line.filter(line_reported_at__isnull=True, follow_up_due__lt=today).exists()
    assert line.filter(line_reported_at__isnull=True, follow_up_due__gte=today).exists()
    assert TriageDecision.objects.filter(current=False).exists(), "some signals were re-triaged"
    assert current.filter(route=Route.CRIMINAL).exclude(handover_to="").exists()


def test_cases_cover_the_whole_process(seeded):
    open_steps = set(Case.objects.filter(closed_on__isnull=True)
                     .values_list("status__step", flat=True))
    assert len(open_steps) >= 6
    assert Step.CLOSED not in open_steps
    assert Case.objects.filter(status__step=Step.CLOSED, closed_on__isnull=False).exists()
    assert set(Decision.objects.values_list("outcome", flat=True)) == set(Outcome.values)
    for closure in Closure.objects.filter(case__decision__outcome=Outcome.NO_BREACH):
        assert closure.rehabilitation_plan
    assert Pause.objects.filter(ended_on__isnull=True, case__closed_on__isnull=True).exists()
    assert AccessRequest.objects.filter(decision=AccessRequest.Decision.PENDING).exists()
    assert Hearing.objects.filter(held=False, scheduled_at__gt=timezone.now()).exists()
    assert CareContactChange.objects.exclude(reason="").exists()
    assert set(Case.objects.values_list("track", flat=True)) == {"orienting", "disciplinary",
                                                                 "criminal"}


def test_history_is_backdated_and_spread(seeded):
    today = timezone.localdate()
    received = list(Signal.objects.values_list("received_on", flat=True))
    assert max(received) <= today
    assert (today - min(received)).days > 365
    assert not Signal.objects.filter(registered_at__gt=timezone.now()).exists()
    old = TriageDecision.objects.filter(decided_at__date__lt=today - timedelta(days=90))
    assert old.exists(), "triage decisions carry their historic date"


def test_seed_is_deterministic(seeded):
    (first, first_refs), (second, second_refs) = seeded["runs"]
    assert first["signals"] > 50
    assert first == second
    if connection.vendor == "sqlite":  # PostgreSQL sequences are not reset by the rollback
        assert first_refs == second_refs


def test_second_run_changes_nothing(seeded):
    call_command("seed_demo", stdout=StringIO())  # adds the other capabilities' content once
    before = demo.summary()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "al aanwezig" in out.getvalue()
    assert "vertrouwenspersoon" in out.getvalue()  # every role's login is printed each time
    assert demo.summary() == before


def test_only_synthetic_addresses(seeded):
    for email in User.objects.exclude(email="").values_list("email", flat=True):
        assert email.endswith(".invalid")
    assert User.objects.filter(username="triage", groups__name=Role.TRIAGE).exists()

"""The full role × object × action matrix of the permission policy: allowed and refused."""

import pytest

from vik import policy

ACTIONS = ["signal.create", "signal.view", "signal.triage", "signal.line_report", "case.view",
           "case.work", "case.authority", "case.assign", "case.care", "case.manage",
           "case.documents", "audit.view", "stats.view", "config.manage"]

# Who may do what on a region-A signal about `officer` and its disciplinary case (lead
# `onderzoeker`, authority `bevoegdgezag`, care contact `teamchef` = the officer's own manager).
ALLOWED = {
    "triage": {"signal.create", "signal.view", "signal.triage"},
    "triage_b": {"signal.create"},
    "onderzoeker": {"signal.create", "signal.view", "case.view", "case.work", "case.assign",
                    "case.care", "case.manage", "case.documents"},
    "onderzoeker2": {"signal.create"},
    "rechercheur": {"signal.create"},
    "bevoegdgezag": {"signal.create", "signal.view", "case.view", "case.authority",
                     "case.assign", "case.care", "case.manage", "case.documents"},
    "teamchef": {"signal.create", "case.view", "case.care"},
    "zorg": set(),
    "beleid": {"stats.view"},
    "auditor": {"audit.view"},
    "beheer": {"config.manage"},
    "medewerker": set(),
}


@pytest.fixture
def objects(org, disciplinary_case):
    return {"signal": disciplinary_case.signal, "case": disciplinary_case}


@pytest.mark.parametrize("username", sorted(ALLOWED))
def test_policy_matrix(org, objects, username):
    from vik.accounts.models import User

    user = User.objects.get(username=username)
    for action in ACTIONS:
        obj = None
        if action.startswith("signal.") and action != "signal.create":
            obj = objects["signal"]
        elif action.startswith("case."):
            obj = objects["case"]
        expected = action in ALLOWED[username]
        assert policy.can(user, action, obj) is expected, (username, action)


def test_list_visibility_matches_object_rules(org, objects):
    from vik.accounts.models import User
    from vik.investigations.models import Case
    from vik.signals.models import Signal

    for username, allowed in ALLOWED.items():
        user = User.objects.get(username=username)
        sees_signal = policy.visible_signals(user, Signal.objects.all()).exists()
        sees_case = policy.visible_cases(user, Case.objects.all()).exists()
        assert sees_signal is ("signal.view" in allowed), username
        assert sees_case is ("case.view" in allowed), username


def test_betrokkene_with_vik_role_is_excluded_from_his_own_signal(org, make_signal):
    from tests.factories import UserFactory
    from vik.accounts.models import Role

    signal = make_signal(subjects=[org.triage2.employee])
    assert not policy.can(org.triage2, "signal.view", signal)
    assert policy.can(org.triage, "signal.view", signal)
    # The betrokkene's line manager is excluded too, whatever his roles.
    boss = UserFactory(username="chef_triage", roles=[Role.TRIAGE])
    boss.employee.unit = org.vik_a
    boss.employee.save()
    org.triage2.employee.manager = boss.employee
    org.triage2.employee.save()
    assert not policy.can(boss, "signal.view", signal)
    assert not policy.can(boss, "signal.triage", signal)


def test_inactive_and_anonymous_users_can_do_nothing(org, objects):
    from django.contrib.auth.models import AnonymousUser

    org.investigator.is_active = False
    org.investigator.save()
    for action in ACTIONS:
        assert not policy.can(org.investigator, action, objects["case"])
        assert not policy.can(AnonymousUser(), action, objects["case"])

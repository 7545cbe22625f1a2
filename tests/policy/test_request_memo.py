"""Within one read-only request a policy answer is computed once (vik/policy/memo.py): the signal
page asked "may this user see this signal?" and for the user's conflicts of interest again and
again (58 queries on the demo's signal page for a national triage member, 44 with the memo;
benchmarks/load.py --profile). Outside a GET nothing is remembered, so no check is ever stale."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from vik import policy
from vik.policy.memo import ReadOnlyRequestMemoMiddleware


def _within(method: str, check):
    request = getattr(RequestFactory(), method.lower())("/")
    result = {}

    def view(_request):
        result["value"] = check()
        return None

    ReadOnlyRequestMemoMiddleware(view)(request)
    return result["value"]


def test_a_get_asks_the_visibility_of_a_signal_once(org, make_signal):
    signal = make_signal()

    def twice():
        assert policy.can(org.triage, "signal.view", signal)
        with CaptureQueriesContext(connection) as second:
            assert policy.can(org.triage, "signal.view", signal)
            policy.conflicted_signal_ids(org.triage)
        return len(second.captured_queries)

    assert _within("GET", twice) == 0


def test_outside_a_get_every_check_is_computed_again(org, make_signal, triage_to, disciplinary_case):
    signal = make_signal()

    def twice():
        policy.can(org.triage, "signal.view", signal)
        with CaptureQueriesContext(connection) as second:
            policy.can(org.triage, "signal.view", signal)
        return len(second.captured_queries)

    assert _within("POST", twice) > 0
    # Called directly (a service, a job, a test): a change is seen by the next check.
    case = disciplinary_case
    assert not policy.can(org.investigator2, "signal.view", case.signal)
    case.members.create(user=org.investigator2, kind="investigator")
    assert policy.can(org.investigator2, "signal.view", case.signal)


def test_signal_page_of_a_triage_member_stays_within_its_queries(client, org, make_signal,
                                                                 django_assert_max_num_queries):
    signal = make_signal()
    client.force_login(org.triage)
    client.get(f"/meldingen/{signal.pk}/")
    with django_assert_max_num_queries(QUERIES_SIGNAL_PAGE):
        assert client.get(f"/meldingen/{signal.pk}/").status_code == 200


# 57 without the memo; +1 for the second factor's device check, +1 on PostgreSQL, +1 for the line
# managers' guide panel (it reads the signal's current triage decision); -4 for the menu computed
# once instead of per panel and the user's own conflicts read once for both of visible_signals' uses.
QUERIES_SIGNAL_PAGE = 41


def test_the_national_team_is_known_from_the_users_region_without_asking_again(org):
    """Whether a triage member is of the national team follows from the region read with his
    employee record (the menu, the queue and the signal rules ask it on every page)."""
    user = org.triage_national
    assert policy.can(user, "triage.national")
    with CaptureQueriesContext(connection) as again:  # outside a request's memo too
        assert policy.can(user, "triage.national")
        assert policy.works_nationally(user)
    assert len(again.captured_queries) == 0
    assert not policy.can(org.triage, "triage.national")

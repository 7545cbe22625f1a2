"""Evaluation results are released in batches of five (tester finding: reading the results at 5
responses and again at 6 gave the sixth person's scores and comment by subtraction). What is shown
always describes the first 5, 10, 15, ... responses; the rest waits, and the page says so."""

import datetime as dt
from collections import Counter

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.migrations import migrate
from vik.prevention import evaluation, selectors, services
from vik.prevention.models import Activity

BATCH = evaluation.MIN_RESPONSES
GOOD = {key: 4 for key in evaluation.KEYS}
SIXTH = dict(zip(evaluation.KEYS, (1, 5, 1, 5, 2), strict=True))


def _activity(org, participants=40):
    return services.register_activity(org.manager, org.patrol, held_on=timezone.localdate(), title="Masterclass",
                                      format="masterclass", facilitator="VIK preventie", participants=participants)


@pytest.fixture
def activity(org):
    return _activity(org)


def _view(activity):
    return selectors.evaluation_view(Activity.objects.get(pk=activity.pk))


def _counts(view):
    return {r.key: r.counts for r in view.results}


def test_reading_at_five_and_at_six_gives_the_same_results_and_comments(activity):
    for i, score in enumerate((5, 4, 4, 2, 3)):
        services.submit_evaluation(activity, {**GOOD, "useful": score}, f"Opmerking {i}")
    at_five = _view(activity)
    services.submit_evaluation(activity, SIXTH, "Dit is de zesde")
    at_six = _view(activity)
    assert at_five.visible and at_six.visible
    assert [(r.key, r.counts, r.mean_text, r.agree_share) for r in at_six.results] == \
        [(r.key, r.counts, r.mean_text, r.agree_share) for r in at_five.results]
    assert sorted(at_six.comments) == sorted(at_five.comments) == [f"Opmerking {i}" for i in range(5)]
    assert "Dit is de zesde" not in at_six.comments
    assert (at_six.responses, at_six.published, at_six.pending) == (6, 5, 1)


def test_at_ten_the_results_change_and_describe_all_ten(activity):
    given_scores = [{**GOOD, "useful": s} for s in (5, 4, 4, 2, 3)] + [SIXTH] + [GOOD] * 3
    for i, scores in enumerate(given_scores):
        services.submit_evaluation(activity, scores, f"Opmerking {i}")
    at_nine = _view(activity)
    services.submit_evaluation(activity, {**GOOD, "useful": 1}, "De tiende")
    at_ten = _view(activity)
    given_scores.append({**GOOD, "useful": 1})
    assert _counts(at_ten) != _counts(at_nine)
    for key in evaluation.KEYS:
        counted = Counter(scores[key] for scores in given_scores)
        assert _counts(at_ten)[key] == tuple(counted[s] for s in evaluation.SCORES)
    useful = next(r for r in at_ten.results if r.key == "useful")
    assert useful.mean_text == "3,2"  # (5+4+4+2+3+1+4+4+4+1) / 10
    assert sorted(at_ten.comments) == sorted([f"Opmerking {i}" for i in range(9)] + ["De tiende"])
    assert (at_ten.published, at_ten.pending) == (10, 0)


def test_fewer_than_five_show_nothing_and_the_fifth_releases_the_first_batch(activity):
    for _i in range(4):
        services.submit_evaluation(activity, GOOD, "Vroeg")
    assert not _view(activity).visible and _view(activity).comments == []
    services.submit_evaluation(activity, GOOD)
    assert _view(activity).visible and _view(activity).comments == ["Vroeg"] * 4


def test_the_page_says_how_many_wait_for_the_next_batch(client, org, activity):
    client.force_login(org.manager)
    for _i in range(6):
        services.submit_evaluation(activity, GOOD)
    page = client.get(f"/preventie/activiteiten/{activity.pk}/").text
    assert "6 reacties" in page
    assert "De resultaten worden per 5 reacties bijgewerkt; 1 reactie wacht op de volgende bijwerking." in page
    services.submit_evaluation(activity, GOOD)
    page = client.get(f"/preventie/activiteiten/{activity.pk}/").text
    assert "2 reacties wachten op de volgende bijwerking." in page
    for _i in range(3):
        services.submit_evaluation(activity, GOOD)
    page = client.get(f"/preventie/activiteiten/{activity.pk}/").text
    assert "De resultaten worden per 5 reacties bijgewerkt." in page and "wacht" not in page


RESPONSE = st.tuples(st.fixed_dictionaries({key: st.sampled_from(evaluation.SCORES) for key in evaluation.KEYS}),
                     st.sampled_from(["", "", "Goed", "Te kort", "Meer voorbeelden"]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(responses=st.lists(RESPONSE, max_size=17))
def test_two_readings_never_differ_by_fewer_than_five_responses(org, responses):
    """Whatever the responses, each reading describes exactly the first whole batches, so two
    readings are identical or differ by the aggregate of at least five people."""
    activity = _activity(org)
    readings = [_view(activity)]
    for scores, comment in responses:
        services.submit_evaluation(activity, scores, comment)
        readings.append(_view(activity))
    for n, view in enumerate(readings):
        shown = n - n % BATCH
        first = responses[:shown]
        assert view.responses == n and view.visible is (shown > 0)
        if shown:
            for key in evaluation.KEYS:
                counted = Counter(scores[key] for scores, _c in first)
                assert _counts(view)[key] == tuple(counted[s] for s in evaluation.SCORES)
        assert Counter(view.comments) == Counter(c for _s, c in first if c)
    for earlier in readings:
        for later in readings:
            moved = sum(later_r.answered for later_r in later.results) - sum(r.answered for r in earlier.results)
            if moved == 0:
                assert _counts(later) == _counts(earlier) and Counter(later.comments) == Counter(earlier.comments)
            else:
                assert abs(moved) >= BATCH * len(evaluation.KEYS)


# --- evaluations counted before batches existed ------------------------------------------------------



def test_shown_results_stay_shown_and_hidden_ones_wait(transactional_db, org):
    """An evaluation already shown (7 responses) stays as it was; one of 3 responses was never
    shown and becomes pending, released with the fifth response."""
    try:
        old = migrate([("prevention", "0002_activities_and_full_checklist")])
        OldActivity = old.get_model("prevention", "Activity")
        Tally = old.get_model("prevention", "EvaluationTally")
        Comment = old.get_model("prevention", "EvaluationComment")
        ids = {}
        for n, code in ((7, "SHOWN7"), (3, "HIDDN3")):
            a = OldActivity.objects.create(team_id=org.patrol.pk, held_on=dt.date.today(), title="Oud",
                                           format="theatre", facilitator="X", participants=20, code=code,
                                           responses=n, registered_by_id=org.manager.pk)
            Tally.objects.bulk_create(Tally(activity=a, key=key, score=score, count=n if score == 4 else 0)
                                      for key in evaluation.KEYS for score in evaluation.SCORES)
            Comment.objects.create(activity=a, text=f"Van {n}")
            ids[n] = a.pk
    finally:
        migrate(None)
    shown = selectors.evaluation_view(Activity.objects.get(pk=ids[7]))
    assert shown.visible and shown.published == 7 and shown.comments == ["Van 7"]
    assert all(r.answered == 7 for r in shown.results)
    hidden = Activity.objects.get(pk=ids[3])
    assert not selectors.evaluation_view(hidden).visible
    services.submit_evaluation(hidden, GOOD)
    assert not selectors.evaluation_view(Activity.objects.get(pk=ids[3])).visible
    services.submit_evaluation(hidden, GOOD, "Nieuw")
    released = selectors.evaluation_view(Activity.objects.get(pk=ids[3]))
    assert released.published == 5 and all(r.counts == (0, 0, 0, 5, 0) for r in released.results)
    assert sorted(released.comments) == ["Nieuw", "Van 3"]
    for _i in range(4):
        services.submit_evaluation(Activity.objects.get(pk=ids[7]), {**GOOD, "useful": 1})
    assert selectors.evaluation_view(Activity.objects.get(pk=ids[7])).published == 7
    services.submit_evaluation(Activity.objects.get(pk=ids[7]), {**GOOD, "useful": 1})
    assert selectors.evaluation_view(Activity.objects.get(pk=ids[7])).published == 12


def test_a_browser_client_sees_only_whole_batches(org, activity):
    browser = Client()
    for i in range(6):
        Client().post(f"/preventie/evaluatie/{activity.code}/",
                      {**{key: "3" for key in evaluation.KEYS}, "comment": f"Reactie {i}"})
    browser.force_login(org.manager)
    page = browser.get(f"/preventie/activiteiten/{activity.pk}/").text
    assert all(f"Reactie {i}" in page for i in range(5)) and "Reactie 5" not in page

"""The evaluation after an activity: anonymous by code, once per browser, never more responses than
participants, aggregates only from five responses, and no 500 on odd input."""

import datetime as dt
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vik.audit.models import AuditEvent
from vik.core.errors import DomainError
from vik.prevention import evaluation, selectors, services
from vik.prevention.models import Activity, EvaluationComment, EvaluationTally

GOOD = {key: 4 for key in evaluation.KEYS}


@pytest.fixture
def activity(org):
    return services.register_activity(org.manager, org.patrol, held_on=timezone.localdate(), title="Masterclass",
                                      format="masterclass", facilitator="VIK preventie", participants=8)


def _post(client, activity, score="4", comment=""):
    data = {key: score for key in evaluation.KEYS}
    data["comment"] = comment
    return client.post(f"/preventie/evaluatie/{activity.code}/", data)


# --- the rules (pure) -----------------------------------------------------------------------------


@given(held_on=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 1, 1)),
       offset=st.integers(min_value=-30, max_value=60))
def test_the_evaluation_is_open_from_the_day_itself_for_two_weeks(held_on, offset):
    today = held_on + dt.timedelta(days=offset)
    assert evaluation.is_open(held_on, today) is (0 <= offset <= evaluation.OPEN_DAYS)


@given(responses=st.integers(min_value=0, max_value=3000), participants=st.integers(min_value=1, max_value=2000))
def test_never_more_responses_than_participants(responses, participants):
    assert evaluation.has_room(responses, participants) is (responses < participants)


@given(counts=st.lists(st.integers(min_value=0, max_value=50), min_size=5, max_size=5))
def test_mean_and_agreement_stay_within_the_scale(counts):
    result = evaluation.QuestionResult("useful", "x", tuple(counts))
    if sum(counts) == 0:
        assert result.mean is None and result.agree_share == 0 and result.mean_text == "–"
    else:
        assert 1 <= result.mean <= 5 and 0 <= result.agree_share <= 100
        assert "," in result.mean_text and "." not in result.mean_text


def test_results_need_five_responses():
    assert evaluation.MIN_RESPONSES == 5
    assert not evaluation.results_visible(4) and evaluation.results_visible(5)


# --- the service ------------------------------------------------------------------------------------


def test_responses_are_counters_without_identity_or_time(activity):
    before = AuditEvent.objects.count()
    services.submit_evaluation(activity, {**GOOD, "useful": 2}, "Meer praktijkvoorbeelden graag.")
    assert EvaluationTally.objects.get(activity=activity, key="useful", score=2).pending == 1
    assert EvaluationTally.objects.get(activity=activity, key="safe", score=4).pending == 1
    assert Activity.objects.get(pk=activity.pk).responses == 1
    assert {f.name for f in EvaluationComment._meta.fields} == {"id", "activity", "text", "released"}
    assert not any(isinstance(f, models.DateField | models.DateTimeField) for f in EvaluationTally._meta.fields)
    assert AuditEvent.objects.count() == before  # an audit record would put a time next to a counter


def test_bad_scores_are_refused(activity):
    for scores in ({"useful": 4}, {**GOOD, "useful": 6}, {**GOOD, "useful": 0}, {**GOOD, "extra": 3}):
        with pytest.raises(ValidationError):
            services.submit_evaluation(activity, scores)
    assert Activity.objects.get(pk=activity.pk).responses == 0


def test_no_more_responses_than_participants(activity):
    for _i in range(activity.participants):
        services.submit_evaluation(activity, GOOD)
    with pytest.raises(DomainError, match="net zoveel reacties als deelnemers"):
        services.submit_evaluation(activity, GOOD)
    assert Activity.objects.get(pk=activity.pk).responses == 8


def test_closed_after_two_weeks_and_not_before_the_day(activity):
    today = timezone.localdate()
    Activity.objects.filter(pk=activity.pk).update(held_on=today - dt.timedelta(days=evaluation.OPEN_DAYS + 1))
    with pytest.raises(DomainError):
        services.find_evaluation(activity.code)
    with pytest.raises(DomainError):
        services.submit_evaluation(activity, GOOD)


def test_comments_are_capped_and_blank_ones_dropped(activity):
    services.submit_evaluation(activity, GOOD, "   ")
    services.submit_evaluation(activity, GOOD, "x" * 2000)
    assert [len(t) for t in EvaluationComment.objects.values_list("text", flat=True)] == [evaluation.COMMENT_MAX]


def test_aggregates_only_from_five_responses(activity):
    for score in (5, 5, 4, 2):
        services.submit_evaluation(activity, {**GOOD, "useful": score}, "Goed gesprek")
    view = selectors.evaluation_view(Activity.objects.get(pk=activity.pk))
    assert not view.visible and view.responses == 4 and view.results == [] and view.comments == []
    services.submit_evaluation(activity, {**GOOD, "useful": 1})
    view = selectors.evaluation_view(Activity.objects.get(pk=activity.pk))
    useful = next(r for r in view.results if r.key == "useful")
    assert view.visible and useful.counts == (1, 1, 0, 1, 2)
    assert useful.mean_text == "3,4" and useful.agree_share == 60
    assert sorted(view.comments) == ["Goed gesprek"] * 4


# --- through the browser: no account, once per browser session ---------------------------------------


def test_fill_in_without_an_account_once_per_browser(org, activity):
    browser = Client()
    page = browser.get(f"/preventie/evaluatie/{activity.code.lower()}/")
    assert page.status_code == 200 and "De activiteit was nuttig voor mijn werk." in page.text
    assert _post(browser, activity, comment="Leerzaam").status_code == 302
    again = browser.get(f"/preventie/evaluatie/{activity.code}/")
    assert 'data-testid="thanks"' in again.text and "<form" not in again.text.split("<main", 1)[-1].split(
        'data-testid="thanks"')[1]
    _post(browser, activity)  # a second post from the same browser is not counted
    assert Activity.objects.get(pk=activity.pk).responses == 1
    assert _post(Client(), activity).status_code == 302  # another browser may
    assert Activity.objects.get(pk=activity.pk).responses == 2


def test_a_signed_in_response_is_not_linked_to_the_account(client, org, activity):
    client.force_login(org.nobody)
    before = AuditEvent.objects.filter(actor=org.nobody).count()
    _post(client, activity, comment="Prima")
    assert Activity.objects.get(pk=activity.pk).responses == 1
    assert AuditEvent.objects.filter(actor=org.nobody).count() == before
    comment = EvaluationComment.objects.get()
    assert {f.name for f in comment._meta.fields} == {"id", "activity", "text", "released"}


def test_missing_answers_keep_the_input(activity):
    browser = Client()
    data = {"useful": "5", "comment": "Mijn opmerking"}
    page = browser.post(f"/preventie/evaluatie/{activity.code}/", data)
    assert page.status_code == 400 and "Kies een score." in page.text and "Mijn opmerking" in page.text
    assert Activity.objects.get(pk=activity.pk).responses == 0


def test_the_code_page_finds_the_evaluation(activity):
    browser = Client()
    response = browser.post("/preventie/evaluatie/", {"code": " " + activity.code.lower()})
    assert response.status_code == 302 and response.url == f"/preventie/evaluatie/{activity.code}/"
    page = browser.post("/preventie/evaluatie/", {"code": "ZZZZZZ"})
    assert page.status_code == 400 and "geen open evaluatie" in page.text


def test_full_evaluation_answers_like_a_closed_one(activity):
    for _i in range(activity.participants):
        services.submit_evaluation(activity, GOOD)
    page = _post(Client(), activity)
    assert page.status_code == 400 and "net zoveel reacties als deelnemers" in page.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.text(max_size=40), values=st.dictionaries(
    st.sampled_from([*evaluation.KEYS, "comment", "csrfmiddlewaretoken", "x"]), st.text(max_size=600)))
def test_fuzz_the_evaluation_never_fails(activity, code, values):
    browser = Client()
    for url in (f"/preventie/evaluatie/{quote(code, safe='')}/", f"/preventie/evaluatie/{activity.code}/"):
        assert browser.post(url, values).status_code in (200, 301, 302, 400, 404)
    assert browser.get("/preventie/evaluatie/", {"code": code}).status_code in (200, 302, 400)


@pytest.mark.django_db
def test_a_comment_that_names_someone_is_refused():
    from vik.prevention.forms import EvaluationForm

    scores = {key: "4" for key in evaluation.KEYS}
    form = EvaluationForm(data={**scores, "comment": "Mail brigadier Jansen op jansen@politie.nl"})
    assert not form.is_valid() and "jansen@politie.nl" in str(form.errors["comment"])
    assert EvaluationForm(data={**scores, "comment": "Goede casussen, graag vaker."}).is_valid()

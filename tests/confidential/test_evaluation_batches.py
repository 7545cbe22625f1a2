"""The central advisor's complaint-evaluation figures grow in batches of five (tester finding: the
figures were recomputed after every evaluation, so two readings gave one complainant's answers).
They describe the first 5, 10, ... evaluations of the year in the order they were recorded; the
number evaluated and how many wait are shown beside them."""

import itertools
from datetime import date, timedelta

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vik.confidential import evaluation, selectors, services
from vik.confidential.models import Category, Complaint
from vik.core.disclosure import protect

from .conftest import today

pytestmark = pytest.mark.django_db

BATCH = 5  # evaluation.BATCH, the number the figures grow by
_refs = itertools.count(1)


def test_the_batch_is_five():
    assert evaluation.BATCH == BATCH and evaluation.in_complete_batches(14) == 10


def _decided(conf, follows=True):
    """A complaint the chief decided on long ago (written directly: the steps before the
    evaluation are not what these tests are about)."""
    long_ago = today() - timedelta(days=400)
    return Complaint.objects.create(
        reference=f"KL-T-{next(_refs)}", region=conf.org.region_a, committee=conf.committee, chair=conf.chair,
        category=Category.SEXUAL_HARASSMENT, received_on=long_ago, complainant="Anna Klager", accused="Bob Beklaagd",
        summary="Ongewenste opmerkingen.", stage=Complaint.Stage.DECIDED, decision_on=long_ago,
        decision_follows_advice=follows, decision_text="Berisping.")


def _first_of_year() -> date:
    return max(date(today().year, 1, 1), today() - timedelta(days=60))


def _evaluate(conf, outcome=4, procedure=3, on=None, further=False, tried=False, follows=True):
    c = _decided(conf, follows)
    services.record_evaluation(conf.member, c, on or today(), outcome_score=outcome, procedure_score=procedure,
                               tried_before=tried, further_action_needed=further,
                               further_action="Teamgesprek." if further else "", procedure="complaint",
                               complainant_consequences=["none"], accused_consequences=["warning"])
    return c


def _figures(conf):
    return selectors.evaluation_figures(conf.central, today().year)


def _scores(figures):
    return next(t["rows"] for t in figures["tables"] if t["key"] == "eval_scores")


def test_the_figures_at_five_and_at_six_are_the_same(conf):
    for outcome in (4, 4, 3, 5, 4):
        _evaluate(conf, outcome=outcome)
    at_five = _figures(conf)
    assert _scores(at_five)[0][2] == "4,0"  # the average is shown from five answers
    _evaluate(conf, outcome=1, procedure=5, further=True, tried=True, follows=False)
    at_six = _figures(conf)
    assert at_six["tables"] == at_five["tables"]
    assert (at_five["total"], at_five["waiting"]) == ("5", 0)
    assert (at_six["total"], at_six["waiting"]) == ("6", 1)


def test_at_ten_the_figures_change_and_describe_all_ten(conf):
    outcomes = (4, 4, 3, 5, 4, 1, 2, 2, 1, 3)
    for outcome in outcomes[:9]:
        _evaluate(conf, outcome=outcome)
    at_nine = _figures(conf)
    _evaluate(conf, outcome=outcomes[9])
    at_ten = _figures(conf)
    assert at_ten["tables"] != at_nine["tables"]
    assert _scores(at_ten)[0][1:] == ["10", "2,9"]  # (4+4+3+5+4+1+2+2+1+3) / 10
    procedures = next(t for t in at_ten["tables"] if t["key"] == "eval_procedures")
    assert procedures["rows"][-1][1] == "10" and at_ten["waiting"] == 0


def test_a_late_evaluation_with_an_early_date_waits_for_its_batch(conf):
    """Ordering by the evaluation date would put it first and shift every batch by one."""
    for outcome in (4, 4, 3, 5, 4):
        _evaluate(conf, outcome=outcome)
    before = _figures(conf)
    _evaluate(conf, outcome=1, on=_first_of_year())
    assert _figures(conf)["tables"] == before["tables"]


def test_the_page_says_how_many_wait_for_the_next_batch(conf):
    client = Client()
    client.force_login(conf.central)
    for _i in range(7):
        _evaluate(conf)
    page = client.get("/vertrouwelijk/coordinatie/").content.decode()
    assert "Geëvalueerde klachten: 7." in page
    assert "De cijfers worden per 5 evaluaties bijgewerkt; 2 evaluaties wachten op de volgende bijwerking." in page
    _evaluate(conf)
    _evaluate(conf)
    _evaluate(conf)
    page = client.get("/vertrouwelijk/coordinatie/").content.decode()
    assert "De cijfers worden per 5 evaluaties bijgewerkt." in page and "wachten op" not in page


def test_while_fewer_than_five_the_number_waiting_is_not_told(conf):
    for _i in range(3):
        _evaluate(conf)
    figures = _figures(conf)
    assert figures["total"] == "<5" and figures["waiting"] is None
    assert all(t["withheld"] for t in figures["tables"])


def test_evaluations_recorded_before_batches_stay_published(conf):
    """Shown as they came before this change (recorded without a time): they stay shown, and new
    evaluations join in batches after them."""
    for outcome in (4, 4, 3, 5, 4, 2, 2):
        _evaluate(conf, outcome=outcome)
    Complaint.objects.update(evaluation_recorded_at=None)
    shown = _figures(conf)
    assert _scores(shown)[0][1:] == ["7", "3,4"] and shown["waiting"] == 0
    for _i in range(4):
        _evaluate(conf, outcome=1)
    assert _figures(conf)["tables"] == shown["tables"]
    _evaluate(conf, outcome=1)
    assert _scores(_figures(conf))[0][1] == "12"


ANSWER = st.fixed_dictionaries({
    "outcome": st.integers(1, 5), "procedure": st.integers(1, 5), "further": st.booleans(), "tried": st.booleans(),
    "follows": st.booleans(), "days_back": st.integers(0, 60)})


def _release(answers: list[dict]) -> list[tuple]:
    """The numbers `evaluation_figures` shows of exactly these answers."""
    tables = selectors.evaluation_tables(answers)
    cells = protect(tables)
    return [(t.key, [[t.rows[i]["label"], *[c.text for c in row[1:]]] for i, row in enumerate(cells[t.key])])
            for t in tables]


def _numbers(figures) -> list[tuple]:
    return [(t["key"], t["rows"]) for t in figures["tables"]]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ANSWER, max_size=13))
def test_two_readings_never_differ_by_fewer_than_five_evaluations(conf, answers):
    """Whatever the answers and their dates, every reading shows exactly the first whole batches
    in the order recorded, so two readings are the same or differ by at least five evaluations."""
    Complaint.objects.all().delete()
    first = _first_of_year()
    recorded, readings = [], [_numbers(_figures(conf))]
    for a in answers:
        on = max(first, today() - timedelta(days=a["days_back"]))
        recorded.append(_evaluate(conf, a["outcome"], a["procedure"], on, a["further"], a["tried"], a["follows"]).pk)
        readings.append(_numbers(_figures(conf)))
    stored = {c.pk: {**c.evaluation, "decision_follows_advice": c.decision_follows_advice}
              for c in Complaint.objects.all()}
    for n, tables in enumerate(readings):
        assert tables == _release([stored[pk] for pk in recorded[:n - n % BATCH]])
    # so two readings describe the first 5k and the first 5m evaluations: the same, or apart by a batch
    for i, j in itertools.combinations(range(len(readings)), 2):
        if j - j % BATCH == i - i % BATCH:
            assert readings[i] == readings[j]

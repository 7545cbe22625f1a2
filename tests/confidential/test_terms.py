"""Terms in working days, in order: the example of issue 12 and properties of `terms.term_end`."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vik.confidential import services
from vik.confidential.models import Category, ComplaintTerms
from vik.confidential.terms import merge_pauses, term_end
from vik.core.workdays import is_working_day

DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
PAUSE = st.tuples(DAYS, st.integers(min_value=0, max_value=60)).map(lambda p: (p[0], p[0] + timedelta(days=p[1])))


@pytest.mark.django_db
def test_advice_deadline_with_mediation_in_working_days_is_a_friday(conf):
    """Received Thu 05-11-2026, mediation 06-11 → 09-11, working-day terms: advice due Fri 18-12-2026
    (30 working days plus the one working day of mediation), not Sunday 20-12."""
    ComplaintTerms.objects.create(region=conf.org.region_a, working_days=True)
    c = services.register_complaint(conf.member, services.ComplaintInput(
        region=conf.org.region_a, committee=conf.committee, chair=conf.chair, category=Category.INTIMIDATION,
        received_on=date(2026, 11, 5), complainant="Anna Klager", accused="Bob Beklaagd",
        summary="Buitensluiten bij de dienstindeling."))
    services.start_mediation(conf.member, c, date(2026, 11, 6))
    services.end_mediation(conf.member, c, date(2026, 11, 9), False, "Geen overeenstemming bereikt.")
    due = services.complaint_deadlines(c)
    assert due["advice"] == date(2026, 12, 18)
    assert all(is_working_day(d) for d in due.values() if d is not None)


@pytest.mark.django_db
def test_steps_dated_before_earlier_steps_are_refused_in_dutch(conf):
    c = services.register_complaint(conf.member, services.ComplaintInput(
        region=conf.org.region_a, committee=conf.committee, chair=conf.chair, category=Category.INTIMIDATION,
        received_on=date(2026, 11, 5), complainant="Anna Klager", accused="Bob Beklaagd",
        summary="Buitensluiten bij de dienstindeling."))
    with pytest.raises(ValidationError) as error:
        services.start_mediation(conf.member, c, date(2026, 11, 1))
    assert "vóór de ontvangst" in error.value.message_dict["on"][0]
    services.decide_admissibility(conf.member, c, True, date(2026, 11, 10), "")
    with pytest.raises(ValidationError) as error:
        services.record_hearing(conf.member, c, date(2026, 11, 9), True, True, "Beide partijen apart gehoord.")
    assert "de stappen volgen elkaar op" in error.value.message_dict["on"][0]


@given(start=DAYS, days=st.integers(min_value=1, max_value=60), pauses=st.lists(PAUSE, max_size=3))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_term_in_working_days_ends_on_a_working_day(start, days, pauses):
    assert is_working_day(term_end(start, days, working=True, pauses=pauses))


@given(start=DAYS, days=st.integers(min_value=0, max_value=60), pauses=st.lists(PAUSE, max_size=3),
       working=st.booleans())
@settings(max_examples=150, deadline=None)
def test_pausing_never_shortens_a_term(start, days, pauses, working):
    plain = term_end(start, days, working=working)
    assert term_end(start, days, working=working, pauses=pauses) >= plain
    # Adding one more pause never makes it shorter either.
    if pauses:
        assert (term_end(start, days, working=working, pauses=pauses)
                >= term_end(start, days, working=working, pauses=pauses[:-1]))


@given(start=DAYS, days=st.integers(min_value=0, max_value=60), pause=PAUSE,
       inner=st.tuples(st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60)),
       working=st.booleans())
@settings(max_examples=150, deadline=None)
def test_overlapping_pauses_count_once_in_any_order(start, days, pause, inner, working):
    p_start, p_end = pause
    a = min(p_start + timedelta(days=inner[0]), p_end)
    b = min(a + timedelta(days=inner[1]), p_end)
    overlapping = [(a, b), pause, pause]  # inside, the same one twice
    expected = term_end(start, days, working=working, pauses=[pause])
    assert term_end(start, days, working=working, pauses=overlapping) == expected
    assert term_end(start, days, working=working, pauses=list(reversed(overlapping))) == expected


@given(start=DAYS, back=st.integers(min_value=1, max_value=30))
@settings(max_examples=50, deadline=None)
def test_a_pause_ending_before_it_starts_is_refused_in_dutch(start, back):
    with pytest.raises(ValidationError) as error:
        merge_pauses([(start, start - timedelta(days=back))])
    assert "kan niet eindigen" in error.value.messages[0]


@given(start=DAYS, days=st.integers(min_value=0, max_value=60))
@settings(max_examples=100, deadline=None)
def test_calendar_terms_count_every_day_and_end_on_a_working_day(start, days):
    """Algemene termijnenwet: a calendar term ending on a weekend or holiday ends on the next
    working day, never earlier and never later than that."""
    end = term_end(start, days, working=False)
    plain = start + timedelta(days=days)
    assert is_working_day(end) and end >= plain
    assert all(not is_working_day(plain + timedelta(days=i)) for i in range((end - plain).days))


def test_examples_of_calendar_terms_the_newcomer_found_on_weekends(conf):
    # Advice in 6 calendar weeks from Sat 31-10-2026 fell on Sat 12-12-2026: now Mon 14-12-2026.
    assert term_end(date(2026, 10, 31), 42, working=False) == date(2026, 12, 14)
    # A report received 30-11-2026: feedback within three months, 28-02-2027 is a Sunday.
    from vik.confidential.models import Report

    assert services.feedback_due(Report(received_on=date(2026, 11, 30))) == date(2027, 3, 1)
    # Seven days to acknowledge from Fri 18-12-2026 would end on Christmas day: Monday the 28th.
    assert services.acknowledgement_due(Report(received_on=date(2026, 12, 18))) == date(2026, 12, 28)


@pytest.mark.parametrize(("working", "said"), [(True, "binnen 3 werkdagen"), (False, "binnen 3 dagen")])
def test_the_complainant_is_told_the_term_as_the_regulation_counts_it(conf, working, said):
    """"Binnen 3 dagen" while the file showed three working days (tester t34)."""
    from django.test import Client

    ComplaintTerms.objects.update_or_create(region=conf.org.region_a, defaults={"working_days": working})
    client = Client()
    client.force_login(conf.reporter)
    response = client.post("/vertrouwelijk/klacht-indienen/", {
        "region": conf.org.region_a.pk, "category": "intimidation", "accused": "Bob Beklaagd",
        "summary": "Al maanden buitengesloten bij de dienstindeling."}, follow=True)
    assert said in response.content.decode()


@pytest.mark.parametrize(("working", "expected"), [
    (True, "ontvangstbevestiging binnen 3 werkdagen, ontvankelijkheid binnen 7 werkdagen, advies binnen "
           "6 weken (30 werkdagen) na ontvangst, besluit binnen 1 week (5 werkdagen) na het advies"),
    (False, "ontvangstbevestiging binnen 3 dagen, ontvankelijkheid binnen 1 dag, advies binnen 6 weken na "
            "ontvangst, besluit binnen 1 week na het advies"),
])
def test_the_terms_are_said_in_the_unit_they_are_counted_in(working, expected):
    """Tester t37: "binnen 7 dagen … 6 weken … Gerekend in werkdagen" mixed units and left out the
    three working days of the acknowledgement."""
    from vik.confidential.models import ComplaintTerms

    terms = ComplaintTerms(working_days=working, acknowledgement_days=3, admissibility_days=7 if working else 1,
                           advice_weeks=6, decision_weeks=1, evaluation_weeks=6)
    assert expected in terms.summary()

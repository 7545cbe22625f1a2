"""The complaints procedure: terms per unit, a chair from another unit, mediation as an
alternative route, hearing of both sides, advice, the chief's decision and the evaluation."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from vik.confidential import services
from vik.confidential.models import Category, Complaint, ComplaintTerms
from vik.confidential.tasks import confidential_tasks
from vik.confidential.terms import next_working_day
from vik.core.errors import DomainError, PermissionDeniedError
from vik.core.workdays import add_working_days

from .conftest import today

pytestmark = pytest.mark.django_db
S = Complaint.Stage


def _complaint(conf, received_ago=10, chair=None, region=None):
    return services.register_complaint(conf.member, services.ComplaintInput(
        region=region or conf.org.region_a, committee=conf.committee, chair=chair or conf.chair,
        category=Category.SEXUAL_HARASSMENT, received_on=today() - timedelta(days=received_ago),
        complainant="Anna Klager", accused="Bob Beklaagd", summary="Ongewenste opmerkingen in de auto."))


def test_full_procedure_to_the_evaluation(conf):
    c = _complaint(conf, received_ago=60)
    day = c.received_on
    services.acknowledge_complaint(conf.member, c, day + timedelta(days=1))
    services.decide_admissibility(conf.member, c, True, day + timedelta(days=5), "")
    with pytest.raises(ValidationError):  # both sides must be heard
        services.record_hearing(conf.member, c, day + timedelta(days=20), True, False, "Alleen klager gehoord.")
    services.record_hearing(conf.member, c, day + timedelta(days=20), True, True, "Beide partijen apart gehoord.")
    with pytest.raises(PermissionDeniedError):  # the chief decides only once advised
        services.record_decision(conf.chief, c, day + timedelta(days=30), True, "Berisping conform advies.")
    services.give_advice(conf.member, c, day + timedelta(days=40), Complaint.Advice.FOUNDED, "Gegrond, berisping.")
    assert [t.title for t in confidential_tasks(conf.chief)] == ["Besluit op klacht"]
    assert not confidential_tasks(conf.chief_b)  # another unit's chief
    with pytest.raises(PermissionDeniedError):
        services.record_decision(conf.member, c, day + timedelta(days=45), True, "Berisping conform advies.")
    services.record_decision(conf.chief, c, day + timedelta(days=45), True, "Berisping conform advies.")
    services.record_evaluation(conf.member, c, day + timedelta(days=55), outcome_score=4, procedure_score=2,
                               tried_before=True, further_action_needed=False, note="Duurde lang.")
    c.refresh_from_db()
    assert c.stage == S.EVALUATED and c.evaluation["procedure_score"] == 2 and c.decided_by == conf.chief


def test_default_terms_one_week_and_six_weeks(conf):
    c = _complaint(conf, received_ago=0)
    due = services.complaint_deadlines(c)
    assert due["admissibility"] == c.received_on + timedelta(days=7)
    assert due["advice"] == c.received_on + timedelta(weeks=6)
    assert due["decision"] is None


def test_terms_configurable_per_unit_in_working_days(conf):
    ComplaintTerms.objects.create(region=conf.org.region_a, admissibility_days=5, advice_weeks=8,
                                  working_days=True)
    c = _complaint(conf, received_ago=0)
    due = services.complaint_deadlines(c)
    assert due["admissibility"] == add_working_days(c.received_on, 5)
    assert due["advice"] == add_working_days(c.received_on, 40)


def test_chair_must_come_from_another_unit(conf):
    with pytest.raises(ValidationError) as error:
        _complaint(conf, chair=conf.member)  # member works in region A, like the complaint
    assert "chair" in error.value.message_dict
    # The same committee serves region B; there the member from region A may chair.
    assert _complaint(conf, chair=conf.member, region=conf.org.region_b).chair == conf.member


def test_mediation_is_recorded_and_stops_the_advice_clock(conf):
    c = _complaint(conf, received_ago=30)
    plain_due = services.complaint_deadlines(c)["advice"]
    services.start_mediation(conf.member, c, c.received_on + timedelta(days=2))
    services.end_mediation(conf.member, c, c.received_on + timedelta(days=12), False, "Geen overeenstemming.")
    c.refresh_from_db()
    assert c.stage == S.ACKNOWLEDGED and c.mediation_succeeded is False
    # Ten days of mediation move the advice by ten days (a calendar term), then to a working day.
    terms = services.terms_for(c.region)
    raw = c.received_on + timedelta(days=terms.advice_weeks * 7 + 10)
    assert not terms.working_days and services.complaint_deadlines(c)["advice"] == next_working_day(raw)
    assert services.complaint_deadlines(c)["advice"] > plain_due
    with pytest.raises(DomainError):
        services.start_mediation(conf.member, c, today())


def test_successful_mediation_ends_in_evaluation(conf):
    c = _complaint(conf, received_ago=30)
    services.start_mediation(conf.member, c, c.received_on + timedelta(days=2))
    services.end_mediation(conf.member, c, c.received_on + timedelta(days=12), True, "Excuses aanvaard.")
    assert c.stage == S.RESOLVED
    services.record_evaluation(conf.member, c, today(), outcome_score=5, procedure_score=5, tried_before=False,
                               further_action_needed=False, note="")
    assert c.stage == S.EVALUATED
    # Resolved by mediation: no advice, also once evaluated (tester t17 saw a deadline come back),
    # and no decision on admissibility either (tester t20 saw "uiterlijk" beside it).
    assert services.complaint_deadlines(c)["advice"] is None
    assert services.complaint_deadlines(c)["admissibility"] is None


def test_steps_follow_the_order(conf):
    c = _complaint(conf)
    with pytest.raises(DomainError):
        services.give_advice(conf.member, c, today(), Complaint.Advice.FOUNDED, "Te vroeg voor advies.")
    with pytest.raises(ValidationError):
        services.decide_admissibility(conf.member, c, False, today(), "")  # refusal needs a reason
    services.decide_admissibility(conf.member, c, False, today(), "Buiten de termijn van de regeling ingediend.")
    assert c.stage == S.INADMISSIBLE and c.acknowledged_on == today()
    # No advice follows, so no advice deadline is shown (tester t12).
    assert services.complaint_deadlines(c)["advice"] is None


def test_committee_tasks_and_other_roles(conf):
    c = _complaint(conf, received_ago=9)
    tasks = confidential_tasks(conf.member)
    assert [(t.title, t.overdue) for t in tasks] == [("Ontvangst klacht bevestigen", True)]
    assert not confidential_tasks(conf.org.triage)
    with pytest.raises(PermissionDeniedError):
        services.acknowledge_complaint(conf.advisor, c, today())


def test_committee_member_named_in_the_complaint_is_excluded(conf):
    c = services.register_complaint(conf.member, services.ComplaintInput(
        region=conf.org.region_a, committee=conf.committee, chair=conf.chair, category=Category.OTHER,
        received_on=date.today(), complainant="Anna Klager",
        accused=conf.chair.employee.full_name, summary="Klacht over een lid van de commissie."))
    from vik import policy

    assert not policy.can(conf.chair, "confidential.complaint.view", c)
    assert policy.can(conf.member, "confidential.complaint.view", c)


def test_my_tasks_of_someone_outside_the_procedure_read_no_complaint(conf, django_assert_num_queries):
    """Every advised complaint is a candidate for a chief; "my tasks" of anyone else (a triage
    member, an advisor) reads none of them, nor decrypts their texts (it cost every user ~10 ms
    of CPU per "my tasks", benchmarks-load.md)."""
    c = _complaint(conf, received_ago=60)
    day = c.received_on
    services.acknowledge_complaint(conf.member, c, day + timedelta(days=1))
    services.decide_admissibility(conf.member, c, True, day + timedelta(days=5), "")
    services.record_hearing(conf.member, c, day + timedelta(days=20), True, True, "Beide partijen apart gehoord.")
    services.give_advice(conf.member, c, day + timedelta(days=40), Complaint.Advice.FOUNDED, "Gegrond, berisping.")
    from vik.confidential.selectors import complaints_for

    for outsider in (conf.org.triage, conf.advisor):
        with django_assert_num_queries(1):  # the user's roles, nothing of the complaints
            assert complaints_for(outsider) == []
    assert complaints_for(conf.chief) == [c]
    assert complaints_for(conf.member) == [c]


def test_mediation_confirms_the_receipt_so_no_acknowledgement_term_stays_open(conf):
    """Tester t37: filed, mediated at once and resolved, the complaint still said "Ontvangst-
    bevestiging: uiterlijk …", a term that would fall overdue (a decision on admissibility already
    confirmed the receipt)."""
    c = _complaint(conf, received_ago=1)
    services.start_mediation(conf.member, c, today())
    c.refresh_from_db()
    assert c.acknowledged_on == today()
    services.end_mediation(conf.member, c, today(), True, "Excuses aanvaard.")
    assert not [t for t in confidential_tasks(conf.member) if "bevestig" in t.title.lower()]
    acknowledged = _complaint(conf, received_ago=5)
    services.acknowledge_complaint(conf.member, acknowledged, today() - timedelta(days=4))
    services.start_mediation(conf.member, acknowledged, today())
    acknowledged.refresh_from_db()
    assert acknowledged.acknowledged_on == today() - timedelta(days=4)  # an earlier confirmation stays


def test_a_step_of_another_role_is_refused_with_a_message(conf):
    """Tester t37: the committee's forged post of the chief's decision came back without a word."""
    from django.test import Client

    c = _complaint(conf, received_ago=3)
    member = Client()
    member.force_login(conf.member)
    response = member.post(f"/vertrouwelijk/klachten/{c.pk}/decision/",
                           {"on": today().strftime("%d-%m-%Y"), "follows_advice": "yes", "text": "Gegrond."},
                           follow=True)
    assert "Deze stap legt u niet vast in deze klacht" in response.content.decode()
    c.refresh_from_db()
    assert c.decision_on is None


def test_a_step_from_a_stale_tab_keeps_what_was_typed(conf):
    """Tester t37: the mediation report typed in a second tab was lost when the mediation had ended."""
    from django.test import Client

    c = _complaint(conf, received_ago=3)
    services.start_mediation(conf.member, c, today())
    services.end_mediation(conf.member, c, today(), False, "Geen overeenstemming.")
    member = Client()
    member.force_login(conf.member)
    report = "Na twee gesprekken toch overeenstemming bereikt over excuses."
    response = member.post(f"/vertrouwelijk/klachten/{c.pk}/mediation_end/",
                           {"on": today().strftime("%d-%m-%Y"), "succeeded": "yes", "note": report})
    page = response.content.decode()
    assert response.status_code == 400 and report in page
    assert "past niet bij de fase" in page


def test_the_step_forms_of_one_page_have_ids_of_their_own(conf):
    """Tester t37: every date form of the complaint page had `id="id_on"`, so each "Datum" label
    was ambiguous for a screen reader."""
    import re

    from django.test import Client

    c = _complaint(conf, received_ago=3)
    member = Client()
    member.force_login(conf.member)
    page = member.get(f"/vertrouwelijk/klachten/{c.pk}/").content.decode()
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len([i for i in ids if i.endswith("_on")]) >= 2
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    labels = set(re.findall(r'<label[^>]*for="([^"]+)"', page))
    assert labels <= set(ids)


def test_complaint_references_say_nothing_of_order_or_count(conf):
    """A complaint's reference goes to whoever filed it (an employee, about a colleague): KL2026-0007
    then KL2026-0012 told him five complaints came in between, as a report's running number did
    (tester t34-4). Both ways of receiving a complaint give a random one."""
    registered = [_complaint(conf), _complaint(conf)]
    filed = services.file_complaint(conf.reporter, services.ComplaintFiling(
        region=conf.org.region_a, category=Category.INTEGRITY, accused="Bob Beklaagd",
        summary="Hij deelt zaakinformatie."))
    for complaint in (*registered, filed):
        assert re.fullmatch(rf"KL{complaint.received_on.year}-[A-HJ-NP-Z2-9]{{6}}", complaint.reference), \
            complaint.reference

"""Screenings and declarations through their services: the repeat cycles, the handlers, the
decision with its reason and renewal date, the interim screening a relevant change starts, and the
audit records every act leaves."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests.vetting.conftest import declare
from vik.audit.models import AuditEvent
from vik.core.errors import DomainError, PermissionDeniedError
from vik.core.workdays import add_working_days
from vik.vetting import selectors, services
from vik.vetting.models import Declaration, Level, Screening

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("level", "years"), [(Level.BO, 8), (Level.BO_PLUS, 5)])
def test_a_positive_outcome_is_valid_for_the_repeat_cycle_of_its_level(vet, level, years):
    today = timezone.localdate()
    screening = services.plan_screening(vet.staff, vet.employee.employee, level, Screening.Kind.INITIAL,
                                        today + dt.timedelta(days=10))
    done = services.record_outcome(vet.staff, screening, Screening.Outcome.POSITIVE, today, "")
    assert done.valid_until.year == today.year + years
    assert AuditEvent.objects.filter(object_type="vetting.screening", object_id=str(screening.pk)).count() == 2


def test_a_negative_outcome_needs_a_reason_and_is_valid_for_nothing(vet, screening):
    with pytest.raises(ValidationError):
        services.record_outcome(vet.staff, screening, Screening.Outcome.NEGATIVE, timezone.localdate(), " ")
    done = services.record_outcome(vet.staff, screening, Screening.Outcome.NEGATIVE, timezone.localdate(),
                                   "Schulden verzwegen.")
    assert done.valid_until is None
    with pytest.raises(DomainError):
        services.record_outcome(vet.staff, done, Screening.Outcome.POSITIVE, timezone.localdate(), "")


def test_only_vetting_staff_plan_a_screening_and_never_their_own(vet, org):
    due = timezone.localdate() + dt.timedelta(days=30)
    for actor, employee in [(org.manager, vet.employee.employee), (org.policy, vet.employee.employee),
                            (vet.staff, vet.staff.employee)]:
        with pytest.raises(PermissionDeniedError):
            services.plan_screening(actor, employee, Level.BO, Screening.Kind.INITIAL, due)
    assert not Screening.objects.exists()
    assert AuditEvent.objects.filter(action="denied").count() == 3


def test_a_second_open_screening_of_the_same_employee_is_refused(vet, screening):
    with pytest.raises(DomainError):
        services.plan_screening(vet.staff2, vet.employee.employee, Level.BO_PLUS, Screening.Kind.INTERIM,
                                timezone.localdate() + dt.timedelta(days=5))


def test_side_activities_and_gifts_go_to_the_manager_money_and_relations_to_vik(vet, org):
    assert declare(vet.employee).handler == Declaration.Handler.MANAGER
    assert declare(vet.employee, Declaration.Kind.SIDE_ACTIVITY, political=True).handler == "manager"
    assert declare(vet.employee, Declaration.Kind.FINANCIAL_PROBLEM).handler == Declaration.Handler.VIK
    assert declare(vet.employee, Declaration.Kind.RELATION).handler == Declaration.Handler.VIK
    # Without a line manager, VIK handles everything.
    assert declare(org.nobody).handler == Declaration.Handler.VIK


@pytest.mark.parametrize(("kind", "extra", "field"), [
    (Declaration.Kind.INVITATION, {"event_on": dt.date(2020, 1, 1)}, "event_on"),  # permission comes first
    (Declaration.Kind.GIFT, {"event_on": None}, "event_on"),
    (Declaration.Kind.FINANCIAL_INTEREST, {"political": True}, "political"),  # politics is a side activity
    (Declaration.Kind.RELATION, {"relation": ""}, "relation"),
    (Declaration.Kind.RELATION, {"subject_id": "x'; DROP"}, "subject_id"),
    (Declaration.Kind.SIDE_ACTIVITY, {"description": "  "}, "description"),
])
def test_a_declaration_that_misses_what_it_needs_is_refused(vet, kind, extra, field):
    with pytest.raises(ValidationError) as error:
        declare(vet.employee, kind, **extra)
    assert field in error.value.message_dict
    assert not Declaration.objects.exists()


def test_the_manager_decides_with_a_reason_and_a_renewal_date_a_year_ahead_by_default(vet, org):
    side_job = declare(vet.employee, Declaration.Kind.SIDE_ACTIVITY)
    with pytest.raises(ValidationError):
        services.decide_declaration(org.manager, side_job, Declaration.Decision.APPROVED, "")
    decided = services.decide_declaration(org.manager, side_job, Declaration.Decision.APPROVED, "Past.")
    assert decided.renewal_on == timezone.localdate() + dt.timedelta(days=365)
    assert decided.decided_by == org.manager
    with pytest.raises(DomainError, match="al besloten op"):  # decided once; the second tab is told when
        services.decide_declaration(org.manager, decided, Declaration.Decision.REFUSED, "Toch niet.")
    assert AuditEvent.objects.filter(object_type="vetting.declaration", action="change").count() == 1


def test_a_gift_or_invitation_happens_once_and_is_never_reported_again(vet, org, gift):
    """A bottle of wine approved last year is not "to report again before" a year later (tester t35)."""
    decided = services.decide_declaration(org.manager, gift, Declaration.Decision.CONDITIONS, "Delen met het team.",
                                          renewal_on=timezone.localdate() + dt.timedelta(days=30))
    assert decided.renewal_on is None
    assert not selectors.renewals_due(vet.employee, timezone.localdate() + dt.timedelta(days=400)).exists()


def test_a_gift_that_arrived_unasked_is_reported_afterwards_an_invitation_beforehand(vet):
    """The hamper delivered at home is reported after the fact; an invitation asks permission first
    (tester t35: the dilemma of the professional code could not be reported)."""
    past = timezone.localdate() - dt.timedelta(days=3)
    assert declare(vet.employee, Declaration.Kind.GIFT, event_on=past).event_on == past
    with pytest.raises(ValidationError) as error:
        declare(vet.employee, Declaration.Kind.INVITATION, event_on=past)
    assert "event_on" in error.value.message_dict


@given(submitted=st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)), ahead=st.integers(-30, 60),
       kind=st.sampled_from([Declaration.Kind.GIFT, Declaration.Kind.INVITATION, Declaration.Kind.SIDE_ACTIVITY]))
def test_the_decision_is_due_before_the_gift_or_event_and_within_ten_working_days(submitted, ahead, kind):
    """A gift reported for the day after tomorrow was due twelve days after it (tester t35)."""
    declaration = Declaration(kind=kind, event_on=submitted + dt.timedelta(days=ahead),
                              submitted_at=timezone.make_aware(dt.datetime.combine(submitted, dt.time(12))))
    due = declaration.decide_before
    assert submitted <= due <= add_working_days(submitted, 10)
    if kind != Declaration.Kind.SIDE_ACTIVITY and ahead >= 0:
        assert due <= submitted + dt.timedelta(days=ahead)
    else:
        assert due == add_working_days(submitted, 10)


@pytest.mark.parametrize("actor", ["employee", "other_manager", "staff", "policy"])
def test_nobody_but_the_handler_decides(vet, org, gift, actor):
    user = org.policy if actor == "policy" else getattr(vet, actor)
    with pytest.raises(PermissionDeniedError):
        services.decide_declaration(user, gift, Declaration.Decision.APPROVED, "Prima.")
    gift.refresh_from_db()
    assert gift.is_open


def test_a_relevant_change_starts_an_interim_screening_at_the_current_level(vet, screening):
    services.record_outcome(vet.staff, screening, Screening.Outcome.POSITIVE, timezone.localdate(), "")
    problem = declare(vet.employee, Declaration.Kind.FINANCIAL_PROBLEM, description="Schuld na scheiding.")
    services.decide_declaration(vet.staff2, problem, Declaration.Decision.NOTED, "Schuldhulp loopt.",
                                screening_relevant=True)
    interim = Screening.objects.get(kind=Screening.Kind.INTERIM)
    assert interim.employee == vet.employee.employee and interim.level == Level.BO
    assert interim.declaration == problem and interim.is_open
    assert problem.reference in interim.reason


def test_a_change_without_relevance_starts_nothing(vet):
    problem = declare(vet.employee, Declaration.Kind.FINANCIAL_INTEREST, description="Aandelen.")
    services.decide_declaration(vet.staff, problem, Declaration.Decision.NOTED, "Geen conflict.")
    assert not Screening.objects.exists()


def test_a_repeat_cannot_end_before_the_screening_it_repeats(vet):
    """Tester t7: a repeat recorded as completed on 01-01-2000 gave a validity that had lapsed
    years before the screening it repeats, and a task overdue since 2008."""
    today = timezone.localdate()
    first = services.plan_screening(vet.staff, vet.employee.employee, Level.BO, Screening.Kind.INITIAL,
                                    today + dt.timedelta(days=10))
    services.record_outcome(vet.staff, first, Screening.Outcome.POSITIVE, today - dt.timedelta(days=400), "")
    repeat = services.plan_screening(vet.staff, vet.employee.employee, Level.BO, Screening.Kind.REPEAT,
                                     today + dt.timedelta(days=10))
    with pytest.raises(ValidationError) as exc:
        services.record_outcome(vet.staff, repeat, Screening.Outcome.POSITIVE, dt.date(2000, 1, 1), "")
    assert "vorige onderzoek" in str(exc.value)
    assert services.record_outcome(vet.staff, repeat, Screening.Outcome.POSITIVE, today, "").valid_until

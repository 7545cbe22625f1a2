"""Demo data of throughput you can explain and promise (`vik seed_demo`, idempotent): accelerating
factors on a few running cases, and on the demo investigator's running cases the expected end date
told to the betrokkene, one of them moved later with its reason, so the case page shows the
suggestion, the current promise and its history."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from vik.accounts.models import User
from vik.core.workdays import working_day_on_or_after

from . import services
from .models import AcceleratingFactor, Case, ExpectedEndDate, Member


def _lead(case: Case):
    member = case.members.filter(kind=Member.Kind.LEAD_INVESTIGATOR).select_related("user").first()
    return member.user if member else None


def seed() -> None:
    if ExpectedEndDate.objects.exists():
        return
    investigator = User.objects.filter(username="onderzoeker").first()
    factors = list(AcceleratingFactor.objects.filter(active=True).order_by("code"))
    if investigator is None or not factors:
        return
    today = timezone.localdate()
    with transaction.atomic():
        cases = list(Case.objects.filter(
            members__user=investigator, members__kind=Member.Kind.LEAD_INVESTIGATOR,
            closed_on__isnull=True).order_by("id")[:4])
        for n, case in enumerate(cases):
            # An overdue case is told a date still ahead (a past date is refused).
            earliest = services.earliest_end(case)
            norm = services.suggest_end_date(case)
            suggested = working_day_on_or_after(
                max(norm, today + timedelta(weeks=2), earliest[0] if earliest else today))
            services.set_expected_end_date(
                investigator, case, end_on=suggested,
                reason="Volgens de doorlooptijdnorm van dit type onderzoek, zoals genoemd bij de "
                       "aanzegging." if suggested == norm else
                       "De datum volgens de doorlooptijdnorm is niet gehaald; dit is de nieuwe, "
                       "haalbare datum.")
            if n == 0:
                services.set_expected_end_date(
                    investigator, case, end_on=working_day_on_or_after(suggested + timedelta(weeks=6)),
                    reason="Een getuige is pas na zijn verlof te horen; daardoor schuift de "
                           "datum op.")
            if n % 2 == 0:
                services.record_accelerator(
                    investigator, case, factor=factors[n % len(factors)],
                    on=max(case.opened_on, today - timedelta(days=10)),
                    note="Vastgelegd tijdens het evaluatiemoment.")
        # A few other running cases with an accelerating factor, for the figures.
        others = Case.objects.filter(closed_on__isnull=True).exclude(
            pk__in=[c.pk for c in cases]).order_by("id")[:6]
        for n, case in enumerate(others):
            lead = _lead(case)
            if lead is not None:
                services.record_accelerator(lead, case, factor=factors[n % len(factors)],
                                            on=max(case.opened_on, today - timedelta(days=n)))

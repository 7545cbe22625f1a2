"""Demo data of care for the home front (`vik seed_demo`, idempotent): on two running cases of the
demo care contact `zorg`, what was done for the betrokkene's family, beside the team's care."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from vik.accounts.models import User
from vik.investigations.models import Case

from . import services
from .models import FamilyCare

TEXTS = [
    "Gesprek met de partner van betrokkene over het verloop van het onderzoek (zonder inhoud) en "
    "gewezen op het bedrijfsmaatschappelijk werk.",
    "Partner heeft op eigen verzoek een gesprek gehad met de geestelijk verzorger.",
]


def seed() -> None:
    if FamilyCare.objects.exists():
        return
    contact = User.objects.filter(username="zorg").first()
    if contact is None:
        return
    today = timezone.localdate()
    # Care for the home front comes after the aanzegging (`services._told_first`).
    cases = [case for case in Case.objects.filter(care_contact=contact, closed_on__isnull=True,
                                                  aanzegging__isnull=False).select_related("aanzegging")
             .order_by("id")][:2]
    with transaction.atomic():
        for case, text in zip(cases, TEXTS, strict=False):
            told_on = timezone.localtime(case.aanzegging.held_at).date()
            services.record_family_care(contact, case, on=max(told_on, today - timedelta(days=10)),
                                        description=text)

"""Demo data of the national triage (loaded by `vik.demo`'s seed after the signals, idempotent):
signals of Eenheid Noordkust routed to the national triage, so the national queue has work; one
sent back to the unit with a reason, one handed to the prosecutor and one taken on for the LTIO
whose case is still to be opened, so both sides show a decision of each kind."""

from django.db import transaction
from django.utils import timezone

from vik import policy
from vik.accounts.models import User
from vik.signals.models import Signal
from vik.triage.models import Criterion, NationalDecision, Route

from . import services

REFERRAL = ("Meerdere betrokkenen in verschillende eenheden en mogelijk een patroon; voorgelegd "
            "aan de landelijke triage.")
RETURN_REASON = ("Geen eenheidsoverstijgend belang gebleken: de gedragingen spelen binnen één "
                 "district. De eenheid kan dit zelf trieren en onderzoeken.")
TAKE_ON_REASON = ("Dezelfde werkwijze in twee eenheden; het LTIO neemt het onderzoek. Onderzoek "
                  "nog te starten door de landelijke triage.")
PROSECUTOR_REASON = ("Redelijk vermoeden van een ambtsmisdrijf (schending van het ambtsgeheim); "
                     "het OM beslist over vervolging, de Rijksrecherche voert uit.")


def seed() -> None:
    if NationalDecision.objects.filter(outcome=NationalDecision.Outcome.RETURN).exists():
        return
    unit_triage = User.objects.filter(username="triage").first()
    national = User.objects.filter(username="lt.triage1").first()
    if unit_triage is None or national is None:
        return
    region = unit_triage.employee.unit.region
    candidates = [s for s in Signal.objects.filter(status=Signal.Status.NEW, region=region)
                  .order_by("received_on", "id")
                  if not policy.is_conflicted(unit_triage, s) and not policy.is_conflicted(national, s)]
    if len(candidates) < 4:
        return
    scores = {c.code: 2 for c in Criterion.objects.filter(active=True)}
    with transaction.atomic():
        for signal in candidates[:4]:
            services.record_triage_decision(unit_triage, signal, services.DecisionInput(
                route=Route.NATIONAL, rationale=REFERRAL, scores=scores))
        returned, handed, taken = candidates[0], candidates[1], candidates[2]
        for signal in (returned, handed, taken):
            signal.refresh_from_db()
        services.record_national_decision(national, returned, services.NationalDecisionInput(
            outcome=NationalDecision.Outcome.RETURN, reason=RETURN_REASON))
        services.record_national_decision(national, handed, services.NationalDecisionInput(
            outcome=NationalDecision.Outcome.PROSECUTOR, reason=PROSECUTOR_REASON,
            handover_on=timezone.localdate(), handover_reference="OM-DEMO-0001"))
        services.record_national_decision(national, taken, services.NationalDecisionInput(
            outcome=NationalDecision.Outcome.TAKE_ON, reason=TAKE_ON_REASON))

"""Demo data of the betrokkene's rights (`vik seed_demo`, idempotent): the information folder on
the aanzeggingen of running cases, being informed before a hearing, and requests for additional
investigation, a witness or documents on the demo investigator's cases (one pending, one granted,
one refused), so the case page shows each state."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from vik.accounts.models import User
from vik.core.workdays import add_working_days

from . import services
from .models import Aanzegging, Case, Hearing, Member, RightsRequest, Step


def _lead(case: Case):
    member = case.members.filter(kind=Member.Kind.LEAD_INVESTIGATOR).select_related("user").first()
    return member.user if member else None


def _authority(case: Case):
    member = case.members.filter(kind=Member.Kind.COMPETENT_AUTHORITY).select_related("user").first()
    return member.user if member else None


def seed() -> None:
    _seed_rights()
    _seed_betrokkene()


def _seed_betrokkene() -> None:
    """The demo login `betrokkene`: the employee under investigation in a running, undecided
    disciplinary case of Eenheid Noordkust, told of it, with a voornemen whose zienswijze term still
    runs (when the drawn history has none, the authority sends one today on a case past its
    report), so "Mijn zaak" shows what he sees and where he gives his zienswijze."""
    from django.contrib.auth.hashers import make_password

    from .models import Step, Track, Voornemen

    if User.objects.filter(username="betrokkene").exists():
        return
    today = timezone.localdate()
    taken = set(User.objects.exclude(employee=None).values_list("employee_id", flat=True))
    candidates = (Case.objects.filter(track=Track.DISCIPLINARY, closed_on__isnull=True,
                                      decision__isnull=True, aanzegging__isnull=False,
                                      signal__region__code="R1")
                  .exclude(subject_id__in=taken).order_by("-status__order", "id"))
    waiting = Voornemen.objects.filter(case__in=candidates, response_on__isnull=True,
                                       term_ends_on__gte=today).order_by("id").first()
    case = waiting.case if waiting else None
    if case is None:
        case = candidates.filter(status__step=Step.REPORT).first()
        authority = _authority(case) if case is not None else None
        if case is None or authority is None:
            return
        with transaction.atomic():
            services.record_voornemen(authority, case, services.VoornemenInput(
                measure="reprimand", sent_on=today,
                grounds="Op grond van het onderzoeksrapport acht het bevoegd gezag het "
                        "plichtsverzuim bewezen; een schriftelijke berisping is voorgenomen."))
    subject = case.subject
    User.objects.create(username="betrokkene", first_name=subject.first_name,
                        last_name=subject.surname, email="", employee=subject,
                        password=make_password("demo-vik-2026"))


def _seed_rights() -> None:
    if RightsRequest.objects.exists():
        return
    investigator = User.objects.filter(username="onderzoeker").first()
    if investigator is None:
        return
    today = timezone.localdate()
    with transaction.atomic():
        # Most running cases handed the folder over at the aanzegging itself.
        running = Aanzegging.objects.filter(case__closed_on__isnull=True).select_related(
            "case").order_by("case_id")
        for n, aanzegging in enumerate(running):
            lead = _lead(aanzegging.case)
            if lead is not None and n % 5:
                services.record_info_folder(lead, aanzegging.case,
                                            timezone.localtime(aanzegging.held_at).date())
        cases = list(Case.objects.filter(
            members__user=investigator, members__kind=Member.Kind.LEAD_INVESTIGATOR,
            closed_on__isnull=True, aanzegging__isnull=False).order_by("id")[:3])
        if len(cases) < 3:
            return
        plans = [
            (cases[0], RightsRequest.Kind.WITNESS, "Betrokkene vraagt zijn teamgenoot van de "
             "nachtdienst als getuige te horen; die zou het gesprek aan de balie hebben gehoord.",
             None, ""),
            (cases[0], RightsRequest.Kind.DOCUMENTS, "Betrokkene vraagt de logging van zijn "
             "eigen werkopdrachten van die week aan het dossier toe te voegen.",
             RightsRequest.Decision.GRANTED, "De werkopdrachten kunnen de bevraging verklaren; "
             "ze zijn opgevraagd en toegevoegd."),
            (cases[1], RightsRequest.Kind.INVESTIGATION, "Betrokkene vraagt ook de camerabeelden "
             "van de parkeerplaats te onderzoeken.", RightsRequest.Decision.REFUSED,
             "De beelden zijn na 28 dagen overschreven en bestaan niet meer; onderzoek ervan kan "
             "daarom niet."),
        ]
        for case, kind, text, decision, reason in plans:
            told = timezone.localtime(case.aanzegging.held_at).date()
            requested = max(told, today - timedelta(days=7))
            req = services.record_rights_request(investigator, case, kind=kind,
                                                 requested_on=requested, request=text)
            decider = _authority(case) if decision == RightsRequest.Decision.GRANTED else investigator
            if decision and decider is not None:
                services.decide_rights_request(decider, req, decision=decision, reason=reason,
                                               decided_on=min(today, requested + timedelta(days=3)))
        # A hearing ahead, the betrokkene already informed about the process and the findings: on
        # a case still hearing people, not one whose voornemen or decision is next (that would then
        # wait for the hearing, and the tour's "send a voornemen" found it blocked).
        case = next((c for c in Case.objects.filter(
            members__user=investigator, members__kind=Member.Kind.LEAD_INVESTIGATOR, closed_on__isnull=True,
            aanzegging__isnull=False, status__step__in=[Step.AANZEGGING, Step.INTAKE, Step.HEARINGS, Step.WITNESSES],
        ).order_by("id") if services.hearing_ahead(c) is None), None)
        if case is None:
            return
        services.plan_hearing(
            investigator, case, kind=Hearing.Kind.HEARING, invited_on=today,
            scheduled_at=timezone.make_aware(datetime.combine(
                add_working_days(today, case.case_type.hearing_preparation_days + 1), time(10))),
            representative="vakbondsjurist", informed_on=today)

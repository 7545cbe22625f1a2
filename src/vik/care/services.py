"""Writes on care: who gives care, referrals to care desks, care for the team and for the home
front (the betrokkene's family)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.audit import services as audit
from vik.audit.models import AuditAction
from vik.core.errors import DomainError, PermissionDeniedError
from vik.core.text import visible_length
from vik.investigations.models import Case, Member

from .models import CareContactChange, CareDesk, FamilyCare, Referral, TeamCare


def _require_care(actor, case: Case) -> None:
    if not policy.can(actor, "case.care", case):
        audit.record_denied(actor, case, why="care")
        raise PermissionDeniedError(_("U mag de zorg in dit onderzoek niet wijzigen."))


def aftercare_running(case: Case) -> bool:
    """A closed case whose aftercare has not been ended: its care contact still records care
    (referrals, the team, the home front). Care goes on after the outcome: a rehabilitation plan
    gives the care contact follow-up work, and after a measure the managers' guide asks for a
    follow-up talk (testers t61, t62, t63: care stopped exactly when it should go on); the seeds ask
    for rehabilitation and for the team to be supported."""
    closure = getattr(case, "closure", None) if case.closed_on else None
    return closure is not None and closure.aftercare_running


def _require_open_or_aftercare(actor, case: Case) -> None:
    """Care is recorded while the case runs, and after closure only during aftercare, by the care
    contact (the investigating team and the authority are done with the case)."""
    if not case.closed_on:
        return
    if not aftercare_running(case):
        raise DomainError(_("Het onderzoek is afgesloten en de nazorg is afgerond; zorg vastleggen kan hier niet "
                            "meer."))
    if actor.pk != case.care_contact_id:
        audit.record_denied(actor, case, why="aftercare")
        raise PermissionDeniedError(_("Na de afsluiting legt alleen de zorgcontactpersoon de nazorg vast."))


def _told_first(case: Case, on: date | None, errors: dict[str, list[str]], field: str = "on") -> None:
    """Care that reaches the team or the home front comes after the aanzegging: until then the
    betrokkene does not know of the investigation, and neither may they (tester t50: "team
    informed that he is under investigation" and "called the partner" were recorded before it).
    A date before the aanzegging is refused for the same reason."""
    from vik.investigations.services import needs_aanzegging

    if needs_aanzegging(case):
        raise DomainError(_(
            "De betrokkene kent het onderzoek nog niet. Zorg voor het team of het thuisfront volgt na de "
            "aanzegging; tot dan deelt u niets over het onderzoek met hen."))
    aanzegging = getattr(case, "aanzegging", None)
    if aanzegging is not None and on is not None and on < timezone.localtime(aanzegging.held_at).date():
        errors.setdefault(field, []).append(
            _("De datum ligt vóór de aanzegging (%(d)s); toen wist het team van niets.")
            % {"d": timezone.localtime(aanzegging.held_at).strftime("%d-%m-%Y")})


def in_own_line(case: Case, user) -> bool:
    """Is `user` of the betrokkene's own line: his line manager, or someone of his own team?"""
    employee = getattr(user, "employee", None)
    subject = case.subject
    return employee is not None and (employee.pk == subject.manager_id or employee.unit_id == subject.unit_id)


def change_care_contact(actor, case: Case, new_contact, reason: str,
                        outside_line: bool | None = None) -> CareContactChange:
    """Care is given by the line manager by default; when he is the reporter or the relationship
    is disturbed, someone else takes over. The reason is always recorded. `outside_line`: the
    betrokkene's standing wish for care from outside his own line (None: as recorded); while it
    stands, nobody of his line (`in_own_line`) is accepted."""
    _require_care(actor, case)
    _require_open_or_aftercare(actor, case)
    wish = case.care_outside_line if outside_line is None else outside_line
    errors: dict[str, list[str]] = {}
    if wish and in_own_line(case, new_contact):
        errors.setdefault("new_contact", []).append(
            _("De betrokkene wil zorg van iemand buiten de eigen lijn; %(name)s is de eigen "
              "leidinggevende of werkt in het eigen team. Kies een ander, of zet die wens uit als de "
              "betrokkene haar heeft ingetrokken.") % {"name": new_contact.display_name})
    if visible_length(reason) < 5:
        errors.setdefault("reason", []).append(
            _("Leg in ten minste 5 tekens vast waarom een andere zorgcontactpersoon nodig is."))
    if new_contact.pk == case.care_contact_id:
        errors.setdefault("new_contact", []).append(_("Dit is al de zorgcontactpersoon."))
    if policy.is_conflicted(new_contact, case.signal, managers=False):
        errors.setdefault("new_contact", []).append(
            _("Deze persoon is betrokkene of melder en kan geen zorg geven."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        change = CareContactChange.objects.create(
            case=case, previous=case.care_contact, new=new_contact, reason=reason.strip(),
            by=actor,
        )
        Member.objects.filter(case=case, kind=Member.Kind.CARE_CONTACT).delete()
        Member.objects.create(case=case, user=new_contact, kind=Member.Kind.CARE_CONTACT)
        Case.objects.filter(pk=case.pk).update(care_contact=new_contact,
                                               care_contact_reason=reason.strip(),
                                               care_outside_line=wish)
        case.care_contact = new_contact
        case.care_contact_reason = reason.strip()
        case.care_outside_line = wish
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Zorgcontactpersoon gewijzigd"),
                     detail={"previous": change.previous_id, "new": new_contact.pk,
                             "outside_line": wish})
    return change


def refer(actor, case: Case, *, desk: str, referred_on: date, for_team: bool = False,
          note: str = "") -> Referral:
    _require_care(actor, case)
    _require_open_or_aftercare(actor, case)
    if desk not in CareDesk.values:
        raise ValidationError({"desk": [_("Kies een zorgloket.")]})
    if referred_on > timezone.localdate():
        raise ValidationError({"referred_on": [_("De datum ligt in de toekomst.")]})
    if for_team:
        errors: dict[str, list[str]] = {}
        _told_first(case, referred_on, errors, "referred_on")
        if errors:
            raise ValidationError(errors)
    with transaction.atomic():
        referral = Referral.objects.create(case=case, desk=desk, referred_on=referred_on,
                                           for_team=for_team, note=note.strip(), by=actor)
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Verwezen naar zorgloket"),
                     detail={"desk": desk, "team": for_team})
    return referral


def record_team_care(actor, case: Case, *, on: date, description: str) -> TeamCare:
    _require_care(actor, case)
    _require_open_or_aftercare(actor, case)
    errors: dict[str, list[str]] = {}
    if on > timezone.localdate():
        # what was done (tester t63 saved care for the team dated next week)
        errors.setdefault("on", []).append(_("De datum ligt in de toekomst."))
    _told_first(case, on, errors)
    if visible_length(description) < 5:
        errors.setdefault("description", []).append(_("Beschrijf wat er voor het team is gedaan."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        care = TeamCare.objects.create(case=case, on=on, description=description.strip(), by=actor)
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Zorg voor het team"))
    return care


def record_family_care(actor, case: Case, *, on: date, description: str) -> FamilyCare:
    """Care for the home front, case by case: what was done for the betrokkene's family (a
    conversation with the partner, a referral for the children). Dated within the case: not
    before it started, not in the future."""
    _require_care(actor, case)
    _require_open_or_aftercare(actor, case)
    errors: dict[str, list[str]] = {}
    if visible_length(description) < 5:
        errors.setdefault("description", []).append(
            _("Beschrijf wat er voor het thuisfront is gedaan."))
    if on > timezone.localdate():
        errors.setdefault("on", []).append(_("De datum ligt in de toekomst."))
    elif on < case.opened_on:
        errors.setdefault("on", []).append(
            _("De datum ligt vóór de start van het onderzoek (%(d)s).")
            % {"d": case.opened_on.strftime("%d-%m-%Y")})
    else:
        _told_first(case, on, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        care = FamilyCare.objects.create(case=case, on=on, description=description.strip(),
                                         by=actor)
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Zorg voor het thuisfront"),
                     detail={"family_care": care.pk})
    return care


def end_aftercare(actor, case: Case, *, on: date, note: str):
    """The care contact ends the aftercare of a closed case: the day and how it ended. Not before
    the outcome was told, not in the future; once (a second tab finds it ended). Raises
    PermissionDeniedError (not the care contact), DomainError (no aftercare running) or
    ValidationError (per field)."""
    _require_care(actor, case)
    if not aftercare_running(case):
        raise DomainError(_("Er loopt geen nazorg in dit onderzoek."))
    _require_open_or_aftercare(actor, case)
    closure = case.closure
    errors: dict[str, list[str]] = {}
    if on > timezone.localdate():
        errors.setdefault("on", []).append(_("De datum ligt in de toekomst."))
    elif on < closure.communicated_on:
        errors.setdefault("on", []).append(
            _("De datum ligt vóór het meedelen van de uitkomst (%(d)s).")
            % {"d": closure.communicated_on.strftime("%d-%m-%Y")})
    if visible_length(note) < 5:
        errors.setdefault("note", []).append(_("Beschrijf in een zin hoe de nazorg is afgerond."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # A second tab must not replace the first's ending (and its note).
        still_running = type(closure).objects.select_for_update().filter(pk=closure.pk, aftercare_ended_on__isnull=True)
        if not still_running.exists():
            raise DomainError(_("Er loopt geen nazorg in dit onderzoek."))
        closure.aftercare_ended_on = on
        closure.aftercare_note = note.strip()
        closure.save(update_fields=["aftercare_ended_on", "aftercare_note"])
        audit.record(actor, AuditAction.CHANGE, case, summary=_("Nazorg afgerond"),
                     detail={"on": on.isoformat()})
    return closure

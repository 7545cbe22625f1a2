"""Responsibility checks of confidential work: every report and every complaint has someone
responsible. Registered as Django system checks with the tag "responsibility"; `vik
check_responsibility` and the Beheer page run them.

They read the database, so they are registered with `vik.core.checks.responsibility_check`: they
run only when `vik check_responsibility` or the Beheer page asks, never during `migrate`,
`runserver` or a plain `check`.

Ids: E001 a unit whose reports to a recipient reach nobody; E002 a unit whose complaints no
committee handles; E003 a committee that cannot handle a unit's complaint (no member, or no chair
from another unit); E004 a unit whose complaints no chief can decide; E005 an open report that
reaches nobody; E006 an advised complaint that no chief can decide; E007 an open complaint that no committee
member may handle. I001 tells the administrator
that a fallback up the unit tree is in use (not a dead end).
"""

from django.core.checks import Error, Info
from django.utils.translation import gettext as _

from vik import policy
from vik.accounts.models import Role, Unit
from vik.core.checks import responsibility_check
from vik.policy import routing as access

from .models import Committee, Complaint, Report


def _units():
    return list(Unit.objects.filter(kind__in=[Unit.Kind.REGION, Unit.Kind.NATIONAL]).order_by("kind", "name"))


@responsibility_check
def check_report_recipients(app_configs=None, databases=None, **kwargs):
    """Each unit that can be chosen on the report form has a recipient of every kind, or a
    fallback up the unit tree."""
    messages = []
    units = _units()
    for unit in units:
        for recipient, label in Report.Recipient.choices:
            if recipient == Report.Recipient.OMBUDSMAN:
                continue  # one national function, checked once below
            circles = access.recipient_circles(recipient, unit)
            first = next((i for i, circle in enumerate(circles) if circle.exists()), None)
            if first is None:
                messages.append(Error(
                    _("Meldingen uit %(unit)s aan ‘%(recipient)s’ komen bij niemand aan.")
                    % {"unit": unit.name, "recipient": label},
                    hint=_("Geef iemand in deze eenheid of landelijk de rol voor deze ontvanger."),
                    obj=unit, id="vik.confidential.E001"))
            elif first > 0:
                messages.append(Info(
                    _("%(unit)s heeft zelf niemand voor ‘%(recipient)s’; meldingen gaan naar het volgende niveau.")
                    % {"unit": unit.name, "recipient": label}, obj=unit, id="vik.confidential.I001"))
    ombudsman, fallback = access.recipient_circles(Report.Recipient.OMBUDSMAN, units[0]) if units else ([], [])
    if units and not ombudsman.exists():
        label = Report.Recipient.OMBUDSMAN.label
        if not fallback.exists():
            messages.append(Error(
                _("Meldingen aan ‘%(recipient)s’ komen bij niemand aan.") % {"recipient": label},
                hint=_("Geef iemand de rol ombudsfunctionaris of centrale vertrouwenspersoon."),
                id="vik.confidential.E001"))
        else:
            messages.append(Info(
                _("Er is geen ombudsfunctionaris; meldingen aan ‘%(recipient)s’ gaan naar de centrale "
                  "vertrouwenspersonen.") % {"recipient": label}, id="vik.confidential.I001"))
    return messages


def _chair_possible(committee: Committee, unit: Unit) -> bool:
    for member in committee.members.filter(is_active=True).select_related("employee__unit"):
        region = access.region_of(member)
        if region is not None and region.pk != unit.pk:
            return True
    return False


@responsibility_check
def check_complaint_handling(app_configs=None, databases=None, **kwargs):
    """Each unit's complaints have a committee that can take them (with a chair from another
    unit) and a chief who decides on the advice."""
    messages = []
    for unit in _units():
        committees = [c for c in Committee.objects.filter(regions=unit)
                      if c.members.filter(is_active=True, groups__name=Role.COMPLAINTS_COMMITTEE).exists()]
        if not committees:
            messages.append(Error(
                _("Klachten uit %(unit)s behandelt geen enkele klachtencommissie met leden.") % {"unit": unit.name},
                hint=_("Laat een klachtencommissie met leden deze eenheid bedienen."),
                obj=unit, id="vik.confidential.E002"))
        elif not any(_chair_possible(c, unit) for c in committees):
            messages.append(Error(
                _("Voor klachten uit %(unit)s heeft geen commissie een voorzitter uit een andere eenheid.")
                % {"unit": unit.name},
                hint=_("Voeg een commissielid uit een andere eenheid toe."), obj=unit, id="vik.confidential.E003"))
        chief_level = next((i for i, u in enumerate(access.escalation_chain(unit))
                            if access.users_at_level(Role.CHIEF, u).exists()), None)
        if chief_level is None:
            messages.append(Error(
                _("Over klachten uit %(unit)s kan geen korpschef of gemandateerde besluiten.") % {"unit": unit.name},
                hint=_("Geef iemand in deze eenheid of landelijk de rol korpschef."),
                obj=unit, id="vik.confidential.E004"))
        elif chief_level > 0:
            messages.append(Info(
                _("%(unit)s heeft zelf geen korpschef of gemandateerde; het volgende niveau besluit over klachten.")
                % {"unit": unit.name}, obj=unit, id="vik.confidential.I001"))
    return messages


@responsibility_check
def check_open_work(app_configs=None, databases=None, **kwargs):
    """Open reports and advised complaints that nobody can pick up (for instance after a recipient
    left, or because everyone left is named in the report)."""
    messages = []
    for report in Report.objects.filter(closed_on__isnull=True).select_related("region"):
        if not access.recipients(report):
            messages.append(Error(
                _("Melding %(ref)s heeft geen ontvanger die haar mag behandelen.") % {"ref": report.reference},
                hint=_("Geef iemand die niet in de melding wordt genoemd de rol van ontvanger."),
                obj=report, id="vik.confidential.E005"))
    finished = [Complaint.Stage.EVALUATED, Complaint.Stage.INADMISSIBLE, Complaint.Stage.ADVISED]
    for complaint in Complaint.objects.exclude(stage__in=finished).select_related("committee"):
        members = complaint.committee.members.filter(is_active=True).select_related("employee")
        if not any(policy.can(member, "confidential.complaint.handle", complaint) for member in members):
            messages.append(Error(
                _("Klacht %(ref)s heeft geen commissielid dat haar mag behandelen.") % {"ref": complaint.reference},
                hint=_("Voeg een commissielid toe dat niet in de klacht wordt genoemd."),
                obj=complaint, id="vik.confidential.E007"))
    for complaint in Complaint.objects.filter(stage=Complaint.Stage.ADVISED).select_related("region"):
        if not access.deciding_chiefs(complaint):
            messages.append(Error(
                _("Over klacht %(ref)s kan niemand besluiten.") % {"ref": complaint.reference},
                hint=_("Geef een korpschef of gemandateerde die niet in de klacht wordt genoemd de rol."),
                obj=complaint, id="vik.confidential.E006"))
    return messages

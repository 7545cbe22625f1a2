"""Writes of confidential work. Every act is one function: it checks the policy, validates, changes
the records in one transaction, writes the audit record and notifies.

Audit and privacy: recipients, advisors, committee members and the chief are audited like
everywhere else (including every time a recipient opens a report). The reporter's own acts on an
anonymous or confidential report are deliberately not audited: an audit row holds the account,
the address and the exact time, and any of those can identify the reporter. Notifications name
only the reference, never the content.
"""

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.accounts.models import Employee, Unit, User
from vik.audit import services as audit
from vik.audit.models import AuditAction
from vik.core.anonymity import identifying_details
from vik.core.concurrency import check_state
from vik.core.errors import DomainError, PermissionDeniedError
from vik.core.notify import notify
from vik.core.text import visible_length
from vik.policy import routing as access
from vik.signals.models import Channel, Theme
from vik.signals.services import SignalInput, register_signal

from . import receipt, throttle
from .crypto import pseudonym
from .models import (
    Activity,
    Category,
    Committee,
    Complaint,
    ComplaintTerms,
    Contact,
    Referral,
    RepeatSignal,
    Report,
    ReportAttachment,
    ReportMessage,
)
from .terms import next_working_day, term_end
from .uploads import clean_upload

ACKNOWLEDGEMENT_DAYS = 7
FEEDBACK_MONTHS = 3
MAX_ATTACHMENTS = 5


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def acknowledgement_due(report: Report) -> date:
    """Seven calendar days (Whistleblower Protection Act); the law counts calendar days."""
    return term_end(report.received_on, ACKNOWLEDGEMENT_DAYS, working=False)


def feedback_due(report: Report) -> date:
    """Three months (Whistleblower Protection Act), ending on a working day (Algemene termijnenwet)."""
    return next_working_day(add_months(report.received_on, FEEDBACK_MONTHS))


def _deny(actor, obj, why: str, message: str):
    audit.record_denied(actor, obj, why=why)
    raise PermissionDeniedError(message)


def _require(actor, action: str, obj, message: str) -> None:
    if not policy.can(actor, action, obj):
        _deny(actor, obj, action, message)


# ---------------------------------------------------------------------------------------------
# Reporting channel
# ---------------------------------------------------------------------------------------------


@dataclass
class ReportInput:
    recipient: str
    region: Unit
    category: str
    description: str
    persons_named: list[Employee] = field(default_factory=list)
    advisor: User | None = None
    attachments: list = field(default_factory=list)
    consent: bool = False
    mode: str = Report.Mode.NAMED


def _validate_report(data: ReportInput) -> list:
    errors: dict[str, list[str]] = {}
    if data.recipient not in Report.Recipient.values:
        errors.setdefault("recipient", []).append(_("Kies bij wie u meldt."))
    if data.category not in Category.values:
        errors.setdefault("category", []).append(_("Kies een categorie."))
    if visible_length(data.description) < 10:
        errors.setdefault("description", []).append(_("Beschrijf in een paar zinnen wat er is gebeurd."))
    if data.region is None or data.region.kind not in (Unit.Kind.REGION, Unit.Kind.NATIONAL):
        errors.setdefault("region", []).append(_("Kies een eenheid."))
    if data.advisor is not None and (data.recipient != Report.Recipient.CONFIDENTIAL_ADVISOR
                                     or not policy.can(data.advisor, "confidential.register")):
        errors.setdefault("advisor", []).append(_("Kies een vertrouwenspersoon uit de lijst."))
    if len(data.attachments) > MAX_ATTACHMENTS:
        errors.setdefault("attachments", []).append(_("U kunt ten hoogste vijf bijlagen meesturen."))
    cleaned = []
    for index, upload in enumerate(data.attachments, start=1):
        try:
            cleaned.append(clean_upload(upload, index))
        except ValueError as error:
            errors.setdefault("attachments", []).append(str(error))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _create_report(data: ReportInput, *, reporter: Employee | None, mode: str, today: date) -> Report:
    cleaned = _validate_report(data)
    report = Report.objects.create(
        reference=f"tmp-{secrets.token_hex(6)}", mode=mode, recipient=data.recipient, advisor=data.advisor,
        region=data.region, category=data.category, description=data.description.strip(),
        reporter=reporter, received_on=today, consent_on=today if data.consent else None,
        consent_note=_("Gegeven bij het melden.") if data.consent else "",
    )
    # Random, not a running number (tester t34-4): a named report and an anonymous one sent just
    # after it had consecutive numbers, which tied the anonymous one to its author, and every
    # reporter could read from his number how many reports came before his.
    report.reference = _unguessable_reference(Report, f"VM{today.year}-")
    report.save(update_fields=["reference"])
    report.persons_named.set(data.persons_named)
    if not access.recipients(report):
        # Never accept a report that reaches nobody while telling the reporter to expect an answer.
        raise ValidationError({"recipient": [_(
            "Er is op dit moment niemand die deze melding kan ontvangen. Kies een andere ontvanger of "
            "neem contact op met een vertrouwenspersoon; uw tekst is bewaard.")]})
    for clean in cleaned:
        ReportAttachment.objects.create(report=report, name=clean.name, content_type=clean.content_type,
                                        content=_encrypt(clean.content))
    return report


def _encrypt(content: bytes) -> bytes:
    from .crypto import encrypt_bytes

    return encrypt_bytes(content)


def _notify_recipients(report: Report, subject: str, body: str) -> None:
    notify(access.recipients(report), subject % {"ref": report.reference}, body % {"ref": report.reference})


def submit_report(actor, data: ReportInput, today: date | None = None) -> Report:
    """A logged-in employee reports with his name, or confidentially (name only for the
    recipient)."""
    if not getattr(actor, "is_authenticated", False) or not actor.employee_id:
        raise PermissionDeniedError(_("Alleen medewerkers met een personeelsregistratie kunnen zo melden."))
    if data.mode not in (Report.Mode.NAMED, Report.Mode.CONFIDENTIAL):
        raise ValidationError({"mode": [_("Kies met naam of vertrouwelijk.")]})
    if actor.employee in data.persons_named:
        raise ValidationError({"persons_named": [_("U kunt uzelf niet als betrokkene noemen.")]})
    today = today or timezone.localdate()
    with transaction.atomic():
        report = _create_report(data, reporter=actor.employee, mode=data.mode, today=today)
        if data.mode == Report.Mode.NAMED:
            audit.record(actor, AuditAction.CREATE, report, summary=_("Melding bij het meldpunt gedaan"))
        _notify_recipients(report, _("Nieuwe melding %(ref)s"),
                           _("Er is een nieuwe melding %(ref)s voor u. Bevestig de ontvangst binnen zeven dagen."))
    return report


def submit_anonymous_report(data: ReportInput, today: date | None = None, *, client: str | None = None,
                            challenge: str = "", nonce: str = "") -> tuple[Report, str]:
    """An anonymous report: no account, no name, no metadata. Returns the report and the receipt
    code, which is shown once and not stored. From the web form `client` is the sender's rotating
    tag and (challenge, nonce) its proof of work: see `throttle` (raises Throttled or DomainError)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        if client is not None:
            proof = throttle.check_report(client, challenge, nonce)
        report = _create_report(data, reporter=None, mode=Report.Mode.ANONYMOUS, today=today)
        if client is not None:
            throttle.record_report(client, proof)
        code, key, hashed = receipt.new_code()
        Report.objects.filter(pk=report.pk).update(receipt_key=key, receipt_hash=hashed)
        report.receipt_key, report.receipt_hash = key, hashed
        # No e-mail: its time stamp (and the mail server's log) would record when the anonymous
        # reporter was at a keyboard. Recipients find the report in their tasks.
    return report, code


def _reporter_message(report: Report, body: str, consent: bool, today: date) -> ReportMessage:
    if report.closed_on:
        raise DomainError(_("Deze melding is afgesloten."))
    if visible_length(body) < 2 and not consent:
        raise ValidationError({"body": [_("Schrijf een bericht.")]})
    with transaction.atomic():
        message = None
        if body.strip():
            message = ReportMessage.objects.create(report=report, author=ReportMessage.Author.REPORTER,
                                                   body=body.strip(), sent_on=today)
        if consent and report.consent_on is None:
            Report.objects.filter(pk=report.pk).update(consent_on=today,
                                                       consent_note=_("Gegeven door de melder in een bericht."))
            report.consent_on = today
        if report.mode != Report.Mode.ANONYMOUS:
            _notify_recipients(report, _("Nieuw bericht bij melding %(ref)s"),
                               _("De melder heeft gereageerd op melding %(ref)s."))
    return message


def reply_with_receipt(code: str, body: str, consent: bool = False, today: date | None = None,
                       client: str | None = None):
    """The anonymous reporter answers; the code is checked again for every act."""
    report = receipt.find_report(code, client)
    return _reporter_message(report, body, consent, today or timezone.localdate())


def reply_as_reporter(actor, report: Report, body: str, consent: bool = False, today: date | None = None):
    if not policy.can(actor, "confidential.report.own", report):
        raise PermissionDeniedError(_("Dit is niet uw melding."))
    message = _reporter_message(report, body, consent, today or timezone.localdate())
    if report.mode == Report.Mode.NAMED:
        audit.record(actor, AuditAction.CHANGE, report, summary=_("Bericht van de melder"))
    return message


def send_message(actor, report: Report, body: str, kind: str = ReportMessage.Kind.MESSAGE,
                 today: date | None = None) -> ReportMessage:
    """A recipient writes to the reporter: a question, an update, the acknowledgement or the
    feedback on the follow-up (the last two stop the legal clocks)."""
    _require(actor, "confidential.report.handle", report, _("U mag deze melding niet behandelen."))
    if report.closed_on:
        raise DomainError(_("Deze melding is afgesloten."))
    if kind not in ReportMessage.Kind.values:
        raise ValidationError({"kind": [_("Kies een soort bericht.")]})
    if visible_length(body) < 2:
        raise ValidationError({"body": [_("Schrijf een bericht.")]})
    today = today or timezone.localdate()
    with transaction.atomic():
        message = ReportMessage.objects.create(report=report, author=ReportMessage.Author.RECIPIENT, sender=actor,
                                               kind=kind, body=body.strip(), sent_on=today)
        updates = {}
        if kind in (ReportMessage.Kind.ACKNOWLEDGEMENT, ReportMessage.Kind.FEEDBACK) and not report.acknowledged_on:
            updates.update(acknowledged_on=today, status=Report.Status.ACKNOWLEDGED)
        if kind == ReportMessage.Kind.FEEDBACK and not report.feedback_on:
            updates.update(feedback_on=today, status=Report.Status.FEEDBACK_GIVEN)
        if updates:
            Report.objects.filter(pk=report.pk).update(**updates)
            for name, value in updates.items():
                setattr(report, name, value)
        audit.record(actor, AuditAction.CHANGE, report, summary=_("Bericht aan de melder"), detail={"kind": kind})
        if report.reporter_id and report.mode != Report.Mode.ANONYMOUS:
            user = getattr(report.reporter, "user", None)
            if user:
                notify([user], _("Nieuw bericht bij uw melding %(ref)s") % {"ref": report.reference},
                       _("Er is een nieuw bericht bij uw melding %(ref)s. Lees het in VIK onder Melden.")
                       % {"ref": report.reference})
    return message


def acknowledge(actor, report: Report, today: date | None = None) -> ReportMessage:
    if report.acknowledged_on:
        raise DomainError(_("De ontvangst is al bevestigd."))
    return send_message(actor, report, _(
        "Uw melding is ontvangen en wordt behandeld. U krijgt uiterlijk drie maanden na ontvangst "
        "bericht over wat er met uw melding is gedaan. Heeft u aanvullende informatie, stuur dan een bericht."),
        ReportMessage.Kind.ACKNOWLEDGEMENT, today)


def record_consent(actor, report: Report, on: date, note: str) -> Report:
    """The recipient records that the reporter agreed to pass the report on to triage."""
    _require(actor, "confidential.report.handle", report, _("U mag deze melding niet behandelen."))
    if on > timezone.localdate():
        raise ValidationError({"on": [_("De datum ligt in de toekomst.")]})
    if visible_length(note) < 5:
        raise ValidationError({"note": [_("Leg vast hoe en waarvoor de melder toestemming gaf.")]})
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(consent_on=on, consent_note=note.strip())
        report.consent_on, report.consent_note = on, note.strip()
        audit.record(actor, AuditAction.CHANGE, report, summary=_("Toestemming melder vastgelegd"))
    return report


@dataclass
class ForwardInput:
    theme: Theme
    subjects: list[Employee]
    description: str


def forward_to_triage(actor, report: Report, data: ForwardInput):
    """The recipient turns the report into a signal for triage. Never automatic; for a report to a
    confidential advisor only with the reporter's recorded consent. The reporter's identity passes
    on only when he reported with his name."""
    if not policy.can(actor, "confidential.report.forward", report):
        if report.signal_id and policy.can(actor, "confidential.report.handle", report):
            # A second tab, or a colleague at the same moment: say what happened, not "not allowed".
            raise DomainError(_("Deze melding is al doorgezet naar triage (%(ref)s).")
                              % {"ref": report.signal.reference})
        if report.recipient == Report.Recipient.CONFIDENTIAL_ADVISOR and report.consent_on is None:
            raise DomainError(_("Zonder toestemming van de melder gaat een melding bij de vertrouwenspersoon "
                                "niet naar triage."))
        _deny(actor, report, "forward", _("U mag deze melding niet doorzetten."))
    if not data.subjects:
        raise ValidationError({"subjects": [
            _("Kies ten minste één betrokkene: een genoemde persoon of een andere medewerker.")]})
    # The betrokkene is one the reporter named or one the recipient identified from the report
    # (tester t34-10); never the reporter himself (register_signal refuses that).
    channel = {
        Report.Recipient.CONFIDENTIAL_ADVISOR: Channel.CONFIDENTIAL_ADVISOR,
        Report.Recipient.INTEGRITY_OFFICE: Channel.COLLEAGUE,
        Report.Recipient.OMBUDSMAN: Channel.OTHER,
    }[report.recipient]
    reporter, reporter_description = None, ""
    if report.mode == Report.Mode.ANONYMOUS:
        channel = Channel.ANONYMOUS
    elif report.mode == Report.Mode.NAMED:
        reporter = report.reporter
    else:
        reporter_description = (_("Vertrouwelijke melder, bekend bij de ontvanger van %(ref)s")
                                % {"ref": report.reference})
    with transaction.atomic():
        signal = register_signal(actor, SignalInput(
            received_on=report.received_on, channel=channel, region=report.region, theme=data.theme,
            description=data.description, subjects=list(data.subjects), reporter=reporter,
            reporter_description=reporter_description, source_reference=report.reference,
        ))
        Report.objects.filter(pk=report.pk).update(signal=signal)
        report.signal = signal
        audit.record(actor, AuditAction.CHANGE, report, summary=_("Doorgezet naar triage"),
                     detail={"signal": signal.pk})
    return signal


def close_report(actor, report: Report, today: date | None = None) -> Report:
    _require(actor, "confidential.report.handle", report, _("U mag deze melding niet behandelen."))
    if report.closed_on:
        raise DomainError(_("Deze melding is al afgesloten."))
    if not report.feedback_on:
        raise DomainError(_("Geef de melder eerst terugkoppeling over de opvolging."))
    today = today or timezone.localdate()
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(closed_on=today, status=Report.Status.CLOSED)
        report.closed_on, report.status = today, Report.Status.CLOSED
        audit.record(actor, AuditAction.CHANGE, report, summary=_("Melding afgesloten"))
    return report


# ---------------------------------------------------------------------------------------------
# The advisors' register
# ---------------------------------------------------------------------------------------------


@dataclass
class ContactInput:
    contact_on: date
    category: str
    reporter_type: str
    unit: Unit
    actions: list[str]
    minutes: int
    outcome: str = Contact.Outcome.ONGOING
    follow_up_on: date | None = None
    reporter_name: str = ""
    other_names: str = ""
    notes: str = ""
    # The persons the contact is about, chosen by name; stored only as pseudonyms. None: keep
    # what is stored (an edit cannot show them again); an empty list: clear.
    concerns: list[Employee] | None = None


def _contact_fields(data: ContactInput) -> dict:
    fields = {k: v for k, v in data.__dict__.items() if k != "concerns"}
    if data.concerns is not None:
        fields["concerns"] = sorted({pseudonym(e.pk) for e in data.concerns})
    return fields


def _validate_contact(data: ContactInput) -> None:
    errors: dict[str, list[str]] = {}
    if data.contact_on > timezone.localdate():
        errors.setdefault("contact_on", []).append(_("De datum ligt in de toekomst."))
    if data.unit.kind not in (Unit.Kind.REGION, Unit.Kind.DISTRICT, Unit.Kind.NATIONAL):
        errors.setdefault("unit", []).append(_("Kies een eenheid of district, geen team: het register is grof."))
    if not data.actions or any(a not in Contact.Action.values for a in data.actions):
        errors.setdefault("actions", []).append(_("Kies ten minste één actie."))
    if data.minutes > 100 * 60:
        errors.setdefault("minutes", []).append(_("Vul de tijdsbesteding in minuten in."))
    if data.follow_up_on and data.follow_up_on < data.contact_on:
        errors.setdefault("follow_up_on", []).append(_("De vervolgafspraak ligt vóór het eerste contact."))
    if errors:
        raise ValidationError(errors)


def register_contact(actor, data: ContactInput) -> Contact:
    _require(actor, "confidential.register", None, _("Alleen vertrouwenspersonen registreren contacten."))
    _validate_contact(data)
    with transaction.atomic():
        contact = Contact(advisor=actor, **_contact_fields(data))
        contact.save()
        audit.record(actor, AuditAction.CREATE, contact, summary=_("Contact geregistreerd"))
        raise_repeat_signals(contact.concerns)
    return contact


def update_contact(actor, contact: Contact, data: ContactInput, expected_state: str | None = None) -> Contact:
    """`expected_state` is the `state_token` the form was loaded with: a stale form is refused."""
    _require(actor, "confidential.contact", contact, _("Dit contact staat niet in uw register."))
    _validate_contact(data)
    with transaction.atomic():
        check_state(contact, expected_state)
        for name, value in _contact_fields(data).items():
            setattr(contact, name, value)
        contact.save()
        audit.record(actor, AuditAction.CHANGE, contact, summary=_("Contact bijgewerkt"))
        raise_repeat_signals(contact.concerns)
    return contact


# ---------------------------------------------------------------------------------------------
# Repeat concerns (stapelingssignaal): several contacts about the same person
# ---------------------------------------------------------------------------------------------

REPEAT_THRESHOLD = 2  # contacts about the same person ...
REPEAT_WINDOW_MONTHS = 12  # ... with a first contact within this many months


def repeat_window_start(today: date | None = None) -> date:
    return add_months(today or timezone.localdate(), -REPEAT_WINDOW_MONTHS)


def raise_repeat_signals(pseudonyms: list[str], today: date | None = None) -> list[RepeatSignal]:
    """A side effect of registering or changing a contact: for each person it concerns with at
    least `REPEAT_THRESHOLD` contacts in the window and no open signal, raise one (unless every
    one of those contacts was already behind the last signal, since closed) and tell the central
    advisors. Never the name: the notice and the audit record carry the reference only, and the
    advisor who registers sees nothing of it."""
    if not pseudonyms:
        return []
    today = today or timezone.localdate()
    rows = list(Contact.objects.for_repeat_check(repeat_window_start(today)))
    raised = []
    for key in pseudonyms:
        group = [row for row in rows if key in row["concerns"]]
        if len(group) < REPEAT_THRESHOLD:
            continue
        latest = max(row["id"] for row in group)
        previous = RepeatSignal.objects.filter(pseudonym=key).order_by("-pk").first()
        if previous is not None and (previous.closed_on is None or latest <= previous.last_contact_id):
            if previous.closed_on is None and latest > previous.last_contact_id:
                RepeatSignal.objects.filter(pk=previous.pk).update(last_contact_id=latest)
            continue
        try:
            with transaction.atomic():
                signal = RepeatSignal.objects.create(reference=f"tmp-{secrets.token_hex(6)}", pseudonym=key,
                                                     raised_on=today, last_contact_id=latest)
        except IntegrityError:
            continue  # another advisor's contact raised it at the same moment: one open signal per person
        # Not a running number: a gap in the numbers that a central advisor sees would tell him that
        # a signal exists that he may not see, i.e. one about himself (tester t34).
        signal.reference = _unguessable_reference(RepeatSignal, f"ST{today.year}-")
        signal.save(update_fields=["reference"])
        audit.record(None, AuditAction.CREATE, signal, summary=_("Stapelingssignaal: meerdere contacten "
                                                                  "betreffen dezelfde persoon"))
        central = access.repeat_signal_recipients(signal)
        ref = {"ref": signal.reference}
        notify(central, _("Stapelingssignaal %(ref)s") % ref,
               _("Meerdere contacten in het register van de vertrouwenspersonen betreffen dezelfde persoon "
                 "(%(ref)s). Bekijk in VIK welke vertrouwenspersonen u kunt benaderen.") % ref)
        raised.append(signal)
    return raised


REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed over


def _unguessable_reference(model, prefix: str) -> str:
    """`prefix` and six random characters, unique in `model.reference`: says nothing of order or count."""
    while True:
        reference = prefix + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        if not model.objects.filter(reference=reference).exists():
            return reference


def close_repeat_signal(actor, signal: RepeatSignal, note: str, today: date | None = None) -> RepeatSignal:
    """The central advisor records what he did (e.g. brought the advisors together) and closes it."""
    _require(actor, "confidential.repeat.view", signal, _("U mag dit signaal niet afhandelen."))
    if signal.closed_on:
        raise DomainError(_("Dit signaal is al afgehandeld."))
    if len(note.strip()) < 5:
        raise ValidationError({"note": [_("Leg kort vast wat u met het signaal hebt gedaan.")]})
    # The signal's page never shows who it is about; its note must not either (tester t37 closed
    # one with a name, a personnel number and a date).
    from .selectors import repeat_signal as summary

    shown = [name for name, _n, _last in summary(actor, signal).advisors]  # on the page already (t38)
    if problems := identifying_details(note, allowed_names=shown):
        raise ValidationError({"note": problems})
    today = today or timezone.localdate()
    with transaction.atomic():
        RepeatSignal.objects.filter(pk=signal.pk).update(closed_on=today, closed_by=actor, closing_note=note.strip())
        signal.closed_on, signal.closed_by, signal.closing_note = today, actor, note.strip()
        audit.record(actor, AuditAction.CHANGE, signal, summary=_("Stapelingssignaal afgehandeld"))
    return signal


# A district-wide session is the largest there is (a few hundred); more is a typing error that
# would skew the annual figures for good (tester t34: 99,999,999 participants accepted).
MAX_ACTIVITY_PARTICIPANTS = 2000


def record_activity(actor, *, kind: str, held_on: date, title: str, unit: Unit, participants: int) -> Activity:
    _require(actor, "confidential.register", None, _("Alleen vertrouwenspersonen leggen activiteiten vast."))
    if kind not in Activity.Kind.values:
        raise ValidationError({"kind": [_("Kies een soort activiteit.")]})
    if held_on > timezone.localdate() + timedelta(days=366):
        raise ValidationError({"held_on": [_("Kies een datum binnen een jaar.")]})
    if not 0 <= participants <= MAX_ACTIVITY_PARTICIPANTS:
        raise ValidationError({"participants": [
            _("Vul een aantal deelnemers tussen 0 en %(max)d in.") % {"max": MAX_ACTIVITY_PARTICIPANTS}]})
    with transaction.atomic():
        activity = Activity.objects.create(kind=kind, held_on=held_on, title=title.strip(), unit=unit,
                                           participants=participants, organiser=actor)
        audit.record(actor, AuditAction.CREATE, activity, summary=_("Activiteit vastgelegd"))
    return activity


def save_referral(actor, referral: Referral) -> Referral:
    _require(actor, "confidential.coordinate", None, _("De centrale vertrouwenspersoon beheert de sociale kaart."))
    with transaction.atomic():
        created = referral.pk is None
        referral.full_clean()
        referral.save()
        audit.record(actor, AuditAction.CREATE if created else AuditAction.CHANGE, referral,
                     summary=_("Sociale kaart bijgewerkt"))
    return referral


# ---------------------------------------------------------------------------------------------
# Complaints
# ---------------------------------------------------------------------------------------------


def terms_for(region: Unit) -> ComplaintTerms:
    return ComplaintTerms.objects.filter(region=region).first() or ComplaintTerms(region=region)


def complaint_deadlines(complaint: Complaint, today: date | None = None) -> dict[str, date | None]:
    """The due date of each step (see `terms`): calendar days unless the unit's regulation says
    working days (then a week counts five and every deadline is a working day). Time in mediation
    stops the advice clock; a mediation still running counts up to today."""
    terms = terms_for(complaint.region)
    working = terms.working_days
    week = 5 if working else 7
    pauses = []
    if complaint.mediation_started_on:
        end = complaint.mediation_ended_on or max(today or timezone.localdate(), complaint.mediation_started_on)
        pauses.append((complaint.mediation_started_on, end))
    received = complaint.received_on
    evaluation_from = complaint.decision_on or (complaint.mediation_ended_on if complaint.mediation_succeeded
                                                 else None)
    return {
        "acknowledgement": term_end(received, terms.acknowledgement_days, working=working),
        # A complaint resolved by mediation before its admissibility was decided owes no decision
        # on it (tester t20 saw "uiterlijk 30-10-2026" on such a complaint after its evaluation).
        "admissibility": (None if complaint.mediation_succeeded and complaint.admissibility_on is None
                          else term_end(received, terms.admissibility_days, working=working)),
        # No advice on a complaint found inadmissible or resolved by mediation (tester t12), also
        # once such a complaint is evaluated (tester t17: the deadline came back after the form).
        "advice": (None if complaint.stage == Complaint.Stage.INADMISSIBLE or complaint.mediation_succeeded
                   else term_end(received, terms.advice_weeks * week, working=working, pauses=pauses)),
        "decision": (term_end(complaint.advice_on, terms.decision_weeks * week, working=working)
                     if complaint.advice_on else None),
        "evaluation": (term_end(evaluation_from, terms.evaluation_weeks * week, working=working)
                       if evaluation_from else None),
    }


@dataclass
class ComplaintInput:
    region: Unit
    committee: Committee
    chair: User
    category: str
    received_on: date
    complainant: str
    accused: str
    summary: str


def register_complaint(actor, data: ComplaintInput) -> Complaint:
    _require(actor, "confidential.complaints", None, _("Alleen de klachtencommissie registreert klachten."))
    errors: dict[str, list[str]] = {}
    if not data.committee.members.filter(pk=actor.pk).exists():
        errors.setdefault("committee", []).append(_("U bent geen lid van deze commissie."))
    if not data.committee.regions.filter(pk=data.region.pk).exists():
        errors.setdefault("region", []).append(_("Deze commissie behandelt geen klachten uit deze eenheid."))
    if not data.committee.members.filter(pk=data.chair.pk).exists():
        errors.setdefault("chair", []).append(_("De voorzitter moet lid zijn van de commissie."))
    else:
        chair_region = access.region_of(data.chair)
        if chair_region is None or chair_region.pk == data.region.pk:
            errors.setdefault("chair", []).append(
                _("De voorzitter komt uit een andere eenheid dan die van de klacht."))
    if data.category not in Category.values:
        errors.setdefault("category", []).append(_("Kies een categorie."))
    if data.received_on > timezone.localdate():
        errors.setdefault("received_on", []).append(_("De datum ligt in de toekomst."))
    for name in ("complainant", "accused", "summary"):
        if not getattr(data, name).strip():
            errors.setdefault(name, []).append(_("Dit veld is verplicht."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        complaint = Complaint.objects.create(
            reference=_unguessable_reference(Complaint, f"KL{data.received_on.year}-"),
            **{k: (v.strip() if isinstance(v, str) else v) for k, v in data.__dict__.items()})
        audit.record(actor, AuditAction.CREATE, complaint, summary=_("Klacht ontvangen"))
        notify([u for u in data.committee.members.all() if u != actor],
               _("Nieuwe klacht %(ref)s") % {"ref": complaint.reference},
               _("De commissie heeft klacht %(ref)s ontvangen.") % {"ref": complaint.reference})
    return complaint


@dataclass
class ComplaintFiling:
    region: Unit
    category: str
    accused: str
    summary: str


def file_complaint(actor, data: ComplaintFiling, today: date | None = None) -> Complaint:
    """An employee files a formal complaint himself (the intake of the complaints committee): it
    goes to the committee that serves the unit, with a chair from another unit, and the committee
    is told. A unit without such a committee is refused with a clear message, never accepted
    silently."""
    _require(actor, "confidential.complaint.file", None, _("Alleen medewerkers kunnen een klacht indienen."))
    errors: dict[str, list[str]] = {}
    if data.category not in Category.values:
        errors.setdefault("category", []).append(_("Kies een categorie."))
    for name in ("accused", "summary"):
        if len(getattr(data, name).strip()) < 2:
            errors.setdefault(name, []).append(_("Dit veld is verplicht."))
    intake = access.committee_for(data.region) if data.region is not None else None
    if data.region is not None and intake is None:
        errors.setdefault("region", []).append(_(
            "Voor deze eenheid is nu geen klachtencommissie bereikbaar. Neem contact op met een "
            "vertrouwenspersoon; uw tekst is bewaard."))
    if errors:
        raise ValidationError(errors)
    committee, chair = intake
    today = today or timezone.localdate()
    with transaction.atomic():
        # Random like a report's reference: the employee who files it is handed it, and a running
        # number would tell him how many complaints came in since his last one.
        complaint = Complaint.objects.create(
            reference=_unguessable_reference(Complaint, f"KL{today.year}-"), region=data.region,
            committee=committee, chair=chair, category=data.category, received_on=today,
            complainant=actor.employee.full_name, accused=data.accused.strip(),
            summary=data.summary.strip(), filed_by=actor)
        audit.record(actor, AuditAction.CREATE, complaint, summary=_("Klacht ingediend door de klager"))
        ref = {"ref": complaint.reference}
        notify(list(committee.members.filter(is_active=True)), _("Nieuwe klacht %(ref)s") % ref,
               _("Er is een klacht %(ref)s ingediend bij de commissie.") % ref)
    return complaint


def _step(actor, complaint: Complaint, allowed_from: set, updates: dict, summary: str, *, action="handle"):
    _require(actor, f"confidential.complaint.{action}", complaint, _("U mag deze klacht niet behandelen."))
    if complaint.stage not in allowed_from:
        raise DomainError(_("Deze stap past niet bij de fase van de klacht (%(stage)s).")
                          % {"stage": complaint.get_stage_display()})
    with transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(**updates)
        for name, value in updates.items():
            setattr(complaint, name, value)
        audit.record(actor, AuditAction.CHANGE, complaint, summary=summary,
                     detail={"stage": complaint.stage})
    return complaint


def _not_future(on: date, complaint: Complaint | None = None) -> None:
    """A step's date is not in the future, and (with `complaint`) not before the steps it follows."""
    if on > timezone.localdate():
        raise ValidationError({"on": [_("De datum ligt in de toekomst.")]})
    if complaint is None:
        return
    earlier = [(complaint.received_on, _("de ontvangst")), (complaint.acknowledged_on, _("de ontvangstbevestiging")),
               (complaint.admissibility_on, _("het besluit over ontvankelijkheid")),
               (complaint.mediation_started_on, _("het begin van de bemiddeling")),
               (complaint.mediation_ended_on, _("het einde van de bemiddeling")),
               (complaint.hearing_on, _("de hoorzitting")), (complaint.advice_on, _("het advies")),
               (complaint.decision_on, _("het besluit"))]
    for day, what in earlier:
        if day is not None and on < day:
            raise ValidationError({"on": [_("Deze datum ligt vóór %(what)s (%(day)s); de stappen volgen elkaar op.")
                                          % {"what": what, "day": day.strftime("%d-%m-%Y")}]})


S = Complaint.Stage


def acknowledge_complaint(actor, complaint: Complaint, on: date) -> Complaint:
    _not_future(on, complaint)
    return _step(actor, complaint, {S.RECEIVED}, {"acknowledged_on": on, "stage": S.ACKNOWLEDGED},
                 _("Ontvangst klacht bevestigd"))


def decide_admissibility(actor, complaint: Complaint, admissible: bool, on: date, reason: str) -> Complaint:
    _not_future(on, complaint)
    if not admissible and visible_length(reason) < 10:
        raise ValidationError({"reason": [_("Motiveer waarom de klacht niet-ontvankelijk is.")]})
    updates = {"admissibility_on": on, "admissibility_reason": reason.strip(),
               "stage": S.ADMISSIBLE if admissible else S.INADMISSIBLE}
    if not complaint.acknowledged_on:
        updates["acknowledged_on"] = on
    return _step(actor, complaint, {S.RECEIVED, S.ACKNOWLEDGED}, updates, _("Besluit over ontvankelijkheid"))


def start_mediation(actor, complaint: Complaint, on: date) -> Complaint:
    """Mediation as the alternative route; the advice clock stops while it runs."""
    _not_future(on, complaint)
    if complaint.mediation_started_on:
        raise DomainError(_("Er is al bemiddeld in deze klacht."))
    updates = {"mediation_started_on": on, "stage": S.MEDIATION}
    # Mediation starts with the complainant: his receipt is confirmed by then, as with a decision on
    # admissibility (tester t37: a complaint resolved by mediation kept an open acknowledgement term
    # that would fall overdue, and a failed mediation went back to "bevestigd" without a date).
    if not complaint.acknowledged_on:
        updates["acknowledged_on"] = on
    return _step(actor, complaint, {S.RECEIVED, S.ACKNOWLEDGED, S.ADMISSIBLE}, updates, _("Bemiddeling gestart"))


def end_mediation(actor, complaint: Complaint, on: date, succeeded: bool, note: str) -> Complaint:
    _not_future(on, complaint)
    if complaint.mediation_started_on and on < complaint.mediation_started_on:
        raise ValidationError({"on": [_("De bemiddeling kan niet eindigen voordat zij begon.")]})
    if visible_length(note) < 5:
        raise ValidationError({"note": [_("Leg kort vast wat de bemiddeling opleverde.")]})
    if succeeded:
        stage = S.RESOLVED
    else:
        stage = S.ADMISSIBLE if complaint.admissibility_on else S.ACKNOWLEDGED
    return _step(actor, complaint, {S.MEDIATION},
                 {"mediation_ended_on": on, "mediation_succeeded": succeeded, "mediation_note": note.strip(),
                  "stage": stage}, _("Bemiddeling beëindigd"))


def record_follow_up(actor, complaint: Complaint, on: date, note: str) -> Complaint:
    """The committee records what it did with the further action the evaluation asked for
    (question 8 of the form goes to the committee): the complaint's last task."""
    _not_future(on, complaint)
    if not (complaint.evaluation or {}).get("further_action_needed"):
        raise DomainError(_("Bij de evaluatie van deze klacht is geen nadere actie gevraagd."))
    if complaint.follow_up_on is not None:
        raise DomainError(_("De nadere actie is al afgehandeld op %(on)s.")
                          % {"on": complaint.follow_up_on.strftime("%d-%m-%Y")})
    if complaint.evaluation_on and on < complaint.evaluation_on:
        raise ValidationError({"on": [_("Deze datum ligt vóór de evaluatie.")]})
    if visible_length(note) < 5:
        raise ValidationError({"note": [_("Leg kort vast wat er met de nadere actie is gedaan.")]})
    with transaction.atomic():
        # Once, also from two tabs: only a complaint whose follow-up is still open is updated.
        if not Complaint.objects.select_for_update().filter(pk=complaint.pk, follow_up_on__isnull=True).exists():
            raise DomainError(_("De nadere actie is intussen al afgehandeld."))
        return _step(actor, complaint, {S.EVALUATED}, {"follow_up_on": on, "follow_up_note": note.strip()},
                     _("Nadere actie na de evaluatie afgehandeld"))


def record_hearing(actor, complaint: Complaint, on: date, complainant_heard: bool, accused_heard: bool,
                   note: str) -> Complaint:
    """Hearing of both sides in a closed session."""
    _not_future(on, complaint)
    if not (complainant_heard and accused_heard):
        raise ValidationError({"accused_heard": [_("Hoor en wederhoor: beide partijen moeten zijn gehoord.")]})
    if visible_length(note) < 10:
        raise ValidationError({"note": [_("Leg het verslag van de besloten zitting vast.")]})
    return _step(actor, complaint, {S.ADMISSIBLE}, {"hearing_on": on, "hearing_note": note.strip(),
                                                   "stage": S.HEARD}, _("Hoorzitting vastgelegd"))


def give_advice(actor, complaint: Complaint, on: date, advice: str, text: str) -> Complaint:
    _not_future(on, complaint)
    if advice not in Complaint.Advice.values:
        raise ValidationError({"advice": [_("Kies een advies.")]})
    if visible_length(text) < 10:
        raise ValidationError({"text": [_("Motiveer het advies.")]})
    complaint = _step(actor, complaint, {S.HEARD}, {"advice_on": on, "advice": advice, "advice_text": text.strip(),
                                                    "stage": S.ADVISED}, _("Advies aan de korpschef"))
    from .selectors import chiefs_for

    notify(chiefs_for(complaint), _("Advies klachtencommissie %(ref)s") % {"ref": complaint.reference},
           _("De klachtencommissie heeft geadviseerd over klacht %(ref)s; uw besluit wordt verwacht.")
           % {"ref": complaint.reference})
    return complaint


def record_decision(actor, complaint: Complaint, on: date, follows_advice: bool, text: str) -> Complaint:
    _not_future(on, complaint)
    if visible_length(text) < 10:
        raise ValidationError({"text": [_("Beschrijf het besluit en de maatregelen.")]})
    return _step(actor, complaint, {S.ADVISED}, {"decision_on": on, "decision_follows_advice": follows_advice,
                                                 "decision_text": text.strip(), "decided_by": actor,
                                                 "stage": S.DECIDED},
                 _("Besluit van de korpschef"), action="decide")


def record_evaluation(actor, complaint: Complaint, on: date, **answers) -> Complaint:
    """The evaluation form filled in with the complainant after the procedure (`evaluation`): the
    questions of the example form (findings, measures, consequences for both sides, his view of
    the solution and of the procedure, further action, earlier attempts, the procedure chosen,
    what happens to the form) and its proposed extension (relations with colleagues, pleasure in
    the work). `answers` are the fields of `evaluation.EvaluationInput`."""
    import json

    from . import evaluation

    _not_future(on, complaint)
    answers_in = evaluation.EvaluationInput(**answers)
    closed, texts = evaluation.clean(answers_in, complaint, on)
    return _step(actor, complaint, {S.DECIDED, S.RESOLVED},
                 {"evaluation_on": on, "evaluation_recorded_at": timezone.now(),
                  "evaluation": closed, "evaluation_note": answers_in.note.strip(),
                  "evaluation_texts": json.dumps(texts, ensure_ascii=False) if texts else "",
                  "stage": S.EVALUATED},
                 _("Evaluatie met klager"))


# ---------------------------------------------------------------------------------------------
# Retention
# ---------------------------------------------------------------------------------------------

RETENTION_YEARS = 5


def apply_retention(today: date | None = None) -> dict[str, int]:
    """Delete what the privacy regulation says is past its term: register contacts five years after
    the first contact (and repeat-concern signals five years after they were raised), closed reports
    and finished complaints five years after closing. Counts in published annual reports are not
    affected. Audited as one system event."""
    today = today or timezone.localdate()
    limit = add_months(today, -12 * RETENTION_YEARS)
    with transaction.atomic():
        contact_ids = [row["id"] for row in Contact.objects.for_retention() if row["contact_on"] < limit]
        contacts = Contact._base_manager.filter(pk__in=contact_ids).delete()[0]
        reports = Report.objects.filter(closed_on__lt=limit).delete()[0]
        complaints = Complaint.objects.filter(
            models.Q(evaluation_on__lt=limit) | models.Q(evaluation_on__isnull=True, decision_on__lt=limit)
            | models.Q(stage=Complaint.Stage.INADMISSIBLE, admissibility_on__lt=limit)).delete()[0]
        # A repeat-concern signal holds a pseudonym: it goes with the contacts of its time.
        repeat_signals = RepeatSignal.objects.filter(raised_on__lt=limit).delete()[0]
        counts = {"contacts": contacts, "reports": reports, "complaints": complaints,
                  "repeat_signals": repeat_signals}
        audit.record(None, AuditAction.DELETE, object_type="confidential", summary=_("Bewaartermijn toegepast"),
                     detail=counts)
    return counts

"""Writes of prevention work: dilemma sets, dilemma sessions, team climate checks, and the register
of integrity activities with their evaluation.

Votes, climate answers and evaluation responses are counted, never stored per person (see the models' docstring), and
they are deliberately not written to the audit trail: an audit record with a time and a name next
to a counter that moved would undo the anonymity. Everything else is audited as usual.
"""

import re
import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.audit import services as audit
from vik.audit.models import AuditAction
from vik.core.anonymity import PERSONNEL_NUMBER, identifying_details, personnel_numbers_in
from vik.core.concurrency import check_state
from vik.core.errors import DomainError, PermissionDeniedError
from vik.core.text import visible_length

from . import climate, evaluation
from .models import (
    Activity,
    ActivityFormat,
    AgreedAction,
    AttentionPoint,
    ClimateCheck,
    ClimateParticipation,
    ClimateTally,
    Dilemma,
    DilemmaSet,
    EvaluationComment,
    EvaluationTally,
    Participant,
    Perspective,
    Round,
    RoundParticipation,
    Session,
)

# No 0/O, 1/I/L: the code is read aloud and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# A session can be joined for this long after it started (a working day); then the code expires.
JOIN_WINDOW_HOURS = 12


def _require(actor, action: str, obj, message: str) -> None:
    if not policy.can(actor, action, obj):
        audit.record_denied(actor, obj if getattr(obj, "pk", None) else None,
                            object_type="prevention", why=action)
        raise PermissionDeniedError(message)


# --- dilemma sets -------------------------------------------------------------------------------


# The parts of a dilemma set that one form edits (for its state token).
SET_PARTS = ("dilemmas",)


@transaction.atomic
def save_dilemma_set(actor, dilemma_set: DilemmaSet, dilemmas: list[dict],
                     expected_state: str | None = None) -> DilemmaSet:
    """Save a set with its dilemmas. `dilemmas` holds dicts with the Dilemma fields and, for
    existing ones, `instance` and `delete`."""
    _require(actor, "prevention.edit", dilemma_set, _("Alleen redacteuren mogen dilemmasets wijzigen."))
    check_state(dilemma_set, expected_state, SET_PARTS)
    created = dilemma_set.pk is None
    dilemma_set.full_clean()
    dilemma_set.save()
    for data in dilemmas:
        dilemma = data.get("instance") or Dilemma(dilemma_set=dilemma_set)
        if data.get("delete"):
            if dilemma.pk:
                dilemma.delete()
            continue
        if not data.get("situation"):
            continue
        for field in ("order", "situation", "option_a", "option_b", "option_c", "discussion"):
            if field in data:
                setattr(dilemma, field, data[field] if data[field] is not None else "")
        dilemma.dilemma_set = dilemma_set
        dilemma.full_clean()
        dilemma.save()
    if not dilemma_set.dilemmas.exists():
        raise ValidationError(_("Een dilemmaset heeft ten minste één dilemma nodig."))
    audit.record(actor, AuditAction.CREATE if created else AuditAction.CHANGE, dilemma_set,
                 summary=_("Dilemmaset opgeslagen: %(title)s") % {"title": dilemma_set.title})
    return dilemma_set


# --- dilemma sessions ---------------------------------------------------------------------------


def _new_code() -> str:
    """A code no dilemma session and no activity's evaluation uses (participants type both)."""
    for _attempt in range(20):
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not Session.objects.filter(code=code).exists() and not Activity.objects.filter(code=code).exists():
            return code
    raise DomainError(_("Er kon geen vrije deelnamecode worden gemaakt. Probeer het opnieuw."))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


@transaction.atomic
def start_session(actor, dilemma_set: DilemmaSet, title: str, team=None) -> Session:
    _require(actor, "prevention.facilitate", None, _("U mag geen dilemmasessie starten."))
    if not dilemma_set.active or not dilemma_set.dilemmas.exists():
        raise DomainError(_("Deze dilemmaset is niet beschikbaar."))
    if team is not None and not policy.can(actor, "prevention.session.team", team):
        raise ValidationError({"team": [_("U kunt alleen een sessie voor uw eigen team houden.")]})
    session = Session.objects.create(code=_new_code(), title=title or dilemma_set.title, team=team,
                                     dilemma_set=dilemma_set, facilitator=actor)
    audit.record(actor, AuditAction.CREATE, session, summary=_("Dilemmasessie gestart"))
    return session


def find_joinable_session(code: str) -> Session:
    code = normalise_code(code)
    session = Session.objects.filter(code=code).first() if len(code) == CODE_LENGTH else None
    too_old = session and (timezone.now() - session.created_at).total_seconds() > JOIN_WINDOW_HOURS * 3600
    if session is None or session.is_ended or too_old:
        raise DomainError(_("Er is geen lopende sessie met deze code. Controleer de code bij de gespreksleider."))
    return session


@transaction.atomic
def join_session(code: str) -> Participant:
    """A device joins: no name, no account. Returns the participant to remember in the browser
    session."""
    session = Session.objects.select_for_update().get(pk=find_joinable_session(code).pk)
    number = (session.participants.aggregate(n=Max("number"))["n"] or 0) + 1
    return Participant.objects.create(session=session, number=number)


def _require_runner(actor, session: Session) -> None:
    _require(actor, "prevention.session.run", session, _("Alleen de gespreksleider kan deze sessie leiden."))
    if session.is_ended:
        raise DomainError(_("Deze sessie is afgelopen."))


def next_dilemma(session: Session) -> Dilemma | None:
    played = session.rounds.values_list("dilemma_id", flat=True)
    return session.dilemma_set.dilemmas.exclude(pk__in=played).order_by("order", "id").first()


@transaction.atomic
def open_round(actor, session: Session, perspective: str = Perspective.OWN, dilemma: Dilemma | None = None) -> Round:
    """Show the next dilemma (or `dilemma`) to everyone; choosing starts."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    _require_runner(actor, session)
    current = session.current_round
    if current is not None and not current.is_revealed:
        raise DomainError(_("Onthul eerst de keuzes van het huidige dilemma."))
    if perspective not in Perspective.values:
        raise ValidationError({"perspective": _("Kies een geldige rol.")})
    dilemma = dilemma or next_dilemma(session)
    if dilemma is None or dilemma.dilemma_set_id != session.dilemma_set_id:
        raise DomainError(_("Alle dilemma’s van deze set zijn besproken."))
    number = (session.rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    round_ = Round.objects.create(session=session, dilemma=dilemma, number=number, perspective=perspective)
    session.current_round = round_
    session.save(update_fields=["current_round"])
    return round_


@transaction.atomic
def cast_vote(participant: Participant, round_: Round, choice: str) -> None:
    """Count one secret choice. A participant chooses once per round; the choice is not stored
    with him."""
    if choice not in {"a", "b", "c"}:
        raise DomainError(_("Kies A, B of C."))
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    session = round_.session
    if participant.session_id != session.pk or session.current_round_id != round_.pk or session.is_ended:
        raise DomainError(_("Dit dilemma staat niet meer open."))
    if round_.is_revealed:
        raise DomainError(_("De keuzes zijn al onthuld; je kunt niet meer kiezen."))
    try:
        with transaction.atomic():
            RoundParticipation.objects.create(round=round_, participant=participant)
    except IntegrityError as error:
        raise DomainError(_("Je hebt bij dit dilemma al gekozen.")) from error
    Round.objects.filter(pk=round_.pk).update(**{f"count_{choice}": F(f"count_{choice}") + 1})


@transaction.atomic
def reveal(actor, session: Session) -> Round:
    session = Session.objects.select_for_update().get(pk=session.pk)
    _require_runner(actor, session)
    round_ = session.current_round
    if round_ is None:
        raise DomainError(_("Er staat geen dilemma open."))
    if not round_.is_revealed:
        round_.revealed_at = timezone.now()
        round_.save(update_fields=["revealed_at"])
    return round_


@transaction.atomic
def save_notes(actor, session: Session, notes: str, round_notes: dict[int, str]) -> None:
    _require(actor, "prevention.session.run", session, _("Alleen de gespreksleider kan deze sessie leiden."))
    session.notes = notes
    session.save(update_fields=["notes"])
    for round_ in session.rounds.all():
        if round_.pk in round_notes:
            round_.note = round_notes[round_.pk]
            round_.save(update_fields=["note"])


@transaction.atomic
def end_session(actor, session: Session) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    _require_runner(actor, session)
    current = session.current_round
    if current is not None and not current.is_revealed:
        current.revealed_at = timezone.now()
        current.save(update_fields=["revealed_at"])
    session.ended_at = timezone.now()
    session.save(update_fields=["ended_at"])
    audit.record(actor, AuditAction.CHANGE, session, summary=_("Dilemmasessie afgerond"),
                 detail={"rounds": session.rounds.count(), "participants": session.participants.count()})
    return session


# --- team climate check -------------------------------------------------------------------------


@transaction.atomic
def start_climate_check(actor, team, *, label: str, opens_on: date, closes_on: date,
                        previous: ClimateCheck | None = None) -> ClimateCheck:
    _require(actor, "prevention.climate.start", team,
             _("U mag alleen voor uw eigen team een teamklimaatcheck starten."))
    if team.kind != team.Kind.TEAM:
        raise ValidationError({"team": _("Kies een team.")})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("De sluitingsdatum ligt vóór de openingsdatum.")})
    if previous is not None and previous.team_id != team.pk:
        raise DomainError(_("Een herhaalmeting hoort bij hetzelfde team."))
    check = ClimateCheck.objects.create(
        team=team, label=label, opens_on=opens_on, closes_on=closes_on, previous=previous,
        kind=ClimateCheck.Kind.REPEAT if previous else ClimateCheck.Kind.BASELINE,
        questions=climate.questions_snapshot(), questionnaire=climate.QUESTIONNAIRE_VERSION, created_by=actor)
    ClimateTally.objects.bulk_create(ClimateTally(check_run=check, key=q["key"]) for q in check.questions)
    audit.record(actor, AuditAction.CREATE, check, summary=_("Teamklimaatcheck gestart"))
    return check


@transaction.atomic
def submit_climate_answers(actor, check: ClimateCheck, answers: dict[str, bool]) -> None:
    """Count one team member's answers. Only the counters move; that he answered is recorded
    without his answers and without a time."""
    check = ClimateCheck.objects.select_for_update().get(pk=check.pk)
    if not policy.can(actor, "prevention.climate.answer", check):
        raise DomainError(_("Je kunt deze vragenlijst niet (meer) invullen."))
    keys = [q["key"] for q in check.questions]
    if set(answers) != set(keys):
        raise ValidationError(_("Beantwoord alle vragen met ja of nee."))
    try:
        with transaction.atomic():
            ClimateParticipation.objects.create(check_run=check, user=actor)
    except IntegrityError as error:
        raise DomainError(_("Je hebt deze vragenlijst al ingevuld.")) from error
    for key in keys:
        column = "yes" if answers[key] else "no"
        ClimateTally.objects.filter(check_run=check, key=key).update(**{column: F(column) + 1})
    ClimateCheck.objects.filter(pk=check.pk).update(respondents=F("respondents") + 1)


@transaction.atomic
def close_climate_check(actor, check: ClimateCheck) -> ClimateCheck:
    _require(actor, "prevention.climate.manage", check, _("U mag deze teamklimaatcheck niet beheren."))
    if check.closed_at is None:
        check.closed_at = timezone.now()
        check.save(update_fields=["closed_at"])
        audit.record(actor, AuditAction.CHANGE, check, summary=_("Teamklimaatcheck gesloten"))
    return check


def team_names_in(check: ClimateCheck, text: str) -> list[str]:
    """The first names and surnames of the check's team (its members and its chief) that `text`
    contains, in any capitals: in a team of ten a first name alone says who it is (tester t47:
    "Karin roddelt" and "Broek, Karin" passed the check, which refuses first names alone only as
    part of a full name since in the whole force they are as often other people; tester t48:
    "gerrit" and "GERRIT" passed). A teammate whose name is also a word ("Roos") makes the
    manager rephrase: the message names what was found."""
    from vik.accounts.models import Employee

    people = Employee.objects.filter(unit=check.team).values_list("first_name", "surname")
    found = []
    for first, surname in people:
        for name in (first, surname.split()[-1] if surname else ""):
            if len(name) >= 3 and re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, re.IGNORECASE):
                found.append(name)
    return sorted(set(found))


def _outside_the_team(check: ClimateCheck, owner: str, actor) -> list[str]:
    """The employees named in `owner` who are neither in the check's team nor its chief (the
    manager of its members) nor the actor himself."""
    from vik.accounts.models import Employee
    from vik.core.anonymity import employee_names_in

    # "Surname, First name" as written in registers (tester t49) read as "First name Surname" too.
    turned = " ".join(f"{after.strip()} {before.strip()}" for before, after in
                      re.findall(r"([^,;]+),([^,;]+)", owner))
    named = employee_names_in(f"{owner} ; {turned}" if turned else owner)
    for before, after in re.findall(r"([^,;]+),([^,;]+)", owner):  # "Achterveld, Gerrit (van)"
        words = after.split()
        if words and before.strip():
            named += [f"{e.first_name} {e.surname}" for e in Employee.objects.filter(
                first_name__iexact=words[0]).filter(
                Q(surname__iexact=before.strip()) | Q(surname__iendswith=" " + before.strip()))]
    # A name on its own ("Jansen", "Bas"): in this field it names a person, not a word. It is one
    # of the team when someone of the team (or its chief, or the actor) bears it; someone else's
    # when only people outside do (tester t51: a surname alone of another team's colleague passed).
    lone = [part.strip() for part in re.split(r"[,;/]|\ben\b", owner)
            if re.fullmatch(r"[A-ZÀ-Þ][\w'-]{2,}", part.strip())]
    if not named and not lone:
        return []
    members = Employee.objects.filter(unit=check.team)
    chiefs = Employee.objects.filter(pk__in=members.exclude(manager=None).values("manager"))
    ours = [*members, *chiefs, *([actor.employee] if actor.employee_id else [])]
    allowed = {f"{e.first_name} {e.surname}".lower() for e in ours}
    own_words = {w for e in ours for w in (e.first_name.lower(), e.surname.split()[-1].lower() if e.surname else "")}
    for word in lone:
        if word.lower() not in own_words and Employee.objects.filter(
                Q(first_name__iexact=word) | Q(surname__iexact=word) | Q(surname__iendswith=" " + word)).exists():
            named.append(word)
    initials = {f"{n.split()[0][0]}. {n.split(' ', 1)[1]}" for n in allowed if " " in n}
    outside = list(dict.fromkeys(
        name for name in named if name.lower() not in allowed and name.lower() not in initials
        and not any(len(name.split()) > 1 and a.endswith(" " + name.lower()) for a in allowed)))
    # One mention per person (tester t50: "Bas van Dijk, van Dijk, Bas Dijk, Bas van Dijk"): a
    # name whose words all occur in a longer name found is that person.
    words = {name: set(name.lower().split()) for name in outside}
    return [name for name in outside
            if not any(other != name and words[name] < words[other] for other in outside)]


@transaction.atomic
def add_attention_point(actor, check: ClimateCheck, text: str) -> AttentionPoint:
    _require(actor, "prevention.climate.manage", check, _("U mag deze teamklimaatcheck niet beheren."))
    if not visible_length(text):
        raise ValidationError({"text": _("Beschrijf het aandachtspunt.")})
    # The points are the team's, read by the team: the answers are anonymous, and a point must not
    # name who said or did what (session-18 note: no anonymity check, as the respondents' comments have).
    if problems := identifying_details(text, extra_names=team_names_in(check, text)):
        raise ValidationError({"text": problems})
    if AttentionPoint.objects.filter(check_run=check, text=text.strip()).exists():
        raise DomainError(_("Dit aandachtspunt staat er al."))  # sent twice (tester t47: two tabs)
    point = AttentionPoint.objects.create(check_run=check, text=text.strip(), created_by=actor)
    audit.record(actor, AuditAction.CREATE, point, summary=_("Aandachtspunt vastgelegd"))
    return point


@transaction.atomic
def remove_attention_point(actor, point: AttentionPoint) -> int:
    """Remove an attention point (a typing error, a point the team dropped); the agreed actions
    made on it stay, without it (tester t49: a point could be neither changed nor removed). Returns
    how many actions lost their point."""
    _require(actor, "prevention.climate.manage", point.check_run, _("U mag deze teamklimaatcheck niet beheren."))
    kept = point.actions.count()
    audit.record(actor, AuditAction.DELETE, point, summary=_("Aandachtspunt verwijderd"),
                 detail={"check": point.check_run_id, "actions_kept": kept})
    point.delete()
    return kept


@transaction.atomic
def agree_action(actor, check: ClimateCheck, *, description: str, owner: str, follow_up_on: date,
                 point: AttentionPoint | None = None) -> AgreedAction:
    _require(actor, "prevention.climate.manage", check, _("U mag deze teamklimaatcheck niet beheren."))
    if point is not None and point.check_run_id != check.pk:
        raise DomainError(_("Dit aandachtspunt hoort bij een andere meting."))
    # The owner is named on purpose (who follows it up), and is someone of the team or its chief
    # (tester t47: a colleague of another team was made the owner of "stops gossiping").
    if PERSONNEL_NUMBER.search(owner) or personnel_numbers_in(set(re.findall(r"\d{5,}", owner))):
        raise ValidationError({"owner": [_("Noem de uitvoerder bij naam of rol, niet bij personeelsnummer.")]})
    if outsiders := _outside_the_team(check, owner, actor):
        raise ValidationError({"owner": [
            _("Kies als uitvoerder iemand uit het team of de teamchef; %(names)s hoort niet bij dit "
              "team.") % {"names": ", ".join(outsiders)}]})
    # The description is about the team, and names nobody, not even its owner: the owner stands
    # beside it, and "Karin stopt met roddelen" tells the team who gossiped (tester t49).
    if problems := identifying_details(description, extra_names=team_names_in(check, description)):
        raise ValidationError({"description": [*problems, _(
            "Wie de afspraak uitvoert, vult u in bij ‘Wie’; beschrijf hier alleen wat er gebeurt, "
            "zonder namen.")]})
    def same(text: str) -> str:  # "teamoverleg:  Fouten bespreken." is "Teamoverleg: fouten bespreken"
        return " ".join(text.split()).casefold().rstrip(".!;, ")

    if any(same(d) == same(description) and same(o) == same(owner)
           for d, o in check.actions.values_list("description", "owner")):
        # at the field, with what was typed kept (tester t52: the form came back empty)
        raise ValidationError({"description": [_("Deze afspraak staat er al.")]})  # sent twice (t50)
    action = AgreedAction.objects.create(check_run=check, point=point, description=description,
                                         owner=owner, follow_up_on=follow_up_on, created_by=actor)
    audit.record(actor, AuditAction.CREATE, action, summary=_("Afspraak vastgelegd"))
    return action


@transaction.atomic
def complete_action(actor, action: AgreedAction, on: date) -> AgreedAction:
    _require(actor, "prevention.climate.manage", action.check_run, _("U mag deze teamklimaatcheck niet beheren."))
    if action.done_on is not None:
        # A second tab (tester t51: "Afgerond" said so again and moved the date).
        raise DomainError(_("Deze afspraak is al afgerond op %(d)s.") % {"d": action.done_on.strftime("%d-%m-%Y")})
    action.done_on = on
    action.save(update_fields=["done_on"])
    audit.record(actor, AuditAction.CHANGE, action, summary=_("Afspraak afgerond"))
    return action


# --- register of integrity activities and their evaluation --------------------------------------

# A theatre show for a whole district had some 530 attendees; more than this is a typing error.
MAX_PARTICIPANTS = 2000


def _activity_errors(*, held_on: date, title: str, format: str, facilitator: str, participants: int,
                     today: date, least: int = 1) -> dict[str, str]:
    errors = {}
    if held_on > today:
        errors["held_on"] = _("Deze datum ligt in de toekomst. Registreer een activiteit als die is gehouden.")
    if format not in ActivityFormat.values:
        errors["format"] = _("Kies een werkvorm.")
    if not 1 <= participants <= MAX_PARTICIPANTS:
        errors["participants"] = _("Vul een aantal deelnemers in van 1 tot en met %(max)s.") % {
            "max": MAX_PARTICIPANTS}
    elif participants < least:
        errors["participants"] = _("Er zijn al %(n)s reacties op de evaluatie; er waren dus minstens zoveel "
                                   "deelnemers.") % {"n": least}
    if not title.strip():
        errors["title"] = _("Beschrijf het onderwerp.")
    if not facilitator.strip():
        errors["facilitator"] = _("Vul in wie de activiteit begeleidde.")
    return errors


def register_activity(actor, team, *, held_on: date, title: str, format: str, facilitator: str,
                      participants: int, theme=None, note: str = "", today: date | None = None) -> Activity:
    """Record that `team` held an integrity activity; it gets a code for its evaluation. The
    permission is checked before the transaction, so that a refusal stays in the audit trail."""
    _require(actor, "prevention.activity.register", team,
             _("U mag alleen voor uw eigen team een activiteit registreren."))
    errors = _activity_errors(held_on=held_on, title=title, format=format, facilitator=facilitator,
                              participants=participants, today=today or timezone.localdate())
    if team.kind != team.Kind.TEAM:
        errors["team"] = _("Kies een team.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        activity = Activity.objects.create(
            team=team, held_on=held_on, title=title.strip(), theme=theme, format=format,
            facilitator=facilitator.strip(), participants=participants, note=note.strip(), code=_new_code(),
            registered_by=actor)
        EvaluationTally.objects.bulk_create(EvaluationTally(activity=activity, key=key, score=score)
                                            for key in evaluation.KEYS for score in evaluation.SCORES)
        audit.record(actor, AuditAction.CREATE, activity, summary=_("Preventieactiviteit geregistreerd"))
    return activity


def correct_activity(actor, activity: Activity, *, held_on: date, title: str, format: str, facilitator: str,
                     participants: int, theme=None, note: str = "", today: date | None = None,
                     expected_state: str | None = None) -> Activity:
    """Correct what was registered (the team stays). Never fewer participants than responses.
    `expected_state`: the `state_token` the form was loaded with; ConcurrentEditError when the
    activity changed since (tester t17: a second tab silently undid a correction)."""
    _require(actor, "prevention.activity.manage", activity, _("U mag deze activiteit niet wijzigen."))
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        check_state(activity, expected_state)
        errors = _activity_errors(held_on=held_on, title=title, format=format, facilitator=facilitator,
                                  participants=participants, today=today or timezone.localdate(),
                                  least=activity.responses)
        if errors:
            raise ValidationError(errors)
        before = {"held_on": activity.held_on.isoformat(), "format": activity.format,
                  "participants": activity.participants}
        activity.held_on, activity.title, activity.format = held_on, title.strip(), format
        activity.facilitator, activity.participants = facilitator.strip(), participants
        activity.theme, activity.note = theme, note.strip()
        activity.save()
        audit.record(actor, AuditAction.CHANGE, activity, summary=_("Preventieactiviteit gecorrigeerd"),
                     detail={"before": before})
    return activity


def find_evaluation(code: str, today: date | None = None) -> Activity:
    """The activity whose evaluation `code` opens, while it is open."""
    code = normalise_code(code)
    activity = Activity.objects.filter(code=code).first() if len(code) == CODE_LENGTH else None
    if activity is None or not evaluation.is_open(activity.held_on, today or timezone.localdate()):
        raise DomainError(_("Er is geen open evaluatie met deze code. Controleer de code bij de begeleider."))
    return activity


@transaction.atomic
def submit_evaluation(activity: Activity, scores: dict[str, int], comment: str = "",
                      today: date | None = None) -> None:
    """Count one participant's evaluation. Anonymous: no account, no time, no link between his
    scores and his comment, and no audit record (see the module docstring). His answers wait as
    pending until they complete a batch of `evaluation.MIN_RESPONSES` with others; then the whole
    batch is published at once (see `evaluation`)."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if not evaluation.is_open(activity.held_on, today or timezone.localdate()):
        raise DomainError(_("De evaluatie van deze activiteit is gesloten."))
    if not evaluation.has_room(activity.responses, activity.participants):
        raise DomainError(_("Er zijn al net zoveel reacties als deelnemers. Meer reacties zijn niet mogelijk."))
    if set(scores) != set(evaluation.KEYS) or any(v not in evaluation.SCORES for v in scores.values()):
        raise ValidationError(_("Geef bij elke stelling een score van 1 tot en met 5."))
    for key, score in scores.items():
        EvaluationTally.objects.filter(activity=activity, key=key, score=score).update(pending=F("pending") + 1)
    comment = comment.strip()[:evaluation.COMMENT_MAX]
    if comment:
        EvaluationComment.objects.create(activity=activity, text=comment)
    responses = activity.responses + 1
    updates = {"responses": responses}
    if evaluation.batch_complete(responses - activity.published_responses):
        # The batch is complete: its scores and comments are published together, in this same
        # transaction under the activity's lock, so no reading ever sees part of a batch.
        EvaluationTally.objects.filter(activity=activity).update(count=F("count") + F("pending"), pending=0)
        EvaluationComment.objects.filter(activity=activity, released=False).update(released=True)
        updates["published_responses"] = responses
    Activity.objects.filter(pk=activity.pk).update(**updates)

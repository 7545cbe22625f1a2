"""Deterministic, fully synthetic demo content for confidential work.

Call `seed(today)` after the main demo (`vik seed_demo`) has created the organisation. It adds the
demo logins of confidential work, reports to the reporting channel (including an anonymous report
with an exchange, readable with the fixed demo receipt code below), three years of register
contacts across the units so the annual report shows trends, three contacts of two advisors about
one colleague (a repeat-concern signal for the central advisor), activities, the referral directory,
a complaints committee, a complaint in every stage and eleven evaluated complaints of the past months
(enough for the evaluation figures to be published). Everything goes through the services, so it
passes the same validation and audit trail as real work. Running it twice changes nothing.
"""

import random
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vik.accounts.models import Employee, Role, Unit, User

from . import services
from .models import Activity, Category, Committee, Complaint, ComplaintTerms, Referral, Report
from .receipt import KEY_LENGTH, normalise
from .selectors import chiefs_for

SEED = 20261
DEMO_PASSWORD = "demo-vik-2026"
DEMO_COMMITTEE = "Interregionale klachtencommissie ongewenst gedrag"
# Demo only: lets the audience open the demo's anonymous report. Real codes are never stored.
DEMO_RECEIPT_CODE = "DEMV-KAAN-NXEM-MELD-PUNT-2K26-WXYZ"

LOGINS = [
    # username, role, first name, surname, in the first region (True) or another one (False)
    ("vertrouwenspersoon", Role.CONFIDENTIAL_ADVISOR, "Marit", "Verhoef", True),
    ("vertrouwenspersoon-centraal", Role.CONFIDENTIAL_ADVISOR_CENTRAL, "Joost", "Hendriksen", True),
    ("meldpunt", Role.INTEGRITY_OFFICE, "Selma", "Aydin", True),
    ("klachtencommissie", Role.COMPLAINTS_COMMITTEE, "Renate", "Bakker", True),
    ("korpschef", Role.CHIEF, "Willem", "Oosterhuis", True),
    # Helpers without a login of their own (unusable password): a chair from another unit and a
    # decentral advisor in another unit, so the committee and the aggregates are realistic.
    ("klachtencommissie-voorzitter", Role.COMPLAINTS_COMMITTEE, "Ingrid", "Mulder", False),
    ("vertrouwenspersoon-2", Role.CONFIDENTIAL_ADVISOR, "Arjen", "Postma", False),
]
LOGIN_NAMES = {u for u, *_rest in LOGINS[:5]}

REFERRALS = [
    ("Bedrijfsmaatschappelijk werk", "Steun bij persoonlijke en werkgerelateerde problemen", "088-0000101"),
    ("Geestelijk verzorger", "Gesprek in vertrouwen, met beroepsgeheim", "088-0000102"),
    ("Bedrijfsarts", "Gezondheid en werk, verzuim", "088-0000103"),
    ("Ombudsfunctionaris politie", "Onafhankelijk, direct toegang tot de korpsleiding", "088-0000104"),
    ("Slachtofferhulp Nederland", "Steun na een misdrijf, ook bij aangifte", "0900-0000105"),
    ("Juridisch loket", "Gratis juridisch advies", "0900-0000106"),
    ("Landelijk steunpunt discriminatie", "Advies en registratie bij discriminatie", "0900-0000107"),
]


def _team_units() -> tuple[Unit, Unit]:
    first = Unit.objects.filter(kind=Unit.Kind.TEAM).order_by("code").first()
    if first is None:
        raise RuntimeError("Run the main demo seed first: there is no team to place the demo users in.")
    other = next((u for u in Unit.objects.filter(kind=Unit.Kind.TEAM).order_by("code")
                  if u.region.pk != first.region.pk), first)
    return first, other


def _ensure_users(home: Unit, away: Unit) -> dict[str, User]:
    users = {}
    password = make_password(DEMO_PASSWORD)
    for index, (username, role, first, surname, at_home) in enumerate(LOGINS, start=1):
        unit = home if at_home else away
        employee, _created = Employee.objects.get_or_create(
            personnel_number=f"VK{index:05d}",
            defaults={"first_name": first, "surname": surname, "unit": unit, "rank": "medewerker"},
        )
        user, created = User.objects.get_or_create(username=username, defaults={
            "first_name": first, "last_name": surname, "employee": employee,
            "email": f"{username}@vik-demo.invalid"})
        if created:
            user.password = password if username in LOGIN_NAMES else make_password(None)
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role))
        users[username] = user
    return users


def seed(today: date | None = None) -> dict:
    """Add the confidential-work demo content; idempotent. Returns a short summary."""
    today = today or timezone.localdate()
    home, away = _team_units()
    with transaction.atomic():
        users = _ensure_users(home, away)
        if Committee.objects.filter(name=DEMO_COMMITTEE).exists():
            return {"created": False, "receipt_code": DEMO_RECEIPT_CODE}
        rng = random.Random(SEED)
        _referrals(users)
        _activities(users, home, away, today)
        _contacts(users, rng, home, away, today)
        _reports(users, rng, home, today)
        _complaints(users, home, away, today)
        _history(users, rng, today)
    return {"created": True, "receipt_code": DEMO_RECEIPT_CODE}


def _referrals(users) -> None:
    for name, description, phone in REFERRALS:
        services.save_referral(users["vertrouwenspersoon-centraal"],
                               Referral(name=name, description=description, phone=phone))


def _activities(users, home, away, today) -> None:
    plan = [
        (Activity.Kind.INTERVISION, "Intervisie vertrouwenspersonen", 8),
        (Activity.Kind.TRAINING, "Training gesprekstechniek", 12),
        (Activity.Kind.INFORMATION, "Voorlichting ongewenst gedrag basisteam", 25),
        (Activity.Kind.INFORMATION, "Voorlichting voor nieuwe medewerkers", 30),
        (Activity.Kind.CONSULTATION, "Overleg centrale en decentrale vertrouwenspersonen", 9),
    ]
    for years_back in (2, 1, 0):
        year = today.year - years_back
        for month, (kind, title, participants) in zip((2, 4, 6, 9, 11), plan, strict=True):
            held_on = date(year, month, 14)
            if held_on > today:
                continue
            unit = (home if month % 2 else away).region
            services.record_activity(users["vertrouwenspersoon-centraal"], kind=kind, held_on=held_on,
                                     title=title, unit=unit, participants=participants + years_back)


CATEGORY_WEIGHTS = [
    (Category.INTIMIDATION, 30), (Category.VERBAL_AGGRESSION, 20), (Category.SEXUAL_HARASSMENT, 14),
    (Category.DISCRIMINATION, 14), (Category.INTEGRITY, 8), (Category.PHYSICAL_AGGRESSION, 5),
    (Category.OTHER, 5), (Category.CRIME, 2), (Category.VANDALISM, 2),
]
ACTION_SETS = [
    ["conversation"], ["conversation", "advice"], ["conversation", "referral"], ["conversation", "mediation"],
    ["conversation", "advice", "complaint"], ["conversation", "criminal_report"],
]
OUTCOME_FOR = {"conversation": "resolved", "advice": "resolved", "referral": "referred",
               "mediation": "mediation_ok", "complaint": "complaint_filed", "criminal_report": "reported"}


def _contacts(users, rng, home, away, today) -> None:
    districts = [u for u in Unit.objects.filter(kind=Unit.Kind.DISTRICT).order_by("code")] or [home.region]
    categories = [c for c, _w in CATEGORY_WEIGHTS]
    weights = [w for _c, w in CATEGORY_WEIGHTS]
    # Growing a little each year: the register is used more as trust in it grows.
    for years_back, count in ((2, 34), (1, 41), (0, 0)):
        year = today.year - years_back
        if years_back == 0:
            count = max(6, int(48 * (today.timetuple().tm_yday / 365)))
        for n in range(count):
            start = date(year, 1, 1)
            span = ((today if year == today.year else date(year, 12, 31)) - start).days
            contact_on = start + timedelta(days=rng.randint(0, max(span, 0)))
            advisor = users["vertrouwenspersoon"] if n % 3 else users["vertrouwenspersoon-2"]
            actions = rng.choice(ACTION_SETS)
            recent = (today - contact_on).days < 30
            outcome = "ongoing" if recent else OUTCOME_FOR[actions[-1]]
            if outcome == "mediation_ok" and rng.random() < 0.3:
                outcome = "mediation_failed"
            services.register_contact(advisor, services.ContactInput(
                contact_on=contact_on, category=rng.choices(categories, weights)[0],
                reporter_type=rng.choice(["employee"] * 6 + ["manager", "witness", "trainee", "external"]),
                unit=rng.choice(districts), actions=actions, minutes=rng.choice([45, 60, 90, 120, 180, 240]),
                outcome=outcome, follow_up_on=(contact_on + timedelta(days=14)) if recent else None,
            ))
    _repeat_concern(users, home, today)
    services.register_contact(users["vertrouwenspersoon"], services.ContactInput(
        contact_on=today - timedelta(days=3), category=Category.SEXUAL_HARASSMENT, reporter_type="employee",
        unit=home.region, actions=["conversation", "advice"], minutes=75, follow_up_on=today + timedelta(days=7),
        reporter_name="Fenna de Waard", other_names="Collega van de nachtdienst (naam bij melder bekend)",
        notes="Melder twijfelt tussen bemiddeling en een formele klacht; bedenktijd afgesproken.",
    ))


def _repeat_concern(users, home, today) -> None:
    """Three contacts, with two advisors, about one colleague: the central advisor gets a repeat-concern
    signal (stapelingssignaal) that names neither him nor the reporters."""
    logins = [u.employee_id for u in users.values() if u.employee_id]
    concerned = Employee.objects.filter(unit=home).exclude(pk__in=logins).order_by("-personnel_number").first()
    if concerned is None:
        return
    for days_ago, login, category in ((200, "vertrouwenspersoon-2", Category.INTIMIDATION),
                                      (75, "vertrouwenspersoon", Category.VERBAL_AGGRESSION),
                                      (12, "vertrouwenspersoon", Category.INTIMIDATION)):
        services.register_contact(users[login], services.ContactInput(
            contact_on=today - timedelta(days=days_ago), category=category, reporter_type="employee",
            unit=home.region, actions=["conversation", "advice"], minutes=60, concerns=[concerned],
            notes="Melder wil (nog) geen vervolg; gedrag van dezelfde collega als eerder genoemd."))


def _team_members(home, exclude) -> list[Employee]:
    return list(Employee.objects.filter(unit=home).exclude(pk__in=exclude).order_by("personnel_number")[:6])


def _reports(users, rng, home, today) -> None:
    staff = {u.employee_id for u in users.values()}
    people = _team_members(home, staff)
    if len(people) < 4:
        people = list(Employee.objects.exclude(pk__in=staff).order_by("personnel_number")[:6])
    region = home.region
    office, advisor = users["meldpunt"], users["vertrouwenspersoon"]

    # 1. Anonymous, with a two-way exchange (open it with DEMO_RECEIPT_CODE).
    anonymous, _code = services.submit_anonymous_report(services.ReportInput(
        recipient=Report.Recipient.INTEGRITY_OFFICE, region=region, category=Category.INTEGRITY,
        description="Een collega zoekt volgens mij in de systemen informatie op over zijn ex-partner en haar "
                    "nieuwe vriend. Ik heb het schermbeeld twee keer gezien tijdens de avonddienst.",
        persons_named=[people[0]]), today=today - timedelta(days=20))
    raw = normalise(DEMO_RECEIPT_CODE)
    Report.objects.filter(pk=anonymous.pk).update(receipt_key=raw[:KEY_LENGTH],
                                                  receipt_hash=make_password(raw[KEY_LENGTH:]))
    services.acknowledge(office, anonymous, today=today - timedelta(days=18))
    services.send_message(office, anonymous, "Dank voor uw melding. Weet u ongeveer op welke data dit was, en "
                          "in welk systeem?", "question", today=today - timedelta(days=18))
    services.reply_with_receipt(DEMO_RECEIPT_CODE, "Het was in de week voor de feestdagen, twee avonden achter "
                                "elkaar, in BVH.", today=today - timedelta(days=15))
    services.send_message(office, anonymous, "Dank u. We bekijken nu of dit naar het triageteam moet. U hoort "
                          "binnen drie maanden wat we ermee hebben gedaan.", "message",
                          today=today - timedelta(days=14))

    # 2. Confidential report to the advisor, consent given: ready to pass on to triage.
    services.submit_report(_reporter_user(people[1]), services.ReportInput(
        recipient=Report.Recipient.CONFIDENTIAL_ADVISOR, region=region, category=Category.INTIMIDATION,
        description="Mijn groepschef maakt mij al maanden belachelijk tijdens de briefing en deelt mij "
                    "structureel in voor de onaantrekkelijkste diensten.",
        persons_named=[people[2]], advisor=advisor, consent=True, mode=Report.Mode.CONFIDENTIAL),
        today=today - timedelta(days=40))

    # 3. Named report at the integrity office; acknowledgement is overdue (shows as a task).
    services.submit_report(_reporter_user(people[3]), services.ReportInput(
        recipient=Report.Recipient.INTEGRITY_OFFICE, region=region, category=Category.INTEGRITY,
        description="Bij de inkoop van nieuwe fietsen voor het team lijkt een bevriende leverancier steeds "
                    "de opdracht te krijgen zonder vergelijking van offertes.",
        persons_named=[people[0]], mode=Report.Mode.NAMED), today=today - timedelta(days=10))

    # 4. An older report, feedback given and closed.
    old = services.submit_report(_reporter_user(people[3]), services.ReportInput(
        recipient=Report.Recipient.INTEGRITY_OFFICE, region=region, category=Category.DISCRIMINATION,
        description="Er hangt in de kantine een poster met kwetsende teksten over nieuwkomers.",
        mode=Report.Mode.NAMED), today=today - timedelta(days=120))
    services.acknowledge(office, old, today=today - timedelta(days=117))
    services.send_message(office, old, "De poster is verwijderd en de teamchef heeft het onderwerp in het "
                          "teamoverleg besproken. Dank voor uw melding.", "feedback", today=today - timedelta(days=60))
    services.close_report(office, old, today=today - timedelta(days=59))


def _reporter_user(employee: Employee) -> User:
    """A reporter needs an account to report with his name; demo reporters get one without a
    usable password."""
    user = getattr(employee, "user", None)
    if user is None:
        user = User.objects.create(username=f"demo-melder-{employee.personnel_number.lower()}",
                                   employee=employee, password=make_password(None))
    return user


def _complaints(users, home, away, today) -> None:
    region, other_region = home.region, away.region
    ComplaintTerms.objects.get_or_create(region=region)
    if other_region.pk != region.pk:
        ComplaintTerms.objects.get_or_create(region=other_region, defaults={"working_days": True})
    committee = Committee.objects.create(name=DEMO_COMMITTEE)
    # The committee serves every unit, so no unit's complaints reach a dead end.
    committee.regions.set(Unit.objects.filter(kind__in=[Unit.Kind.REGION, Unit.Kind.NATIONAL]))
    committee.members.set([users["klachtencommissie"], users["klachtencommissie-voorzitter"]])
    member, chair, chief = users["klachtencommissie"], users["klachtencommissie-voorzitter"], users["korpschef"]
    stories = [
        ("Herhaaldelijk seksueel getinte opmerkingen in de groepsapp van het team.", Category.SEXUAL_HARASSMENT),
        ("Buitensluiten bij de dienstindeling en het delen van vernederende foto's.", Category.INTIMIDATION),
        ("Schelden en schreeuwen tijdens een overdracht waar collega's bij waren.", Category.VERBAL_AGGRESSION),
        ("Opmerkingen over afkomst bij een sollicitatiegesprek voor een interne functie.", Category.DISCRIMINATION),
    ]
    S = Complaint.Stage
    target_stages = [S.RECEIVED, S.ACKNOWLEDGED, S.INADMISSIBLE, S.ADMISSIBLE, S.MEDIATION, S.RESOLVED, S.HEARD,
                     S.ADVISED, S.DECIDED, S.EVALUATED]
    for index, stage in enumerate(target_stages):
        received = today - timedelta(days=3 + index * 9)
        summary, category = stories[index % len(stories)]
        complaint = services.register_complaint(member, services.ComplaintInput(
            region=region, committee=committee, chair=chair, category=category, received_on=received,
            complainant=f"Klager {index + 1} (demo)", accused=f"Aangeklaagde {index + 1} (demo)", summary=summary))
        _walk(complaint, stage, member, chief, received, today)
    _evaluated_history(committee, member, chair, chief, region, today)


def _walk(c, stage, member, chief, received, today) -> None:
    S = Complaint.Stage

    def day(n):
        return min(received + timedelta(days=n), today)

    if stage == S.RECEIVED:
        return
    services.acknowledge_complaint(member, c, day(1))
    if stage == S.ACKNOWLEDGED:
        return
    if stage == S.INADMISSIBLE:
        services.decide_admissibility(member, c, False, day(5), "De gedraging valt buiten de klachtenregeling: "
                                      "het gaat om een arbeidsvoorwaardelijk geschil.")
        return
    if stage in (S.MEDIATION, S.RESOLVED):
        services.start_mediation(member, c, day(3))
        if stage == S.RESOLVED:
            services.end_mediation(member, c, day(20), True, "Excuses aangeboden en afspraken over de "
                                   "samenwerking vastgelegd.")
        return
    services.decide_admissibility(member, c, True, day(5), "")
    if stage == S.ADMISSIBLE:
        return
    services.record_hearing(member, c, day(25), True, True, "Klager en aangeklaagde apart gehoord in besloten "
                            "zitting; beide verklaringen vastgelegd.")
    if stage == S.HEARD:
        return
    services.give_advice(member, c, day(38), Complaint.Advice.FOUNDED, "De commissie acht de klacht gegrond en "
                         "adviseert een schriftelijke berisping en een gesprek over gedrag in de groepsapp.")
    if stage == S.ADVISED:
        return
    services.record_decision(chief, c, day(50), True, "Conform advies: schriftelijke berisping en begeleid "
                             "gesprek met de teamchef.")
    if stage == S.DECIDED:
        return
    services.record_evaluation(member, c, day(70), **EVALUATIONS[0])


# Varied but fixed answers of the evaluation form, so the coordination page shows its figures.
EVALUATIONS = [
    {"outcome_score": 4, "procedure_score": 3, "tried_before": True, "further_action_needed": False,
     "note": "Klager vond de procedure lang maar zorgvuldig.",
     "findings": "De opmerkingen in de groepsapp zijn door meerdere collega's bevestigd.",
     "measures": "Schriftelijke berisping en een begeleid gesprek met de teamchef.",
     "complainant_consequences": ["none"], "accused_consequences": ["disciplinary"],
     "accused_consequence_detail": "schriftelijke berisping",
     "outcome_opinion": "Tevreden dat het gedrag is benoemd.", "procedure_opinion": "Duurde lang.",
     "earlier_attempt_result": "Zelf aangesproken; het gedrag hield daarna niet op.",
     "procedure": "complaint", "filed": "archived", "colleagues_score": 4, "work_pleasure_score": 3,
     "agreed_by_complainant": True},
    {"outcome_score": 2, "procedure_score": 4, "tried_before": False, "further_action_needed": True,
     "further_action": "Teamgesprek over omgangsvormen laten begeleiden door de vertrouwenspersoon.",
     "complainant_consequences": ["transfer"], "complainant_consequence_detail": "op eigen verzoek",
     "accused_consequences": ["warning"], "procedure": "complaint", "filed": "submitted",
     "colleagues_score": 2, "work_pleasure_score": 2, "agreed_by_complainant": True},
    {"outcome_score": 5, "procedure_score": 5, "tried_before": True, "further_action_needed": False,
     "complainant_consequences": ["none"], "accused_consequences": ["order_measure"], "procedure": "complaint",
     "filed": "archived", "colleagues_score": 5, "work_pleasure_score": 4, "agreed_by_complainant": True},
    {"outcome_score": 3, "procedure_score": 3, "tried_before": False, "further_action_needed": False,
     "complainant_consequences": ["none"], "accused_consequences": ["warning"], "procedure": "complaint",
     "filed": "archived", "colleagues_score": 3, "work_pleasure_score": 4, "agreed_by_complainant": False},
]
HISTORY = 11  # evaluated complaints of the past months: enough for the figures to be published


def _evaluated_history(committee, member, chair, chief, region, today) -> None:
    """Complaints evaluated in the past months, in this year when the year is old enough."""
    span = max(min(today.timetuple().tm_yday - 10, 330), 60)
    for i in range(HISTORY):
        evaluated = today - timedelta(days=10 + i * (span // HISTORY))
        received = evaluated - timedelta(days=70)
        complaint = services.register_complaint(member, services.ComplaintInput(
            region=region, committee=committee, chair=chair, category=CATEGORY_CYCLE[i % len(CATEGORY_CYCLE)],
            received_on=received, complainant=f"Klager H{i + 1} (demo)", accused=f"Aangeklaagde H{i + 1} (demo)",
            summary="Afgehandelde klacht uit de afgelopen maanden."))
        _walk(complaint, Complaint.Stage.DECIDED, member, chief, received, today)
        services.record_evaluation(member, complaint, evaluated, **EVALUATIONS[i % len(EVALUATIONS)])


CATEGORY_CYCLE = [Category.INTIMIDATION, Category.VERBAL_AGGRESSION, Category.SEXUAL_HARASSMENT,
                  Category.DISCRIMINATION]


# Two years of finished complaints and reports in every unit, so that the dashboard's view of
# complaints and the reporting channel (and the annual report) has figures to publish. Their
# terms are met or missed at random; all people and texts are fictitious.
HISTORY_COMPLAINTS = 90
HISTORY_REPORTS = 100
HISTORY_TEXTS = [
    "Een collega maakt in de wandelgangen steeds kleinerende opmerkingen over een andere collega.",
    "Bij de verdeling van overuren krijgen steeds dezelfde vrienden van de planner de voorkeur.",
    "In de kleedruimte worden grappen gemaakt over de geaardheid van een nieuwe collega.",
    "Een leidinggevende dreigt met een slechte beoordeling als er geen extra diensten worden gedraaid.",
]


def _history(users, rng, today) -> None:
    committee = Committee.objects.get(name=DEMO_COMMITTEE)
    member, chair_away, chief = users["klachtencommissie"], users["klachtencommissie-voorzitter"], users["korpschef"]
    regions = list(Unit.objects.filter(kind__in=[Unit.Kind.REGION, Unit.Kind.NATIONAL]).order_by("name"))
    away_region = chair_away.employee.unit.region
    categories = list(Category.values)
    advices = list(Complaint.Advice.values)
    for i in range(HISTORY_COMPLAINTS):
        region = regions[i % len(regions)]
        received = today - timedelta(days=90 + rng.randrange(640))
        c = services.register_complaint(member, services.ComplaintInput(
            region=region, committee=committee, chair=member if region.pk == away_region.pk else chair_away,
            category=rng.choice(categories), received_on=received, complainant=f"Klager G{i + 1} (demo)",
            accused=f"Aangeklaagde G{i + 1} (demo)", summary=rng.choice(HISTORY_TEXTS)))
        acknowledged = received + timedelta(days=rng.choice([1, 2, 2, 3, 6]))
        services.acknowledge_complaint(member, c, acknowledged)
        ending = rng.choices(["inadmissible", "mediated", "advice"], weights=[2, 3, 8])[0]
        if ending == "inadmissible":
            services.decide_admissibility(member, c, False, acknowledged + timedelta(days=rng.choice([2, 4, 9])),
                                          "De klacht valt buiten de klachtenregeling.")
            continue
        if ending == "mediated":
            services.start_mediation(member, c, acknowledged + timedelta(days=1))
            services.end_mediation(member, c, received + timedelta(days=rng.choice([15, 25, 40])), True,
                                   "Afspraken over de samenwerking vastgelegd.")
            continue
        services.decide_admissibility(member, c, True, acknowledged + timedelta(days=rng.choice([1, 3, 4, 8])), "")
        services.record_hearing(member, c, received + timedelta(days=24), True, True,
                                "Beide partijen apart gehoord in besloten zitting.")
        advised = received + timedelta(days=rng.choice([32, 38, 40, 41, 55]))
        services.give_advice(member, c, advised, rng.choice(advices),
                             "De commissie heeft beide kanten gewogen en brengt haar advies uit.")
        deciding = chief if chief in chiefs_for(c) else next(iter(chiefs_for(c)), None)
        if deciding is not None:  # the chief responsible for the complaint's unit decides
            services.record_decision(deciding, c, advised + timedelta(days=rng.choice([10, 20, 27, 35])), True,
                                     "Conform advies.")
    reporters = [_reporter_user(e) for e in Employee.objects.filter(user__isnull=True, is_manager=False)
                 .exclude(personnel_number__startswith="VK").order_by("personnel_number")[:12]]
    recipients = [Report.Recipient.INTEGRITY_OFFICE] * 5 + [Report.Recipient.OMBUDSMAN] * 3
    for i in range(HISTORY_REPORTS):
        received = today - timedelta(days=110 + rng.randrange(620))
        try:
            report = services.submit_report(reporters[i % len(reporters)], services.ReportInput(
                recipient=rng.choice(recipients), region=regions[i % len(regions)], category=rng.choice(categories),
                description=rng.choice(HISTORY_TEXTS),
                mode=rng.choice([Report.Mode.NAMED, Report.Mode.CONFIDENTIAL])), today=received)
        except ValidationError:  # nobody receives reports of that unit in this data: none made there
            continue
        acknowledged = received + timedelta(days=rng.choice([1, 3, 5, 6, 9]))
        feedback = received + timedelta(days=rng.choice([30, 60, 85, 100]))
        # Earlier work, recorded as it ended (the messages themselves are not part of the history).
        Report.objects.filter(pk=report.pk).update(
            acknowledged_on=acknowledged, feedback_on=feedback, closed_on=feedback + timedelta(days=1),
            status=Report.Status.CLOSED)

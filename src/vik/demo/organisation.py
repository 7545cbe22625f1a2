"""A deterministic, fully synthetic demo organisation for `vik seed_demo`.

Everything here is invented: units, people, signals and cases. The organisation (units,
employees, users) is inserted directly because VIK has no services for it; every signal, triage
decision and case act goes through the service functions, so the data passes the same validation,
permission checks and audit trail as real work. Dates the services stamp with "now" (registration,
triage decision, line report, access decision, membership) are moved back afterwards with a
queryset update so the history reads realistically.

The random generator has a fixed seed and all dates are relative to `timezone.localdate()`, so two
runs on the same day on empty databases give the same data.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from vik import policy
from vik.accounts.models import Employee, Role, Unit, User
from vik.care import services as care
from vik.care.models import CareDesk
from vik.core.workdays import aanzegging_warnings, add_working_days, is_working_day
from vik.investigations import services as inv
from vik.investigations.models import (
    AccessRequest,
    ArchivalCategory,
    Case,
    CaseType,
    DelayReason,
    Document,
    Hearing,
    Measure,
    Member,
    Outcome,
    StatusType,
    StatusUpdate,
    Step,
    Track,
    Voornemen,
)
from vik.signals import services as sig
from vik.signals.models import Channel, Signal, Theme
from vik.triage import demo as national_demo
from vik.triage import services as tri
from vik.triage.models import Criterion, NationalDecision, Route, TriageDecision, TriageSession

SEED = 20260
DEMO_PASSWORD = "demo-vik-2026"
HISTORY_DAYS = 548  # about 18 months

# username, role, description shown at the end of the seed (Dutch: it is for the demo audience)
DEMO_LOGINS = [
    ("triage", Role.TRIAGE, "Triagelid, VIK-team eenheid Noordkust"),
    ("lt.triage1", Role.TRIAGE, "Landelijk triagelid: wachtrij van de landelijke triage"),
    ("onderzoeker", Role.INVESTIGATOR_DISCIPLINARY, "Onderzoeker disciplinair, VIK Noordkust"),
    ("rechercheur", Role.INVESTIGATOR_CRIMINAL, "Onderzoeker strafrechtelijk, VIK Noordkust"),
    ("bevoegdgezag", Role.COMPETENT_AUTHORITY, "Bevoegd gezag, eenheidschef Noordkust"),
    ("leidinggevende", Role.LINE_MANAGER, "Teamchef basisteam Havenmond-Centrum"),
    ("zorg", Role.CARE_CONTACT, "Zorgcontactpersoon, team Personeelszorg Noordkust"),
    ("beleid", Role.POLICY, "Beleidsmedewerker integriteit, korpsstaf"),
    ("auditor", Role.AUDITOR, "Auditor (inzage audittrail)"),
    ("beheer", Role.ADMIN, "Functioneel beheerder VIK"),
    ("beheer2", Role.ADMIN, "Tweede functioneel beheerder (vier ogen bij vernietiging)"),
    ("soc", Role.SOC_ANALYST, "SOC-analist protective monitoring"),
    ("soc2", Role.SOC_ANALYST, "Tweede SOC-analist (vier ogen bij onthulling)"),
    ("medewerker", None, "Medewerker zonder VIK-rol (hulp, melden, preventie)"),
]

FIRST_NAMES = [
    "Anouk", "Bram", "Daan", "Eva", "Fleur", "Gijs", "Hanna", "Iris", "Jasper", "Joris", "Kees",
    "Lotte", "Maarten", "Noor", "Olaf", "Pien", "Quinten", "Roos", "Sander", "Tess", "Ruben",
    "Femke", "Wouter", "Yara", "Lieke", "Thijs", "Sanne", "Niels", "Mirjam", "Koen", "Esmee",
    "Bas", "Ilse", "Jeroen", "Marloes", "Stijn", "Anne", "Dirk", "Lisa", "Mark", "Nadia",
    "Youssef", "Samira", "Mehmet", "Priya", "Kevin", "Chantal", "Wim", "Ingrid", "Henk",
    "Marieke", "Floor", "Tim", "Laura", "Rik", "Vera", "Hugo", "Julia", "Bart", "Sophie",
    "Ayoub", "Dewi", "Gerrit", "Hatice", "Jelle", "Karin", "Luuk", "Merel", "Nina", "Pieter",
]
SURNAME_PARTS_A = [
    "Berg", "Brink", "Veld", "Hof", "Dijk", "Broek", "Kamp", "Hout", "Meer", "Bosch", "Wal",
    "Zand", "Horst", "Beek", "Linde", "Weide", "Heuvel", "Rade", "Voort", "Laan",
]
SURNAME_PREFIXES = ["van den ", "van der ", "van de ", "ten ", "ter ", "de ", "van ", "", "", ""]
SURNAME_SUFFIXES = ["", "", "man", "er", "stra", "ing", "huis", "sma", "ink", "veld"]

MEMBER_RANKS = [("aspirant", 4), ("surveillant", 6), ("agent", 18), ("hoofdagent", 36),
                ("brigadier", 22), ("rechercheur", 8), ("medewerker bedrijfsvoering", 6)]

REGIONS = [
    # code, name, district names, basic teams per district
    ("R1", "Eenheid Noordkust", ["Havenmond", "Veenoord", "Lindewijk"], 3),
    ("R2", "Eenheid Rivierenrand", ["Oeverstad", "Brugdam"], 4),
    ("R3", "Eenheid Heuvelrand", ["Heidebergen", "Kempenrade", "Maasveld"], 3),
]
REGION_SHARE = {"R1": 165, "R2": 120, "R3": 95, "NAT": 20}
TEAM_SUFFIXES = ["Centrum", "Noord", "Zuid", "West", "Oost"]

THEME_TEXT = {
    "gifts": "Betrokkene zou van een horecaondernemer in het werkgebied regelmatig gratis "
             "maaltijden en een cadeaubon hebben aangenomen.",
    "private_contacts": "Betrokkene zou privécontacten onderhouden met een persoon die bekend "
                        "is in het criminele milieu en daarover niets hebben gemeld.",
    "financial_interests": "Betrokkene zou financiële belangen hebben in een bedrijf dat "
                           "opdrachten van de eenheid ontvangt.",
    "use_of_force": "Bij een aanhouding zou betrokkene meer geweld hebben gebruikt dan nodig "
                    "was; het geweld is niet volledig gerapporteerd.",
    "off_duty": "Betrokkene zou buiten diensttijd tijdens een uitgaansavond zijn politiepas "
                "hebben getoond om toegang te krijgen.",
    "side_jobs": "Betrokkene zou een niet gemelde nevenfunctie hebben als beveiliger bij een "
                 "evenementenbureau.",
    "information": "Betrokkene zou vertrouwelijke informatie uit een dossier hebben gedeeld in "
                   "een privé-appgroep.",
    "invitations": "Betrokkene zou een uitnodiging voor een buitenlandse studiereis van een "
                   "leverancier hebben aangenomen zonder toestemming.",
    "social_media": "Betrokkene zou op sociale media denigrerende berichten over burgers hebben "
                    "geplaatst, herkenbaar als politiemedewerker.",
    "truthful_reporting": "Betrokkene zou uren en declaraties hebben opgevoerd voor diensten "
                          "die niet zijn gedraaid.",
    "suppliers": "Betrokkene zou bij een aanbesteding een bevriende leverancier hebben "
                 "voorgetrokken.",
    "verbal_aggression": "Betrokkene zou een collega tijdens de briefing herhaaldelijk hebben "
                         "uitgescholden.",
    "physical_aggression": "Betrokkene zou een collega in de kleedruimte hebben geduwd na een "
                           "woordenwisseling.",
    "intimidation": "Meerdere collega's melden dat betrokkene een teamlid structureel buitensluit "
                    "en kleineert.",
    "sexual_harassment": "Betrokkene zou een stagiair ongewenste berichten met seksuele "
                         "toespelingen hebben gestuurd.",
    "discrimination": "Betrokkene zou in het bijzijn van burgers discriminerende opmerkingen "
                      "hebben gemaakt.",
    "vandalism": "Betrokkene zou opzettelijk schade hebben toegebracht aan een dienstvoertuig.",
    "crime": "Betrokkene zou betrokken zijn bij de verkoop van gestolen goederen via een "
             "online marktplaats.",
    "corruption": "Betrokkene zou tegen betaling een bekeuring hebben laten vervallen.",
    "leaking": "Informatie over een geplande doorzoeking zou vooraf bij de verdachte bekend "
               "zijn geweest; betrokkene had toegang tot het onderzoek.",
    "system_misuse": "Betrokkene zou zonder zakelijke aanleiding gegevens van buren en een "
                     "bekende Nederlander in de politiesystemen hebben bevraagd.",
}
CONTEXT_TEXT = [
    "Het voorval speelde zich af tijdens een nachtdienst.",
    "Er zijn twee collega's die het voorval hebben gezien.",
    "De melder heeft schermafbeeldingen aangeleverd.",
    "Het zou niet de eerste keer zijn.",
    "De melder wil graag weten wat er met de melding gebeurt.",
    "Het gaat om een periode van enkele maanden.",
    "Er is nog geen contact geweest met betrokkene.",
]
CHANNEL_WEIGHTS = [
    (Channel.MANAGER, 26), (Channel.COLLEAGUE, 18), (Channel.CONFIDENTIAL_ADVISOR, 7),
    (Channel.CITIZEN_COMPLAINT, 16), (Channel.PROTECTIVE_MONITORING, 12),
    (Channel.PROSECUTOR, 6), (Channel.ANONYMOUS, 10), (Channel.OTHER, 5),
]
CHANNEL_THEMES = {
    Channel.PROTECTIVE_MONITORING: ["system_misuse", "information", "leaking"],
    Channel.PROSECUTOR: ["crime", "corruption", "leaking", "private_contacts"],
    Channel.CITIZEN_COMPLAINT: ["use_of_force", "discrimination", "verbal_aggression",
                                "off_duty", "social_media"],
}
ROUTE_WEIGHTS = [
    (Route.NO_ACTION, 17), (Route.LINE, 30), (Route.ORIENTING, 12), (Route.DISCIPLINARY, 27),
    (Route.CRIMINAL, 8), (Route.NATIONAL, 6),
]
RATIONALE = {
    Route.NO_ACTION: "De gedraging valt binnen de normen; er is geen aanwijzing voor "
                     "plichtsverzuim. Melder wordt geïnformeerd.",
    Route.LINE: "Lichte gedraging zonder recidive; de leidinggevende kan dit in een lijngesprek "
                "afhandelen en koppelt terug aan de triage.",
    Route.ORIENTING: "De feiten zijn nog onvoldoende duidelijk; een oriënterend onderzoek moet "
                     "uitwijzen of een disciplinair onderzoek nodig is.",
    Route.DISCIPLINARY: "Ernstige gedraging met voldoende aanwijzingen voor plichtsverzuim; "
                        "disciplinair onderzoek is proportioneel.",
    Route.CRIMINAL: "Er is een redelijk vermoeden van een strafbaar feit; de zaak wordt "
                    "overgedragen aan het OM en de Rijksrecherche.",
    Route.NATIONAL: "Complexe zaak die meerdere eenheden raakt; voorgelegd aan de landelijke "
                    "triage en het LTIO.",
}
ROUTE_SCORES = {
    Route.NO_ACTION: 0, Route.LINE: 1, Route.ORIENTING: 1, Route.DISCIPLINARY: 2,
    Route.CRIMINAL: 3, Route.NATIONAL: 3,
}
CASE_TYPE_FOR_ROUTE = {
    Route.ORIENTING: "orienting", Route.DISCIPLINARY: "disciplinary", Route.CRIMINAL: "criminal",
}
REPRESENTATIVES = ["raadsman (advocaat)", "vakbondsjurist", "vertrouwenspersoon",
                   "collega als bijstand", ""]
UPDATE_TEXTS = [
    "Geen nieuws: het onderzoek loopt nog, volgende stap is het horen van getuigen.",
    "De planning en de verwachte duur van het onderzoek toegelicht.",
    "Gesprek over welzijn en werkhervatting; onderzoek loopt volgens plan.",
    "Laten weten dat de rapportage in voorbereiding is.",
    "Geen inhoudelijk nieuws; wel gevraagd of u zorg nodig hebt.",
]
CARE_REASON_MANAGER_REPORTER = ("De eigen leidinggevende is melder; de zorg is belegd bij een "
                                "teamchef van een ander team.")
CARE_REASONS = [
    "De verhouding tussen betrokkene en de leidinggevende is verstoord.",
    "Betrokkene heeft gevraagd om een zorgcontactpersoon buiten de eigen lijn.",
    "De leidinggevende is langdurig afwezig.",
]
ACCESS_REQUESTS = [
    "Inzage in de verklaringen van de getuigen.",
    "Inzage in de logbestanden van de bevragingen.",
    "Afschrift van het verslag van het hoorgesprek.",
]
DECISION_TEXT = {
    Outcome.NO_BREACH: "Uit het onderzoek blijkt niet dat betrokkene de gedraging heeft "
                       "begaan; er is geen sprake van plichtsverzuim.",
    Outcome.BREACH_MEASURE: "Het plichtsverzuim is vastgesteld; gelet op de ernst en de "
                            "vergelijkbare zaken past een disciplinaire straf.",
    Outcome.CORRECTIVE: "De gedraging is onwenselijk maar rechtvaardigt geen straf; een "
                        "corrigerende en lerende maatregel volstaat.",
}
VOORNEMEN_TEXT = ("Op grond van het onderzoeksrapport acht het bevoegd gezag het plichtsverzuim "
                  "bewezen; gelet op de ernst en vergelijkbare zaken is deze straf voorgenomen.")
ZIENSWIJZE_TEXT = [
    "Betrokkene erkent de gedraging, betuigt spijt en vraagt de straf te matigen.",
    "Betrokkene betwist een deel van de bevindingen en wijst op zijn werkdruk in die periode.",
    "Via zijn raadsman: de straf is te zwaar in vergelijking met eerdere zaken.",
]
# A small, valid PDF standing in for the report of a demo investigation (synthetic).
REPORT_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
              b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
LEARNING_POINTS = [
    "Werkinstructie over het melden van nevenwerkzaamheden verduidelijken.",
    "In teams vaker dilemma's bespreken over het gebruik van politiesystemen.",
    "Leidinggevenden eerder laten escaleren bij signalen over omgangsvormen.",
    "",
]
LINE_REPORTS = [
    "Lijngesprek gevoerd; betrokkene ziet in dat het gedrag niet past. Afspraken vastgelegd.",
    "Gesprek gevoerd en een verbetertraject afgesproken; geen herhaling gezien.",
    "Na gesprek met betrokkene en melder is de zaak naar tevredenheid afgerond.",
]


def _surname(rng: random.Random) -> str:
    base = rng.choice(SURNAME_PARTS_A) + rng.choice(SURNAME_SUFFIXES)
    return rng.choice(SURNAME_PREFIXES) + base


def _aware(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _working_day_on_or_after(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _weighted(rng: random.Random, pairs):
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights, k=1)[0]


@dataclass
class RegionOrg:
    code: str
    unit: Unit
    triage: list[User] = field(default_factory=list)
    disc: list[User] = field(default_factory=list)
    crim: list[User] = field(default_factory=list)
    authorities: list[User] = field(default_factory=list)
    care: list[User] = field(default_factory=list)
    pool: list[Employee] = field(default_factory=list)  # ordinary employees (subjects, reporters)
    chiefs: list[Employee] = field(default_factory=list)  # team chiefs who may be betrokkene
    teams: dict[int, list[Employee]] = field(default_factory=dict)


class DemoSeeder:
    def __init__(self, today: date | None = None, log: Callable[[str], None] | None = None,
                 scale: float = 1.0):
        self.today = today or timezone.localdate()
        self.scale = scale
        self.now = timezone.now()
        self.rng = random.Random(SEED)
        self.log = log or (lambda message: None)
        self.retriaged = False  # at least one line case comes back with new facts
        self.employees: dict[int, Employee] = {}
        self.user_of: dict[int, User] = {}  # employee id -> user
        self.users: dict[str, User] = {}
        self.orgs: dict[str, RegionOrg] = {}
        self.sessions: dict[tuple[int, date], TriageSession] = {}
        self._pn = 100000
        self.case_types = {ct.code: ct for ct in CaseType.objects.all()}
        self.steps = {
            code: list(StatusType.objects.filter(case_type=ct).order_by("order"))
            for code, ct in self.case_types.items()
        }
        self.delay_reasons = {d.code: d for d in DelayReason.objects.order_by("code")}
        self.themes = {t.code: t for t in Theme.objects.order_by("code")}
        self.criteria = list(Criterion.objects.filter(active=True).order_by("order", "code"))
        self._handover_no = 0

    # ------------------------------------------------------------------ organisation

    def run(self) -> None:
        with transaction.atomic():
            self.log("Organisatie: eenheden, medewerkers en gebruikers ...")
            self.build_organisation()
        self.build_signals()
        self.log("Landelijke triage: wachtrij en besluiten ...")
        national_demo.seed()
        with transaction.atomic():
            self.log("Herinneringen voor verlopen taken als verstuurd markeren ...")
            self._mark_reminders()
            self._retention_passed()
            # E-mail addresses last: while seeding, notifications had no recipient, so the demo
            # does not print hundreds of e-mails on the console.
            for user in User.objects.filter(pk__in=[u.pk for u in self.users.values()]):
                User.objects.filter(pk=user.pk).update(email=f"{user.username}@vik-demo.invalid")

    def _retention_passed(self) -> None:
        """The demo's history spans two years, shorter than any retention term: let the three
        earliest closed cases stand for older ones whose term has passed, so that functional
        administration has a destruction run to propose and approve (four eyes)."""
        oldest = (Case.objects.filter(closed_on__isnull=False, legal_hold=False,
                                      case_type__archival_category=ArchivalCategory.DESTROY)
                  .order_by("closed_on", "id").values_list("pk", flat=True)[:3])
        Case.objects.filter(pk__in=list(oldest)).update(destruction_due=self.today - timedelta(days=7))

    def _mark_reminders(self) -> None:
        """Let the reminder service record the reminders for what is already overdue, so the
        scheduler of `vik serve` starts from a realistic state instead of sending a flood."""
        from vik.tasks.services import run_reminders

        try:
            with transaction.atomic():
                run_reminders(self.today)
        except Exception as error:  # noqa: BLE001 - the demo stays usable without reminders
            self.log(f"  herinneringen overgeslagen: {error}")

    def _unit(self, code: str, name: str, kind: str, parent: Unit | None) -> Unit:
        return Unit.objects.create(code=code, name=name, kind=kind, parent=parent)

    def _person(self, unit: Unit, rank: str, manager: Employee | None,
                is_manager: bool = False) -> Employee:
        self._pn += 1
        first = self.rng.choice(FIRST_NAMES)
        surname = _surname(self.rng)
        return Employee(
            personnel_number=f"P{self._pn}", first_name=first, surname=surname, rank=rank,
            is_manager=is_manager, unit=unit, manager=manager,
        )

    def _save(self, people: list[Employee]) -> list[Employee]:
        created = Employee.objects.bulk_create(people)
        for person in created:
            self.employees[person.pk] = person
        return created

    def _member_rank(self) -> str:
        return _weighted(self.rng, MEMBER_RANKS)

    def build_organisation(self) -> None:
        rng = self.rng
        national = self._unit("NAT", "Landelijke eenheid (demo)", Unit.Kind.NATIONAL, None)
        nat_org = RegionOrg("NAT", national)
        self.orgs["NAT"] = nat_org
        (nat_chief,) = self._save([self._person(national, "eerste hoofdcommissaris", None, True)])

        region_units = {}
        chiefs = {}
        for code, name, _districts, _teams in REGIONS:
            unit = self._unit(code, name, Unit.Kind.REGION, None)
            region_units[code] = unit
            self.orgs[code] = RegionOrg(code, unit)
        created = self._save([self._person(region_units[code], "hoofdcommissaris", None, True)
                              for code, *_ in REGIONS])
        chiefs = dict(zip([c for c, *_ in REGIONS], created, strict=True))

        # Level 2: district chiefs and the chiefs of the staff teams.
        plan: list[tuple[str, Unit, Employee, str]] = []  # (key, unit, manager, rank)
        for code, _name, districts, _teams in REGIONS:
            region = region_units[code]
            for i, district_name in enumerate(districts, start=1):
                unit = self._unit(f"{code}-D{i}", f"District {district_name}",
                                  Unit.Kind.DISTRICT, region)
                plan.append((f"{code}-D{i}", unit, chiefs[code], "commissaris"))
            for suffix, team_name in (("VIK", "VIK-team"), ("HRM", "Team Personeelszorg")):
                unit = self._unit(f"{code}-{suffix}", f"{team_name} {region.name[8:]}",
                                  Unit.Kind.TEAM, region)
                plan.append((f"{code}-{suffix}", unit, chiefs[code], "hoofdinspecteur"))
        national_teams = [
            ("NAT-LTIO", "Landelijk Team Interne Onderzoeken (LTIO)", 10),
            ("NAT-TRI", "Landelijke triage VIK", 3),
            ("NAT-KS", "Korpsstaf Integriteit", 5),
            ("NAT-FB", "Functioneel beheer VIK", 3),
            ("NAT-AUD", "Interne audit", 3),
            ("NAT-LD1", "Landelijke Diensten, team Verkeer", 38),
            ("NAT-LD2", "Landelijke Diensten, team Recherche", 34),
        ]
        for team_code, team_name, _size in national_teams:
            unit = self._unit(team_code, team_name, Unit.Kind.TEAM, national)
            plan.append((team_code, unit, nat_chief, "hoofdinspecteur"))
        heads = self._save([self._person(u, rank, m, True) for _k, u, m, rank in plan])
        head_of = {key: (unit, head) for (key, unit, _m, _r), head in zip(plan, heads, strict=True)}

        # Level 3: team chiefs of the basic and detective teams, under their district chief.
        team_plan: list[tuple[str, Unit, Employee]] = []
        for code, _name, districts, teams in REGIONS:
            for i, district_name in enumerate(districts, start=1):
                d_unit, d_chief = head_of[f"{code}-D{i}"]
                for t in range(1, teams + 1):
                    unit = self._unit(f"{code}-D{i}-T{t}",
                                      f"Basisteam {district_name}-{TEAM_SUFFIXES[t - 1]}",
                                      Unit.Kind.TEAM, d_unit)
                    team_plan.append((unit.code, unit, d_chief))
                unit = self._unit(f"{code}-D{i}-REC", f"Districtsrecherche {district_name}",
                                  Unit.Kind.TEAM, d_unit)
                team_plan.append((unit.code, unit, d_chief))
        team_chiefs = self._save([self._person(u, "inspecteur", m, True)
                                  for _k, u, m in team_plan])
        for (key, unit, _m), chief in zip(team_plan, team_chiefs, strict=True):
            head_of[key] = (unit, chief)

        # Level 4: team members.
        sizes: dict[str, int] = {}
        for key, _team_unit, _m in team_plan:
            sizes[key] = rng.randint(26, 34) if key.endswith("REC") else rng.randint(34, 46)
        for code, *_ in REGIONS:
            sizes[f"{code}-VIK"] = 12
            sizes[f"{code}-HRM"] = 6
        for team_code, _n, size in national_teams:
            sizes[team_code] = size
        members: list[Employee] = []
        member_team: list[str] = []
        for key in sorted(sizes, key=lambda k: list(head_of).index(k)):
            unit, chief = head_of[key]
            for _ in range(sizes[key]):
                members.append(self._person(unit, self._member_rank(), chief))
                member_team.append(key)
        members = self._save(members)
        by_team: dict[str, list[Employee]] = {}
        for person, key in zip(members, member_team, strict=True):
            by_team.setdefault(key, []).append(person)

        self._build_users(chiefs, nat_chief, head_of, by_team)

        # Pools of ordinary employees who may be betrokkene or reporter.
        staff_ids = set(self.user_of)
        protected_team = head_of["R1-D1-T1"][0].pk  # the demo line manager's own team
        for key, people in by_team.items():
            region_code = key.split("-")[0]
            if key.endswith(("VIK", "HRM", "LTIO", "TRI", "KS", "FB", "AUD")):
                continue
            org = self.orgs[region_code]
            eligible = [p for p in people if p.pk not in staff_ids]
            unit = head_of[key][0]
            org.teams[unit.pk] = eligible
            if unit.pk != protected_team:
                org.pool.extend(eligible)
        # Some team chiefs are betrokkene too: managers get no lenient treatment, and the
        # equal-treatment view needs them (tester t16 found "Leidinggevenden 0" in every period).
        for key, (_team_unit, chief) in head_of.items():
            if "-D" in key and "-T" in key and chief.pk not in staff_ids and rng.random() < 0.3:
                self.orgs[key.split("-")[0]].chiefs.append(chief)
        self.leidinggevende_team = by_team["R1-D1-T1"]

    def _build_users(self, chiefs, nat_chief, head_of, by_team) -> None:
        password = make_password(DEMO_PASSWORD)
        groups = {g.name: g for g in Group.objects.all()}
        taken: set[int] = set()
        pending: list[tuple[User, list[str]]] = []

        def take(team_key: str) -> Employee:
            for person in by_team[team_key]:
                if person.pk not in taken:
                    taken.add(person.pk)
                    return person
            raise RuntimeError(f"team {team_key} has too few members")

        def add(username: str, employee: Employee, roles: list[str]) -> None:
            taken.add(employee.pk)
            user = User(username=username, first_name=employee.first_name,
                        last_name=employee.surname, email="",
                        employee=employee, password=password)
            pending.append((user, roles))

        add("triage", take("R1-VIK"), [Role.TRIAGE])
        add("onderzoeker", take("R1-VIK"), [Role.INVESTIGATOR_DISCIPLINARY])
        add("rechercheur", take("R1-VIK"), [Role.INVESTIGATOR_CRIMINAL])
        add("bevoegdgezag", chiefs["R1"], [Role.COMPETENT_AUTHORITY])
        add("leidinggevende", head_of["R1-D1-T1"][1], [Role.LINE_MANAGER])
        add("zorg", take("R1-HRM"), [Role.CARE_CONTACT])
        add("beleid", take("NAT-KS"), [Role.POLICY])
        add("auditor", take("NAT-AUD"), [Role.AUDITOR])
        add("beheer", take("NAT-FB"), [Role.ADMIN])
        add("beheer2", take("NAT-FB"), [Role.ADMIN])
        add("soc", take("NAT-KS"), [Role.SOC_ANALYST])
        add("soc2", take("NAT-KS"), [Role.SOC_ANALYST])
        add("medewerker", take("R1-D1-T1"), [])
        # Extra VIK staff so the work is spread over several people per region.
        extra = {"R1": (2, 2, 1), "R2": (2, 3, 2), "R3": (2, 3, 2)}
        for code, (n_triage, n_disc, n_crim) in extra.items():
            prefix = code.lower()
            for n in range(1, n_triage + 1):
                add(f"{prefix}.triage{n}", take(f"{code}-VIK"), [Role.TRIAGE])
            for n in range(1, n_disc + 1):
                add(f"{prefix}.onderzoeker{n}", take(f"{code}-VIK"),
                    [Role.INVESTIGATOR_DISCIPLINARY])
            for n in range(1, n_crim + 1):
                add(f"{prefix}.rechercheur{n}", take(f"{code}-VIK"), [Role.INVESTIGATOR_CRIMINAL])
            if code != "R1":
                add(f"{prefix}.bevoegdgezag1", chiefs[code], [Role.COMPETENT_AUTHORITY])
                add(f"{prefix}.zorg1", take(f"{code}-HRM"), [Role.CARE_CONTACT])
            add(f"{prefix}.bevoegdgezag2", head_of[f"{code}-D1"][1], [Role.COMPETENT_AUTHORITY])
        add("lt.triage1", take("NAT-TRI"), [Role.TRIAGE])
        add("lt.onderzoeker1", take("NAT-LTIO"), [Role.INVESTIGATOR_DISCIPLINARY])
        add("lt.onderzoeker2", take("NAT-LTIO"), [Role.INVESTIGATOR_DISCIPLINARY])
        add("lt.rechercheur1", take("NAT-LTIO"), [Role.INVESTIGATOR_CRIMINAL])
        add("lt.rechercheur2", take("NAT-LTIO"), [Role.INVESTIGATOR_CRIMINAL])
        add("lt.bevoegdgezag1", nat_chief, [Role.COMPETENT_AUTHORITY])
        # Most team chiefs have an account: they are line managers and default care contacts.
        for key, (_unit, chief) in head_of.items():
            if "-D" in key and "-T" in key and key != "R1-D1-T1" and self.rng.random() < 0.8:
                add(chief.personnel_number.lower(), chief, [Role.LINE_MANAGER])

        users = User.objects.bulk_create([u for u, _r in pending])
        through = User.groups.through
        through.objects.bulk_create([
            through(user_id=user.pk, group_id=groups[role].pk)
            for user, (_u, roles) in zip(users, pending, strict=True) for role in roles
        ])
        for user, (_u, roles) in zip(users, pending, strict=True):
            user.employee = self.employees[user.employee_id]
            self.users[user.username] = user
            self.user_of[user.employee_id] = user
            org = self.orgs[user.employee.unit.region.code]
            for role in roles:
                bucket = {
                    Role.TRIAGE: org.triage, Role.INVESTIGATOR_DISCIPLINARY: org.disc,
                    Role.INVESTIGATOR_CRIMINAL: org.crim, Role.COMPETENT_AUTHORITY: org.authorities,
                    Role.CARE_CONTACT: org.care,
                }.get(role)
                if bucket is not None:
                    bucket.append(user)

    # ------------------------------------------------------------------ signals

    def build_signals(self) -> None:
        rng = self.rng
        plans = []
        for code, count in REGION_SHARE.items():
            for _ in range(max(1, round(count * self.scale))):
                plans.append(code)
        rng.shuffle(plans)
        recent = len(plans) // 8
        specs = []
        for i, code in enumerate(plans):
            if i < recent:
                age = rng.randint(0, 30)
            else:
                age = rng.randint(14, HISTORY_DAYS)
            specs.append({"region": code, "received_on": self.today - timedelta(days=age)})
        # The demo line manager's own team: signals the triage sends back to him.
        for n, (age, outcome) in enumerate([
            (300, "reported"), (190, "reported"), (120, "reported"), (75, "overdue"),
            (62, "overdue"), (30, "open"), (12, "open"), (240, "no_action"), (40, "no_action"),
            (150, "case"), (85, "case"),
        ]):
            specs.append({"region": "R1", "received_on": self.today - timedelta(days=age),
                          "line_demo": outcome, "n": n})
        # Criminal cases that the demo investigator `rechercheur` supports.
        for age in (35, 95, 160, 230, 300):
            specs.append({"region": "R1", "received_on": self.today - timedelta(days=age),
                          "force_route": Route.CRIMINAL, "lead": "rechercheur"})
        # The tour's starting points, whatever the date of the seed (CI: on 3 December the demo
        # authority had no plan to approve, so his journey had nowhere to start): a case whose plan
        # waits for his approval, one with a report on which he sends a voornemen (or decides
        # without a punishment; its betrokkene is in the demo line manager's team, so that he has
        # a case to give care in) and one whose next step is his decision (`zorg` gives care).
        # (Two with a report: `vik.investigations.demo` sends a voornemen on one for `betrokkene`.)
        for age, hold in ((30, Step.COMMISSIONED), (165, Step.REPORT), (160, Step.REPORT),
                          (180, Step.ZIENSWIJZE)):
            specs.append({"region": "R1", "received_on": self.today - timedelta(days=age),
                          "force_route": Route.DISCIPLINARY, "lead": "onderzoeker",
                          "authority": "bevoegdgezag", "hold": hold})
        specs.sort(key=lambda s: (s["received_on"], s["region"]))
        total = len(specs)
        done = 0
        batch = 25
        for start in range(0, total, batch):
            with transaction.atomic():
                for spec in specs[start:start + batch]:
                    self._signal_story(spec)
                    done += 1
            self.log(f"  meldingen {done}/{total}")
        with transaction.atomic():
            for (_region, held_on), session in sorted(self.sessions.items()):
                if held_on < self.today:  # this week's meeting is still open
                    tri.close_session(session.chair, session)

    def _pick_channel_theme(self, org: RegionOrg) -> tuple[str, Theme]:
        channel = _weighted(self.rng, CHANNEL_WEIGHTS)
        codes = CHANNEL_THEMES.get(channel) or sorted(self.themes)
        return channel, self.themes[self.rng.choice(codes)]

    def _signal_story(self, spec: dict) -> None:
        rng = self.rng
        self.spec = spec
        org = self.orgs[spec["region"]]
        received_on: date = spec["received_on"]
        line_demo = spec.get("line_demo")
        if line_demo:
            subjects = [self.leidinggevende_team[spec["n"] * 3]]
            channel = rng.choice([Channel.COLLEAGUE, Channel.CITIZEN_COMPLAINT])
            theme = self.themes[rng.choice(["verbal_aggression", "off_duty", "social_media",
                                            "truthful_reporting"])]
        elif spec.get("hold"):
            # Someone the demo lead and authority may handle (not themselves, not their staff).
            own = {self.users[name].employee_id for name in ("onderzoeker", "bevoegdgezag", "zorg")}
            channel, theme = Channel.COLLEAGUE, self.themes["verbal_aggression"]
            team = self.leidinggevende_team if spec["hold"] == Step.REPORT else org.pool
            subjects = [rng.choice([e for e in team if e.pk not in own and e.manager_id not in own])]
        elif spec.get("force_route") == Route.CRIMINAL:
            channel = rng.choice([Channel.PROSECUTOR, Channel.PROTECTIVE_MONITORING])
            theme = self.themes[rng.choice(CHANNEL_THEMES[channel])]
            subjects = [rng.choice(org.pool)]
        else:
            channel, theme = self._pick_channel_theme(org)
            # About one signal in eight concerns a team chief.
            subjects = [rng.choice(org.chiefs if org.chiefs and rng.random() < 0.125 else org.pool)]
            if rng.random() < 0.08:
                other = rng.choice(org.pool)
                if other.pk != subjects[0].pk:
                    subjects.append(other)
        reporter, reporter_description, source_reference = self._reporter(org, channel, subjects)
        registrar = self._registrar(org, channel, reporter)
        description = f"{THEME_TEXT[theme.code]} {rng.choice(CONTEXT_TEXT)}"
        signal = sig.register_signal(registrar, sig.SignalInput(
            received_on=received_on, channel=channel, region=org.unit, theme=theme,
            description=description, subjects=subjects, reporter=reporter,
            reporter_description=reporter_description, source_reference=source_reference,
        ))
        registered = _aware(received_on + timedelta(days=rng.choice([0, 0, 1])),
                            rng.randint(8, 16), rng.choice([0, 15, 30, 45]))
        Signal.objects.filter(pk=signal.pk).update(registered_at=min(registered, self.now))

        # Triage in the weekly triage meeting (Tuesday) after registration.
        triage_on = received_on + timedelta(days=1)
        while triage_on.weekday() != 1:
            triage_on += timedelta(days=1)
        if rng.random() < 0.2 and not spec.get("hold"):
            triage_on += timedelta(days=7)  # more information needed first
        waiting = (self.today - received_on).days <= 21 and rng.random() < 0.4
        forced = line_demo or spec.get("force_route")
        if triage_on > self.today or (not forced and (waiting or rng.random() < 0.03)):
            return  # still in the triage queue (for some: waiting for more information)
        if line_demo:
            route = {"no_action": Route.NO_ACTION, "case": Route.DISCIPLINARY}.get(
                line_demo, Route.LINE)
        elif spec.get("force_route"):
            route = spec["force_route"]
        else:
            route = _weighted(self.rng, ROUTE_WEIGHTS)
            if org.code == "NAT" and route == Route.NATIONAL:
                route = Route.DISCIPLINARY
        self._triage_and_follow(org, signal, route, triage_on, subjects, line_demo)

    def _reporter(self, org: RegionOrg, channel: str, subjects: list[Employee]):
        rng = self.rng
        subject = subjects[0]
        if channel == Channel.MANAGER and subject.manager_id:
            manager = self.employees[subject.manager_id]
            if manager.pk not in {s.pk for s in subjects}:
                return manager, "", ""
            return None, "Leidinggevende van een ander team", ""
        if channel == Channel.COLLEAGUE:
            colleagues = [p for p in org.teams.get(subject.unit_id, [])
                          if p.pk not in {s.pk for s in subjects}]
            if colleagues:
                return rng.choice(colleagues), "", ""
            return None, "Collega (naam bij triage bekend)", ""
        if channel == Channel.CONFIDENTIAL_ADVISOR:
            return None, "Vertrouwenspersoon, met toestemming van de melder", ""
        if channel == Channel.CITIZEN_COMPLAINT:
            return None, "Burger, via het klachtenformulier", f"KL-{rng.randint(10000, 99999)}"
        if channel == Channel.PROTECTIVE_MONITORING:
            return None, "Protective monitoring (SOC)", f"PM-ALERT-{rng.randint(1000, 9999)}"
        if channel == Channel.PROSECUTOR:
            return None, "Officier van justitie (demo-arrondissement)", ""
        if channel == Channel.OTHER:
            return None, "Team bedrijfsvoering", ""
        return None, "", ""  # anonymous

    def _registrar(self, org: RegionOrg, channel: str, reporter: Employee | None) -> User:
        if channel == Channel.MANAGER and reporter is not None:
            user = self.user_of.get(reporter.pk)
            if user is not None and user.has_role(Role.LINE_MANAGER):
                return user
        return self.rng.choice(org.triage)

    def _pick(self, users: list[User], signal: Signal, preferred: User | None = None,
              share: float = 0.0) -> User | None:
        """A user of the list who is not conflicted on the signal; `preferred` gets `share`."""
        candidates = list(users)
        self.rng.shuffle(candidates)
        if preferred is not None and preferred in candidates and self.rng.random() < share:
            candidates.remove(preferred)
            candidates.insert(0, preferred)
        for user in candidates:
            if not policy.is_conflicted(user, signal):
                return user
        return None

    def _session(self, org: RegionOrg, on: date, chair: User) -> TriageSession:
        key = (org.unit.pk, on)
        if key not in self.sessions:
            others = [u for u in org.triage if u != chair]
            self.sessions[key] = tri.open_session(chair, org.unit, on, others)
        return self.sessions[key]

    def _scores(self, route: str) -> dict[str, int]:
        base = ROUTE_SCORES[route]
        scores = {}
        for criterion in self.criteria:
            value = base + self.rng.choice([-1, 0, 0, 1])
            if criterion.code == "criminal":
                value = 3 if route == Route.CRIMINAL else min(value, 1)
            scores[criterion.code] = max(0, min(criterion.max_score, value))
        return scores

    def _decide(self, org: RegionOrg, signal: Signal, route: str, on: date, *,
                line_manager: Employee | None = None, retriage_reason: str = "",
                actor: User | None = None) -> TriageDecision:
        rng = self.rng
        actor = actor or self._pick(org.triage, signal, self.users.get("triage"), 0.6)
        session = self._session(org, on, actor)
        data = tri.DecisionInput(
            route=route, rationale=RATIONALE[route], scores=self._scores(route),
            participants=[u for u in org.triage if u != actor], session=session,
            retriage_reason=retriage_reason,
        )
        follow_up = None
        if route == Route.LINE:
            data.line_manager = line_manager
            follow_up = _working_day_on_or_after(on + timedelta(days=rng.choice([28, 35, 42])))
            data.follow_up_due = self.today + timedelta(days=30)  # must lie in the future now
        if route == Route.CRIMINAL:
            self._handover_no += 1
            data.handover_to = rng.choice(["Rijksrecherche", "Openbaar Ministerie"])
            data.handover_on = on
            data.handover_reference = f"RR-{on.year}-{self._handover_no:04d}"
        decision = tri.record_triage_decision(actor, signal, data)
        changes = {"decided_at": min(_aware(on, 14, rng.choice([0, 20, 40])), self.now)}
        if follow_up is not None:
            changes["follow_up_due"] = follow_up
        TriageDecision.objects.filter(pk=decision.pk).update(**changes)
        decision.follow_up_due = follow_up
        return decision

    def _line_manager_for(self, signal_subjects: list[Employee], reporter_id: int | None):
        subject_ids = {s.pk for s in signal_subjects}
        manager_id = signal_subjects[0].manager_id
        # The manager must be able to log in: a task nobody sees is a dead end.
        while manager_id and (manager_id in subject_ids or manager_id == reporter_id
                              or manager_id not in self.user_of):
            manager_id = self.employees[manager_id].manager_id
        return self.employees.get(manager_id) if manager_id else None

    def _triage_and_follow(self, org, signal, route, triage_on, subjects, line_demo) -> None:
        rng = self.rng
        if route == Route.LINE:
            manager = self._line_manager_for(subjects, signal.reporter_id)
            if manager is None:
                route = Route.NO_ACTION
        if route != Route.LINE:
            actor = None
            if route == Route.NATIONAL or org.code == "NAT":
                actor = self.orgs["NAT"].triage[0] if org.code == "NAT" else None
            self._decide(org, signal, route, triage_on, actor=actor)
            self._after_triage(org, signal, route, triage_on, subjects)
            return
        decision = self._decide(org, signal, Route.LINE, triage_on, line_manager=manager)
        manager_user = self.user_of.get(manager.pk)
        due = decision.follow_up_due
        if line_demo:
            report = line_demo == "reported"
            report_on = due - timedelta(days=rng.randint(0, 10))
        else:
            report_on = due + timedelta(days=rng.randint(-14, 10))
            report = manager_user is not None and report_on <= self.today and rng.random() < 0.85
            # (The first eligible one always does, so the demo shows a re-triage whatever the draw.)
            if (not report and (rng.random() < 0.12 or not self.retriaged)
                    and triage_on + timedelta(21) < self.today):
                self.retriaged = True
                # New facts: the line case comes back to the triage and goes to investigation.
                retriage_on = triage_on + timedelta(days=21)
                self._decide(org, signal, Route.DISCIPLINARY, retriage_on,
                             retriage_reason="De leidinggevende meldt nieuwe feiten: het gedrag "
                                             "heeft zich na het lijngesprek herhaald.")
                self._after_triage(org, signal, Route.DISCIPLINARY, retriage_on, subjects)
                return
        if report and manager_user is not None and report_on <= self.today:
            tri.record_line_report(manager_user, decision, rng.choice(LINE_REPORTS))
            TriageDecision.objects.filter(pk=decision.pk).update(
                line_reported_at=min(_aware(report_on, 11), self.now))

    # ------------------------------------------------------------------ cases

    def _after_triage(self, org, signal, route, triage_on, subjects) -> None:
        rng = self.rng
        if route in (Route.NO_ACTION, Route.LINE):
            return
        opened_on = add_working_days(triage_on, rng.randint(2, 10))
        if opened_on > self.today:
            return  # triaged, case not opened yet
        if (route in (Route.ORIENTING, Route.DISCIPLINARY) and (self.today - triage_on).days <= 56
                and rng.random() < 0.35 and not self.spec.get("hold")):
            return  # triaged, waiting for the competent authority's commission
        if route == Route.CRIMINAL and not self.spec.get("lead") and rng.random() < 0.3:
            return  # handed over; the Rijksrecherche needs no support from the unit
        if route == Route.NATIONAL:
            nat = self.orgs["NAT"]
            opener = nat.triage[0]
            subject = subjects[0]
            # The national triage takes it on for the LTIO before the national team opens cases.
            taken = tri.record_national_decision(opener, signal, tri.NationalDecisionInput(
                outcome=NationalDecision.Outcome.TAKE_ON,
                reason="Raakt meerdere eenheden en vraagt landelijke expertise; het LTIO neemt "
                       "het onderzoek."))
            NationalDecision.objects.filter(pk=taken.pk).update(
                decided_at=min(_aware(triage_on + timedelta(days=1), 10), self.now))
            plans = [("criminal", nat)]
            if rng.random() < 0.7:
                plans.append(("disciplinary", nat))
            for code, team in plans:
                self._case(team, signal, code, subject, opener, opened_on,
                           parallel=len(plans) > 1)
            return
        opener = self._pick(org.triage if org.code != "NAT" else self.orgs["NAT"].triage, signal)
        for subject in subjects:
            self._case(org, signal, CASE_TYPE_FOR_ROUTE[route], subject, opener, opened_on)

    def _staff_for(self, org: RegionOrg, signal: Signal, track: str):
        lead_pool = org.crim if track == Track.CRIMINAL else org.disc
        preferred = None
        if org.code == "R1":
            preferred = self.users["rechercheur" if track == Track.CRIMINAL else "onderzoeker"]
        if self.spec.get("lead"):
            preferred = self.users[self.spec["lead"]]
        lead = self._pick(lead_pool, signal, preferred, 1.0 if self.spec.get("lead") else 0.6)
        if self.spec.get("authority"):
            authority = self._pick(org.authorities, signal, self.users[self.spec["authority"]], 1.0)
        else:
            authority = self._pick(org.authorities, signal,
                                   self.users["bevoegdgezag"] if org.code == "R1" else None, 0.75)
        return lead, authority

    def _case(self, org, signal, type_code, subject, opener, opened_on, parallel=False) -> None:
        rng = self.rng
        case_type = self.case_types[type_code]
        lead, authority = self._staff_for(org, signal, case_type.track)
        if lead is None or authority is None or opener is None:
            return
        theme_text = THEME_TEXT[signal.theme.code]
        breach = ""
        if rng.random() < 0.85:
            breach = (f"Vermoedelijk plichtsverzuim (BARP art. 76): {theme_text[:1].lower()}"
                      f"{theme_text[1:]}")
        case = inv.open_case(opener, signal, inv.OpenCaseInput(
            case_type=case_type, subject=subject, authority=authority, lead_investigator=lead,
            opened_on=opened_on, suspected_breach=breach,
        ))
        Member.objects.filter(case=case).update(added_on=_aware(opened_on, 9))
        story = CaseStory(self, org, case, lead, authority, parallel=parallel,
                          hold=self.spec.get("hold"))
        story.plan()
        story.execute()


class CaseStory:
    """The life of one case from its opening until today, as a list of dated service calls."""

    def __init__(self, seeder: DemoSeeder, org: RegionOrg, case: Case, lead: User,
                 authority: User, parallel: bool, hold: str | None = None):
        self.s = seeder
        self.hold = hold  # a step the case stays at (at the norm's pace), for the tour
        self.rng = seeder.rng
        self.today = seeder.today
        self.org = org
        self.case = case
        self.lead = lead
        self.authority = authority
        self.parallel = parallel
        self.events: list[tuple[date, int, int, Callable[[], None]]] = []
        self.care_user: User | None = None  # a care contact who is not the subject's manager
        self.planned: inv.DecisionInput | None = None  # the outcome, chosen once
        self.last_step_on: date | None = None

    def at(self, day: date, priority: int, action: Callable[[], None]) -> None:
        self.events.append((day, priority, len(self.events), action))

    def execute(self) -> None:
        for _day, _prio, _n, action in sorted(self.events, key=lambda e: e[:3]):
            action()

    def plan(self) -> None:  # noqa: C901 - one readable timeline
        rng, case, today = self.rng, self.case, self.today
        code = case.case_type.code
        steps = self.s.steps[code]
        factor = _weighted(rng, [(0.7, 3), (1.0, 4), (1.4, 3), (2.0, 2)]) * rng.uniform(0.85, 1.15)
        if self.hold:
            factor = 1.0
        # When each step is reached (step 0, commissioned, is the opening itself).
        reached: list[tuple[StatusType, date]] = [(steps[0], case.opened_on)]
        day = case.opened_on
        for previous, step in zip(steps[:-2], steps[1:-1], strict=True):
            if self.hold and reached[-1][0].step == self.hold:
                break
            spread = 1.0 if self.hold else rng.uniform(0.6, 1.4)
            day = add_working_days(day, max(2, round(previous.norm_days * factor * spread)))
            if day > today:
                break
            reached.append((step, day))
        decided = reached[-1][0].step == Step.DECISION
        close_on = None
        if decided:
            close_on = add_working_days(reached[-1][1], rng.randint(3, 12))
            if close_on > today:
                close_on = None
        end = close_on or today

        self.at(case.opened_on, 0, lambda: inv.commission(
            self.authority, case, case.opened_on, "Opdracht verstrekt na triage."))
        self._plan_team(case.opened_on, end)

        aanzegging_on = None
        for index, (step, on) in enumerate(reached[1:], start=1):
            next_on = reached[index + 1][1] if index + 1 < len(reached) else None
            self._plan_step(step, on, next_on)
            self.last_step_on = on
            if step.step == Step.AANZEGGING:
                aanzegging_on = on
            if step.is_review_moment:
                review_on = add_working_days(on, 2)
                if review_on <= today and (next_on is None or review_on < next_on):
                    self.at(review_on, 3, lambda d=review_on: inv.record_review(
                        self.authority, case, held_on=d,
                        notes="Voortgang besproken met de opdrachtgever; planning bevestigd."))
            if not self.hold:
                self._maybe_pause(on, next_on, index)

        if len(reached) == 1 and len(steps) > 1 and steps[1].step == Step.PLAN_APPROVED:
            # Waiting for approval: the plan was written in the first days (the newest cases are
            # still the investigators' to write; then it is their task, not the authority's).
            written = add_working_days(case.opened_on, 3)
            if written <= today:
                self.at(written, 0, lambda d=written: self._upload(d, "Onderzoeksplan", Document.Kind.PLAN))

        contact_from = aanzegging_on
        if case.track == Track.ORIENTING and len(reached) > 2:
            contact_from = reached[2][1]
        if contact_from is not None:
            self._plan_contact(contact_from, end, closing=close_on is not None)
        current = reached[-1][0].step
        if close_on is None and current in (Step.INTAKE, Step.AANZEGGING) and (
            case.track != Track.ORIENTING
        ) and rng.random() < 0.6:
            self._plan_future_hearing(reached[-1][1])
        if close_on is not None:
            self._plan_close(reached[-1][1], close_on)

    # -- pieces of the timeline

    def _plan_team(self, opened_on: date, end: date) -> None:
        rng, case, s = self.rng, self.case, self.s
        signal = case.signal
        start = add_working_days(opened_on, rng.randint(1, 4))
        if start > self.today:
            return
        # A second investigator.
        pool = self.org.crim if case.track == Track.CRIMINAL else self.org.disc
        wants_onderzoeker = (self.org.code == "R1" and case.track != Track.CRIMINAL
                             and self.lead.username != "onderzoeker" and rng.random() < 0.5)
        if wants_onderzoeker or rng.random() < 0.25:
            preferred = s.users["onderzoeker"] if wants_onderzoeker else None
            others = [u for u in pool if u != self.lead]
            second = s._pick(others, signal, preferred, 1.0) if others else None
            if second is not None:
                def add_second(user=second, day=start):
                    inv.add_member(self.lead, case, user, Member.Kind.INVESTIGATOR)
                    Member.objects.filter(case=case, user=user).update(added_on=_aware(day, 9))
                self.at(start, 1, add_second)
        # Someone else gives care when the own manager reported it or the relation is disturbed.
        manager_reported = (signal.reporter_id is not None
                            and signal.reporter_id == case.subject.manager_id)
        target, reason = None, ""
        if case.track != Track.CRIMINAL:
            if self.hold == Step.ZIENSWIJZE:  # the tour's care contact has a case to care for
                target, reason = s.users["zorg"], CARE_REASONS[0]
            elif self.hold:
                pass  # the betrokkene's own manager (the demo line manager) gives care
            elif manager_reported:
                target = (s.users["leidinggevende"] if self.org.code == "R1" and rng.random() < 0.5
                          else (self.org.care or [None])[0])
                reason = CARE_REASON_MANAGER_REPORTER
            elif self.org.care and rng.random() < (0.4 if self.org.code == "R1" else 0.2):
                target = self.org.care[0]
                reason = rng.choice(CARE_REASONS)
        if (target is not None and target.pk != case.care_contact_id
                and not policy.is_conflicted(target, signal, managers=True)):
            self.care_user = target

            def change(user=target, why=reason, day=start):
                # The betrokkene who asked for care outside his line keeps that as a standing wish.
                care.change_care_contact(self.lead, case, user, why,
                                         outside_line=why == CARE_REASONS[1])
                from vik.care.models import CareContactChange

                CareContactChange.objects.filter(case=case).update(at=_aware(day, 11))
                Member.objects.filter(case=case, user=user).update(added_on=_aware(day, 11))
            self.at(start, 1, change)

    def _care_before_aanzegging(self, on: date) -> None:
        """Nobody gives care yet (no manager, or he is conflicted): a care contact is named before
        the aanzegging, which requires one."""
        case = self.case
        case.refresh_from_db(fields=["care_contact"])
        if case.care_contact_id is not None:
            return
        candidates = [*self.org.care, self.s.users["zorg"]]
        target = next((u for u in candidates if u is not None
                       and not policy.is_conflicted(u, case.signal, managers=True)), None)
        if target is None:
            return
        care.change_care_contact(self.lead, case, target, "De eigen leidinggevende kan de zorg niet "
                                 "geven; de zorg is vóór de aanzegging belegd.")
        from vik.care.models import CareContactChange

        CareContactChange.objects.filter(case=case).update(at=_aware(on, 8))
        Member.objects.filter(case=case, user=target).update(added_on=_aware(on, 8))

    def _plan_step(self, step: StatusType, on: date, next_on: date | None) -> None:
        rng, case = self.rng, self.case
        lead, authority = self.lead, self.authority
        code = step.step
        if code == Step.PLAN_APPROVED:
            if not case.suspected_breach:
                text = ("Vermoedelijk plichtsverzuim: " + THEME_TEXT[case.signal.theme.code])
                self.at(on, -1, lambda: inv.update_suspected_breach(lead, case, text, None))
            self.at(on, -1, lambda: self._upload(on, "Onderzoeksplan", Document.Kind.PLAN))
            self.at(on, 0, lambda: inv.approve_plan(authority, case, on,
                                                    "Plan met onderzoeksvragen goedgekeurd."))
        elif code == Step.AANZEGGING:
            moment = _aware(on, rng.choice([9, 10, 11]), rng.choice([0, 30]))
            warnings = aanzegging_warnings(timezone.localtime(moment))
            self.at(on, 0, lambda: self._care_before_aanzegging(on))
            # Care declined or forgotten now and then: confirmed knowingly. Drawn when it runs, as
            # before, so that the demo's other draws (and so its cases) stay as they were.
            self.at(on, 0, lambda: inv.record_aanzegging(
                lead, case, moment, care_offered=(offered := rng.random() < 0.9),
                note="Verdenking concreet toegelicht; rechten en plichten uitgereikt.",
                accept_warnings=bool(warnings), accept_no_care=not offered))
        elif code == Step.ZIENSWIJZE:
            # A punishment is preceded by a voornemen and the betrokkene's zienswijze; without
            # one the decision follows the report directly.
            if self._planned(on).outcome == Outcome.BREACH_MEASURE:
                self._plan_voornemen(on, next_on, 0)
        elif code == Step.DECISION:
            planned = self._planned(on)
            if (planned.outcome == Outcome.BREACH_MEASURE and self.last_step_on is not None
                    and not any(st.step == Step.ZIENSWIJZE for st in self.s.steps[case.case_type.code])):
                self._plan_voornemen(self.last_step_on, on, 5, always_answered=True)
            self.at(on, 0, lambda: inv.record_decision(
                authority, case, dataclasses.replace(planned, decided_on=on)))
        else:
            if code == Step.REPORT:
                self.at(on, -1, lambda: self._upload_report(on))
            self.at(on, 0, lambda: inv.advance(lead, case, code, on, ""))
            if code == Step.HEARINGS:
                self._plan_hearing(on, Hearing.Kind.HEARING, next_on)
            elif code == Step.WITNESSES:
                for _ in range(rng.randint(1, 3)):
                    self._plan_hearing(on, Hearing.Kind.WITNESS, next_on)

    def _planned(self, on: date) -> inv.DecisionInput:
        if self.planned is None:
            self.planned = self._decision(on)
        return self.planned

    def _upload_report(self, on: date) -> None:
        self._upload(on, "Onderzoeksrapport", Document.Kind.REPORT)

    def _upload(self, on: date, title: str, kind: str) -> None:
        from django.core.files.base import ContentFile

        doc = inv.upload_document(self.lead, self.case, title=title,
                                  upload=ContentFile(REPORT_PDF, name=f"{title.lower()}.pdf"), kind=kind)
        Document.objects.filter(pk=doc.pk).update(uploaded_at=_aware(on, 9))

    def _plan_voornemen(self, sent_on: date, decide_on: date | None, priority: int,
                        always_answered: bool = False) -> None:
        """The authority's voornemen on `sent_on`; the betrokkene answers within the term (or
        lets it pass) before the decision on `decide_on`."""
        rng, case, planned = self.rng, self.case, self._planned(sent_on)
        self.at(sent_on, priority, lambda: inv.record_voornemen(
            self.authority, case, inv.VoornemenInput(
                measure=planned.measure, conditional=planned.conditional, grounds=VOORNEMEN_TEXT,
                sent_on=sent_on, term_passed_confirmed=True)))  # history: the term ran then
        term_end = add_working_days(sent_on, case.case_type.zienswijze_term_days)
        respond_on = add_working_days(sent_on, rng.randint(2, 9))
        if decide_on is not None and respond_on > decide_on:
            respond_on = decide_on
        must = always_answered or (decide_on is not None and decide_on <= term_end)
        if respond_on > self.today or not (must or rng.random() < 0.85):
            return
        response = _weighted(rng, [(Voornemen.Response.WRITTEN, 6), (Voornemen.Response.ORAL, 2),
                                   (Voornemen.Response.WAIVED, 2)])
        text = "" if response == Voornemen.Response.WAIVED else rng.choice(ZIENSWIJZE_TEXT)

        def respond():
            voornemen = inv.current_voornemen(case)
            inv.record_zienswijze(self.lead, voornemen, response=response, received_on=respond_on,
                                  text=text)
        # Before the decision of the same day.
        self.at(respond_on, -1 if respond_on == decide_on else priority + 1, respond)

    def _plan_hearing(self, invited_on: date, kind: str, next_on: date | None) -> None:
        rng, case = self.rng, self.case
        prep = case.case_type.hearing_preparation_days
        day = add_working_days(invited_on, prep + rng.randint(0, 6))
        if next_on is not None and day >= next_on:
            day = add_working_days(invited_on, prep)
        moment = _aware(day, rng.choice([9, 10, 13, 14]), rng.choice([0, 30]))
        person = ""
        if kind == Hearing.Kind.WITNESS:
            person = f"{rng.choice(FIRST_NAMES)} {_surname(rng).strip()} (collega)"

        def plan():
            hearing = inv.plan_hearing(
                self.lead, case, kind=kind, invited_on=invited_on, scheduled_at=moment,
                representative=rng.choice(REPRESENTATIVES), person=person)
            if moment < self.s.now:
                Hearing.objects.filter(pk=hearing.pk).update(
                    held=True, note="Gesprek gehouden; verslag ter correctie toegestuurd.")
        self.at(invited_on, 2, plan)

    def _plan_future_hearing(self, step_on: date) -> None:
        invited_on = max(step_on, self.today - timedelta(days=3))
        self._plan_hearing(invited_on, Hearing.Kind.HEARING, None)

    def _maybe_pause(self, on: date, next_on: date | None, index: int) -> None:
        rng, case, today = self.rng, self.case, self.today
        reasons = self.s.delay_reasons
        if self.s.steps[case.case_type.code][index].step == Step.DECISION:
            return
        if self.parallel and case.track != Track.CRIMINAL and index == 1:
            reason, chance = reasons["criminal_first"], 1.0
        else:
            # (The zienswijze term is a pause only while a voornemen's term runs, never at random.)
            reason = rng.choice([r for c, r in reasons.items()
                                 if c not in ("criminal_first", "zienswijze_term")])
            chance = 0.12 if next_on is not None else 0.3
        if rng.random() >= chance:
            return
        start = add_working_days(on, rng.randint(1, 3))
        if start > today or (next_on is not None and start >= next_on):
            return
        stop = add_working_days(start, rng.randint(8, 40))
        if next_on is not None and stop >= next_on:
            stop = add_working_days(next_on, -1)
            if stop <= start:
                return
        self.at(start, 4, lambda: inv.pause_clock(self.lead, case, reason, start,
                                                  "Vertraging vastgelegd in het teamoverleg."))
        if stop <= today and (next_on is not None or rng.random() < 0.3):
            self.at(stop, 0, lambda: inv.resume_clock(self.lead, case, stop))

    def _plan_contact(self, start: date, end: date, closing: bool) -> None:
        """Status updates, referrals and access requests after the betrokkene was told."""
        rng, case, today = self.rng, self.case, self.today
        silent = rng.random() < 0.3  # the documented problem: after the aanzegging it goes quiet
        day = start
        while True:
            weeks = rng.randint(5, 10) if silent else rng.randint(2, 4)
            day = _working_day_on_or_after(day + timedelta(weeks=weeks))
            if day > end or day > today:
                break
            actor = self.care_user if self.care_user and rng.random() < 0.5 else self.lead
            self.at(day, 3, lambda a=actor, d=day: inv.record_status_update(
                a, case, given_on=d, channel=rng.choice(StatusUpdate.Channel.values),
                summary=rng.choice(UPDATE_TEXTS)))
        if rng.random() < 0.4:
            ref_on = add_working_days(start, rng.randint(0, 3))
            if ref_on <= min(end, today):
                actor = self.care_user or self.lead
                desk = rng.choice(CareDesk.values)
                for_team = rng.random() < 0.15
                self.at(ref_on, 3, lambda: care.refer(
                    actor, case, desk=desk, referred_on=ref_on, for_team=for_team,
                    note="Betrokkene stemt in met de verwijzing."))
                if for_team:
                    self.at(ref_on, 3, lambda: care.record_team_care(
                        self.lead, case, on=ref_on,
                        description="Teamsessie met BMW over de impact van het onderzoek."))
        if case.track == Track.DISCIPLINARY and rng.random() < 0.3:
            asked = start + timedelta(days=rng.randint(5, 30))
            if asked <= min(end, today):
                text = rng.choice(ACCESS_REQUESTS)
                decided = asked + timedelta(days=rng.randint(5, 20))
                pending = not closing and (decided > today or rng.random() < 0.35)
                decided = min(decided, end, today)
                holder = {}

                def ask():
                    holder["req"] = inv.record_access_request(self.lead, case, requested_on=asked,
                                                              request=text)
                self.at(asked, 3, ask)
                if not pending:
                    verdict = rng.choice(AccessRequest.Decision.values[1:])

                    def decide():
                        req = inv.decide_access_request(
                            self.lead, holder["req"], decision=verdict,
                            reason="Stukken van derden zijn geanonimiseerd; het belang van het "
                                   "onderzoek weegt zwaarder voor het overige deel.")
                        AccessRequest.objects.filter(pk=req.pk).update(decided_on=decided)
                    self.at(decided, 2, decide)

    def _decision(self, on: date) -> inv.DecisionInput:
        rng, case = self.rng, self.case
        if case.track == Track.ORIENTING:
            outcome = _weighted(rng, [(Outcome.NO_BREACH, 5), (Outcome.CORRECTIVE, 5)])
        elif case.track == Track.CRIMINAL:
            outcome = _weighted(rng, [(Outcome.NO_BREACH, 3), (Outcome.BREACH_MEASURE, 6),
                                      (Outcome.CORRECTIVE, 1)])
        else:
            outcome = _weighted(rng, [(Outcome.NO_BREACH, 3), (Outcome.BREACH_MEASURE, 4),
                                      (Outcome.CORRECTIVE, 3)])
        if self.hold == Step.ZIENSWIJZE:
            outcome = Outcome.BREACH_MEASURE  # the zienswijze step is a voornemen's
        measure, conditional = "", False
        if outcome == Outcome.BREACH_MEASURE:
            if case.signal.theme.code in ("system_misuse", "corruption", "leaking", "crime"):
                measure = rng.choice([Measure.DISMISSAL, Measure.DISMISSAL, Measure.DEMOTION,
                                      Measure.SUSPENSION])
            else:
                measure = rng.choice(Measure.values)
            conditional = rng.random() < 0.45
        return inv.DecisionInput(
            outcome=outcome, reasoning=DECISION_TEXT[outcome], decided_on=on, measure=measure,
            conditional=conditional,
            personal_circumstances=rng.choice(["", "Lange staat van dienst zonder eerdere "
                                                   "signalen.", "Zware privéomstandigheden in "
                                                                "de periode van de gedraging."]),
            learning_points=rng.choice(LEARNING_POINTS),
        )

    def _plan_close(self, decided_on: date, close_on: date) -> None:
        case, rng = self.case, self.rng

        def close():
            decision = case.decision
            rehab = ""
            if decision.outcome == Outcome.NO_BREACH:
                rehab = ("Rehabilitatiegesprek met betrokkene en team; de leidinggevende "
                         "bevestigt in het team dat het vermoeden ongegrond is.")
            inv.close_case(self.lead, case, communicated_on=close_on,
                           communication="Besluit persoonlijk uitgereikt en toegelicht in een "
                                         "gesprek met betrokkene en diens raadsman.",
                           team_informed=rng.random() < 0.6, rehabilitation_plan=rehab)
        self.at(close_on, 9, close)
        # The aftercare of an older closure has been ended by its care contact; a recent one runs.
        ended_on = add_working_days(close_on, 20)
        if ended_on < self.today:
            def end_aftercare():
                if care.aftercare_running(case) and case.care_contact is not None:
                    care.end_aftercare(case.care_contact, case, on=ended_on,
                                       note="Evaluatiegesprek gevoerd; de betrokkene is terug in het team "
                                            "en heeft geen verdere zorg nodig.")
            self.at(ended_on, 9, end_aftercare)


def seed(today: date | None = None, log: Callable[[str], None] | None = None,
         scale: float = 1.0) -> bool:
    """Load the demo data; False (and nothing changed) when it is already present. `scale`
    shrinks the number of random signals (tests); the organisation is always complete."""
    if User.objects.filter(username="triage").exists():
        return False
    DemoSeeder(today=today, log=log, scale=scale).run()
    return True


def summary() -> dict:
    """A stable description of the demo data, independent of primary keys, to check that the seed
    is deterministic (also on PostgreSQL, whose sequences are not reset by a rollback)."""
    digest = hashlib.sha256()
    for row in Signal.objects.order_by("id").values_list(
        "received_on", "channel", "region__code", "theme__code", "status",
        "reporter__personnel_number", "description",
    ):
        digest.update(json.dumps(row, default=str).encode())
    for row in Case.objects.order_by("id").values_list(
        "track", "status__step", "subject__personnel_number", "opened_on", "deadline",
        "closed_on", "last_update_on",
    ):
        digest.update(json.dumps(row, default=str).encode())
    return {
        "employees": Employee.objects.count(),
        "users": User.objects.count(),
        "signals": Signal.objects.count(),
        "cases": Case.objects.count(),
        "signal_status": dict(sorted(
            (s, Signal.objects.filter(status=s).count()) for s in Signal.Status.values)),
        "case_steps": dict(sorted(
            (s, Case.objects.filter(status__step=s).count()) for s in Step.values)),
        "digest": digest.hexdigest(),
    }

"""Demo content for vetting and the reporting duty: the login `veiligheid` (vetting staff of VIK
Noordkust), a register of screenings (BO and BO+, some due, some lapsing soon, one interim), and
declarations of the demo team: a gift awaiting the decision of `leidinggevende`, a decided political
side activity of `medewerker`, and declared relations that the SOC can download for the engine.

Call `seed()` after `vik seed_demo`'s organisation; it is idempotent (it does nothing when the login
`veiligheid` exists).
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from vik.accounts.models import Employee, Role, User
from vik.knowledge.demo import ensure_user

from .models import ONE_OFF_KINDS, REPEAT_YEARS, Declaration, Level, Screening, add_years

USERNAME = "veiligheid"


@transaction.atomic
def seed() -> None:
    if User.objects.filter(username=USERNAME).exists():
        return
    staff = ensure_user(USERNAME, Role.VETTING, personnel_number="p900300", first_name="Vera",
                        surname="Veiligheid")
    employee = User.objects.filter(username="medewerker").select_related("employee").first()
    me = employee.employee if employee is not None else None
    team = list(Employee.objects.filter(unit=me.unit).exclude(pk=me.pk).exclude(pk=staff.employee_id)
                .order_by("personnel_number")[:12]) if me else []
    today = timezone.localdate()
    # Screenings: most positive and valid; two lapse within months (repeat to plan); one is open.
    for i, person in enumerate(([me] if me else []) + team):
        level = Level.BO_PLUS if i % 4 == 0 else Level.BO
        years_ago = i % REPEAT_YEARS[level]
        completed = today - timedelta(days=365 * years_ago + 30 + 11 * i)
        if i in (2, 5):  # lapses within weeks: a repeat screening to plan
            completed = add_years(today, -REPEAT_YEARS[level]) + timedelta(days=40 + i)
        Screening.objects.create(
            employee=person, level=level, kind=Screening.Kind.INITIAL if years_ago else Screening.Kind.REPEAT,
            due_on=completed + timedelta(days=20), completed_on=completed, outcome=Screening.Outcome.POSITIVE,
            outcome_reason="Geen bijzonderheden in systemen, sociale media en referentengesprek.",
            valid_until=add_years(completed, REPEAT_YEARS[level]), created_by=staff)
    if len(team) > 3:
        Screening.objects.create(
            employee=team[3], level=Level.BO_PLUS, kind=Screening.Kind.REPEAT,
            due_on=today + timedelta(days=25), reason="Nieuwe functie met toegang tot gerubriceerde informatie.",
            created_by=staff)
    seed_spread(staff, today)
    if me is None:
        return
    manager = Employee.objects.filter(pk=me.manager_id).first()
    boss = manager.user if manager is not None and hasattr(manager, "user") else None
    user = employee
    political = Declaration.objects.create(
        employee=me, kind=Declaration.Kind.SIDE_ACTIVITY, political=True,
        description="Raadslid in de gemeenteraad van mijn woonplaats (ca. 6 uur per week, avonden).",
        counterparty="Gemeenteraad Veenoord", handler=Declaration.Handler.MANAGER, submitted_by=user)
    if boss is not None:
        Declaration.objects.filter(pk=political.pk).update(
            decision=Declaration.Decision.CONDITIONS, decided_by=boss, decided_on=today - timedelta(days=40),
            renewal_on=today + timedelta(days=20),
            decision_reason="Toegestaan, mits geen dossiers over de eigen gemeente en geen uitingen in uniform.")
    Declaration.objects.create(
        employee=me, kind=Declaration.Kind.GIFT, description="Kerstpakket van de ondernemersvereniging.",
        counterparty="Ondernemersvereniging Havenmond", value_eur=75, event_on=today + timedelta(days=14),
        handler=Declaration.Handler.MANAGER if boss else Declaration.Handler.VIK, submitted_by=user)
    Declaration.objects.create(
        employee=me, kind=Declaration.Kind.RELATION, relation=Declaration.Relation.FAMILY,
        description="Mijn zwager staat als verdachte geregistreerd in een lopend onderzoek.",
        counterparty="zwager", subject_type=Declaration.SubjectType.PERSON, subject_id="P-DEMO-0042",
        handler=Declaration.Handler.VIK, submitted_by=user)
    relations = [Declaration.Relation.PARTNER, Declaration.Relation.ACQUAINTANCE, Declaration.Relation.FAMILY]
    for i, person in enumerate(team[:6]):
        declaration = Declaration.objects.create(
            employee=person, kind=Declaration.Kind.RELATION, relation=relations[i % 3],
            description="Relatie gemeld bij indiensttreding.", subject_type=Declaration.SubjectType.PERSON,
            subject_id=f"P-DEMO-{100 + i:04d}", handler=Declaration.Handler.VIK, submitted_by=staff)
        Declaration.objects.filter(pk=declaration.pk).update(
            decision=Declaration.Decision.NOTED, decided_by=staff, decided_on=today - timedelta(days=60 + i),
            renewal_on=today + timedelta(days=300), decision_reason="Voor kennisgeving aangenomen.")


# Declarations across the force over the year, so that policy staff see counts above the threshold:
# (kind, decision, how many per 10 employees).
SPREAD = [
    (Declaration.Kind.SIDE_ACTIVITY, Declaration.Decision.APPROVED, 4),
    (Declaration.Kind.SIDE_ACTIVITY, Declaration.Decision.CONDITIONS, 1),
    (Declaration.Kind.SIDE_ACTIVITY, Declaration.Decision.REFUSED, 1),
    (Declaration.Kind.GIFT, Declaration.Decision.APPROVED, 2),
    (Declaration.Kind.GIFT, Declaration.Decision.REFUSED, 1),
    (Declaration.Kind.INVITATION, Declaration.Decision.APPROVED, 2),
    (Declaration.Kind.FINANCIAL_INTEREST, Declaration.Decision.NOTED, 1),
    (Declaration.Kind.RELATION, Declaration.Decision.NOTED, 2),
]
DESCRIPTIONS = {
    Declaration.Kind.SIDE_ACTIVITY: "Trainer bij de plaatselijke sportvereniging.",
    Declaration.Kind.GIFT: "Bloemen en een fles wijn van een dankbare burger.",
    Declaration.Kind.INVITATION: "Uitnodiging voor een congres van een leverancier.",
    Declaration.Kind.FINANCIAL_INTEREST: "Aandelen in een beveiligingsbedrijf.",
    Declaration.Kind.RELATION: "Relatie gemeld bij indiensttreding.",
}


def seed_spread(staff, today) -> None:
    """About 140 decided declarations of employees of the force, spread over this year."""
    people = list(Employee.objects.filter(user__isnull=True, manager__user__isnull=False)
                  .select_related("manager__user").order_by("personnel_number")[:100])
    rows = []
    for i, person in enumerate(people):
        # Whoever handles a kind decides it: the declarant's own manager
        # for side activities, gifts and invitations, the vetting staff for the rest.
        manager_user = person.manager.user
        for k, (kind, decision, per_ten) in enumerate(SPREAD):
            if (i * 7 + k * 3) % 10 >= per_ten:
                continue
            decided = today - timedelta(days=(i * 13 + len(decision)) % max(1, today.timetuple().tm_yday - 1))
            relation = kind == Declaration.Kind.RELATION
            handler = (Declaration.Handler.VIK if kind in (Declaration.Kind.RELATION,
                                                           Declaration.Kind.FINANCIAL_INTEREST)
                       else Declaration.Handler.MANAGER)
            decider = staff if handler == Declaration.Handler.VIK else manager_user
            rows.append(Declaration(
                employee=person, kind=kind, description=DESCRIPTIONS[kind],
                relation=Declaration.Relation.FAMILY if relation else "",
                subject_type=Declaration.SubjectType.PERSON if relation else "",
                subject_id=f"P-DEMO-{2000 + i:04d}" if relation else "",
                handler=handler, submitted_by=staff, decision=decision, decided_by=decider, decided_on=decided,
                decision_reason="Afgewogen tegen de beroepscode.",
                renewal_on=None if kind in ONE_OFF_KINDS else add_years(decided, 1)))
    Declaration.objects.bulk_create(rows)

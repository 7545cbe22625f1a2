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

from .models import REPEAT_YEARS, Declaration, Level, Screening, add_years

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

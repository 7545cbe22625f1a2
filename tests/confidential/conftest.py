"""Fixtures for confidential work: the recipients, advisors, committee and chief, on top of the
shared `org` (region A: VIK Noord, Basisteam A with `teamchef` and officers Jansen and Smit)."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.factories import EmployeeFactory, UnitFactory, UserFactory
from vik.accounts.models import Role, Unit
from vik.confidential import services
from vik.confidential.models import Category, Committee, Report


@pytest.fixture
def conf(org):
    team_b = UnitFactory(code="BB", name="Basisteam B", kind=Unit.Kind.TEAM,
                         parent=Unit.objects.get(code="DB"))

    def user(username, roles, unit=org.vik_a, **employee):
        return UserFactory(username=username, roles=roles, employee=EmployeeFactory(unit=unit, **employee))

    ns = SimpleNamespace(
        org=org,
        office=user("meldpunt", [Role.INTEGRITY_OFFICE], first_name="Selma", surname="Aydin"),
        office_b=user("meldpunt_b", [Role.INTEGRITY_OFFICE], unit=team_b),
        advisor=user("vp", [Role.CONFIDENTIAL_ADVISOR], unit=org.patrol, first_name="Marit", surname="Verhoef"),
        advisor2=user("vp2", [Role.CONFIDENTIAL_ADVISOR]),
        central=user("vpc", [Role.CONFIDENTIAL_ADVISOR_CENTRAL]),
        ombudsman=user("ombuds", [Role.OMBUDSMAN]),
        member=user("commissie", [Role.COMPLAINTS_COMMITTEE]),
        chair=user("voorzitter", [Role.COMPLAINTS_COMMITTEE], unit=team_b),
        chief=user("korpschef", [Role.CHIEF]),
        chief_b=user("korpschef_b", [Role.CHIEF], unit=team_b),
        reporter=user("melder", [], unit=org.patrol, first_name="Piet", surname="Melder"),
        team_b=team_b,
    )
    ns.committee = Committee.objects.create(name="Commissie Noord-Zuid")
    ns.committee.regions.set([org.region_a, org.region_b])
    ns.committee.members.set([ns.member, ns.chair])
    return ns


@pytest.fixture
def anonymous_report(conf):
    report, code = services.submit_anonymous_report(services.ReportInput(
        recipient=Report.Recipient.INTEGRITY_OFFICE, region=conf.org.region_a, category=Category.INTEGRITY,
        description="Een collega neemt structureel cadeaus aan van een garagehouder.",
        persons_named=[conf.org.officer]))
    return report, code


@pytest.fixture
def advisor_report(conf):
    return services.submit_report(conf.reporter, services.ReportInput(
        recipient=Report.Recipient.CONFIDENTIAL_ADVISOR, region=conf.org.region_a,
        category=Category.INTIMIDATION, description="Mijn collega Smit pest mij al maanden in de groepsapp.",
        persons_named=[conf.org.colleague], mode=Report.Mode.CONFIDENTIAL,
    ))


def today():
    return timezone.localdate()

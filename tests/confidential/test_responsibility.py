"""Somebody is always responsible: reports and complaints fall back up the unit tree, what still
reaches nobody is refused or reported by `vik check_responsibility` (and on the Beheer page)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import EmployeeFactory, UserFactory
from vik import policy
from vik.accounts.models import Role
from vik.confidential import services
from vik.confidential.models import Category, Complaint, Report
from vik.policy import routing as access

from .conftest import today

pytestmark = pytest.mark.django_db


def _national(conf, username, role):
    return UserFactory(username=username, roles=[role], employee=EmployeeFactory(unit=conf.org.national))


def _deactivate(*users):
    for user in users:
        user.is_active = False
        user.save(update_fields=["is_active"])


def _run_check() -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("check_responsibility", stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code), out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


def _ids(output: str) -> set[str]:
    import re

    return set(re.findall(r"vik\.confidential\.[EWI]\d{3}", output))


def _report_input(conf, region, recipient=Report.Recipient.INTEGRITY_OFFICE):
    return services.ReportInput(recipient=recipient, region=region, category=Category.INTEGRITY,
                                description="Een collega neemt structureel cadeaus aan van een garagehouder.",
                                mode=Report.Mode.NAMED)


# --- the examples ----------------------------------------------------------------------------


def test_report_for_a_unit_without_its_own_office_reaches_the_national_office(conf):
    national_office = _national(conf, "meldpunt_nl", Role.INTEGRITY_OFFICE)
    _deactivate(conf.office_b, conf.ombudsman)
    report = services.submit_report(conf.reporter, _report_input(conf, conf.org.region_b))
    assert access.recipients(report) == [national_office]
    assert report in services_inbox(national_office)


def services_inbox(user):
    from vik.confidential import selectors

    return selectors.inbox(user)


def test_report_that_would_reach_nobody_is_refused_and_the_text_survives(conf, client):
    _deactivate(conf.office, conf.office_b, conf.ombudsman)
    client.force_login(conf.reporter)
    response = client.post("/vertrouwelijk/melden/", {
        "mode": "named", "recipient": "integrity_office", "region": conf.org.region_b.pk,
        "category": "integrity", "description": "Mijn unieke tekst over een misstand bij de inkoop."})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Mijn unieke tekst over een misstand bij de inkoop." in body
    assert "niemand" in body
    assert not Report.objects.exists()


def _advised_complaint(conf, region):
    c = services.register_complaint(conf.member, services.ComplaintInput(
        region=region, committee=conf.committee, chair=conf.member if region == conf.org.region_b else conf.chair,
        category=Category.INTIMIDATION, received_on=today() - timedelta(days=30),
        complainant="Anna Klager", accused="Bob Beklaagd", summary="Buitensluiten bij de dienstindeling."))
    day = c.received_on
    services.decide_admissibility(conf.member, c, True, day + timedelta(days=2), "")
    services.record_hearing(conf.member, c, day + timedelta(days=10), True, True, "Beide partijen apart gehoord.")
    services.give_advice(conf.member, c, day + timedelta(days=20), Complaint.Advice.FOUNDED, "Gegrond, berisping.")
    return c


def test_complaint_of_a_unit_without_chief_is_decided_one_level_up(conf):
    national_chief = _national(conf, "korpschef_nl", Role.CHIEF)
    _deactivate(conf.chief_b)
    complaint = _advised_complaint(conf, conf.org.region_b)
    client = Client()
    client.force_login(national_chief)
    assert client.get(f"/vertrouwelijk/klachten/{complaint.pk}/").status_code == 200
    response = client.post(f"/vertrouwelijk/klachten/{complaint.pk}/decision/", {
        "on": today().isoformat(), "follows_advice": "yes", "text": "Conform advies: schriftelijke berisping."})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.stage == Complaint.Stage.DECIDED and complaint.decided_by == national_chief
    # The unit's own chief still comes first when there is one.
    assert not policy.can(national_chief, "confidential.complaint.decide", _advised_complaint(conf, conf.org.region_a))


# --- the check command: one test per dead-end kind -------------------------------------------


def _complete(conf):
    """Make the fixture organisation free of dead ends: the national level has staff too."""
    for role in (Role.INTEGRITY_OFFICE, Role.CHIEF):
        _national(conf, f"nl_{role}", role)
    conf.committee.regions.add(conf.org.national)


def test_complete_organisation_has_no_dead_ends(conf):
    _complete(conf)
    code, output = _run_check()
    assert code == 0, output
    assert "Geen doodlopende routes" in output


def test_e001_unit_whose_reports_reach_nobody(conf):
    _complete(conf)
    _deactivate(conf.ombudsman, conf.central)
    code, output = _run_check()
    assert code == 1 and "vik.confidential.E001" in _ids(output)
    assert "komen bij niemand aan" in output


def test_e002_unit_without_committee(conf):
    _complete(conf)
    conf.committee.regions.remove(conf.org.region_b)
    code, output = _run_check()
    assert code == 1 and "vik.confidential.E002" in _ids(output) and "Eenheid Zuid" in output


def test_e003_no_chair_from_another_unit(conf):
    _complete(conf)
    conf.committee.members.remove(conf.chair)  # only the member of region A remains
    code, output = _run_check()
    assert code == 1 and "vik.confidential.E003" in _ids(output) and "Eenheid Noord" in output


def test_e004_unit_without_any_chief(conf):
    _complete(conf)
    from vik.accounts.models import User

    _deactivate(*User.objects.filter(groups__name=Role.CHIEF))
    code, output = _run_check()
    assert code == 1 and "vik.confidential.E004" in _ids(output)


def test_e005_open_report_that_nobody_may_handle(conf):
    _complete(conf)
    report = services.submit_report(conf.reporter, _report_input(conf, conf.org.region_a))
    from vik.accounts.models import User

    _deactivate(*User.objects.filter(groups__name__in=[Role.INTEGRITY_OFFICE, Role.OMBUDSMAN]))
    code, output = _run_check()
    assert code == 1 and "vik.confidential.E005" in _ids(output) and report.reference in output


def test_e006_advised_complaint_that_nobody_may_decide(conf):
    _complete(conf)
    complaint = _advised_complaint(conf, conf.org.region_a)
    from vik.accounts.models import User

    _deactivate(*User.objects.filter(groups__name=Role.CHIEF))
    code, output = _run_check()
    assert code == 1 and "vik.confidential.E006" in _ids(output) and complaint.reference in output


def test_e007_open_complaint_that_no_member_may_handle(conf):
    _complete(conf)
    complaint = services.register_complaint(conf.member, services.ComplaintInput(
        region=conf.org.region_a, committee=conf.committee, chair=conf.chair, category=Category.OTHER,
        received_on=today(), complainant="Anna Klager", accused="Bob Beklaagd", summary="Klacht over de dienst."))
    _deactivate(conf.member, conf.chair)
    code, output = _run_check()
    assert code == 1 and "vik.confidential.E007" in _ids(output) and complaint.reference in output


def test_plain_django_check_does_not_query_the_database(conf):
    """Responsibility checks run only when asked with a database (the command, Beheer)."""
    from django.core.checks import run_checks

    conf.committee.regions.clear()
    assert not [m for m in run_checks(tags=["responsibility"]) if m.id and m.id.startswith("vik.confidential")]


def test_beheer_page_shows_the_dead_ends(conf):
    admin = UserFactory(username="beheerder", roles=[Role.ADMIN], employee=EmployeeFactory(unit=conf.org.national))
    conf.committee.regions.remove(conf.org.region_b)
    client = Client()
    client.force_login(admin)
    body = client.get("/beheer/").content.decode()
    assert "Klachten uit Eenheid Zuid behandelt geen enkele klachtencommissie" in body


@pytest.mark.slow
def test_seeded_demo_has_no_dead_ends(django_db_blocker):
    from django.test import override_settings

    from vik.confidential import demo as confidential_demo
    from vik.demo import organisation as demo

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                           MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
        demo.seed(scale=0.15)
        confidential_demo.seed()
    code, output = _run_check()
    assert code == 0, output
    # The example of the issue: the employee form's default unit reaches an inbox and a chief.
    medewerker = __import__("vik.accounts.models", fromlist=["User"]).User.objects.get(username="medewerker")
    region = medewerker.employee.unit.region
    for recipient in Report.Recipient.values:
        assert any(c.exists() for c in access.recipient_circles(recipient, region)), recipient


def test_beheer_refuses_a_committee_change_that_leaves_a_unit_without_committee(conf):
    admin_user = UserFactory(username="beheerder2", roles=[Role.ADMIN],
                             employee=EmployeeFactory(unit=conf.org.national))
    client = Client()
    client.force_login(admin_user)
    url = f"/beheer/confidential/committee/{conf.committee.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": conf.committee.name, "regions": [conf.org.region_a.pk],
                                 "members": [conf.member.pk, conf.chair.pk]})
    assert response.status_code == 200  # the form again, with the refusal
    assert "Eenheid Zuid zou zonder klachtencommissie komen te staan" in response.content.decode()
    assert set(conf.committee.regions.all()) == {conf.org.region_a, conf.org.region_b}
    response = client.post(url, {"name": conf.committee.name, "regions": [conf.org.region_a.pk],
                                 "members": [conf.member.pk]})
    assert "geen voorzitter uit een andere eenheid" in response.content.decode()

"""The pages of vetting per role: who gets each page (200) and who is refused (404, audited);
post/redirect/get on every form; hostile input answered with the form, never a 500; policy staff
see counts only."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.vetting.conftest import declare
from vik.audit.models import AuditEvent
from vik.vetting import services
from vik.vetting.models import Declaration, Screening

pytestmark = pytest.mark.django_db


def _user(vet, org, name):
    return getattr(vet, name, None) or getattr(org, name)


# page -> (users allowed, users refused); users by attribute of `vet` or `org`
PAGES = {
    "/veiligheid/": (["employee", "manager", "staff"], ["system"]),
    "/veiligheid/melden/": (["employee", "manager"], ["system"]),
    "/veiligheid/te-besluiten/": (["manager", "staff"], ["employee", "policy"]),
    "/veiligheid/onderzoeken/": (["staff"], ["manager", "policy", "soc", "employee"]),
    "/veiligheid/overzicht/": (["policy"], ["staff", "manager", "employee"]),
    "/veiligheid/gemelde-relaties.csv": (["soc", "staff"], ["policy", "manager", "employee"]),
}


@pytest.fixture
def system(db):
    from tests.factories import UserFactory

    return UserFactory(username="systeem", employee=None)


@pytest.mark.parametrize("url", sorted(PAGES))
def test_each_page_for_whom_it_is_and_refused_to_others(client, vet, org, system, url):
    allowed, refused = PAGES[url]
    vet.system = system
    for name in allowed:
        client.force_login(_user(vet, org, name))
        assert client.get(url).status_code == 200, (url, name)
    for name in refused:
        client.force_login(_user(vet, org, name))
        assert client.get(url).status_code == 404, (url, name)
    assert AuditEvent.objects.filter(action="denied").count() >= len(refused)


def test_a_declaration_for_its_declarant_and_handler_only(client, vet, org, gift, relation):
    cases = [(gift, ["employee", "manager"], ["staff", "other_manager", "colleague", "policy"]),
             (relation, ["employee", "staff"], ["manager", "colleague", "policy", "soc"])]
    for declaration, allowed, refused in cases:
        url = f"/veiligheid/meldingen/{declaration.pk}/"
        for name in allowed:
            client.force_login(_user(vet, org, name))
            assert client.get(url).status_code == 200, (url, name)
        for name in refused:
            client.force_login(_user(vet, org, name))
            assert client.get(url).status_code == 404, (url, name)
            assert client.post(f"{url}besluit/", {"decision": "approved", "reason": "x"}).status_code == 404


def test_a_screening_for_vetting_staff_only_and_never_their_own(client, vet, org, screening):
    own = Screening.objects.create(employee=vet.staff.employee, level="bo", kind="initial",
                                   due_on=timezone.localdate(), created_by=vet.staff2)
    for user, target, status in [(vet.staff, screening, 200), (vet.staff2, own, 200), (vet.staff, own, 404),
                                 (vet.employee, screening, 404), (org.manager, screening, 404),
                                 (org.policy, screening, 404)]:
        client.force_login(user)
        assert client.get(f"/veiligheid/onderzoeken/{target.pk}/").status_code == status, (user, target)


def _post_then_reload(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, re.findall(r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S)
    for _ in range(2):
        assert client.get(response["Location"]).status_code == 200
    return response


def test_declare_decide_plan_and_record_outcome_redirect_and_reload_repeats_nothing(client, vet, org):
    today = timezone.localdate()
    client.force_login(vet.employee)
    _post_then_reload(client, "/veiligheid/melden/", {
        "kind": "invitation", "description": "Uitnodiging voor de nieuwjaarsreceptie van de gemeente.",
        "counterparty": "Gemeente", "value_eur": "40",
        "event_on": (today + dt.timedelta(days=20)).strftime("%d-%m-%Y")})
    declaration = Declaration.objects.get()
    assert declaration.handler == "manager"
    client.force_login(org.manager)
    _post_then_reload(client, f"/veiligheid/meldingen/{declaration.pk}/besluit/", {
        "decision": "approved", "reason": "Netwerkdoel, namens het team.", "screening_relevant": "on"})
    declaration.refresh_from_db()
    assert declaration.decision == "approved" and declaration.renewal_on is None  # an invitation: once
    assert Screening.objects.filter(kind="interim", declaration=declaration).count() == 1
    client.force_login(vet.staff)
    interim = Screening.objects.get()
    _post_then_reload(client, f"/veiligheid/onderzoeken/{interim.pk}/", {
        "outcome": "positive", "completed_on": today.strftime("%d-%m-%Y"), "reason": ""})
    assert Screening.objects.get().valid_until is not None
    _post_then_reload(client, "/veiligheid/onderzoeken/", {
        "employee": vet.colleague.employee.personnel_number, "level": "bo_plus", "kind": "initial",
        "due_on": (today + dt.timedelta(days=30)).strftime("%d-%m-%Y"), "reason": "Nieuwe functie"})
    assert Screening.objects.count() == 2


@pytest.mark.parametrize("data", [
    {"kind": "gift", "description": "x", "event_on": "30-02-2027"},
    {"kind": "invitation", "description": "x", "event_on": "01-01-2020"},
    {"kind": "nonsense", "description": "x"},
    {"kind": "relation", "description": "x", "relation": "family", "subject_id": "<script>"},
    {"kind": "side_activity", "description": "x" * 5000},
    {"kind": "gift", "description": "x", "value_eur": "99999999999999999999", "event_on": "01-01-2027"},
    {},
])
def test_hostile_declarations_keep_the_form_and_explain(client, vet, data):
    client.force_login(vet.employee)
    response = client.post("/veiligheid/melden/", data)
    assert response.status_code == 400
    assert not Declaration.objects.exists()


@pytest.mark.parametrize("data", [
    {"decision": "approved", "reason": ""}, {"decision": "x", "reason": "y"},
    {"decision": "approved", "reason": "y", "renewal_on": "01-01-2020"},
    {"decision": "approved", "reason": "y", "renewal_on": "31-12-9999"},
])
def test_hostile_decisions_are_refused_with_the_form(client, vet, org, data):
    side_job = declare(vet.employee, Declaration.Kind.SIDE_ACTIVITY)  # (a gift has no renewal date)
    client.force_login(org.manager)
    assert client.post(f"/veiligheid/meldingen/{side_job.pk}/besluit/", data).status_code == 400
    side_job.refresh_from_db()
    assert side_job.is_open


def test_a_second_decision_is_refused_with_a_message_not_a_500(client, org, gift):
    services.decide_declaration(org.manager, gift, "approved", "Prima.")
    client.force_login(org.manager)
    response = client.post(f"/veiligheid/meldingen/{gift.pk}/besluit/", {"decision": "refused", "reason": "x"})
    assert response.status_code == 302
    gift.refresh_from_db()
    assert gift.decision == "approved"


@pytest.mark.parametrize("employee", ["Niemand Bestaatniet", "", "99999999999999999999"])
def test_planning_for_someone_unknown_keeps_the_form(client, vet, employee):
    client.force_login(vet.staff)
    response = client.post("/veiligheid/onderzoeken/", {
        "employee": employee, "level": "bo", "kind": "initial", "due_on": "01-06-2027"})
    assert response.status_code == 400
    assert not Screening.objects.exists()


def test_policy_staff_see_counts_with_small_cells_hidden_and_no_names(client, vet, org):
    # (12 side activities, not 6: a kind with fewer than 10 declarations is now not broken down
    # by decision at all, minimum population.)
    for _ in range(12):
        declare(vet.employee, Declaration.Kind.SIDE_ACTIVITY, description="Trainer voetbalclub")
    declare(vet.colleague, Declaration.Kind.GIFT)
    client.force_login(org.policy)
    page = client.get("/veiligheid/overzicht/").content.decode()
    assert "<td>&lt;5</td>" in page and "<td>×</td>" in page  # the 12 would give the 1 away: hidden too
    for name in (vet.employee.employee.surname, vet.colleague.employee.surname, "Trainer"):
        assert name not in page


def test_tasks_for_handler_vetting_staff_and_declarant(client, vet, org, gift, relation, screening):
    client.force_login(org.manager)
    assert gift.reference in client.get("/").content.decode()
    client.force_login(vet.staff)
    page = client.get("/").content.decode()
    assert relation.reference in page and vet.employee.employee.full_name in page
    assert gift.reference not in page
    side_job = declare(vet.employee, Declaration.Kind.SIDE_ACTIVITY)
    services.decide_declaration(org.manager, side_job, "approved", "Prima.",
                                renewal_on=timezone.localdate() + dt.timedelta(days=10))
    client.force_login(vet.employee)
    assert side_job.reference in client.get("/").content.decode()


def test_the_menu_per_role(client, vet, org):
    expected = {vet.employee: {"Meldplicht"}, org.manager: {"Meldplicht", "Te besluiten meldingen"},
                vet.staff: {"Meldplicht", "Te besluiten meldingen", "Veiligheidsonderzoeken"},
                org.policy: {"Meldplicht", "Meldplicht in cijfers"}}
    labels = {"Meldplicht", "Te besluiten meldingen", "Veiligheidsonderzoeken", "Meldplicht in cijfers"}
    for user, shown in expected.items():
        client.force_login(user)
        nav = re.findall(r"<nav.*?</nav>", client.get("/").content.decode(), re.S)[0]
        items = set(re.findall(r">([^<>]+)</a>", nav))
        assert labels & items == shown, user


def test_renewing_starts_from_the_earlier_declaration_and_ends_its_task(client, vet, org):
    side_job = declare(vet.employee, Declaration.Kind.SIDE_ACTIVITY, description="Trainer bij de voetbalclub.")
    services.decide_declaration(org.manager, side_job, "approved", "Prima.",
                                renewal_on=timezone.localdate() + dt.timedelta(days=10))
    client.force_login(vet.employee)
    assert side_job.reference in client.get("/").content.decode()
    form = client.get(f"/veiligheid/melden/?vernieuw={side_job.pk}").content.decode()
    assert "Trainer bij de voetbalclub." in form
    _post_then_reload(client, "/veiligheid/melden/", {
        "kind": "side_activity", "description": "Trainer, dit seizoen weer.", "renews": side_job.pk})
    renewal = Declaration.objects.get(renews=side_job)
    assert renewal.is_open and renewal.handler == "manager"
    assert side_job.reference not in client.get("/").content.decode()


@pytest.mark.parametrize("renews", ["own_open", "colleague", "abc", "99999999999999999999"])
def test_renewing_what_is_not_ones_own_decided_declaration_is_refused(client, vet, org, renews):
    own_open = declare(vet.employee)
    colleagues = declare(vet.colleague)
    services.decide_declaration(org.manager, colleagues, "approved", "Prima.")
    target = {"own_open": own_open.pk, "colleague": colleagues.pk}.get(renews, renews)
    client.force_login(vet.employee)
    assert client.get(f"/veiligheid/melden/?vernieuw={target}").status_code == 200
    response = client.post("/veiligheid/melden/", {
        "kind": "side_activity", "description": "Trainer", "renews": target})
    if renews == "own_open":
        assert response.status_code == 400
    else:  # a foreign or impossible id is simply not a renewal
        assert response.status_code in (302, 400)
    assert not Declaration.objects.filter(renews__isnull=False).exists()


def test_a_lapsing_outcome_is_a_task_whose_link_fills_in_the_repeat(client, vet, screening):
    long_ago = timezone.localdate() - dt.timedelta(days=5 * 365 + 300)
    Screening.objects.filter(pk=screening.pk).update(level="bo_plus", completed_on=long_ago, outcome="positive",
                                                     valid_until=timezone.localdate() + dt.timedelta(days=60))
    client.force_login(vet.staff)
    home = client.get("/").content.decode()
    assert "Herhaalonderzoek BO+ plannen" in home
    url = re.search(r'href="(/veiligheid/onderzoeken/\?herhaal=\d+#plannen)"', home).group(1)
    page = client.get(url).content.decode()
    assert vet.employee.employee.personnel_number in page and 'value="repeat" selected' in page
    client.force_login(vet.employee)  # never a task of the employee himself
    assert "Herhaalonderzoek" not in client.get("/").content.decode()


def test_the_person_picker_suggests_names_to_vetting_staff_not_to_every_employee(client, vet):
    client.force_login(vet.staff)
    assert vet.colleague.employee.surname in client.get(
        "/meldingen/personen/", {"q": vet.colleague.employee.surname}).content.decode()
    client.force_login(vet.employee)
    assert client.get("/meldingen/personen/", {"q": vet.colleague.employee.surname}).status_code == 404


def test_vetting_staff_see_a_managers_declaration_only_once_it_is_relevant_for_the_screening(client, vet, org,
                                                                                             gift):
    client.force_login(vet.staff)
    url = f"/veiligheid/meldingen/{gift.pk}/"
    assert client.get(url).status_code == 404
    services.decide_declaration(org.manager, gift, "conditions", "Alleen voor het team.", screening_relevant=True)
    page = client.get(url).content.decode()
    assert "tussentijds onderzoek gestart" in page
    client.force_login(vet.employee)  # the employee is not told what vetting makes of it
    assert "tussentijds" not in client.get(url).content.decode()


def test_the_pages_in_english(client, vet, org, gift):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(org.manager)
    page = client.get(f"/veiligheid/meldingen/{gift.pk}/").content.decode()
    assert "Declaration " + gift.reference in page and "Record decision" in page
    client.force_login(vet.staff)
    assert "Vetting register" in client.get("/veiligheid/onderzoeken/").content.decode()


def test_decided_by_me_lists_only_what_the_user_handles(client, vet, org, gift, relation):
    """A decision recorded under someone's name on a declaration he does not handle (a gift is the
    manager's) is never listed to him: the demo's vetting staff saw gifts of the whole force with
    names and outcomes under "Door mij besloten", each a 404 when opened (tester t35)."""
    today = timezone.localdate()
    Declaration.objects.filter(pk=gift.pk).update(decision=Declaration.Decision.APPROVED,
                                                  decided_by=vet.staff, decided_on=today)
    Declaration.objects.filter(pk=relation.pk).update(decision=Declaration.Decision.NOTED,
                                                      decided_by=vet.staff, decided_on=today)
    client.force_login(vet.staff)
    page = client.get("/veiligheid/te-besluiten/").content.decode()
    assert f"/veiligheid/meldingen/{relation.pk}/" in page
    assert f"/veiligheid/meldingen/{gift.pk}/" not in page
    for listed in re.findall(r'href="(/veiligheid/meldingen/\d+/)"', page):
        assert client.get(listed).status_code == 200, listed
    # The manager who decides gifts lists his own decision; not the relation VIK decided.
    Declaration.objects.filter(pk=gift.pk).update(decided_by=org.manager)
    client.force_login(org.manager)
    page = client.get("/veiligheid/te-besluiten/").content.decode()
    assert f"/veiligheid/meldingen/{gift.pk}/" in page
    assert f"/veiligheid/meldingen/{relation.pk}/" not in page


@pytest.mark.parametrize("due_on", ["01-01-2020", "yesterday"])
def test_a_screening_is_never_planned_with_a_deadline_already_past(client, vet, due_on):
    """A deadline in the past made the screening overdue the moment it was planned, with no way to
    correct it (tester t35): the form names today as the first day, and the service refuses too."""
    if due_on == "yesterday":
        due_on = (timezone.localdate() - dt.timedelta(days=1)).strftime("%d-%m-%Y")
    client.force_login(vet.staff)
    response = client.post("/veiligheid/onderzoeken/", {
        "employee": "P777001", "level": "bo", "kind": "initial", "due_on": due_on, "reason": "Indiensttreding"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kies een datum tussen vandaag" in html and f'value="{due_on}"' in html and "Indiensttreding" in html
    assert not Screening.objects.exists()
    with pytest.raises(ValidationError):
        services.plan_screening(vet.staff, vet.employee.employee, "bo", "initial",
                                timezone.localdate() - dt.timedelta(days=1))
    today = timezone.localdate().strftime("%d-%m-%Y")
    assert client.post("/veiligheid/onderzoeken/", {
        "employee": "P777001", "level": "bo", "kind": "initial", "due_on": today}).status_code == 302


@pytest.mark.parametrize("year", ["abc", "0", "-5", "99999", "2100", "next"])
def test_a_year_that_is_no_year_is_said_not_silently_replaced(client, org, year):
    """?jaar=abc showed this year without a word (tester t35), ?jaar=2100 a table of zeros (t37);
    the legend explains every symbol the table can show, "<10" included."""
    this_year = timezone.localdate().year
    year = str(this_year + 1) if year == "next" else year
    client.force_login(org.policy)
    response = client.get("/veiligheid/overzicht/", {"jaar": year})
    html = response.content.decode()
    assert response.status_code == 400 and f"Dat is geen jaar tussen 2000 en {this_year}" in html
    assert "&lt;10: deel van een uitsplitsing" in html
    assert client.get("/veiligheid/overzicht/", {"jaar": "2026"}).status_code == 200

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.learning.conftest import point_input
from vik import policy
from vik.audit.models import AuditEvent
from vik.core.errors import DomainError, PermissionDeniedError
from vik.core.tasks import collect
from vik.learning import services
from vik.learning.models import LearningCircle, LearningPoint

pytestmark = pytest.mark.django_db


# --- writing learning points: who may ------------------------------------------------------------


def test_policy_staff_and_the_lead_may_write_a_point(decided_case, org):
    assert services.write_point(org.policy, decided_case, point_input()).period.day == 1
    assert services.write_point(org.investigator, decided_case, point_input(title="Tweede")).pk
    assert AuditEvent.objects.filter(object_type="learning.learningpoint").count() == 2


@pytest.mark.parametrize("who", ["manager", "investigator2", "nobody", "authority"])
def test_others_may_not_write_a_point(decided_case, org, who):
    with pytest.raises(PermissionDeniedError):
        services.write_point(getattr(org, who), decided_case, point_input())
    assert not LearningPoint.objects.exists()


def test_a_point_needs_a_decision(disciplinary_case, org):
    with pytest.raises(DomainError, match="besluit"):
        services.write_point(org.policy, disciplinary_case, point_input())


# --- anonymisation -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, found", [
    ("De heer {surname} zocht zijn buurman op.", "namen"),
    ("{first_name} zocht zijn buurman op.", "namen"),
    ("Zie melding {signal}.", "kenmerken"),
    ("Zie onderzoek {case}.", "kenmerken"),
    ("Een agent met nummer {number}.", "namen en personeelsnummers"),
    ("Iemand met nummer P123456 uit een ander team.", "nummers"),
    ("Dit gebeurde op 3-3-2026 in de nachtdienst.", "datums"),
    ("Dit gebeurde op 3 maart in de nachtdienst.", "datums"),
    ("Dit gebeurde op 2026-03-03.", "datums"),
])
def test_traceable_text_is_refused_with_what_to_remove(decided_case, org, text, found):
    subject = decided_case.subject
    text = text.format(surname=subject.surname, first_name=subject.first_name,
                       signal=decided_case.signal.reference, case=decided_case.reference,
                       number=subject.personnel_number)
    with pytest.raises(DomainError) as error:
        services.write_point(org.policy, decided_case, point_input(what_happened=text))
    assert "niet anoniem" in error.value.message and found in error.value.message
    assert not LearningPoint.objects.exists()


def test_the_name_of_any_employee_is_refused_not_only_of_the_case(decided_case, org):
    """Tester t7: the full name of another case's betrokkene (and of the lead investigator) was
    accepted, published and found by every employee searching the library."""
    other = org.investigator.employee
    text = f"{other.first_name} {other.surname} nam een fles wijn aan van een leverancier."
    with pytest.raises(DomainError) as error:
        services.write_point(org.policy, decided_case, point_input(what_happened=text))
    assert f"{other.first_name} {other.surname}" in error.value.message
    assert not LearningPoint.objects.exists()


def test_the_month_alone_is_anonymous(decided_case, org):
    assert services.anonymity_problems(decided_case, "In maart 2026 zocht een agent privé iemand op.") == []


def test_the_form_shows_the_refusal_in_dutch(client, decided_case, org):
    client.force_login(org.policy)
    url = reverse("learning:point_new", args=[decided_case.pk])
    response = client.post(url, {"theme": "information", "title": "T", "lesson": "L",
                                 "what_happened": f"{decided_case.subject.surname} deed het.",
                                 "period": timezone.localdate().strftime("%d-%m-%Y")})
    assert response.status_code == 400
    assert "Verwijder namen" in response.content.decode()


def test_the_form_saves_and_redirects(client, decided_case, org):
    client.force_login(org.investigator)
    url = reverse("learning:point_new", args=[decided_case.pk])
    response = client.post(url, {"theme": "information", "title": "Privé opvragen", "lesson": "L",
                                 "what_happened": "Een agent zocht iemand op.", "publish": "on",
                                 "period": timezone.localdate().strftime("%d-%m-%Y")})
    point = LearningPoint.objects.get()
    assert response.status_code == 302 and response.url == reverse("learning:point", args=[point.pk])


def test_the_form_is_refused_for_others(client, decided_case, org):
    client.force_login(org.nobody)
    assert client.get(reverse("learning:point_new", args=[decided_case.pk])).status_code == 404


# --- the library ---------------------------------------------------------------------------------


def test_every_employee_reads_the_library_but_only_case_viewers_get_the_link(client, point, org):
    case_url = reverse("investigations:detail", args=[point.case_id])
    client.force_login(org.nobody)
    page = client.get(reverse("learning:library")).content.decode()
    assert point.title in page and case_url not in page
    detail = client.get(reverse("learning:point", args=[point.pk])).content.decode()
    assert point.lesson in detail and case_url not in detail
    client.force_login(org.investigator)
    assert case_url in client.get(reverse("learning:point", args=[point.pk])).content.decode()


def test_anonymous_visitors_are_sent_to_login(client, point):
    assert client.get(reverse("learning:library")).status_code == 302


def test_search_by_text_and_theme(client, decided_case, org):
    services.write_point(org.policy, decided_case, point_input(title="Geschenk van leverancier",
                                                               theme="gifts", lesson="Vooraf melden."))
    services.write_point(org.policy, decided_case, point_input())
    client.force_login(org.nobody)
    page = client.get(reverse("learning:library"), {"q": "leverancier"}).content.decode()
    assert "Geschenk van leverancier" in page and "Opvragen uit nieuwsgierigheid" not in page
    page = client.get(reverse("learning:library"), {"theme": "information"}).content.decode()
    assert "Geschenk van leverancier" not in page and "Opvragen uit nieuwsgierigheid" in page
    assert client.get(reverse("learning:library"), {"theme": "onzin", "page": "x"}).status_code == 400
    # A refused search finds nothing and says why, never the whole library (tester t35: a term of
    # over 200 characters listed every learning point).
    refused = client.get(reverse("learning:library"), {"q": "olifant" * 30})
    html = refused.content.decode()
    assert refused.status_code == 400 and 'role="alert"' in html
    assert "Geschenk van leverancier" not in html and "Opvragen uit nieuwsgierigheid" not in html


def test_the_library_is_paginated(client, decided_case, org):
    for i in range(25):
        services.write_point(org.policy, decided_case, point_input(title=f"Leerpunt nummer {i}"))
    client.force_login(org.nobody)
    first = client.get(reverse("learning:library")).content.decode()
    second = client.get(reverse("learning:library"), {"page": 2}).content.decode()
    assert first.count("Leerpunt nummer") == 20 and second.count("Leerpunt nummer") == 5


def test_drafts_are_hidden_until_published(client, decided_case, org):
    draft = services.write_point(org.investigator, decided_case, point_input(publish=False))
    client.force_login(org.nobody)
    assert draft.title not in client.get(reverse("learning:library")).content.decode()
    assert client.get(reverse("learning:point", args=[draft.pk])).status_code == 404
    with pytest.raises(PermissionDeniedError):
        services.set_published(org.nobody, draft, True)
    client.force_login(org.investigator)
    response = client.post(reverse("learning:point_publish", args=[draft.pk]), {"publish": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.published


# --- learning circles and improvements -----------------------------------------------------------


def test_the_improvement_is_a_task_of_its_owner_until_done(client, circle, org):
    today = timezone.localdate()
    tasks = [t for t in collect(org.manager, today) if t.kind == "learning"]
    assert len(tasks) == 1 and tasks[0].url == reverse("learning:circle", args=[circle.pk])
    assert not [t for t in collect(org.policy, today) if t.kind == "learning"]
    item = circle.improvements.get()
    client.force_login(org.nobody)
    assert client.post(reverse("learning:improvement_done", args=[item.pk])).status_code == 404
    client.force_login(org.manager)
    response = client.post(reverse("learning:improvement_done", args=[item.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.done_on == today and item.done_by == org.manager
    assert not [t for t in collect(org.manager, today) if t.kind == "learning"]


def test_who_may_organise_and_see_a_circle(circle, org):
    assert policy.can(org.policy, "learning.circle.organise")
    assert policy.can(org.manager, "learning.circle.organise")
    assert not policy.can(org.nobody, "learning.circle.organise")
    assert not policy.can(org.investigator, "learning.circle.organise")
    assert policy.can(org.manager, "learning.circle.view", circle)  # participant and owner
    assert not policy.can(org.nobody, "learning.circle.view", circle)
    with pytest.raises(PermissionDeniedError):
        services.record_circle(org.nobody, timezone.localdate(), org.patrol, [org.officer], [], "", [])


def test_recording_a_circle_in_the_browser(client, point, org):
    client.force_login(org.policy)
    response = client.post(reverse("learning:circle_new"), {
        "held_on": timezone.localdate().strftime("%d-%m-%Y"), "unit": org.patrol.pk,
        "participants": org.manager.employee.personnel_number, "points": [point.pk],
        "notes": "Goed gesprek.", "improvement": "Checklist maken.",
        "owner": org.manager.employee.personnel_number,
        "due_on": (timezone.localdate() + dt.timedelta(days=10)).strftime("%d-%m-%Y")})
    circle = LearningCircle.objects.get()
    assert response.status_code == 302 and response.url == reverse("learning:circle", args=[circle.pk])
    assert circle.improvements.get().owner == org.manager
    assert list(circle.points.all()) == [point]


def test_a_circle_page_is_refused_to_outsiders(client, circle, org):
    client.force_login(org.nobody)
    assert client.get(reverse("learning:circle", args=[circle.pk])).status_code == 404
    client.force_login(org.manager)
    page = client.get(reverse("learning:circle", args=[circle.pk])).content.decode()
    assert "Werkoverleg over opvragen." in page


def test_only_managers_of_a_circle_add_improvements(client, circle, org):
    client.force_login(org.manager)  # participant, not the organiser
    data = {"description": "Nog iets.", "owner": org.manager.employee.personnel_number,
            "due_on": timezone.localdate().strftime("%d-%m-%Y")}
    assert client.post(reverse("learning:circle", args=[circle.pk]), data).status_code == 404
    client.force_login(org.policy)
    assert client.post(reverse("learning:circle", args=[circle.pk]), data).status_code == 302
    assert circle.improvements.count() == 2


def test_a_circle_is_not_held_tomorrow_and_an_improvement_not_due_yesterday(client, point, org):
    """Tester t7: a circle dated tomorrow and an improvement due in 2020 (overdue at once in its
    owner's tasks) were accepted."""
    client.force_login(org.policy)
    today = timezone.localdate()
    base = {"unit": org.patrol.pk, "participants": org.manager.employee.personnel_number,
            "improvement": "Checklist maken.", "owner": org.manager.employee.personnel_number}
    for held, due in ((today + dt.timedelta(days=1), today + dt.timedelta(days=10)),
                      (today, dt.date(2020, 1, 1))):
        response = client.post(reverse("learning:circle_new"), {
            **base, "held_on": held.strftime("%d-%m-%Y"), "due_on": due.strftime("%d-%m-%Y")})
        assert response.status_code == 400 and "Checklist maken." in response.content.decode()
    assert not LearningCircle.objects.exists()


def test_an_amount_is_not_a_personnel_number(decided_case, org):
    """Tester t6: "een schade van 125000 euro" was refused as a personnel number. A bare number
    is refused when it is someone's personnel number (with or without its letter), not for its
    length; a number with a letter before it looks like one and stays refused."""
    assert services.anonymity_problems(decided_case, "Een schade van 125000 euro, 2400000 kilometer.") == []
    digits = org.officer.personnel_number.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    problems = services.anonymity_problems(decided_case, f"Een collega met nummer {digits} keek mee.")
    assert problems and digits in problems[0]
    assert services.anonymity_problems(decided_case, "Iemand met nummer P123456 uit een ander team.")


def test_the_case_page_leads_its_lead_to_write_a_learning_point(client, disciplinary_case, decided_case, org):
    """Tester t7: nothing on the case page led to "Leren van zaken"; the lead investigator had to
    know the URL. Offered once decided, to who may write one only."""
    url = reverse("learning:point_new", args=[decided_case.pk])
    case_url = reverse("investigations:detail", args=[decided_case.pk])
    client.force_login(org.investigator)
    assert policy.can(org.investigator, "learning.point.write", decided_case)
    assert url in client.get(case_url).content.decode()
    client.force_login(org.authority)
    page = client.get(case_url)
    assert page.status_code == 200 and url not in page.content.decode()


def test_no_learning_point_link_before_the_decision(client, disciplinary_case, org):
    client.force_login(org.investigator)
    page = client.get(reverse("investigations:detail", args=[disciplinary_case.pk])).content.decode()
    assert reverse("learning:point_new", args=[disciplinary_case.pk]) not in page


def test_the_same_point_twice_is_refused_with_a_message(decided_case, org):
    """Tester t12: back and "Opslaan" again stored the learning point a second time."""
    services.write_point(org.policy, decided_case, point_input())
    with pytest.raises(DomainError) as refused:
        services.write_point(org.policy, decided_case, point_input())
    assert "al vastgelegd" in refused.value.message
    assert LearningPoint.objects.filter(case=decided_case).count() == 1


def test_a_saved_point_is_mended_with_the_same_anonymity_check(client, org, point):
    """Tester t35-4: a saved learning point could only be withdrawn, not corrected."""
    url = reverse("learning:point_edit", args=[point.pk])
    client.force_login(org.nobody)
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "Gewijzigd"}).status_code == 404
    client.force_login(org.policy)
    page = client.get(url).content.decode()
    assert point.lesson in page
    data = {"theme": point.theme, "title": point.title, "period": timezone.localdate().strftime("%d-%m-%Y"),
            "what_happened": "Een medewerker mailde het adres naar jan@voorbeeld.nl.", "lesson": point.lesson,
            "state": client.get(url).context["form"]["state"].value()}
    refused = client.post(url, data)
    assert refused.status_code == 400 and "jan@voorbeeld.nl" in refused.content.decode()
    point.refresh_from_db()
    assert "mailde" not in point.what_happened
    data["what_happened"] = "Een medewerker zocht buiten zijn werk iemand op en deelde het adres."
    assert client.post(url, data).status_code == 302
    point.refresh_from_db()
    assert point.what_happened == data["what_happened"] and point.published
    assert AuditEvent.objects.filter(summary="Leerpunt gewijzigd", object_id=str(point.pk)).exists()


def test_a_second_tab_cannot_undo_a_change_and_refusals_sit_on_their_field(client, org, point):
    """Tester t38: tab A saved a new title, tab B then saved the lesson and put the old title back;
    and a refusal above the form did not say which field held the name."""
    url = reverse("learning:point_edit", args=[point.pk])
    client.force_login(org.policy)
    form = client.get(url).context["form"]
    stale = {name: form[name].value() for name in ("theme", "title", "what_happened", "lesson", "state")}
    stale["period"] = point.period.strftime("%d-%m-%Y")
    assert client.post(url, {**stale, "title": "Nieuwe titel"}).status_code == 302
    refused = client.post(url, {**stale, "lesson": "Een andere les voor iedereen."})
    assert refused.status_code == 400 and "intussen gewijzigd" in refused.content.decode()
    point.refresh_from_db()
    assert point.title == "Nieuwe titel" and point.lesson != "Een andere les voor iedereen."
    fresh = client.get(url).context["form"]["state"].value()
    named = client.post(url, {**stale, "state": fresh, "title": "Nieuwe titel",
                              "lesson": "Bel 06-12345678 voor uitleg."})
    assert "06-12345678" in str(named.context["form"].errors["lesson"])
    assert "title" not in named.context["form"].errors
    # A stale tab whose text also holds a name hears both at once, not the conflict only after the
    # name is gone; the field shows what is stored now.
    both = client.post(url, {**stale, "lesson": "Bel 06-12345678 voor uitleg."})
    assert both.status_code == 400
    assert "06-12345678" in str(both.context["form"].errors["lesson"])
    assert "intussen gewijzigd" in both.content.decode()
    assert both.context["form"].vik_conflicts.get("title") == "Nieuwe titel"

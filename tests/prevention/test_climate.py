"""The team climate check: anonymous answers, the threshold of five, and no comparison of teams."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from tests.factories import EmployeeFactory, UnitFactory, UserFactory
from tests.prevention.conftest import answers
from vik import policy
from vik.accounts.models import Role, Unit
from vik.core.errors import DomainError, PermissionDeniedError
from vik.prevention import climate, selectors, services
from vik.prevention.models import ClimateCheck, ClimateParticipation, ClimateTally


def _answer(check, users, favourable=True):
    for user in users:
        services.submit_climate_answers(user, check, answers(check, favourable))


def test_results_are_hidden_below_five_respondents_even_after_closing(org, open_check, team_members):
    _answer(open_check, team_members[:4])
    services.close_climate_check(org.manager, open_check)
    view = selectors.climate_view(ClimateCheck.objects.get(pk=open_check.pk))
    assert not view.visible and view.respondents == 4 and view.results == []


def test_results_are_hidden_while_the_check_is_open(org, open_check, team_members):
    _answer(open_check, team_members[:5])
    view = selectors.climate_view(ClimateCheck.objects.get(pk=open_check.pk))
    assert not view.visible and view.results == []


def test_results_are_shown_with_five_respondents_once_closed(org, open_check, team_members):
    _answer(open_check, team_members[:4])
    _answer(open_check, team_members[4:5], favourable=False)
    services.close_climate_check(org.manager, open_check)
    view = selectors.climate_view(ClimateCheck.objects.get(pk=open_check.pk))
    assert view.visible and view.respondents == 5
    by_key = {r.key: r for r in view.results}
    assert (by_key["heard"].yes, by_key["heard"].no, by_key["heard"].favourable_share) == (4, 1, 80)
    # For "are you bullied?" the favourable answer is no.
    assert (by_key["bullying"].yes, by_key["bullying"].no, by_key["bullying"].favourable_share) == (1, 4, 80)


def test_the_page_shows_no_counts_below_the_threshold(client, org, open_check, team_members):
    _answer(open_check, team_members[:4])
    services.close_climate_check(org.manager, open_check)
    client.force_login(org.manager)
    page = client.get(f"/preventie/teamklimaat/{open_check.pk}/")
    assert "4 teamleden hebben geantwoord" in page.text
    assert "Te weinig antwoorden" in page.text
    assert "% gunstig" not in page.text
    for text in (q["text"] for q in open_check.questions):
        assert text not in page.text


def test_closing_date_passing_closes_the_check(org, open_check, team_members):
    _answer(open_check, team_members[:5])
    ClimateCheck.objects.filter(pk=open_check.pk).update(closes_on=timezone.localdate() - dt.timedelta(days=1))
    assert selectors.climate_view(ClimateCheck.objects.get(pk=open_check.pk)).visible


def test_answers_are_anonymous(org, open_check, team_members):
    _answer(open_check, team_members[:1], favourable=False)
    participation = ClimateParticipation.objects.get()
    assert {f.name for f in ClimateParticipation._meta.fields} == {"id", "check_run", "user"}
    assert not any(isinstance(f, models.DateTimeField | models.DateField) for f in ClimateParticipation._meta.fields)
    assert participation.user == team_members[0]
    # The answers exist only as counts per question.
    assert {f.name for f in ClimateTally._meta.fields} == {"id", "check_run", "key", "yes", "no"}
    assert ClimateTally.objects.get(check_run=open_check, key="bullying").yes == 1


def test_answering_and_audit_leave_no_trace_of_the_answers(org, open_check, team_members):
    from vik.audit.models import AuditEvent

    before = AuditEvent.objects.count()
    _answer(open_check, team_members[:1])
    assert AuditEvent.objects.count() == before


def test_each_member_answers_once_and_only_members_answer(org, open_check, team_members):
    _answer(open_check, team_members[:1])
    with pytest.raises(DomainError):
        _answer(open_check, team_members[:1])
    outsider = UserFactory(employee=EmployeeFactory(unit=org.vik_a))
    with pytest.raises(DomainError):
        _answer(open_check, [outsider])
    with pytest.raises(ValidationError):
        services.submit_climate_answers(team_members[1], open_check, {"heard": True})


def test_answer_form_in_the_browser_flow(client, org, open_check, team_members):
    client.force_login(team_members[0])
    form = client.get(f"/preventie/teamklimaat/{open_check.pk}/invullen/")
    assert form.status_code == 200 and "Word je door collega’s gepest" in form.text
    data = {q["key"]: "ja" for q in open_check.questions}
    assert client.post(f"/preventie/teamklimaat/{open_check.pk}/invullen/", {"heard": "ja"}).status_code == 400
    assert client.post(f"/preventie/teamklimaat/{open_check.pk}/invullen/", data).status_code == 302
    assert ClimateCheck.objects.get(pk=open_check.pk).respondents == 1
    again = client.get(f"/preventie/teamklimaat/{open_check.pk}/invullen/")
    assert again.status_code == 302


def test_no_ranking_other_teams_see_nothing(client, org, open_check, team_members):
    other_team = UnitFactory(kind=Unit.Kind.TEAM, parent=org.patrol.parent)
    other_manager = UserFactory(roles=[Role.LINE_MANAGER], employee=EmployeeFactory(unit=other_team, is_manager=True))
    services.start_climate_check(other_manager, other_team, label="Nulmeting", opens_on=timezone.localdate(),
                                 closes_on=timezone.localdate())
    assert list(selectors.climate_checks_for(org.manager)) == [open_check]
    assert not policy.can(other_manager, "prevention.climate.view", open_check)
    client.force_login(other_manager)
    assert client.get(f"/preventie/teamklimaat/{open_check.pk}/").status_code == 404
    # Policy staff have no overview across teams either.
    assert list(selectors.climate_checks_for(org.policy)) == []
    with pytest.raises(PermissionDeniedError):
        services.start_climate_check(other_manager, org.patrol, label="x", opens_on=timezone.localdate(),
                                     closes_on=timezone.localdate())


def test_team_members_read_but_only_the_manager_manages(client, org, open_check, team_members):
    member = team_members[0]
    assert policy.can(member, "prevention.climate.view", open_check)
    assert not policy.can(member, "prevention.climate.manage", open_check)
    with pytest.raises(PermissionDeniedError):
        services.add_attention_point(member, open_check, "Meer feedback")
    client.force_login(member)
    client.post(f"/preventie/teamklimaat/{open_check.pk}/point/", {"text": "Meer feedback"})
    assert not open_check.attention_points.exists()


def test_attention_points_actions_follow_up_and_repeat(client, org, open_check, team_members):
    client.force_login(org.manager)
    client.post(f"/preventie/teamklimaat/{open_check.pk}/point/", {"text": "Fouten bespreken"})
    point = open_check.attention_points.get()
    follow_up = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(f"/preventie/teamklimaat/{open_check.pk}/action/", {
        "description": "Maandelijkse leerbriefing", "owner": "Teamchef", "follow_up_on": follow_up.isoformat(),
        "point": point.pk})
    assert response.status_code == 302
    action = open_check.actions.get()
    assert action.point == point and action.follow_up_on == follow_up
    page = client.get(f"/preventie/teamklimaat/{open_check.pk}/").content.decode()
    assert "Deze afspraak als afgerond markeren? Dat kan niet ongedaan worden gemaakt." in page  # asked first (t55)
    done = client.post(f"/preventie/teamklimaat/{open_check.pk}/done/", {"item": action.pk})
    assert done["Location"].endswith("#afspraken")  # back at the agreements, not the page's top (t55)
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    _answer(open_check, team_members[:5])
    client.post(f"/preventie/teamklimaat/{open_check.pk}/close/")
    repeat_form = client.get(f"/preventie/teamklimaat/nieuw/?vorige={open_check.pk}")
    assert repeat_form.status_code == 200
    today = timezone.localdate()
    client.post(f"/preventie/teamklimaat/nieuw/?vorige={open_check.pk}", {
        "team": org.patrol.pk, "label": "Herhaalmeting", "opens_on": today.isoformat(),
        "closes_on": today.isoformat()})
    repeat = ClimateCheck.objects.exclude(pk=open_check.pk).get()
    assert repeat.kind == ClimateCheck.Kind.REPEAT and repeat.previous == open_check


def test_threshold_constant():
    assert climate.MIN_RESPONDENTS == 5
    assert not climate.results_visible(4, True)
    assert not climate.results_visible(5, False)
    assert climate.results_visible(5, True)


@pytest.mark.parametrize("odd", ["²", "٣", "1²"])
def test_unicode_digits_are_no_ids(client, org, open_check, odd):
    """`"²".isdigit()` is true in Python, but int("²") fails: such a value is no id (404/form), never a 500."""
    client.force_login(org.manager)
    assert client.get(f"/preventie/teamklimaat/nieuw/?vorige={odd}").status_code == 200
    assert client.post(f"/preventie/teamklimaat/{open_check.pk}/done/", {"item": odd}).status_code == 404


def test_an_agreement_is_a_task_of_whoever_manages_the_check_until_it_is_done(client, org, editor):
    """An agreement of a climate check reaches someone: on the date to come back to it, it is in
    "my tasks" of who started the check and of the team's line manager, until one marks it done;
    not of a team member, another team's manager or an editor who did not start it (tester t35:
    agreements reached nobody's "my tasks")."""
    today = timezone.localdate()
    check = services.start_climate_check(editor, org.patrol, label="Nulmeting",
                                         opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=7))
    services.agree_action(editor, check, description="Maandelijks feedbackrondje <b>plenair</b>", owner="Lieke",
                          follow_up_on=today + dt.timedelta(days=30))
    other_manager = UserFactory(username="teamchef2", roles=[Role.LINE_MANAGER],
                                employee=EmployeeFactory(unit=org.vik_a, is_manager=True))
    other_editor = UserFactory(username="redacteur2", roles=[Role.EDITOR], employee=EmployeeFactory(unit=org.vik_a))
    member = UserFactory(username="agent9", employee=EmployeeFactory(unit=org.patrol, manager=org.manager.employee))
    title = "Terugkomen op afspraak uit de teamklimaatcheck: Maandelijks feedbackrondje &lt;b&gt;plenair&lt;/b&gt;"
    for user, expected in ((editor, True), (org.manager, True), (member, False), (other_manager, False),
                           (other_editor, False)):
        client.force_login(user)
        page = client.get("/").content.decode()
        assert (title in page) is expected, user.username
        assert (f'/preventie/teamklimaat/{check.pk}/#afspraken' in page) is expected, user.username
    item = check.actions.get()
    client.force_login(org.manager)
    assert client.post(f"/preventie/teamklimaat/{check.pk}/done/", {"item": item.pk}).status_code == 302
    for user in (editor, org.manager):
        client.force_login(user)
        assert "Terugkomen op afspraak" not in client.get("/").content.decode()


def test_attention_points_and_actions_name_nobody_but_the_owner(client, org, open_check, team_members):
    """Session-18 note: the respondents' comments were checked for names, the manager's points
    not, and the team reads them."""
    who = team_members[0].employee
    named = f"{who.first_name} {who.surname} wordt buitengesloten bij de koffie"
    with pytest.raises(ValidationError) as refused:
        services.add_attention_point(org.manager, open_check, named)
    assert who.surname in refused.value.message_dict["text"][0]
    client.force_login(org.manager)
    response = client.post(f"/preventie/teamklimaat/{open_check.pk}/point/", {"text": named})
    page = response.content.decode()
    assert response.status_code in (200, 400) and "Verwijder namen" in page and "buitengesloten bij de koffie" in page
    assert not open_check.attention_points.exists()
    point = services.add_attention_point(org.manager, open_check, "Niemand mag buiten de groep vallen")
    owner = org.manager.display_name
    services.agree_action(org.manager, open_check, description="De teamchef plant een teamdag",
                          owner=owner, follow_up_on=timezone.localdate(), point=point)
    with pytest.raises(ValidationError) as action_refused:
        services.agree_action(org.manager, open_check, description=f"Gesprek met {who.first_name} {who.surname}",
                              owner=owner, follow_up_on=timezone.localdate(), point=point)
    assert "description" in action_refused.value.message_dict


def test_a_teammate_by_first_name_alone_or_surname_first_is_refused_too(org, open_check, team_members):
    """Tester t47: "Karin roddelt" and "Broek, Karin" were accepted; in a team of ten a first name
    alone says who it is, in any capitals (tester t48). Words that are not a teammate's name pass."""
    who = team_members[1].employee
    surname = who.surname.split()[-1]
    for text in (f"{who.first_name} roddelt over anderen", f"{surname}, {who.first_name} sluit mensen buiten",
                 f"{who.first_name.lower()} komt te laat", f"{who.first_name.upper()} en de rest"):  # t48
        with pytest.raises(ValidationError) as refused:
            services.add_attention_point(org.manager, open_check, text)
        assert "Verwijder namen" in refused.value.message_dict["text"][0], text
    assert not open_check.attention_points.exists()
    services.add_attention_point(org.manager, open_check, f"Er wordt geroddeld; {who.first_name.lower()}x blijft")
    owner = org.manager.display_name
    with pytest.raises(ValidationError):
        services.agree_action(org.manager, open_check, description=f"Gesprek met {who.first_name}",
                              owner=owner, follow_up_on=timezone.localdate())
    services.agree_action(org.manager, open_check, description="Plant het overleg",
                          owner=f"{who.first_name} {who.surname}", follow_up_on=timezone.localdate())


def test_the_description_of_an_action_names_nobody_not_even_its_owner(org, open_check, team_members):
    """Tester t49: "Karin stopt met roddelen" with Karin as the owner passed, and told the team who
    gossiped; the owner stands beside the description."""
    who = team_members[1].employee
    for description in (f"{who.first_name} stopt met roddelen", f"{who.first_name} {who.surname} stopt met roddelen"):
        with pytest.raises(ValidationError) as refused:
            services.agree_action(org.manager, open_check, description=description,
                                  owner=f"{who.first_name} {who.surname}", follow_up_on=timezone.localdate())
        said = refused.value.message_dict["description"]
        assert "Verwijder namen" in said[0] and "vult u in bij ‘Wie’" in said[-1], description
    assert not open_check.actions.exists()


def test_a_refused_name_is_quoted_as_written_and_without_betrokkenen(org, open_check):
    """Tester t49: "Van Beek, Sander" came back as "Sander, van Beek", and the message spoke of
    "betrokkenen" on a team's climate check."""
    from tests.factories import EmployeeFactory

    EmployeeFactory(unit=open_check.team, first_name="Sander", surname="van Beek")
    with pytest.raises(ValidationError) as refused:
        services.add_attention_point(org.manager, open_check, "Van Beek, Sander negeert de afspraken")
    said = refused.value.message_dict["text"][0]
    assert said == "Verwijder namen en personeelsnummers: Van Beek, Sander."


def test_the_same_point_sent_twice_is_stored_once_and_each_addition_is_confirmed(client, org, open_check):
    """Tester t47: the same point from two tabs was stored twice; adding one said nothing."""
    client.force_login(org.manager)
    url = f"/preventie/teamklimaat/{open_check.pk}/point/"
    first = client.post(url, {"text": "Meer ruimte voor feedback in het overleg"}, follow=True)
    assert "Aandachtspunt vastgelegd." in first.content.decode()
    second = client.post(url, {"text": "Meer ruimte voor feedback in het overleg"}, follow=True)
    assert "Dit aandachtspunt staat er al." in second.content.decode()
    assert open_check.attention_points.count() == 1


def test_an_agreed_action_is_owned_by_someone_of_the_team(org, open_check, team_members):
    """Tester t47: a colleague of another team was made the owner of "... stops gossiping"."""
    from tests.factories import EmployeeFactory

    stranger = EmployeeFactory()  # another unit
    with pytest.raises(ValidationError) as refused:
        services.agree_action(org.manager, open_check, description="Stopt met roddelen",
                              owner=f"{stranger.first_name} {stranger.surname}", follow_up_on=timezone.localdate())
    assert "hoort niet bij dit team" in refused.value.message_dict["owner"][0]
    member = team_members[2].employee
    services.agree_action(org.manager, open_check, description="Plant het teamoverleg",
                          owner=f"{member.first_name} {member.surname}", follow_up_on=timezone.localdate())
    services.agree_action(org.manager, open_check, description="Plant het teamoverleg",
                          owner="de teamchef en twee collega's", follow_up_on=timezone.localdate())
    services.agree_action(org.manager, open_check, description="Agendeert het thema",
                          owner=org.manager.display_name, follow_up_on=timezone.localdate())


def test_an_outsider_as_owner_is_refused_in_every_spelling(org, open_check, team_members):
    """Tester t49: "Beek, Gerrit", "Heuvelman, Gerrit de" and a personnel number passed."""
    from tests.factories import EmployeeFactory

    stranger = EmployeeFactory(surname="van Achterveld")
    for owner in (f"{stranger.surname.split()[-1]}, {stranger.first_name}",
                  f"Achterveld, {stranger.first_name} van", stranger.personnel_number):
        with pytest.raises(ValidationError) as refused:
            services.agree_action(org.manager, open_check, description="Plant het overleg", owner=owner,
                                  follow_up_on=timezone.localdate())
        assert "owner" in refused.value.message_dict, owner
    member = team_members[3].employee
    services.agree_action(org.manager, open_check, description="Plant het overleg",
                          owner=f"{member.surname}, {member.first_name}", follow_up_on=timezone.localdate())


def test_a_point_can_be_removed_by_who_manages_the_check_and_its_actions_stay(client, org, open_check, team_members):
    """Tester t49: an attention point could be neither changed nor removed."""
    from vik.audit.models import AuditEvent

    point = services.add_attention_point(org.manager, open_check, "Meer ruimte voor feedback in het overleg")
    services.agree_action(org.manager, open_check, description="Feedback als vast agendapunt",
                          owner="de teamchef", follow_up_on=timezone.localdate(), point=point)
    url = f"/preventie/teamklimaat/{open_check.pk}/remove_point/"
    member = team_members[0]
    client.force_login(member)
    refused = client.post(url, {"item": point.pk, "vik_confirm": "yes"})
    assert refused.status_code in (302, 403, 404) and open_check.attention_points.filter(pk=point.pk).exists()
    client.force_login(org.manager)
    page = client.get(f"/preventie/teamklimaat/{open_check.pk}/").content.decode()
    assert "Dit aandachtspunt verwijderen?" in page
    done = client.post(url, {"item": point.pk, "vik_confirm": "yes"}, follow=True)
    assert "Aandachtspunt verwijderd; de afspraak die erbij hoorde blijft staan." in done.content.decode()
    assert not open_check.attention_points.exists()
    assert open_check.actions.get().point is None
    assert AuditEvent.objects.filter(action="delete", summary="Aandachtspunt verwijderd").count() == 1
    again = client.post(url, {"item": point.pk, "vik_confirm": "yes"}, follow=True)
    assert "Dit aandachtspunt is al verwijderd." in again.content.decode()
    for bad in ("", "abc", "9" * 30, "-1"):
        assert client.post(url, {"item": bad, "vik_confirm": "yes"}).status_code in (302, 404)


def test_an_outsider_named_by_surname_or_first_name_alone_is_refused(org, open_check, team_members):
    """Tester t51: another team's colleague as owner by his surname (or first name) alone passed."""
    from tests.factories import EmployeeFactory

    EmployeeFactory(first_name="Gerolf", surname="Buitendijk")  # another unit
    for owner in ("Buitendijk", "Gerolf", "Buitendijk en de teamchef"):
        with pytest.raises(ValidationError) as refused:
            services.agree_action(org.manager, open_check, description="Plant het overleg", owner=owner,
                                  follow_up_on=timezone.localdate())
        assert "hoort niet bij dit team" in refused.value.message_dict["owner"][0], owner
    member = team_members[2].employee
    for owner in (member.surname.split()[-1], member.first_name, "Teamchef", "Iedereen"):
        services.agree_action(org.manager, open_check, description=f"Plant het overleg {len(owner)}",
                              owner=owner, follow_up_on=timezone.localdate())


def test_an_outsider_is_named_once_in_the_refusal(org, open_check):
    """Tester t50: "Bas van Dijk, van Dijk, Bas Dijk, Bas van Dijk hoort niet bij dit team"."""
    from tests.factories import EmployeeFactory

    EmployeeFactory(first_name="Bas", surname="van Dijk")  # another unit
    for owner in ("Bas van Dijk", "Dijk, Bas van", "van Dijk, Bas", "Bas van Dijk en Bas van Dijk"):
        with pytest.raises(ValidationError) as refused:
            services.agree_action(org.manager, open_check, description="Plant het overleg", owner=owner,
                                  follow_up_on=timezone.localdate())
        said = refused.value.message_dict["owner"][0]
        assert "Bas van Dijk hoort niet bij dit team" in said and said.count("Dijk") == 1, (owner, said)


def test_the_same_agreement_is_stored_once_and_finishing_one_is_confirmed(client, org, open_check):
    """Tester t50: the same agreement for the same person could be added twice; "Afgerond" said nothing."""

    services.agree_action(org.manager, open_check, description="Feedback als vast agendapunt",
                          owner="de teamchef", follow_up_on=timezone.localdate())
    with pytest.raises(ValidationError, match="staat er al"):
        services.agree_action(org.manager, open_check, description="feedback als vast agendapunt ",
                              owner="De teamchef", follow_up_on=timezone.localdate())
    with pytest.raises(ValidationError, match="staat er al"):  # t51/t52: spacing, capitals, a full stop
        services.agree_action(org.manager, open_check, description="feedback  als VAST agendapunt.",
                              owner=" de  Teamchef ", follow_up_on=timezone.localdate())
    client.force_login(org.manager)
    kept = client.post(f"/preventie/teamklimaat/{open_check.pk}/action/", {
        "description": "Feedback als vast agendapunt", "owner": "de teamchef",
        "follow_up_on": timezone.localdate().isoformat()})
    assert kept.status_code == 400 and "Deze afspraak staat er al." in kept.content.decode()
    assert 'value="de teamchef"' in kept.content.decode()  # what was typed survives
    item = open_check.actions.get()
    done = client.post(f"/preventie/teamklimaat/{open_check.pk}/done/", {"item": item.pk}, follow=True)
    assert "Afspraak afgerond." in done.content.decode()
    # A second tab: told it was done already, not "afgerond" again (tester t51).
    again = client.post(f"/preventie/teamklimaat/{open_check.pk}/done/", {"item": item.pk}, follow=True)
    again = again.content.decode()
    assert "Deze afspraak is al afgerond op" in again and "Afspraak afgerond." not in again

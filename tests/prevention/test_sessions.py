"""Dilemma sessions: facilitator flow, anonymous joining by code, secret and anonymous choices."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from tests.factories import UserFactory
from vik.core.errors import DomainError, PermissionDeniedError
from vik.prevention import services
from vik.prevention.models import Participant, Perspective, Round, RoundParticipation, Session


@pytest.fixture
def session(org, dilemma_set):
    return services.start_session(org.manager, dilemma_set, "Teamdag", org.patrol)


def test_code_is_short_unambiguous_and_normalised(session):
    assert len(session.code) == 6
    assert not set(session.code) & set("0O1IL")
    assert services.find_joinable_session(" " + session.code.lower()[:3] + "-" + session.code[3:]) == session


def test_full_round_trip(org, session):
    people = [services.join_session(session.code) for _ in range(3)]
    round_ = services.open_round(org.manager, session, Perspective.ROTATE)
    for participant, choice in zip(people, "bba", strict=True):
        services.cast_vote(participant, round_, choice)
    with pytest.raises(DomainError):
        services.open_round(org.manager, session)  # reveal first
    services.reveal(org.manager, session)
    round_.refresh_from_db()
    assert (round_.count_a, round_.count_b, round_.count_c) == (1, 2, 0)
    second = services.open_round(org.manager, session)
    assert second.number == 2 and second.dilemma.situation.startswith("Een winkelier")
    services.reveal(org.manager, session)
    with pytest.raises(DomainError):
        services.open_round(org.manager, session)  # all dilemmas played
    services.end_session(org.manager, session)
    with pytest.raises(DomainError):
        services.join_session(session.code)


def test_a_participant_chooses_once_and_not_after_the_reveal(org, session):
    alice, bob = services.join_session(session.code), services.join_session(session.code)
    round_ = services.open_round(org.manager, session)
    services.cast_vote(alice, round_, "a")
    with pytest.raises(DomainError):
        services.cast_vote(alice, round_, "c")
    services.reveal(org.manager, session)
    with pytest.raises(DomainError):
        services.cast_vote(bob, round_, "b")
    round_.refresh_from_db()
    assert round_.total == 1


def test_votes_cannot_be_linked_to_a_participant(org, session):
    """What someone chose is stored nowhere next to who he is: only counters move."""
    participant = services.join_session(session.code)
    round_ = services.open_round(org.manager, session)
    services.cast_vote(participant, round_, "c")
    participation = RoundParticipation.objects.get()
    field_names = {f.name for f in RoundParticipation._meta.get_fields()}
    assert field_names == {"id", "round", "participant"}
    assert not any(isinstance(f, models.DateTimeField | models.DateField) for f in RoundParticipation._meta.fields)
    assert not any(isinstance(f, models.CharField) for f in Participant._meta.fields)
    assert not any(f.is_relation and f.related_model.__name__ == "User" for f in Participant._meta.fields)
    assert str(participation.pk) != "1"  # a random key, no order to correlate
    assert Round.objects.get().count_c == 1


def test_only_the_facilitator_runs_the_session(org, session):
    other = UserFactory(roles=["line_manager"])
    with pytest.raises(PermissionDeniedError):
        services.open_round(other, session)
    with pytest.raises(PermissionDeniedError):
        services.reveal(other, session)
    with pytest.raises(PermissionDeniedError):
        services.start_session(org.nobody, session.dilemma_set, "x")


def test_anonymous_visitor_joins_by_code_without_an_account(client, org, session):
    response = client.post("/preventie/doe-mee/", {"code": session.code.lower()})
    assert response.status_code == 302 and response["Location"] == f"/preventie/doe-mee/{session.code}/"
    page = client.get(response["Location"])
    assert "Wacht tot de gespreksleider" in page.text
    assert Participant.objects.filter(session=session).count() == 1
    # Joining again from the same browser does not add a second participant.
    client.post("/preventie/doe-mee/", {"code": session.code})
    assert Participant.objects.filter(session=session).count() == 1


def test_wrong_code_is_refused(client, session):
    response = client.post("/preventie/doe-mee/", {"code": "ZZZZZZ"})
    assert response.status_code == 400
    assert "geen lopende sessie" in response.text


def test_participant_page_without_joining_redirects_to_the_join_form(client, session):
    response = client.get(f"/preventie/doe-mee/{session.code}/")
    assert response.status_code == 302 and "doe-mee/?code=" in response["Location"]


def test_participant_sees_dilemma_chooses_and_sees_the_distribution(client, org, session):
    client.post("/preventie/doe-mee/", {"code": session.code})
    services.open_round(org.manager, session, Perspective.BYSTANDER)
    page = client.get(f"/preventie/doe-mee/{session.code}/")
    assert "Kijk je in het systeem?" in page.text and "Jouw rol: Als omstander" in page.text
    state = page.context["state"]
    assert client.get(f"/preventie/doe-mee/{session.code}/status/", {"v": state}).status_code == 204
    voted = client.post(f"/preventie/doe-mee/{session.code}/kies/", {"choice": "b"}, headers={"HX-Request": "true"})
    assert "Je keuze is gemaakt" in voted.text
    services.reveal(org.manager, session)
    update = client.get(f"/preventie/doe-mee/{session.code}/status/", {"v": state})
    assert update.status_code == 200 and "Zo koos de groep" in update.text


def test_facilitator_panel_updates_and_actions(client, org, session):
    client.force_login(org.manager)
    page = client.get(f"/preventie/sessies/{session.pk}/")
    assert session.code in page.text
    state = page.context["state"]
    panel = f"/preventie/sessies/{session.pk}/paneel/"
    assert client.get(panel, {"v": state}).status_code == 204
    services.join_session(session.code)
    assert client.get(panel, {"v": state}).status_code == 200
    opened = client.post(f"/preventie/sessies/{session.pk}/open/", {"perspective": "manager"},
                         headers={"HX-Request": "true"})
    assert "0</span> van 1 hebben gekozen" in opened.text
    revealed = client.post(f"/preventie/sessies/{session.pk}/reveal/", headers={"HX-Request": "true"})
    assert "Wat is werk, wat is privé?" in revealed.text
    ended = client.post(f"/preventie/sessies/{session.pk}/end/")
    assert ended["Location"] == f"/preventie/sessies/{session.pk}/samenvatting/"
    summary = client.post(ended["Location"], {"notes": "We vragen het voortaan eerst een collega.",
                                              f"round-{session.rounds.get().pk}": "Iedereen koos B."})
    assert summary.status_code == 302
    session.refresh_from_db()
    assert session.notes.startswith("We vragen") and session.rounds.get().note == "Iedereen koos B."


def test_other_users_cannot_open_the_facilitator_pages(client, org, session):
    client.force_login(org.nobody)
    for url in (f"/preventie/sessies/{session.pk}/", f"/preventie/sessies/{session.pk}/samenvatting/",
                f"/preventie/sessies/{session.pk}/paneel/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/preventie/sessies/{session.pk}/reveal/").status_code == 404
    assert client.get("/preventie/sessies/nieuw/").status_code == 404


def test_facilitator_starts_a_session_from_the_form(client, org, dilemma_set):
    client.force_login(org.manager)
    response = client.post("/preventie/sessies/nieuw/", {"dilemma_set": dilemma_set.pk, "title": "Teamdag",
                                                          "team": org.patrol.pk})
    session = Session.objects.get()
    assert response["Location"] == f"/preventie/sessies/{session.pk}/"
    assert session.facilitator == org.manager and session.team == org.patrol


def test_only_editors_maintain_dilemma_sets(client, org, editor, dilemma_set):
    client.force_login(org.manager)
    assert client.get("/preventie/dilemmasets/").status_code == 404
    assert client.get(f"/preventie/dilemmasets/{dilemma_set.pk}/").status_code == 404
    client.force_login(editor)
    assert client.get("/preventie/dilemmasets/").status_code == 200
    data = {"title": "Nieuwe set", "description": "", "active": "on", "dilemmas-TOTAL_FORMS": "1",
            "dilemmas-INITIAL_FORMS": "0", "dilemmas-MIN_NUM_FORMS": "0", "dilemmas-MAX_NUM_FORMS": "1000",
            "dilemmas-0-order": "1", "dilemmas-0-situation": "Situatie", "dilemmas-0-option_a": "A",
            "dilemmas-0-option_b": "B", "dilemmas-0-option_c": "C", "dilemmas-0-discussion": ""}
    assert client.post("/preventie/dilemmasets/nieuw/", data).status_code == 302
    data["dilemmas-0-option_c"] = ""
    data["title"] = "Onvolledig"
    assert client.post("/preventie/dilemmasets/nieuw/", data).status_code == 400


def test_one_or_two_choices_are_not_shown_as_a_distribution(client, org, session):
    """Tester t38: revealed after one choice, the bar said "1 · 100 %" of a participant told that
    nobody can see what he chooses. Options stay visible; counts come from three choices on."""
    people = [services.join_session(session.code) for _ in range(3)]
    round_ = services.open_round(org.manager, session)
    services.cast_vote(people[0], round_, "a")
    services.reveal(org.manager, session)
    client.force_login(org.manager)
    panel = client.get(f"/preventie/sessies/{session.pk}/").text
    assert "Kijk je in het systeem?" in panel and "verdeling blijft verborgen" in panel
    assert '<span class="count">' not in panel and "100%" not in panel
    summary = client.get(f"/preventie/sessies/{session.pk}/samenvatting/").text
    assert "verdeling blijft verborgen" in summary and '<span class="count">' not in summary
    second = services.open_round(org.manager, session)
    for person, choice in zip(people, "abb", strict=True):
        services.cast_vote(person, second, choice)
    services.reveal(org.manager, session)
    assert '<span class="count">2</span>' in client.get(f"/preventie/sessies/{session.pk}/").text


def test_a_line_manager_holds_a_session_for_his_own_team_only(client, org, dilemma_set, editor):
    """A session run in VIK counts in its team's register of activities: a line manager could tie
    one to any team of the force and so make another team count as reached."""
    with pytest.raises(ValidationError) as refused:
        services.start_session(org.manager, dilemma_set, "Teamdag", org.vik_a)
    assert "eigen team" in str(refused.value.message_dict["team"])
    assert services.start_session(org.manager, dilemma_set, "Teamdag", org.patrol).team == org.patrol
    assert services.start_session(editor, dilemma_set, "Voor VIK", org.vik_a).team == org.vik_a

    client.force_login(org.manager)
    page = client.get("/preventie/sessies/nieuw/").text
    assert org.patrol.name in page and org.vik_a.name not in page
    forged = client.post("/preventie/sessies/nieuw/", {"dilemma_set": dilemma_set.pk, "title": "x",
                                                      "team": org.vik_a.pk})
    assert forged.status_code == 400
    assert not Session.objects.filter(title="x").exists()

"""The complaint evaluation form: every question of the example form (and its proposed extension),
free text encrypted, earlier evaluations still readable, the completed form on the complaint page,
and counts and averages for the central advisor with small numbers suppressed."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from vik.confidential import evaluation, selectors, services
from vik.confidential.models import Category, Complaint
from vik.core.disclosure import protect
from vik.core.errors import DomainError, PermissionDeniedError

from .conftest import today

pytestmark = pytest.mark.django_db

FULL = {
    "findings": "Drie collega's bevestigden de opmerkingen.", "measures": "Schriftelijke berisping.",
    "complainant_consequences": ["none"], "accused_consequences": ["disciplinary"],
    "accused_consequence_detail": "schriftelijke berisping", "outcome_score": "4",
    "outcome_opinion": "Opgelucht dat het is benoemd.", "procedure_score": "2", "procedure_opinion": "Te lang.",
    "further_action_needed": "on", "further_action": "Teamgesprek over omgangsvormen.", "tried_before": "on",
    "earlier_attempt_result": "Aangesproken, zonder resultaat.", "procedure": "complaint", "filed": "archived",
    "colleagues_score": "3", "work_pleasure_score": "2", "agreed_by_complainant": "on", "note": "Goed gesprek.",
}


def _decided(conf, received_ago=80):
    c = services.register_complaint(conf.member, services.ComplaintInput(
        region=conf.org.region_a, committee=conf.committee, chair=conf.chair, category=Category.SEXUAL_HARASSMENT,
        received_on=today() - timedelta(days=received_ago), complainant="Anna Klager", accused="Bob Beklaagd",
        summary="Ongewenste opmerkingen in de auto."))
    day = c.received_on
    services.decide_admissibility(conf.member, c, True, day + timedelta(days=2), "")
    services.record_hearing(conf.member, c, day + timedelta(days=10), True, True, "Beide partijen gehoord.")
    services.give_advice(conf.member, c, day + timedelta(days=20), Complaint.Advice.FOUNDED, "Gegrond, berisping.")
    services.record_decision(conf.chief, c, day + timedelta(days=30), True, "Berisping conform advies.")
    return c


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _post(conf, c, data):
    return _client(conf.member).post(f"/vertrouwelijk/klachten/{c.pk}/evaluation/",
                                     {"on": today().strftime("%d-%m-%Y"), **data})


def test_every_question_of_the_example_form_is_asked(conf):
    c = _decided(conf)
    page = _client(conf.member).get(f"/vertrouwelijk/klachten/{c.pk}/").content.decode()
    for start in ("1a.", "2.", "3.", "4.", "6.", "7.", "8.", "9.", "10.", "11.", "12."):
        assert re.search(rf">\s?{re.escape(start)} ", page), start
    # 1b, 1c and 5 come from the file: the advice, the decision and the time taken
    assert "Gegrond" in page and "besluit conform advies" in page and "30 dagen van melding tot afhandeling" in page
    assert "met collega" in page and "plezier heeft de klager" in page  # the proposed extension


def test_the_completed_form_is_stored_encrypted_and_shown_on_the_complaint_page(conf):
    c = _decided(conf)
    assert _post(conf, c, FULL).status_code == 302
    c.refresh_from_db()
    assert c.stage == Complaint.Stage.EVALUATED
    assert c.evaluation["version"] == evaluation.VERSION
    assert c.evaluation["accused_consequences"] == ["disciplinary"] and c.evaluation["duration_days"] == 30
    assert c.evaluation["filed_on"] == today().isoformat()  # archived on the day of the evaluation
    assert json.loads(c.evaluation_texts)["further_action"] == "Teamgesprek over omgangsvormen."
    with connection.cursor() as cursor:
        cursor.execute("SELECT evaluation, evaluation_texts FROM confidential_complaint WHERE id = %s", [c.pk])
        closed, texts = cursor.fetchone()
    assert texts.startswith("gAAAAA") and "Teamgesprek" not in str(closed)
    page = _client(conf.member).get(f"/vertrouwelijk/klachten/{c.pk}/").content.decode()
    for shown in ("Evaluatieformulier", "Drie collega&#x27;s bevestigden", "Disciplinaire maatregel — schriftelijke "
                  "berisping", "4 van 5", "2 van 5", "ja — Teamgesprek over omgangsvormen.", "Formele klacht",
                  "Gearchiveerd bij de vertrouwenspersoon", "30 dagen"):
        assert shown in page, shown


def test_an_earlier_evaluation_stays_readable(conf):
    c = _decided(conf)
    Complaint.objects.filter(pk=c.pk).update(
        stage=Complaint.Stage.EVALUATED, evaluation_on=today(), evaluation_note="Oud formulier.",
        evaluation={"outcome_score": 4, "procedure_score": 2, "tried_before": True, "further_action_needed": False})
    response = _client(conf.member).get(f"/vertrouwelijk/klachten/{c.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "4 van 5" in page and "Oud formulier." in page and "niet gevraagd (eerdere versie" in page


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"further_action": ""}, "further_action", "Beschrijf welke actie u voorstelt."),
    ({"complainant_consequences": ["none", "transfer"]}, "complainant_consequences", "gaat niet samen"),
    ({"accused_consequence_detail": ""}, "accused_consequence_detail", "Noem de disciplinaire maatregel."),
    ({"procedure": "other"}, "procedure_other", "Beschrijf welke procedure is gekozen."),
    ({"filed_on": "01-01-2000"}, "filed_on", "vóór de ontvangst"),
    ({"outcome_score": ""}, "outcome_score", "Kies een score van 1 tot en met 5."),
])
def test_a_refused_answer_gets_a_dutch_message_and_the_input_survives(conf, change, field, message):
    c = _decided(conf)
    response = _post(conf, c, {**FULL, **change})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page.replace("&#x27;", "'").replace("‘", "").replace("’", "")
    assert "Drie collega&#x27;s bevestigden de opmerkingen." in page  # the typed text is still there
    c.refresh_from_db()
    assert c.stage == Complaint.Stage.DECIDED


def test_only_the_committee_records_it(conf):
    c = _decided(conf)
    for user in (conf.central, conf.advisor, conf.chief_b):
        assert _client(user).post(f"/vertrouwelijk/klachten/{c.pk}/evaluation/", FULL).status_code == 404
    with pytest.raises(PermissionDeniedError):
        services.record_evaluation(conf.central, c, today(), outcome_score=3, procedure_score=3,
                                   tried_before=False, further_action_needed=False)


# --- aggregates ------------------------------------------------------------------------------


def _evaluated(conf, n):
    for i in range(n):
        c = _decided(conf, received_ago=80 + i)
        services.record_evaluation(conf.member, c, today(), outcome_score=4 if i % 2 else 2, procedure_score=3,
                                   tried_before=bool(i % 3), further_action_needed=False, procedure="complaint",
                                   complainant_consequences=["none"], accused_consequences=["warning"])


def test_central_advisor_sees_counts_and_averages_of_enough_evaluations(conf):
    _evaluated(conf, 12)
    page = _client(conf.central).get("/vertrouwelijk/coordinatie/").content.decode()
    assert "Evaluaties van klachten" in page
    assert "Geëvalueerde klachten: 12." in page
    assert "3,0" in page  # the average procedure score; outcome 2 and 4 alternate: 3,0 too
    assert "Anna Klager" not in page and "Bob Beklaagd" not in page


def test_a_few_evaluations_show_no_average_and_no_breakdown(conf):
    _evaluated(conf, 3)
    figures = selectors.evaluation_figures(conf.central, today().year)
    assert figures["total"] == "<5"
    scores = next(t for t in figures["tables"] if t["key"] == "eval_scores")
    assert all(row[2] == "–" for row in scores["rows"])
    assert all(t["withheld"] for t in figures["tables"] if t["key"] in ("eval_procedures", "eval_consequences"))
    page = _client(conf.central).get("/vertrouwelijk/coordinatie/").content.decode()
    assert "Niet uitgesplitst" in page


@pytest.mark.parametrize("who", ["member", "advisor", "chief", "policy"])
def test_others_do_not_see_the_evaluation_figures(conf, who):
    user = {"member": conf.member, "advisor": conf.advisor, "chief": conf.chief, "policy": conf.org.policy}[who]
    with pytest.raises(PermissionDeniedError):
        selectors.evaluation_figures(user, today().year)
    assert _client(user).get("/vertrouwelijk/coordinatie/").status_code == 404


ANSWER = st.fixed_dictionaries({
    "version": st.just(2), "outcome_score": st.integers(1, 5), "procedure_score": st.integers(1, 5),
    "colleagues_score": st.one_of(st.none(), st.integers(1, 5)), "work_pleasure_score": st.none(),
    "duration_days": st.integers(0, 400), "tried_before": st.booleans(), "further_action_needed": st.booleans(),
    "agreed_by_complainant": st.booleans(), "decision_follows_advice": st.one_of(st.none(), st.booleans()),
    "procedure": st.sampled_from(["mediation", "complaint", "other"]),
    "complainant_consequences": st.lists(st.sampled_from(["none", "transfer"]), max_size=1),
    "accused_consequences": st.lists(st.sampled_from(["warning", "disciplinary"]), max_size=2, unique=True),
})


@given(st.lists(ANSWER, max_size=14))
@settings(max_examples=40, deadline=None)
def test_no_average_is_shown_of_fewer_than_five_answers(answers):
    tables = selectors.evaluation_tables(answers)
    cells = protect(tables)
    scores = next(t for t in tables if t.key == "eval_scores")
    for row, shown in zip(scores.rows, cells["eval_scores"], strict=True):
        if row["n"] < 5:
            assert shown[2].hidden
    total = cells["eval_procedures"][-1][1]
    assert total.hidden or total.value == len(answers)


def test_further_action_asked_in_the_evaluation_is_a_task_of_the_committee_until_done(conf):
    """Question 8 "nadere actie nodig" goes to the committee: its members find it in "my tasks"
    until one records what was done; without it nothing is asked (tester t34: the action requested
    ended with nobody responsible)."""
    c = _decided(conf)
    assert _post(conf, c, FULL).status_code == 302
    member = _client(conf.member)
    home = member.get("/").content.decode()
    assert "Nadere actie na de evaluatie met klager" in home
    assert f"/vertrouwelijk/klachten/{c.pk}/#action-follow_up" in home
    page = member.get(f"/vertrouwelijk/klachten/{c.pk}/").content.decode()
    assert 'id="action-follow_up"' in page
    url = f"/vertrouwelijk/klachten/{c.pk}/follow_up/"
    day = today().strftime("%d-%m-%Y")
    refused = member.post(url, {"on": day, "note": "ok"})
    assert refused.status_code == 400
    assert "Leg kort vast wat er met de nadere actie is gedaan." in refused.content.decode()
    assert _client(conf.chief).post(url, {"on": day, "note": "Teamgesprek gehouden."}).status_code in (302, 403, 404)
    c.refresh_from_db()
    assert c.follow_up_on is None  # the chief decides, the committee handles
    assert member.post(url, {"on": day, "note": "Teamgesprek gehouden met de vertrouwenspersoon."}).status_code == 302
    c.refresh_from_db()
    assert c.follow_up_on == today() and not c.needs_follow_up
    assert "Nadere actie na de evaluatie" not in member.get("/").content.decode()
    page = member.get(f"/vertrouwelijk/klachten/{c.pk}/").content.decode()
    assert "Teamgesprek gehouden met de vertrouwenspersoon." in page and 'id="action-follow_up"' not in page
    again = member.post(url, {"on": day, "note": "Nog een keer."}, follow=True)  # a second tab: told, not saved
    assert "De nadere actie is al afgehandeld op" in again.content.decode()
    c.refresh_from_db()
    assert c.follow_up_note == "Teamgesprek gehouden met de vertrouwenspersoon."
    # Without further action asked, there is no such task or step.
    other = _decided(conf)
    assert _post(conf, other, {**FULL, "further_action_needed": "", "further_action": ""}).status_code == 302
    assert f"/vertrouwelijk/klachten/{other.pk}/#action-follow_up" not in member.get("/").content.decode()
    with pytest.raises(DomainError):
        services.record_follow_up(conf.member, other, today(), "Toch iets gedaan.")


def test_the_complainant_learns_the_outcome_of_his_complaint_not_the_file(conf):
    """Under "Mijn klachten" he saw only the stage (tester t34): now the chief's decision date and
    the committee's advice, never the hearing's report or the measures."""
    c = _decided(conf)
    Complaint.objects.filter(pk=c.pk).update(filed_by=conf.reporter)
    page = _client(conf.reporter).get("/vertrouwelijk/").content.decode()
    day = (c.received_on + timedelta(days=30)).strftime("%d-%m-%Y")
    assert f"Besluit van de korpschef op {day}; advies van de commissie: gegrond" in page
    assert "het besluit volgt het advies" in page
    assert "Berisping conform advies." not in page and "Beide partijen gehoord." not in page

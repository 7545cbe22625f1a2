"""The climate check asks the full checklist for a safe learning and working climate (twenty topics);
runs started on the earlier list of fourteen keep their own questions, can still be answered and
read, and a repeat on the full list compares the topics both asked."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.migrations import migrate
from tests.prevention.conftest import answers
from vik.prevention import climate, selectors, services
from vik.prevention.models import ClimateCheck, ClimateTally

# The keys of the first list (before the full checklist), in its order.
FIRST_LIST = ["heard", "support", "informed", "atmosphere", "rely", "bullying", "discrimination", "conduct",
              "mistakes", "feedback_get", "feedback_give", "appreciation", "example", "learning"]


def _old_run(org, **dates):
    """A run as it was stored before the full checklist: version 1 with fourteen questions."""
    today = timezone.localdate()
    old_questions = [q for q in climate.questions_snapshot() if q["key"] in FIRST_LIST]
    old_questions.sort(key=lambda q: FIRST_LIST.index(q["key"]))
    check = ClimateCheck.objects.create(
        team=org.patrol, label="Nulmeting 2025", questions=old_questions, questionnaire=1, created_by=org.manager,
        opens_on=dates.get("opens_on", today - dt.timedelta(days=1)),
        closes_on=dates.get("closes_on", today + dt.timedelta(days=5)))
    ClimateTally.objects.bulk_create(ClimateTally(check_run=check, key=q["key"]) for q in old_questions)
    return check


def test_the_full_checklist_has_twenty_topics_with_stable_keys():
    keys = [key for key, _text, _good in climate.QUESTIONS]
    assert len(keys) == len(set(keys)) == 20
    assert set(FIRST_LIST) < set(keys)  # no topic of the first list lost or renamed
    assert set(keys) - set(FIRST_LIST) == {"watched", "meeting", "gossip", "initiative", "initiative_result",
                                           "attention"}
    unfavourable = {key for key, _text, good in climate.QUESTIONS if not good}
    assert unfavourable == {"watched", "discrimination", "conduct", "bullying", "gossip"}


def test_a_new_run_copies_the_full_list(org, open_check):
    assert open_check.questionnaire == climate.QUESTIONNAIRE_VERSION == 2
    assert [q["key"] for q in open_check.questions] == [key for key, _t, _g in climate.QUESTIONS]
    assert open_check.tallies.count() == 20


def test_an_old_run_is_still_answered_and_read_on_its_own_list(client, org, team_members):
    check = _old_run(org)
    for member in team_members[:5]:
        services.submit_climate_answers(member, check, answers(check))
    client.force_login(team_members[5])
    form = client.get(f"/preventie/teamklimaat/{check.pk}/invullen/")
    assert "teamoverleg" not in form.text  # the old run does not grow new questions
    services.close_climate_check(org.manager, check)
    view = selectors.climate_view(ClimateCheck.objects.get(pk=check.pk))
    assert view.visible and [r.key for r in view.results] == FIRST_LIST
    client.force_login(org.manager)
    page = client.get(f"/preventie/teamklimaat/{check.pk}/")
    assert page.status_code == 200 and "eerdere vragenlijst van 14 vragen" in page.text


def test_a_repeat_on_the_full_list_compares_what_both_asked(client, org, team_members):
    today = timezone.localdate()
    old = _old_run(org)
    for member in team_members[:5]:
        services.submit_climate_answers(member, old, answers(old))
    services.close_climate_check(org.manager, old)
    repeat = services.start_climate_check(org.manager, org.patrol, label="Herhaalmeting", opens_on=today,
                                          closes_on=today + dt.timedelta(days=3), previous=old)
    for member in team_members[:5]:
        services.submit_climate_answers(member, repeat, answers(repeat, favourable=False))
    services.close_climate_check(org.manager, repeat)
    view = selectors.climate_view(ClimateCheck.objects.get(pk=repeat.pk))
    assert view.previous_keys == set(FIRST_LIST) and len(view.results) == 20
    client.force_login(org.manager)
    page = client.get(f"/preventie/teamklimaat/{repeat.pk}/")
    assert page.text.count("vorige meting 100%") == 14
    assert page.text.count("nieuwe vraag, niet in de vorige meting") == 6
    assert "eerdere vragenlijst" not in page.text



def test_runs_from_before_the_migration_become_version_one(transactional_db, org):
    questions = [{"key": key, "text": "Vraag", "favourable": True} for key in FIRST_LIST]
    try:
        old = migrate([("prevention", "0001_initial")])
        Old = old.get_model("prevention", "ClimateCheck")
        pk = Old.objects.create(team_id=org.patrol.pk, label="Oud", opens_on=dt.date(2025, 3, 1),
                                closes_on=dt.date(2025, 3, 14), questions=questions, respondents=6,
                                created_by_id=org.manager.pk).pk
    finally:
        migrate(None)
    check = ClimateCheck.objects.get(pk=pk)
    assert check.questionnaire == 1 and check.questions == questions and check.respondents == 6


@pytest.mark.parametrize("key", ["watched", "gossip"])
def test_for_the_new_negative_topics_no_is_favourable(key):
    result = climate.build_results([q for q in climate.questions_snapshot() if q["key"] == key], {key: (1, 4)})[0]
    assert result.favourable_share == 80

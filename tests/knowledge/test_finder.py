"""The help-desk finder: the pure recommendation logic and the page that applies the editors'
questions to the desks."""

from vik.knowledge.finder import DeskInfo, OptionRule, recommend

DESKS = [DeskInfo(1, 10, is_front_door=True), DeskInfo(2, 20), DeskInfo(3, 30), DeskInfo(4, 40)]


def test_suggestions_are_ranked_by_points_then_by_order():
    advice = recommend(DESKS, [OptionRule(suggests=frozenset({4, 3})), OptionRule(suggests=frozenset({4, 2}))])
    assert advice.desk_ids == [4, 2, 3]
    assert not advice.fell_back


def test_a_limit_keeps_only_the_listed_desks():
    advice = recommend(DESKS, [OptionRule(suggests=frozenset({2, 3, 4})), OptionRule(limits_to=frozenset({1, 3}))])
    assert advice.desk_ids == [3]


def test_without_a_match_the_front_door_is_offered():
    assert recommend(DESKS, []).desk_ids == [1]
    advice = recommend(DESKS, [OptionRule(suggests=frozenset({2})), OptionRule(limits_to=frozenset({3}))])
    assert advice.fell_back and advice.desk_ids == [1]


def test_notices_and_the_investigation_guide_are_passed_on():
    advice = recommend(DESKS, [OptionRule(notice="Bel 112."), OptionRule(shows_investigation_guide=True)])
    assert advice.notices == ["Bel 112."]
    assert advice.shows_investigation_guide


def _ask(client, questions, *options):
    params = {f"v{o.question_id}": o.pk for o in options}
    return client.get("/kennis/wegwijzer/", params)


def test_finder_page_shows_the_questions_and_no_advice_before_answering(client, org, finder_questions):
    client.force_login(org.nobody)
    response = client.get("/kennis/wegwijzer/")
    assert response.status_code == 200
    assert "Waar gaat je vraag over?" in response.text
    assert "Dit loket past bij je vraag" not in response.text


def test_health_question_leads_to_company_doctor_and_social_work(client, org, finder_questions):
    client.force_login(org.nobody)
    result = _ask(client, finder_questions, finder_questions["health"], finder_questions["whatever"],
                  finder_questions["urgent_no"]).context["result"]
    assert [d.code for d in result.desks] == ["bmw", "bedrijfsarts"]  # equal points: editor order


def test_confidentiality_removes_desks_that_do_not_keep_things_confidential(client, org, finder_questions):
    client.force_login(org.nobody)
    open_result = _ask(client, finder_questions, finder_questions["integrity"], finder_questions["whatever"])
    assert [d.code for d in open_result.context["result"].desks] == ["vertrouwenspersoon", "vik"]
    secret_result = _ask(client, finder_questions, finder_questions["integrity"], finder_questions["confidential"])
    assert [d.code for d in secret_result.context["result"].desks] == ["vertrouwenspersoon"]


def test_urgent_answers_show_the_emergency_notice_and_rank_urgent_help_first(client, org, finder_questions):
    client.force_login(org.nobody)
    response = _ask(client, finder_questions, finder_questions["behaviour"], finder_questions["urgent_yes"])
    assert "Acuut gevaar? Bel 112." in response.text
    assert [d.code for d in response.context["result"].desks] == ["bmw", "vertrouwenspersoon"]


def test_employment_with_confidentiality_falls_back_to_the_social_desk(client, org, finder_questions):
    client.force_login(org.nobody)
    result = _ask(client, finder_questions, finder_questions["employment"],
                  finder_questions["confidential"]).context["result"]
    assert result.fell_back
    assert [d.code for d in result.desks] == ["sociaal-loket"]


def test_internal_investigation_links_to_the_rights_and_duties_page(client, org, finder_questions, desks):
    client.force_login(org.nobody)
    response = _ask(client, finder_questions, finder_questions["investigation"])
    assert "/kennis/wegwijzer/intern-onderzoek/" in response.text
    page = client.get("/kennis/wegwijzer/intern-onderzoek/")
    assert "Je rechten" in page.text and "Je plichten" in page.text and "De stappen" in page.text
    assert [d.code for d in page.context["desks"]] == ["bmw"]


def test_inactive_desks_are_never_recommended(client, org, finder_questions, desks):
    desks["doctor"].active = False
    desks["doctor"].save()
    client.force_login(org.nobody)
    result = _ask(client, finder_questions, finder_questions["health"]).context["result"]
    assert [d.code for d in result.desks] == ["bmw"]


def test_answers_that_do_not_belong_to_the_finder_are_ignored(client, org, finder_questions):
    client.force_login(org.nobody)
    response = client.get("/kennis/wegwijzer/", {f"v{finder_questions['topic'].pk}": "999999"})
    assert response.context["result"].fell_back


def test_the_finder_needs_a_login(client, finder_questions):
    response = client.get("/kennis/wegwijzer/")
    assert response.status_code == 302 and "/inloggen/" in response["Location"]

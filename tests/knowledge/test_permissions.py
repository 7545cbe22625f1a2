"""Editors maintain knowledge content; every other employee reads it."""

import pytest

from tests.factories import EmployeeFactory, UserFactory
from vik import policy
from vik.accounts.models import Role
from vik.core.errors import PermissionDeniedError
from vik.knowledge import services
from vik.knowledge.models import Desk, ThemeSheet

EDIT_URLS = [
    "/kennis/redactie/", "/kennis/redactie/sheet/nieuw/", "/kennis/redactie/sheet/geschenken/",
    "/kennis/redactie/sheet/geschenken/versies/", "/kennis/redactie/sheet/geschenken/versies/1/",
    "/kennis/redactie/desk/nieuw/", "/kennis/redactie/initiative/nieuw/", "/kennis/redactie/vragen/nieuw/",
]


@pytest.mark.parametrize("url", EDIT_URLS)
def test_editor_opens_edit_screens(client, editor, sheets, url):
    client.force_login(editor)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("username", ["medewerker", "teamchef", "triage", "beleid", "beheer", "auditor"])
def test_other_roles_get_no_edit_screens(client, org, sheets, username):
    from vik.accounts.models import User

    client.force_login(User.objects.get(username=username))
    for url in EDIT_URLS:
        assert client.get(url).status_code == 404, url
    assert client.post("/kennis/redactie/sheet/geschenken/versies/1/herstellen/").status_code == 404
    assert client.post("/kennis/redactie/sheet/geschenken/", {"title": "Gewijzigd"}).status_code == 404
    assert ThemeSheet.objects.get(slug="geschenken").title == "Aannemen van geschenken"


@pytest.mark.parametrize("url", ["/kennis/", "/kennis/wegwijzer/", "/kennis/loketten/", "/kennis/beroepscode/",
                                 "/kennis/beroepscode/geschenken/", "/kennis/initiatieven/",
                                 "/kennis/wegwijzer/intern-onderzoek/"])
def test_every_employee_reads_the_knowledge_base(client, org, sheets, url):
    client.force_login(org.nobody)
    response = client.get(url)
    assert response.status_code == 200
    assert "/kennis/redactie/" not in response.text


def test_services_refuse_non_editors(org, sheets):
    with pytest.raises(PermissionDeniedError):
        services.save_content(org.manager, Desk(code="x", name="X", summary="x", how_to_reach="x"))
    with pytest.raises(PermissionDeniedError):
        services.restore_version(org.nobody, sheets["gifts"], 1)


def test_unpublished_sheet_is_hidden_from_readers(client, org, editor, sheets):
    sheets["side"].published = False
    services.save_content(editor, sheets["side"])
    client.force_login(org.nobody)
    assert client.get("/kennis/beroepscode/nevenwerk/").status_code == 404
    client.force_login(editor)
    assert client.get("/kennis/beroepscode/nevenwerk/").status_code == 200


def test_policy_matrix_for_knowledge_and_prevention(org):
    editor = UserFactory(roles=[Role.EDITOR], employee=EmployeeFactory(unit=org.patrol))
    advisor = UserFactory(roles=[Role.CONFIDENTIAL_ADVISOR])
    expected = {
        editor: {"knowledge.edit", "prevention.edit", "prevention.facilitate"},
        org.manager: {"prevention.facilitate"},
        advisor: {"prevention.facilitate"},
        org.nobody: set(),
        org.triage: set(),
        org.policy: set(),
        org.admin: set(),
    }
    for user, allowed in expected.items():
        for action in ("knowledge.edit", "prevention.edit", "prevention.facilitate"):
            assert policy.can(user, action) is (action in allowed), (user.username, action)


def test_question_editor_saves_options(client, editor, desks):
    client.force_login(editor)
    data = {"text": "Waar gaat het over?", "help_text": "", "order": "10", "active": "on",
            "opties-TOTAL_FORMS": "2", "opties-INITIAL_FORMS": "0", "opties-MIN_NUM_FORMS": "0",
            "opties-MAX_NUM_FORMS": "1000",
            "opties-0-label": "Gezondheid", "opties-0-order": "1", "opties-0-suggests": [desks["doctor"].pk],
            "opties-1-label": "Werk", "opties-1-order": "2", "opties-1-suggests": [desks["hr"].pk]}
    assert client.post("/kennis/redactie/vragen/nieuw/", data).status_code == 302
    from vik.knowledge.models import FinderQuestion

    question = FinderQuestion.objects.get(text="Waar gaat het over?")
    assert [(o.label, [d.code for d in o.suggests.all()]) for o in question.options.all()] == [
        ("Gezondheid", ["bedrijfsarts"]), ("Werk", ["hr"])]

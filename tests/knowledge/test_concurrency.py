"""Two editors (or two tabs) on one desk, theme sheet or finder question: a stale form is refused
with a Dutch message instead of silently replacing the other save."""

import pytest
from django.urls import reverse

from vik.core.concurrency import state_token
from vik.core.errors import ConcurrentEditError
from vik.knowledge import services
from vik.knowledge.models import Desk, ThemeSheet

pytestmark = pytest.mark.django_db


def test_a_stale_theme_sheet_form_is_refused(editor, sheets):
    sheet = sheets["gifts"]
    token = state_token(sheet)
    first = ThemeSheet.objects.get(pk=sheet.pk)
    first.norm = "Eerste redacteur"
    services.save_content(editor, first, expected_state=token)
    second = ThemeSheet.objects.get(pk=sheet.pk)
    second.norm = "Tweede redacteur"
    with pytest.raises(ConcurrentEditError):
        services.save_content(editor, second, expected_state=token)
    assert ThemeSheet.objects.get(pk=sheet.pk).norm == "Eerste redacteur"


def test_a_stale_desk_form_keeps_the_input_in_the_browser(client, editor, desks):
    desk = desks["hr"]
    url = reverse("knowledge:edit", args=["desk", desk.pk])
    client.force_login(editor)
    page = client.get(url)
    assert page.status_code == 200
    token = page.context["form"]["state"].value()
    assert token
    moved = Desk.objects.get(pk=desk.pk)
    moved.summary = "Intussen gewijzigd"
    services.save_content(editor, moved)
    data = {"name": desk.name, "code": desk.code, "summary": "Mijn tekst", "how_to_reach": "Bel.",
            "order": 50, "active": "on", "state": token}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Dit is intussen gewijzigd en opgeslagen" in response.content.decode()
    assert "Mijn tekst" in response.content.decode()
    assert Desk.objects.get(pk=desk.pk).summary == "Intussen gewijzigd"


def test_a_stale_finder_question_form_is_refused(editor, finder_questions):
    question = finder_questions["topic"]
    token = state_token(question, services.QUESTION_PARTS)
    option = finder_questions["health"]
    option.label = "Gezondheid en werk"
    option.save()  # another editor changed only an answer option
    question.text = "Waarover?"
    with pytest.raises(ConcurrentEditError):
        services.save_question(editor, question, [], expected_state=token)

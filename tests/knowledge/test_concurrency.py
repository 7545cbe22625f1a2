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
    # What is stored now is shown beside each field where it differs from the input, and only there
    # (tester t35-10: a second save dropped a change the user had never seen).
    conflicts = response.context["form"].vik_conflicts
    assert conflicts == {"summary": "Intussen gewijzigd", "how_to_reach": desk.how_to_reach}
    page = response.content.decode()
    assert page.count('class="conflict"') == 2 and "Nu opgeslagen (wijkt af van uw invoer):" in page
    assert "staat hieronder wat nu is opgeslagen" in page
    # Saving again with the token the refusal carried replaces the other version knowingly.
    data["state"] = response.context["form"]["state"].value()
    data["summary"] = "Mijn tekst, met de aanvulling van de ander"
    assert client.post(url, data).status_code == 302
    assert Desk.objects.get(pk=desk.pk).summary == "Mijn tekst, met de aanvulling van de ander"


def test_a_stale_finder_question_form_is_refused(editor, finder_questions):
    question = finder_questions["topic"]
    token = state_token(question, services.QUESTION_PARTS)
    option = finder_questions["health"]
    option.label = "Gezondheid en werk"
    option.save()  # another editor changed only an answer option
    question.text = "Waarover?"
    with pytest.raises(ConcurrentEditError):
        services.save_question(editor, question, [], expected_state=token)

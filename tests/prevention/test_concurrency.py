"""Two editors on one dilemma set: a stale form is refused instead of overwriting."""

import pytest
from django.urls import reverse

from vik.core.concurrency import state_token
from vik.core.errors import ConcurrentEditError
from vik.prevention import services
from vik.prevention.models import DilemmaSet

pytestmark = pytest.mark.django_db


def test_a_stale_dilemma_set_form_is_refused(client, editor, dilemma_set):
    client.force_login(editor)
    page = client.get(reverse("prevention:set_edit", args=[dilemma_set.pk]))
    token = page.context["form"]["state"].value()
    assert token == state_token(dilemma_set, services.SET_PARTS)
    services.save_dilemma_set(editor, DilemmaSet.objects.get(pk=dilemma_set.pk), [
        {"instance": dilemma_set.dilemmas.first(), "situation": "Gewijzigd door een ander"}],
        expected_state=token)
    stale = DilemmaSet.objects.get(pk=dilemma_set.pk)
    stale.title = "Mijn titel"
    with pytest.raises(ConcurrentEditError):
        services.save_dilemma_set(editor, stale, [], expected_state=token)
    assert DilemmaSet.objects.get(pk=dilemma_set.pk).title == "Informatie en geschenken"


def test_a_correction_without_its_version_token_is_refused_not_saved_over(client, org):
    """Tester t20 emptied the hidden version field and the second tab overwrote silently."""
    from tests.prevention.test_activities import _register

    activity = _register(org.manager, org.patrol)
    client.force_login(org.manager)
    for state in ("", None):
        data = {"held_on": activity.held_on.strftime("%d-%m-%Y"), "format": "theatre", "title": "Overschreven",
                "facilitator": "Theatergroep Spiegel", "participants": "24"}
        if state is not None:
            data["state"] = state
        response = client.post(f"/preventie/activiteiten/{activity.pk}/wijzigen/", data)
        assert response.status_code == 400 and "intussen gewijzigd" in response.text
        activity.refresh_from_db()
        assert activity.title != "Overschreven"

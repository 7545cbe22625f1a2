"""The texts of prevention say their limit before sending (see tests/core/test_text_limits.py): the
anonymous evaluation's comment, and the note of each round in a session's summary, which was cut
off at 5,000 characters without a word."""

import re

import pytest
from django.utils import timezone

from vik.prevention import evaluation, services
from vik.prevention.forms import ROUND_NOTE_MAX
from vik.prevention.models import Perspective

pytestmark = pytest.mark.django_db


def test_the_evaluation_comment_shows_its_limit(client, org):
    activity = services.register_activity(org.manager, org.patrol, held_on=timezone.localdate(), title="Masterclass",
                                          format="masterclass", facilitator="VIK preventie", participants=8)
    page = client.get(f"/preventie/evaluatie/{activity.code}/").content.decode()
    textarea = re.search(r'<textarea name="comment"[^>]*>', page).group(0)
    assert f'maxlength="{evaluation.COMMENT_MAX}"' in textarea
    assert 'aria-describedby="id_comment_helptext id_comment_limit"' in textarea
    assert '<span class="helptext limit" id="id_comment_limit"' in page and "Maximaal 500 tekens" in page


def test_a_rounds_note_shows_its_limit_and_counts_a_line_break_once(client, org, dilemma_set):
    session = services.start_session(org.manager, dilemma_set, "Teamdag", org.patrol)
    services.open_round(org.manager, session, Perspective.BYSTANDER)
    round_ = session.rounds.get()
    client.force_login(org.manager)
    url = f"/preventie/sessies/{session.pk}/samenvatting/"
    page = client.get(url).content.decode()
    textarea = re.search(rf'<textarea id="round-{round_.pk}"[^>]*>', page).group(0)
    assert f'maxlength="{ROUND_NOTE_MAX}"' in textarea and f'aria-describedby="round-{round_.pk}_limit"' in textarea
    hint = re.search(rf'<span class="helptext limit" id="round-{round_.pk}_limit"([^>]*)>Maximaal 5.000 tekens', page)
    assert hint and f'data-limit-for="round-{round_.pk}"' in hint.group(1)  # counted down by vik.js
    # At the limit as the browser counts it (a line break is one character), nothing is cut off.
    note = ("Iedereen koos B.\r\n" * 294)[:-2]
    assert len(note.replace("\r\n", "\n")) <= ROUND_NOTE_MAX < len(note)
    assert client.post(url, {"notes": "", f"round-{round_.pk}": note}).status_code == 302
    round_.refresh_from_db()
    assert round_.note == note.replace("\r\n", "\n")

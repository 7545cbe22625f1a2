"""`get_<field>_display()` of the models shown in long lists (signals, case members, process steps)
gives the choice's label in the request's language, without translating every label of the field
to find one (vik.core.i18n.choice_display; 850 translations on a list of 50 signals)."""

from unittest import mock

from django.utils import translation

from vik.investigations.models import Member, StatusType, Step
from vik.signals.models import Signal


def test_the_label_in_the_active_language_and_an_unknown_value_as_it_is():
    signal = Signal(status=Signal.Status.NEW, channel="")
    assert signal.get_status_display() == "Nieuw, wacht op triage"
    with translation.override("en"):
        assert signal.get_status_display() == "New, awaiting triage"
    signal.status = "no-such-status"
    assert signal.get_status_display() == "no-such-status"
    assert Member(kind=Member.Kind.COMPETENT_AUTHORITY).get_kind_display() == str(Member.Kind.COMPETENT_AUTHORITY.label)
    assert StatusType(step=Step.ZIENSWIJZE).get_step_display() == str(Step.ZIENSWIJZE.label)


def test_one_label_is_translated_to_show_one():
    signals = [Signal(status=status) for status in Signal.Status.values] * 5
    signals[0].get_status_display()  # the map of the field is built once
    with mock.patch("django.utils.translation._trans.gettext", wraps=translation._trans.gettext) as gettext:
        shown = [s.get_status_display() for s in signals]
    assert gettext.call_count == len(signals)
    assert shown[: len(Signal.Status.labels)] == [str(label) for label in Signal.Status.labels]

"""Issue 16: the triage endpoint is triage's (`vik.triage.api`), at the address it always had."""

from django.urls import resolve


def test_triage_decisions_of_a_signal_are_served_by_triage():
    for url in ("/api/signals/7/triage-decisions/", "/api/signals/7/triage-decisions.json"):
        match = resolve(url)
        assert match.func.cls.__module__ == "vik.triage.api"
        assert match.kwargs["id"] == "7"
    assert resolve("/api/signals/7/").func.cls.__module__ == "vik.signals.api"

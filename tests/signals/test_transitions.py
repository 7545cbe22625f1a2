"""Issue 16: a signal's status has one owner. Every change goes through `signals.services`, which
holds the allowed transitions; triage and investigations call it and never write the status."""

import ast
from pathlib import Path

import pytest

from vik.signals import services
from vik.signals.models import Signal
from vik.triage.models import Route

SRC = Path(__file__).resolve().parents[2] / "src" / "vik"


def _status_writes(path: Path) -> list[str]:
    """Places in a module that assign `.status` (or `update(status=…)`) on a Signal: an
    attribute assignment whose target is named like a signal, or a queryset update on the
    Signal model."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AugAssign | ast.AnnAssign) else [])
        for target in targets:
            for t in (target.elts if isinstance(target, ast.Tuple) else [target]):
                if (isinstance(t, ast.Attribute) and t.attr == "status"
                        and "signal" in ast.unparse(t.value).lower()):
                    found.append(f"{path.relative_to(SRC)}:{node.lineno}")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "update" and "Signal.objects" in ast.unparse(node.func.value)
                and any(k.arg == "status" for k in node.keywords)):
            found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def test_no_module_outside_signals_writes_a_signal_status():
    writes = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).parts
        if rel[0] == "signals" or "migrations" in rel:
            continue
        writes += _status_writes(path)
    assert writes == []


def test_the_grep_finds_a_status_write(tmp_path):
    """The check above would see the code it replaced."""
    sample = SRC / "signals" / "_sample_for_test.py"
    try:
        sample.write_text("def f(signal, Signal):\n    signal.status = 'closed'\n"
                          "    Signal.objects.filter(pk=1).update(status='closed')\n")
        assert len(_status_writes(sample)) == 2
    finally:
        sample.unlink()


def test_every_triage_route_has_a_signal_status():
    assert set(services.ROUTE_TO_SIGNAL_STATUS) == set(Route.values)


def test_transition_table_never_leads_back_to_new():
    assert set(services.ALLOWED_TRANSITIONS) == set(Signal.Status.values)
    assert all(Signal.Status.NEW not in to for to in services.ALLOWED_TRANSITIONS.values())


def test_a_refused_transition_raises_and_changes_nothing(org, make_signal):
    signal = make_signal()
    with pytest.raises(services.SignalTransitionError) as exc:
        services.start_investigation(signal, by=org.triage)
    assert "Melding" in exc.value.message
    signal.refresh_from_db()
    assert signal.status == Signal.Status.NEW


def test_going_back_to_new_is_refused(org, make_signal, triage_to):
    signal = make_signal()
    triage_to(signal, Route.NO_ACTION)
    with pytest.raises(services.SignalTransitionError):
        services.transition(signal, Signal.Status.NEW, by=org.triage)
    assert Signal.objects.get(pk=signal.pk).status == Signal.Status.CLOSED


def test_triage_and_case_move_the_status_through_the_table(disciplinary_case):
    assert Signal.objects.get(pk=disciplinary_case.signal_id).status == (
        Signal.Status.UNDER_INVESTIGATION)

"""Issue 12: no user input ends in a 500. Every query parameter and every form of signals,
triage, investigations, care (the care actions on the case page) and tasks (the home page) is
fuzzed with the Django test client, as the roles that use them."""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.case_steps import approve_plan
from tests.conftest import a_tuesday_morning
from vik.care.views import ACTIONS as CARE_ACTIONS
from vik.investigations import forms as case_forms
from vik.investigations import services as inv
from vik.investigations.views import ACTIONS as CASE_ACTIONS
from vik.signals.forms import SignalForm
from vik.signals.models import Signal
from vik.triage.forms import DecisionForm, LineReportForm, SessionForm

NASTY = st.one_of(
    st.sampled_from([
        "", " ", "0", "-1", "1", "2", "99999999999999999999999", "1e9", "NaN", "null", "true",
        "2027-02-30", "2027-02-30T10:00", "0001-01-01", "0001-01-01T00:00", "9999-12-31",
        "9999-12-31T23:59", "2026-13-01", "2026-11-31T25:61", "31-12-2026", "today",
        "P000001", "Jansen", "Jan", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "\u0000",
        "x" * 5000, "🙂", "1,2,3", ";", "reprimand", "breach_measure", "no_breach", "line",
        "national", "criminal", "hearing", "witness", "phone", "close", "propose", "execute",
    ]),
    st.text(max_size=40),
    st.integers(-2**70, 2**70).map(str),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
)
FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])


def _fields(form_class) -> list[str]:
    return list(form_class.base_fields)


def _data(draw_fields):
    return st.fixed_dictionaries({}, optional={name: NASTY for name in draw_fields})


def _assert_no_500(response):
    assert response.status_code < 500, response.content[:500]


@pytest.fixture
def world(org, make_signal, triage_to, disciplinary_case):
    """A new signal, a triaged one, a line signal and a case with an aanzegging."""
    new = make_signal()
    line = make_signal(subjects=[org.colleague])
    triage_to(line, "line", line_manager=org.manager.employee,
              follow_up_due=timezone.localdate() + dt.timedelta(days=10))
    case = disciplinary_case
    inv.commission(org.authority, case, case.opened_on)
    approve_plan(org, case, case.opened_on + dt.timedelta(days=1))
    inv.record_aanzegging(org.investigator, case, a_tuesday_morning(), care_offered=True)
    return {"new": new, "line": line, "case": case, "triaged": case.signal}


QUERY_URLS = [
    "/", "/meldingen/", "/meldingen/nieuw/", "/meldingen/medewerkers/", "/triage/",
    "/onderzoeken/", "/onderzoeken/aanzegging-controle/", "/meldingen/mijn/",
]
QUERY_KEYS = ["status", "q", "page", "state", "sessie", "held_at", "term", "subjects",
              "line_manager", "kind", "next"]


@FUZZ
@given(data=_data(QUERY_KEYS), which=st.sampled_from(QUERY_URLS + ["signal", "case"]))
def test_query_parameters_never_give_500(client, org, world, data, which):
    url = {"signal": f"/meldingen/{world['new'].pk}/",
           "case": f"/onderzoeken/{world['case'].pk}/"}.get(which, which)
    for user in (org.triage, org.investigator):
        client.force_login(user)
        _assert_no_500(client.get(url, data))


@FUZZ
@given(data=_data(_fields(SignalForm)))
def test_signal_form_never_gives_500(client, org, world, data):
    client.force_login(org.triage)
    _assert_no_500(client.post("/meldingen/nieuw/", data))


@FUZZ
@given(draw=st.data(), route=st.sampled_from(
    ["line", "criminal", "national", "no_action", "disciplinary", "x"]))
def test_triage_forms_never_give_500(client, org, world, draw, route):
    from vik.triage.models import Criterion

    scores = [f"score_{c.code}" for c in Criterion.objects.filter(active=True)]
    data = draw.draw(_data(_fields(DecisionForm) + scores + ["do"]))
    client.force_login(org.triage)
    signal = world["new"]
    _assert_no_500(client.post(f"/triage/melding/{signal.pk}/besluit/", {"route": route,
                                                                          **data}))
    _assert_no_500(client.post("/triage/overleg/", {k: v for k, v in data.items()
                                                    if k in _fields(SessionForm)}))
    _assert_no_500(client.get(f"/meldingen/{signal.pk}/", {"sessie": data.get("session", "")}))


@FUZZ
@given(data=_data(_fields(LineReportForm)))
def test_line_report_never_gives_500(client, org, world, data):
    client.force_login(org.manager)
    _assert_no_500(client.post(f"/triage/melding/{world['line'].pk}/terugkoppeling/", data))


@FUZZ
@given(data=_data(["case_type", "subject", "authority", "lead_investigator", "opened_on",
                   "suspected_breach"]))
def test_open_case_never_gives_500(client, org, world, data):
    client.force_login(org.triage)
    signal = Signal.objects.get(pk=world["new"].pk)
    from vik.triage.services import DecisionInput, record_triage_decision

    if not signal.triage_decisions.exists():
        from tests.conftest import all_scores

        record_triage_decision(org.triage, signal, DecisionInput(
            route="disciplinary", rationale="Ernstig genoeg voor een onderzoek.",
            scores=all_scores()))
    _assert_no_500(client.post(f"/onderzoeken/start/{signal.pk}/", data))


# The acts on the case page: investigations' own and care's (same URL, /onderzoeken/<id>/actie/).
ACTIONS = {**CASE_ACTIONS, **CARE_ACTIONS}
ACTION_FIELDS = {name: _fields(form_class) for name, (form_class, *_rest) in ACTIONS.items()}


@FUZZ
@given(action=st.sampled_from(sorted(ACTIONS) + ["nonsense"]), data=st.data())
def test_case_actions_never_give_500(client, org, world, action, data):
    fields = ACTION_FIELDS.get(action, ["x"])
    payload = data.draw(_data(fields))
    case = world["case"]
    for user in (org.investigator, org.authority, org.manager):
        client.force_login(user)
        _assert_no_500(client.post(f"/onderzoeken/{case.pk}/actie/{action}/", payload))


@FUZZ
@given(data=_data(["do", "run"]))
def test_retention_never_gives_500(client, org, data):
    client.force_login(org.admin)
    _assert_no_500(client.post("/onderzoeken/bewaartermijnen/", data))


def test_the_issues_example_aanzegging_check_with_a_non_existing_date(client, org):
    client.force_login(org.investigator)
    response = client.get("/onderzoeken/aanzegging-controle/", {"held_at": "2027-02-30T10:00"})
    assert response.status_code == 200
    assert "Dit moment kan niet" in response.text and "geldige datum" in response.text


def test_received_on_far_in_the_past_is_refused_in_dutch_and_input_kept(client, org):
    client.force_login(org.triage)
    response = client.post("/meldingen/nieuw/", {
        "received_on": "0001-01-01", "channel": "colleague", "region": org.region_a.pk,
        "theme": 1, "description": "Mijn omschrijving blijft staan.",
        "subjects": org.officer.personnel_number,
    })
    assert response.status_code == 200
    assert "Kies een datum tussen 01-01-1990" in response.text
    assert "Mijn omschrijving blijft staan." in response.text
    assert not Signal.objects.exists()


def test_case_form_classes_bound_every_date():
    from vik.signals.fields import BoundedDateField, BoundedDateTimeField

    for form_class in [SignalForm, SessionForm, *[a[0] for a in ACTIONS.values()]]:
        for name, field in form_class.base_fields.items():
            if "Date" in type(field).__name__:
                assert isinstance(field, BoundedDateField | BoundedDateTimeField), (
                    form_class, name)
    for name, field in DecisionForm.base_fields.items():
        if "Date" in type(field).__name__:
            assert isinstance(field, BoundedDateField), name
    assert isinstance(case_forms.OpenCaseForm.base_fields["opened_on"], BoundedDateField)

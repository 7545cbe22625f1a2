"""No user input ends in a 500: every query parameter and form of the confidential app, fuzzed with
Hypothesis, as each relevant role and anonymously. The test client re-raises a view's exception,
so any crash fails the test with its traceback."""

import os
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vik.confidential import forms, services, views
from vik.confidential.models import Category, Contact, RepeatSignal

from .conftest import today

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# More examples for a deeper search: VIK_FUZZ_EXAMPLES=200 pytest tests/confidential/test_fuzz.py
EXAMPLES = int(os.environ.get("VIK_FUZZ_EXAMPLES", "15"))
ROLES = ["anonymous", "reporter", "office", "advisor", "central", "member", "chief", "no_employee"]
JUNK = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
    st.integers(min_value=-10**20, max_value=10**20).map(str),
    st.sampled_from(["", "0", "-5", "99999", "abc", "2026-02-30", "31-12-2026", "0000-00-00", "1-1-1",
                     "yes", "no", "on", "true", "9" * 30, "1e9", "NaN", "<script>", "' OR 1=1 --"]),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
)


def _field_values(field):
    """Plausible values (so the fuzzing reaches the services) mixed with junk."""
    from django import forms as djforms

    plausible: list = []
    if isinstance(field, djforms.ModelChoiceField):
        plausible = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:10]]
    elif getattr(field, "choices", None):
        plausible = [str(value) for value, _label in field.choices if value != ""]
    elif isinstance(field, djforms.DateField):
        plausible = [(today() - timedelta(days=n)).isoformat() for n in (0, 1, 10, 400)]
    elif isinstance(field, djforms.BooleanField):
        plausible = ["on", ""]
    elif isinstance(field, djforms.IntegerField):
        plausible = ["0", "1", "5", "90"]
    else:
        plausible = ["Een beschrijving van wat er is gebeurd op het bureau.", "Jansen"]
    value = st.one_of(st.sampled_from(plausible), JUNK) if plausible else JUNK
    if isinstance(field, djforms.MultipleChoiceField | djforms.ModelMultipleChoiceField):
        return st.lists(value, max_size=3)
    return value


def _form_data(form):
    return st.fixed_dictionaries({}, optional={name: _field_values(f) for name, f in form.fields.items()})


FILES = st.lists(st.tuples(st.sampled_from(["a.png", "b.jpg", "c.txt", "d.pdf", "e", "f.PNG"]),
                           st.binary(max_size=300)), max_size=2)


@pytest.fixture
def world(conf, anonymous_report, advisor_report):
    complaint = services.register_complaint(conf.member, services.ComplaintInput(
        region=conf.org.region_a, committee=conf.committee, chair=conf.chair, category=Category.OTHER,
        received_on=today() - timedelta(days=20), complainant="Anna Klager", accused="Bob Beklaagd",
        summary="Klacht over de dienstindeling."))
    contact = services.register_contact(conf.advisor, services.ContactInput(
        contact_on=today(), category=Category.OTHER, reporter_type=Contact.ReporterType.EMPLOYEE,
        unit=conf.org.region_a, actions=["conversation"], minutes=30))
    for advisor in (conf.advisor, conf.advisor2):
        services.register_contact(advisor, services.ContactInput(
            contact_on=today(), category=Category.OTHER, reporter_type=Contact.ReporterType.EMPLOYEE,
            unit=conf.org.region_a, actions=["conversation"], minutes=30, concerns=[conf.org.colleague]))
    users = {"reporter": conf.reporter, "office": conf.office, "advisor": conf.advisor, "central": conf.central,
             "member": conf.member, "chief": conf.chief}
    from tests.factories import UserFactory

    users["no_employee"] = UserFactory(username="zonder-personeelsnummer", employee=None)
    clients = {"anonymous": Client()}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    report, code = anonymous_report
    return {"conf": conf, "clients": clients, "report": report, "code": code, "advisor_report": advisor_report,
            "complaint": complaint, "contact": contact}


def _endpoints(w):
    r, a, c, k = w["report"].pk, w["advisor_report"].pk, w["complaint"].pk, w["contact"].pk
    forward = forms.ForwardForm(report=w["report"])
    eps = {
        "index": ("GET", "/vertrouwelijk/", None), "routes": ("GET", "/vertrouwelijk/routekaart/", None),
        "privacy": ("GET", "/vertrouwelijk/privacyreglement/", None),
        "anonymous_new": ("POST", "/vertrouwelijk/anoniem/", forms.AnonymousReportForm()),
        "anonymous_open": ("POST", "/vertrouwelijk/anoniem/inzien/", forms.ReceiptForm()),
        "anonymous_reply": ("POST", "/vertrouwelijk/anoniem/reageren/", forms.AnonymousReplyForm()),
        "anonymous_done": ("GET", "/vertrouwelijk/anoniem/verstuurd/", None),
        "anonymous_sent": ("GET", "/vertrouwelijk/anoniem/bericht-verstuurd/", None),
        "employee_options": ("GET", "/vertrouwelijk/melden/personen/", None),
        "report_new": ("POST", "/vertrouwelijk/melden/", forms.ReportForm()),
        "my_report": ("POST", f"/vertrouwelijk/mijn-meldingen/{a}/", forms.ReporterReplyForm()),
        "inbox": ("GET", "/vertrouwelijk/meldpunt/", None),
        "report": ("GET", f"/vertrouwelijk/meldpunt/{r}/", None),
        "attachment": ("GET", f"/vertrouwelijk/meldpunt/{r}/bijlage/1/", None),
        "register": ("GET", "/vertrouwelijk/register/", None),
        "contact_new": ("POST", "/vertrouwelijk/register/nieuw/", forms.ContactForm()),
        "contact": ("POST", f"/vertrouwelijk/register/{k}/", forms.ContactForm()),
        "activities": ("POST", "/vertrouwelijk/activiteiten/", forms.ActivityForm()),
        "coordination": ("GET", "/vertrouwelijk/coordinatie/", None),
        "coordination_post": ("POST", "/vertrouwelijk/coordinatie/", forms.ReferralForm()),
        "complaints": ("GET", "/vertrouwelijk/klachten/", None),
        "complaint_new": ("POST", "/vertrouwelijk/klachten/nieuw/", forms.ComplaintForm(user=w["conf"].member)),
        "complaint": ("GET", f"/vertrouwelijk/klachten/{c}/", None),
        "repeat_signals": ("GET", "/vertrouwelijk/stapeling/", None),
        "repeat_signal": ("POST", f"/vertrouwelijk/stapeling/{RepeatSignal.objects.get().reference}/",
                          forms.RepeatCloseForm()),
    }
    for name, (form_class, *_rest) in views.REPORT_ACTIONS.items():
        form = forward if form_class is forms.ForwardForm else form_class()
        eps[f"report_{name}"] = ("POST", f"/vertrouwelijk/meldpunt/{r}/{name}/", form)
    for name, (form_class, *_rest) in views.COMPLAINT_ACTIONS.items():
        eps[f"complaint_{name}"] = ("POST", f"/vertrouwelijk/klachten/{c}/{name}/", form_class())
    return eps


ENDPOINTS = ["index", "routes", "privacy", "anonymous_new", "anonymous_open", "anonymous_reply", "anonymous_done",
             "anonymous_sent", "employee_options", "report_new", "my_report", "inbox", "report", "attachment",
             "register", "contact_new", "contact", "activities", "coordination", "coordination_post", "complaints",
             "complaint_new", "complaint", "repeat_signals", "repeat_signal"] + [
             f"report_{n}" for n in views.REPORT_ACTIONS] + [f"complaint_{n}" for n in views.COMPLAINT_ACTIONS]
QUERY = st.dictionaries(st.sampled_from(["jaar", "q", "pk", "page", "status", "next", "x"]), JUNK, max_size=3)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_input_ends_in_a_500(world, endpoint):
    method, url, form = _endpoints(world)[endpoint]

    @given(data=st.data())
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    def run(data):
        client = world["clients"][data.draw(st.sampled_from(ROLES), label="role")]
        query = data.draw(QUERY, label="query")
        if method == "GET" or form is None:
            response = client.get(url, query)
        else:
            payload = data.draw(_form_data(form), label="form")
            if "code" in form.fields and data.draw(st.booleans(), label="real code"):
                payload["code"] = world["code"]
            if "attachments" in form.fields:
                payload["attachments"] = [SimpleUploadedFile(n, b) for n, b in data.draw(FILES, label="files")]
            response = client.post(url + ("?" + "&".join(f"{k}=x" for k in query) if query else ""), payload)
        assert response.status_code < 500, (endpoint, response.status_code)

    run()


@pytest.mark.parametrize("year", ["abc", "0", "-5", "99999", "", "1999", "2026.5", "٢٠٢٦"])
def test_coordination_year_never_500(world, year):
    response = world["clients"]["central"].get("/vertrouwelijk/coordinatie/", {"jaar": year})
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["jaarverslag/0/", "jaarverslag/99999/", "jaarverslag/1999/",
                                  "jaarverslag/-5/", "meldpunt/99999999999999999999999/",
                                  "klachten/99999999999999999999/decision/"])
def test_absurd_numbers_in_urls_are_404(world, path):
    assert world["clients"]["central"].get(f"/vertrouwelijk/{path}").status_code == 404

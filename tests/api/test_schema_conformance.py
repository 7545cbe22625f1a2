"""The API answers as its OpenAPI schema (/api/schema/, drf-spectacular) says (issue 14, finding 12:
`/api/signals/{id}/triage-decisions/` returned a plain list where the schema promised a paginated
one). Schemathesis generates requests for every operation from the schema and runs them in-process
through the WSGI application, signed in (a session, as the browser's) as a triage member, the role
that may use every operation: status codes and headers must be documented, and every response body
must match its documented schema.

The schema is generated at collection time by drf-spectacular's generator, as /api/schema/ does
(`test_the_served_schema_is_the_tested_one` holds them equal): schemathesis' lazy fixture loader
does not work with pytest 9. Bounded: 15 examples per operation (under a minute); the database
holds a signal with a triage decision and a case the user can see, and every request with an id is
also sent with the id of that signal or case, so real detail answers are checked, not only 404s.

No check is excluded. What the run found and what was fixed: error answers were undocumented
(400/401/403/404/409 now in the description, vik/core/api_schema.py); `/api/cases/panels/` and
`/api/signals/null,null/` answered 500 (ids are numbers in the URL now); unknown paths under /api/
answered an HTML page (JSON now); form and multipart bodies were accepted although only JSON is
meant (JSON only now); the case id was typed "string" when the description was built without a
signed-in request.
"""

import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings

from vik.core import idle
from vik.wsgi import application

CSRF = "k" * 32  # an unmasked CSRF secret: the same value as cookie and header passes the check


def _generated() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


schema = schemathesis.openapi.from_dict(_generated())
schema.app = application  # requests go in-process through the WSGI application


SESSION: dict[str, str] = {}


@schema.auth(refresh_interval=None)
class SignedInSession:
    """The triage member's session cookie (and the CSRF pair the unsafe methods need), as a browser
    sends them; schemathesis knows it as the sign-in, so it can also check that the API refuses the
    same request without it or with a wrong one."""

    def get(self, case, ctx):
        return SESSION.get("sessionid", "")

    def set(self, case, data, ctx):
        case.cookies = {**(case.cookies or {}), "sessionid": data, "csrftoken": CSRF}
        case.headers = {**(case.headers or {}), "X-CSRFToken": CSRF}


@pytest.fixture
def signed_in(org, disciplinary_case, settings):
    settings.ALLOWED_HOSTS = ["*"]  # schemathesis' WSGI client names its own host
    client = Client()
    client.force_login(org.triage)
    # Seen just now: the idle timeout does not rewrite the session (and set its cookie again) during
    # the run; a cookie the WSGI client kept would outlive schemathesis' probes without sign-in.
    session = client.session
    session[idle.SEEN] = time.time()
    session.save()
    SESSION["sessionid"] = client.cookies["sessionid"].value
    # The WSGI handler closes the database connection at the end of each request
    # (`close_old_connections` on request_finished); inside the test's transaction on PostgreSQL
    # that closed the test's own connection. Django's test client disconnects it the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield {"/api/cases/{id}/": disciplinary_case.pk, "other": disciplinary_case.signal_id}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        SESSION.clear()


def test_the_served_schema_is_the_tested_one(org):
    client = Client()
    client.force_login(org.triage)
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response.json() == schemathesis.openapi.from_dict(_generated()).raw_schema


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_answers_as_its_schema_says(case, signed_in):
    case.call_and_validate()
    # Generated ids rarely exist: the same request again for the signal (or case) the user can see,
    # so real detail answers and real decisions are checked too.
    positive = case.meta is None or case.meta.generation.mode == schemathesis.GenerationMode.POSITIVE
    if positive and "id" in (case.path_parameters or {}):
        case.path_parameters = {**case.path_parameters,
                                "id": signed_in.get(case.operation.path, signed_in["other"])}
        case.call_and_validate()


@pytest.mark.parametrize("url", ["/api/cases/panels/", "/api/signals/null,null/", "/api/signals/1.5/",
                                 "/api/signals/x/triage-decisions/", "/api/onbekend/"])
def test_a_malformed_api_address_is_a_json_404_not_a_500(org, url):
    client = Client()
    client.force_login(org.triage)
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"

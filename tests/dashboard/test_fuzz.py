"""No query parameter or form value of the dashboard ends in a 500: invalid input gives a Dutch
message and sensible defaults (fuzzed as a logged-in policy user)."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vik.dashboard import services
from vik.dashboard.forms import EARLIEST, latest

VIEWS = ["instroom", "doorlooptijden", "registratiekwaliteit", "rechtsgelijkheid", "zorg", "effect",
         "klachten", "vertrouwenswerk", "preventie", "informatiegebruik"]
FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _dates():
    return st.one_of(
        st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
        st.tuples(st.integers(-10, 99999), st.integers(-1, 14), st.integers(-1, 40)).map(
            lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"),  # 2027-02-30 and worse
        st.text(max_size=30),
        st.sampled_from(["", "0001-01-01", "9999-12-31", "2027-02-30", "30-11-2026", "today", " "]),
    )


def _ids():
    return st.one_of(st.integers(-(2**80), 2**80).map(str), st.text(max_size=20), st.just(""))


def _params():
    return st.fixed_dictionaries({}, optional={
        "van": _dates(), "tot": _dates(), "eenheid": _ids(), "type": _ids(), "thema": _ids(),
        "export": st.one_of(st.sampled_from(["csv", "xlsx", "pdf", ""]), st.text(max_size=10)),
        "tabel": st.one_of(st.sampled_from(["per_theme", "pauses", "key", "units", "kl_key", "pv_coverage"]),
                           st.text(max_size=10)),
        "jaar": st.one_of(st.integers(-5, 10**6).map(str), st.text(max_size=8)),
    })


@pytest.fixture
def policy_client(client, org, disciplinary_case, make_signal):
    for _ in range(5):
        make_signal(received_ago=8)
    client.force_login(org.policy)
    return client


def test_a_date_far_in_the_past_is_refused_in_dutch(policy_client):
    response = policy_client.get("/dashboard/instroom/", {"van": "0001-01-01", "tot": "0001-01-02"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Kies een datum van 01-01-2000 tot en met {latest():%d-%m-%Y}." in html
    assert 'value="0001-01-01"' in html  # what was typed survives
    assert response.context["filters"].start > EARLIEST


def test_an_impossible_date_is_refused_in_dutch(policy_client):
    response = policy_client.get("/dashboard/doorlooptijden/", {"van": "2027-02-30"})
    assert response.status_code == 200 and "Voer een geldige datum in." in response.content.decode()


def test_an_export_with_a_bad_date_goes_back_to_the_page_with_the_error(policy_client):
    """Never an export of another period than asked (it used to fall back to the default period
    silently; a tester took it for the period he typed)."""
    response = policy_client.get("/dashboard/instroom/", {"van": "0001-01-01", "export": "xlsx"})
    assert response.status_code == 302 and "export" not in response["Location"]


def _nul(values) -> bool:
    """A NUL character anywhere is refused before any view with the Dutch 400 page (a typed value
    never holds one; PostgreSQL refuses it in a lookup)."""
    return any("\x00" in str(v) for v in values)


def _answers(params) -> tuple[int, ...]:
    # 302: an export whose filters have an error goes back to the page that shows it.
    return (400,) if _nul([*params.keys(), *params.values()]) else (200, 302, 404)


@pytest.mark.parametrize("view", VIEWS)
@FUZZ
@given(params=_params())
def test_no_query_parameter_gives_a_500(policy_client, view, params):
    response = policy_client.get(f"/dashboard/{view}/", params)
    assert response.status_code in _answers(params), (params, response.status_code)


@FUZZ
@given(params=_params(), unit=st.integers(-5, 2**80))
def test_no_query_parameter_of_the_other_pages_gives_a_500(policy_client, org, params, unit):
    for url in ("/dashboard/", "/dashboard/rapportages/",
                f"/dashboard/registratiekwaliteit/eenheid/{org.region_a.pk}/",
                f"/dashboard/registratiekwaliteit/eenheid/{unit}/", f"/dashboard/rapportages/{unit}/download/"):
        response = policy_client.get(url, params)
        assert response.status_code in _answers(params), (url, params, response.status_code)


@FUZZ
@given(params=_params(), action=st.one_of(st.sampled_from(["generate", "annual", "subscribe", "unsubscribe"]),
                                          st.text(max_size=10)))
def test_no_report_form_gives_a_500_and_every_post_redirects(policy_client, monkeypatch, params, action):
    monkeypatch.setattr(services, "_render_pdf", lambda *args: b"%PDF-1.7 stand-in")
    response = policy_client.post("/dashboard/rapportages/", {**params, "action": action})
    if _nul([*params.keys(), *params.values(), action]):
        assert response.status_code == 400
        return
    assert response.status_code == 302, (params, action, response.status_code)  # post/redirect/get
    assert policy_client.get(response["Location"]).status_code == 200


def test_a_refused_report_period_comes_back_with_what_was_typed(policy_client):
    response = policy_client.post("/dashboard/rapportages/", {"action": "generate", "van": "0001-01-01",
                                                              "tot": "2026-13-01"}, follow=True)
    html = response.content.decode()
    assert "Controleer de periode en de filters van de rapportage." in html
    assert 'value="0001-01-01"' in html and 'value="2026-13-01"' in html

"""The dashboard beyond investigations (issue 15 item 8): complaints and the reporting channel,
confidential work, prevention, protective monitoring, and the annual report across all of them.
Exact figures are checked against a hand count on a small case; what is shown is checked for
the suppression rules (counts 1-4, shares of too few, no names)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.confidential.conftest import conf  # noqa: F401 (fixture)
from vik.accounts.models import Unit
from vik.audit.models import AuditAction, AuditEvent
from vik.confidential import services as confidential
from vik.confidential.models import Category, Complaint, Contact, Report
from vik.core.cellkey import Tally, publish
from vik.core.errors import DomainError, PermissionDeniedError
from vik.dashboard import beyond, services
from vik.dashboard.forms import Filters
from vik.dashboard.models import Report as DashboardReport
from vik.jobs import services as jobs

NEW_VIEWS = ["klachten", "vertrouwenswerk", "preventie", "informatiegebruik"]


def _period(days=120) -> Filters:
    today = timezone.localdate()
    return Filters(today - dt.timedelta(days=days), today)


def _complaint(conf, received, i=0) -> Complaint:  # noqa: F811
    # The chair (team B, region B) may chair complaints of region A only.
    return confidential.register_complaint(conf.member, confidential.ComplaintInput(
        region=conf.org.region_a, committee=conf.committee, chair=conf.chair, category=Category.INTIMIDATION,
        received_on=received, complainant=f"Klager Zeldzaamnaam{i}", accused=f"Beklaagde Zeldzaamnaam{i}",
        summary="Pesten in de groepsapp van het team."))


def _row(table, label):
    return next(r for r in table.rows if r["label"] == label)


@pytest.fixture
def complaints(conf):  # noqa: F811
    """13 complaints of region A received 60 days ago (terms in calendar days: acknowledgement 3,
    admissibility 7, advice 6 weeks): 10 acknowledged on day 1 and 2 on day 5 (late), those 12
    admissible on day 6 and without advice (late since day 42); one resolved by mediation."""
    received = timezone.localdate() - dt.timedelta(days=60)
    made = []
    for i in range(12):
        c = _complaint(conf, received, i)
        confidential.acknowledge_complaint(conf.member, c, received + dt.timedelta(days=1 if i < 10 else 5))
        confidential.decide_admissibility(conf.member, c, True, received + dt.timedelta(days=6), "")
        made.append(c)
    c = _complaint(conf, received, 12)
    confidential.acknowledge_complaint(conf.member, c, received + dt.timedelta(days=1))
    confidential.start_mediation(conf.member, c, received + dt.timedelta(days=2))
    confidential.end_mediation(conf.member, c, received + dt.timedelta(days=20), True, "Excuses aangeboden.")
    return [*made, c]


def test_complaint_figures_match_a_hand_count(conf, complaints):  # noqa: F811
    result = beyond.complaints(_period())
    key = result.table("kl_key").rows[0]
    assert key["complaints"] == 13 and key["reports"] == 0
    units = result.table("kl_complaints_units")
    assert _row(units, "Eenheid Noord")["n"] == 13 and _row(units, "Eenheid Zuid")["n"] == 0
    outcome = {r["label"]: r["n"] for r in result.table("kl_complaints_outcome").rows}
    assert outcome["Nog zonder advies of afloop"] == 12 and outcome["Opgelost door bemiddeling"] == 1
    assert sum(outcome.values()) == 13
    terms = {r["label"]: r for r in result.table("kl_terms").rows}
    ack = terms["Klacht: ontvangst bevestigd"]
    assert ack["n"] == 13 and ack["ok"].num == 11 and ack["ok"].den == 13
    # Admissibility: the mediated complaint needed no decision on it; all 12 in time.
    assert terms["Klacht: ontvankelijkheid besloten"]["n"] == 12
    assert terms["Klacht: ontvankelijkheid besloten"]["ok"].num == 12
    # Advice: due on day 42 and not given (the mediated one owes no advice): 0 of 12 in time.
    advice = terms["Klacht: advies aan de korpschef"]
    assert advice["n"] == 12 and advice["ok"].num == 0
    assert terms["Klacht: besluit van de korpschef"]["n"] == 0


def test_a_term_not_yet_passed_is_not_counted_as_missed(conf):  # noqa: F811
    _complaint(conf, timezone.localdate() - dt.timedelta(days=1))  # acknowledgement due in 2 days
    terms = {r["label"]: r for r in beyond.complaints(_period()).table("kl_terms").rows}
    assert terms["Klacht: ontvangst bevestigd"]["n"] == 0


def test_the_page_hides_a_share_whose_misses_are_few_and_shows_no_names(client, conf, complaints):  # noqa: F811
    client.force_login(conf.org.policy)
    result, shown = services.release("klachten", _period())
    labels = [c[0].text for c in shown["kl_terms"]]
    ack = shown["kl_terms"][labels.index("Klacht: ontvangst bevestigd")]
    # 11 of 13 in time: the two late ones must not be derivable. The rule holds on the published
    # (perturbed) counts, whose noise depends on the records' keys (other on PostgreSQL).
    published = publish(result.table("kl_terms").rows[labels.index("Klacht: ontvangst bevestigd")]["ok"])
    few = 0 < published.num < 5 or 0 < published.den - published.num < 5 or published.den < 10
    assert ack[2].hidden == few
    html = client.get("/dashboard/klachten/").content.decode()
    assert "Zeldzaamnaam" not in html and "Pesten in de groepsapp" not in html
    assert 'name="type"' not in html and 'name="thema"' not in html  # filters that do not apply here


def test_reports_to_the_ombudsman_by_theme_and_a_single_one_stays_hidden(conf):  # noqa: F811
    for category in (Category.DISCRIMINATION, Category.INTEGRITY):
        confidential.submit_report(conf.reporter, confidential.ReportInput(
            recipient=Report.Recipient.OMBUDSMAN, region=conf.org.region_a, category=category,
            description="De leiding treedt niet op tegen grappen over afkomst."))
    confidential.submit_report(conf.reporter, confidential.ReportInput(
        recipient=Report.Recipient.INTEGRITY_OFFICE, region=conf.org.region_b, category=Category.INTEGRITY,
        description="Een collega gebruikt een dienstauto voor privéritten."))
    f = _period()
    result = beyond.complaints(f)
    key = result.table("kl_key").rows[0]
    assert key["reports"] == 3 and key["ombudsman"] == 2
    themes = {r["label"]: r["n"] for r in result.table("kl_ombudsman_themes").rows}
    assert themes["Discriminatie"] == 1 and themes["Integriteitsschending (misstand)"] == 1
    assert sum(themes.values()) == 2 and len(themes) == len(Category.choices)  # every theme listed
    assert beyond.complaints(Filters(f.start, f.end, region_id=conf.org.region_b.pk)).table(
        "kl_key").rows[0]["reports"] == 1
    _result, shown = services.release("klachten", f)
    assert shown["kl_key"][0][3].text in ("<5", "<10", "×")


def test_confidential_work_counts_contacts_without_reaching_the_register(conf):  # noqa: F811
    today = timezone.localdate()
    for i in range(11):
        confidential.register_contact(conf.advisor, confidential.ContactInput(
            contact_on=today - dt.timedelta(days=5 + i), category=Category.INTIMIDATION if i < 9 else Category.CRIME,
            reporter_type=Contact.ReporterType.EMPLOYEE, unit=Unit.objects.get(code="DA"), actions=["conversation"],
            minutes=90, reporter_name="Zeldzaamnaam Melder"))
    result = beyond.confidential_work(_period())
    key = result.table("vw_key").rows[0]
    assert key["n"] == 11 and key["hours"] == 20  # 16.5 hours, rounded to tens (a sum without noise)
    categories = {r["label"]: r["n"] for r in result.table("vw_per_category").rows}
    assert categories["Psychische agressie, intimidatie en pesten"] == 9 and categories["Criminaliteit"] == 2
    units = {r["label"]: r["n"] for r in result.table("vw_per_unit").rows}
    assert units["Eenheid Noord"] == 11  # a district counts in its region
    _result, shown = services.release("vertrouwenswerk", _period())
    crime = next(row for row in shown["vw_per_category"] if row[0].text == "Criminaliteit")
    assert crime[1].hidden  # 2 contacts: "<5" whatever the noise (1-4)
    # The register itself stays closed to plain queries.
    assert Contact.objects.count() == 0


def test_prevention_coverage_counts_teams_with_an_activity(conf, org):  # noqa: F811
    from vik.prevention.models import Activity, ActivityFormat

    today = timezone.localdate()
    Activity.objects.create(team=org.patrol, held_on=today - dt.timedelta(days=10), title="Dilemma's rond geschenken",
                            format=ActivityFormat.THEATRE, facilitator="Theatergroep", participants=40,
                            registered_by=org.manager, code="EVAL0001")
    Activity.objects.create(team=org.patrol, held_on=today - dt.timedelta(days=400), title="Oud",
                            format=ActivityFormat.THEATRE, facilitator="Theatergroep", participants=30,
                            registered_by=org.manager, code="EVAL0002")
    result = beyond.prevention(_period(365))
    rows = {r["label"]: r for r in result.table("pv_coverage").rows}
    teams_a = sum(1 for u in Unit.objects.filter(kind=Unit.Kind.TEAM) if u.region.pk == org.region_a.pk)
    assert rows["Eenheid Noord"]["teams"] == teams_a and rows["Eenheid Noord"]["covered"] == 1
    assert rows["Eenheid Noord"]["activities"] == 1  # the one of 400 days ago is outside the period
    assert rows["Totaal"]["teams"] == Unit.objects.filter(kind=Unit.Kind.TEAM).count()
    formats = {r["label"]: r for r in result.table("pv_formats").rows}
    assert formats[str(ActivityFormat.THEATRE.label)]["n"] == 1
    assert formats[str(ActivityFormat.THEATRE.label)]["participants"] == 40


def test_monitoring_trend_and_verdicts_per_unit(org):
    from vik.monitoring.models import Alert, ImportRun, UnitFigures

    start = timezone.now() - dt.timedelta(days=20)
    run = ImportRun.objects.create(data_dir="/tmp/x", state=ImportRun.State.DONE, period_start=start,
                                   period_end=start + dt.timedelta(days=7), finished_at=timezone.now())
    UnitFigures.objects.create(run=run, unit="BA", lookups=5000, user_days=2000, unexplained=40, alerts=12)
    UnitFigures.objects.create(run=run, unit="Onbekend team", lookups=100, user_days=500, unexplained=5, alerts=3)
    for i, state in enumerate([Alert.State.LEGITIMATE] * 7 + [Alert.State.MISUSE_INTENTIONAL] * 5):
        Alert.objects.create(run=run, alert_id=f"a{i}", rank=i + 1, user_ref=f"u{i}", pseudonym=f"P-{i}", unit="BA",
                             start=start, end=start, score=1.0, explanation="", state=state)
    f = _period(60)
    trend = beyond.monitoring(f).table("ig_trend").rows
    assert len(trend) == 1 and trend[0]["user_days"] == 2500 and trend[0]["alerts"] == 15
    # The rate is of the published (perturbed) counts, never of the true ones beside them.
    assert trend[0]["alert_rate"] == pytest.approx(1000 * publish(trend[0]["alerts"]) / publish(trend[0]["user_days"]))
    assert isinstance(trend[0]["alerts"], Tally)  # noise applies: per team and analysis a record
    # Under a unit filter only the teams VIK knows in that unit count (BA is Basisteam A, region A).
    region_a = beyond.monitoring(Filters(f.start, f.end, region_id=org.region_a.pk))
    assert region_a.table("ig_trend").rows[0]["alerts"] == 12
    verdicts = {r["label"]: r["n"] for r in region_a.table("ig_verdicts").rows}
    assert verdicts["Legitiem"] == 7 and verdicts["Opzettelijk misbruik"] == 5
    region_b = beyond.monitoring(Filters(f.start, f.end, region_id=org.region_b.pk))
    assert region_b.table("ig_trend").rows[0]["alerts"] == 0


@pytest.mark.parametrize("view", NEW_VIEWS)
def test_policy_staff_see_the_new_views_others_are_refused(client, org, view):
    client.force_login(org.policy)
    response = client.get(f"/dashboard/{view}/", {"eenheid": org.region_a.pk})
    assert response.status_code == 200 and '<svg class="chart"' in response.content.decode()
    assert client.get(f"/dashboard/{view}/", {"export": "xlsx"}).status_code == 200
    for username in ("investigator", "manager", "nobody"):
        client.force_login(getattr(org, username))
        assert client.get(f"/dashboard/{view}/").status_code == 404


def test_the_annual_report_brings_every_view_together(conf, complaints, monkeypatch):  # noqa: F811
    seen = {}

    def render(title, filters, results, notes):
        seen["html"] = services.report_html(title, filters, results, notes)
        return b"%PDF-1.7 stand-in"

    monkeypatch.setattr(services, "_render_pdf", render)
    year = timezone.localdate().year
    report = services.build_annual_report(conf.org.policy, year)
    assert report.kind == DashboardReport.Kind.ANNUAL and report.title.startswith(f"Jaarbeeld integriteit {year}")
    assert (report.period_start, report.period_end) == (dt.date(year, 1, 1), timezone.localdate())
    for title in ("Instroom en triage", "Klachten en meldingen", "Vertrouwenswerk", "Preventie", "Informatiegebruik"):
        assert f"<h2>{title}</h2>" in seen["html"]
    assert "Zeldzaamnaam" not in seen["html"]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="dashboard.report").exists()


def test_the_annual_report_refuses_other_years_and_other_roles(org, make_signal):
    year = timezone.localdate().year
    make_signal(received_ago=3)  # the first registration: nothing before this year
    for bad in (1999, 2005, year - 1, year + 1):
        with pytest.raises(DomainError) as error:
            services.build_annual_report(org.policy, bad)
        assert f"Kies een jaar van {year} tot en met {year}" in str(error.value)
    with pytest.raises(PermissionDeniedError):
        services.build_annual_report(org.investigator, year)
    assert not DashboardReport.objects.exists()


def test_the_annual_report_form_keeps_a_bad_year_and_says_why(client, org, monkeypatch):
    monkeypatch.setattr(services, "_render_pdf", lambda *args: b"%PDF-1.7 stand-in")
    client.force_login(org.policy)
    response = client.post("/dashboard/rapportages/", {"action": "annual", "jaar": "20x5"}, follow=True)
    html = response.content.decode()
    assert "Vul een jaar in" in html and 'value="20x5"' in html and not DashboardReport.objects.exists()
    # Above and below the range the same message names the same range as the field's limits
    # (tester t24: the browser allowed 2000, the server then refused with another message).
    this_year = timezone.localdate().year
    expected = f"Kies een jaar van {this_year} tot en met {this_year}"  # nothing registered before
    for year, why in (("3026", "latere jaren zijn nog niet begonnen"), ("1999", "van eerdere jaren zijn er geen"),
                      ("2001", "van eerdere jaren zijn er geen")):
        response = client.post("/dashboard/rapportages/", {"action": "annual", "jaar": year}, follow=True)
        assert expected in response.content.decode() and why in response.content.decode(), year
    assert f'min="{this_year}"' in client.get("/dashboard/rapportages/").content.decode()
    response = client.post("/dashboard/rapportages/", {"action": "annual", "jaar": str(timezone.localdate().year)},
                           follow=True)
    assert "Het jaarbeeld wordt gemaakt." in response.content.decode()
    assert jobs.run_ready() == 1
    assert DashboardReport.objects.get().kind == DashboardReport.Kind.ANNUAL


def test_a_report_publishes_each_view_exactly_as_its_page(org, make_signal, triage_to):
    """Tester t21: the 2025 annual report hid a whole year's inflow that the pages published (one
    release over every view, with cross-view links, cascaded). The report tells what the pages
    tell: each view as its own release."""
    for _i in range(14):
        triage_to(make_signal(received_ago=20))
    for _i in range(3):
        make_signal(received_ago=20, region=org.region_b)
    f = _period()
    results = {key: services.VIEWS[key](f) for key in services.ANNUAL_VIEWS}
    report = services.report_tables(results, f)
    for view in services.ANNUAL_VIEWS:
        _result, page = services.release(view, f)
        for key, cells in page.items():
            assert [[c.text for c in row] for row in report[key]] == [[c.text for c in row] for row in cells], key


def test_an_ad_hoc_report_has_every_view_and_says_what_it_compares_with(org, monkeypatch):
    """Tester t22: the ad-hoc report left five views out without a word, and its remarks did not
    say which period they compared with."""
    seen = {}

    def render(title, filters, results, notes):
        seen["html"], seen["notes"] = services.report_html(title, filters, results, notes), notes
        return b"%PDF-1.7 stand-in"

    monkeypatch.setattr(services, "_render_pdf", render)
    today = timezone.localdate()
    start = today - dt.timedelta(days=29)
    services.build_report(org.policy, start, today,
                          filters=Filters(start, today, region_id=org.region_a.pk, theme_id=1))
    for title in ("Instroom en triage", "Effect van interventies", "Klachten en meldingen", "Vertrouwenswerk",
                  "Preventie", "Informatiegebruik"):
        assert f"<h2>{title}</h2>" in seen["html"], title
    assert "Onderzoekstype en thema gelden niet voor dit onderdeel." in seen["html"]
    before = start - dt.timedelta(days=1)
    assert seen["notes"][0] == (f"Vergeleken met {(before - dt.timedelta(days=29)):%d-%m-%Y} – "
                                f"{before:%d-%m-%Y}.")


def test_a_filter_without_dates_shows_the_period_it_applies(client, org):
    """Tester t22: "?eenheid=3" showed empty date fields although the default period applied."""
    from vik.dashboard.forms import default_period

    client.force_login(org.policy)
    html = client.get("/dashboard/preventie/", {"eenheid": org.region_a.pk}).content.decode()
    start, end = default_period()
    assert f'value="{start:%d-%m-%Y}"' in html and f'value="{end:%d-%m-%Y}"' in html
    assert "kleine aantallen staan hier zoals ze zijn" in html

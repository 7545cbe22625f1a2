"""The periodic PDF report: built, stored, downloadable (audited), and the scheduled half-year run
that makes it once and mails subscribers once."""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import UserFactory
from vik.accounts.models import Role
from vik.audit.models import AuditAction, AuditEvent
from vik.dashboard import services
from vik.dashboard.models import Report, ReportSubscription
from vik.jobs import services as jobs


@pytest.fixture
def quick_pdf(monkeypatch):
    """The PDF itself is checked once (below); elsewhere a stand-in keeps the tests fast."""
    monkeypatch.setattr(services, "_render_pdf", lambda *args: b"%PDF-1.7 stand-in")


def test_build_report_stores_a_pdf(org, make_signal, disciplinary_case, settings):
    for _ in range(6):
        make_signal(received_ago=20)
    today = dt.date.today()
    report = services.build_report(org.policy, today - dt.timedelta(days=90), today)
    with report.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    assert str(settings.MEDIA_ROOT) in report.file.path
    assert report.commentary  # at least the "no notable change" line
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="dashboard.report").exists()


def test_commentary_names_notable_changes(org):
    from vik.dashboard.disclosure import Column, Table
    from vik.dashboard.selectors import Result
    from vik.dashboard.stats import EqualityResult

    def results(total, line, median):
        eq = EqualityResult("", None, None, 0, 0, "insufficient", "")
        decided = 100
        key = Table("key", "", [
            Column("label", "", "label"), Column("total", ""), Column("decided", ""),
            Column("line", "", rest_of="decided"), Column("investigation", "", rest_of="decided"),
            Column("share_line", "", "share", base="decided", part=("line",)),
            Column("share_investigation", "", "share", base="decided", part=("investigation",))],
            [{"label": "p", "total": total, "decided": decided, "line": round(line * decided),
              "investigation": round((1 - line) * decided), "share_line": line, "share_investigation": 1 - line}])
        throughput = Table("throughput", "", [
            Column("label", "", "label"), Column("n", ""), Column("median", "", "number", base="n"),
            Column("within", "", "share", base="n", count_ratio=True)],
            [{"label": "Disciplinair onderzoek", "n": 20, "median": median, "within": 0.8}])
        return {
            "instroom": Result("", "", [key], []),
            "doorlooptijden": Result("", "", [throughput], []),
            "registratiekwaliteit": Result("", "", [Table("units", "", [], [])], []),
            "rechtsgelijkheid": Result("", "", [], [], extra={"tests": {"manager": {"title": "x", "result": eq}}}),
        }

    notes = services.commentary(results(200, 0.6, 90), results(100, 0.4, 60))
    text = " ".join(notes)
    assert "Aantal meldingen: 200 (vorige periode 100) — gestegen." in text
    assert "Aandeel afgehandeld in de lijn: 60% (vorige periode 40%) — een verbetering." in text
    assert "Mediane doorlooptijd Disciplinair onderzoek (werkdagen): 90 (vorige periode 60) — een verslechtering." \
        in text
    assert services.commentary(results(100, 0.4, 60), results(100, 0.4, 60)) == [
        "Geen opvallende veranderingen ten opzichte van de vorige periode."]


def test_download_is_audited_and_refused_to_others(client, org, quick_pdf):
    today = dt.date.today()
    report = services.build_report(org.policy, today - dt.timedelta(days=30), today)
    client.force_login(org.policy)
    response = client.get(f"/dashboard/rapportages/{report.pk}/download/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="dashboard.report",
                                     object_id=str(report.pk)).count() == 1
    client.force_login(org.investigator)
    assert client.get(f"/dashboard/rapportages/{report.pk}/download/").status_code == 404


def test_subscribe_and_generate_through_the_page(client, org, quick_pdf):
    client.force_login(org.policy)
    assert client.post("/dashboard/rapportages/", {"action": "subscribe"}).status_code == 302
    assert ReportSubscription.objects.filter(user=org.policy).exists()
    response = client.post("/dashboard/rapportages/", {"action": "generate", "van": "2026-01-01",
                                                       "tot": "2026-03-31"}, follow=True)
    assert "De rapportage wordt gemaakt" in response.content.decode()
    assert jobs.run_ready() == 1
    assert Report.objects.get().period_start == dt.date(2026, 1, 1)
    client.post("/dashboard/rapportages/", {"action": "unsubscribe"})
    assert not ReportSubscription.objects.exists()


def test_scheduled_report_is_made_and_mailed_once(org, mailoutbox, django_capture_on_commit_callbacks, quick_pdf):
    services.subscribe(org.policy)
    ReportSubscription.objects.create(user=org.investigator)  # lost the policy role: not mailed
    with django_capture_on_commit_callbacks(execute=True):
        report = services.run_scheduled_reports(dt.date(2026, 7, 3))
    assert report.kind == Report.Kind.HALF_YEAR
    assert (report.period_start, report.period_end) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert report.mailed_at is not None
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [org.policy.email]
    assert f"/dashboard/rapportages/{report.pk}/download/" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.run_scheduled_reports(dt.date(2026, 7, 3)) is None
        assert services.run_scheduled_reports(dt.date(2026, 12, 31)) is None
    assert Report.objects.count() == 1 and len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        second = services.run_scheduled_reports(dt.date(2027, 1, 2))
    assert (second.period_start, second.period_end) == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert Report.objects.count() == 2 and len(mailoutbox) == 2


def test_background_command_also_makes_the_periodic_report(org, quick_pdf):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "herinnering" in out.getvalue()
    assert Report.objects.filter(kind=Report.Kind.HALF_YEAR).count() == 1


@pytest.fixture
def rendered(monkeypatch):
    """The HTML of every PDF the report service renders (WeasyPrint still renders it)."""
    import weasyprint

    pages: list[str] = []
    real_html = weasyprint.HTML

    def capture(string, **kwargs):
        pages.append(string)
        return real_html(string=string, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", capture)
    yield pages, real_html


def test_a_report_over_years_holds_every_row_of_every_table(org, make_signal, rendered):
    """An ad-hoc report 2021 – today: the monthly tables have more than 40 rows, and every row is in
    the HTML that becomes the PDF (WeasyPrint breaks the table over pages, repeating its header)."""
    rendered, real_html = rendered
    # 12, not 6: a breakdown of fewer than 10 records is not published at all (minimum population)
    for _ in range(12):
        make_signal(received_ago=20)
    today = dt.date.today()
    start = dt.date(2021, 1, 1)
    report = services.build_report(org.policy, start, today)
    html = rendered[0]
    months = (today.year - 2021) * 12 + today.month
    assert months > 40
    per_month = html.split("Meldingen per maand</h3>")[1].split("</table>")[0]
    body = per_month.split("<tbody>")[1]
    assert body.count("<tr>") == months
    assert f"01-{start:%Y}" in body and f"{today:%m-%Y}" in body
    assert "display: table-header-group" in html  # the header repeats on every page
    with report.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    document = real_html(string=html).render()
    assert len(document.pages) > 6


def test_no_table_of_a_report_runs_off_the_page(org, make_signal, disciplinary_case, rendered):
    """Found by a newcomer: "Zorg en rechten per eenheid" lost its last six columns in the PDF and
    "Opgelegde straffen per functie" its last one, without a word. Every cell lies on the page."""
    rendered, real_html = rendered
    make_signal(received_ago=20)
    today = dt.date.today()
    services.build_report(org.policy, today - dt.timedelta(days=365), today)
    document = real_html(string=rendered[0]).render()
    overflow = []
    for number, page in enumerate(document.pages, start=1):
        box = page._page_box
        right = box.content_box_x() + box.width
        for cell in box.descendants():
            end = getattr(cell, "position_x", 0) + (cell.margin_width() if hasattr(cell, "margin_width") else 0)
            if getattr(cell, "element_tag", None) in ("td", "th") and end > right + 0.5:
                overflow.append((number, end - right))
    assert overflow == []


def test_a_report_about_one_unit_names_it_in_title_and_file_names(client, org, quick_pdf):
    """A unit-filtered report was titled and named like a national one (tester finding)."""
    client.force_login(org.policy)
    client.post("/dashboard/rapportages/", {"action": "generate", "van": "2026-01-01", "tot": "2026-03-31",
                                            "eenheid": org.region_b.pk})
    jobs.run_ready()
    report = Report.objects.get()
    assert org.region_b.name in report.title
    response = client.get(f"/dashboard/rapportages/{report.pk}/download/")
    name = response["Content-Disposition"]
    assert "01-01-2026" in name and org.region_b.name.lower().replace(" ", "-") in name


def test_an_export_with_a_bad_date_is_refused_not_made_for_another_period(client, org):
    """`?van=2026-02-30&export=csv` silently exported the default period (tester finding)."""
    client.force_login(org.policy)
    response = client.get("/dashboard/instroom/", {"van": "2026-02-30", "tot": "2026-03-31", "export": "csv"})
    assert response.status_code == 302 and "export" not in response["Location"]
    assert "van=2026-02-30" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "De export is niet gemaakt" in page
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="dashboard").exists()
    ok = client.get("/dashboard/instroom/", {"van": "2026-02-01", "tot": "2026-03-31", "export": "csv"})
    assert ok.status_code == 200 and "20260201-20260331" in ok["Content-Disposition"]


def test_a_report_is_made_by_the_job_runner_and_the_page_follows_its_progress(client, org, quick_pdf):
    """Issue 14: a report took 12 s inside the request on the demo (an annual one longer); no
    request may wait on work like that. The request queues it; the page shows it waiting, polls
    while it is, and lists the PDF once the job runner has made it."""
    from vik.jobs.models import Job

    client.force_login(org.policy)
    client.post("/dashboard/rapportages/", {"action": "generate", "van": "2026-01-01", "tot": "2026-03-31"})
    assert not Report.objects.exists()  # nothing made in the request
    job = Job.objects.get(kind="dashboard.report")
    assert job.started_by == org.policy and job.params["start"] == "2026-01-01"
    fragment = client.get("/dashboard/rapportages/", HTTP_HX_REQUEST="true").content.decode()
    assert "Rapportage integriteit 01-01-2026 – 31-03-2026" in fragment and "In de wachtrij" in fragment
    assert "gaat voor" not in fragment  # nothing before it in the queue
    assert 'hx-trigger="every 2s"' in fragment
    # A second click (or tab) on the same report while it waits makes it once.
    response = client.post("/dashboard/rapportages/", {"action": "generate", "van": "2026-01-01",
                                                       "tot": "2026-03-31"}, follow=True)
    assert "Deze rapportage wordt al gemaakt" in response.content.decode()
    assert Job.objects.filter(kind="dashboard.report").count() == 1
    # Another reader's page does not show it.
    other = client_for(UserFactory(username="beleid2", roles=[Role.POLICY]))
    assert "In de wachtrij" not in other.get("/dashboard/rapportages/").content.decode()
    assert jobs.run_ready() == 1
    assert Job.objects.get(pk=job.pk).state == Job.State.DONE
    report = Report.objects.get()
    fragment = client.get("/dashboard/rapportages/", HTTP_HX_REQUEST="true").content.decode()
    assert f"/dashboard/rapportages/{report.pk}/download/" in fragment
    assert "hx-trigger" not in fragment and "In de maak" not in fragment  # polling stops


def client_for(user):
    from django.test import Client

    other = Client()
    other.force_login(user)
    return other


def test_a_report_that_fails_says_so_in_dutch_on_its_authors_page(client, org, monkeypatch):
    def broken(*args):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(services, "_render_pdf", broken)
    client.force_login(org.policy)
    client.post("/dashboard/rapportages/", {"action": "generate", "van": "2026-01-01", "tot": "2026-03-31"})
    jobs.run_ready()
    page = client.get("/dashboard/rapportages/").content.decode()
    assert "Mislukt" in page and "schijf vol" in page and "hx-trigger" not in page
    assert not Report.objects.exists()


def test_the_author_rights_are_checked_again_when_the_job_runs(client, org, quick_pdf):
    from vik.jobs.models import Job

    client.force_login(org.policy)
    client.post("/dashboard/rapportages/", {"action": "generate", "van": "2026-01-01", "tot": "2026-03-31"})
    org.policy.groups.clear()  # lost the role while the report waited
    jobs.run_ready()
    job = Job.objects.get(kind="dashboard.report")
    assert job.state == Job.State.FAILED and "geen toegang" in job.message
    assert not Report.objects.exists()


def test_a_report_job_reports_its_progress_in_order(org, quick_pdf):
    seen = []
    services.build_report(org.policy, dt.date(2026, 1, 1), dt.date(2026, 3, 31),
                          progress=lambda percent, phase: seen.append((percent, phase)))
    percents = [percent for percent, _phase in seen]
    assert percents == sorted(percents) and percents[0] == 0 and percents[-1] < 100
    assert [phase for _p, phase in seen][-2:] == ["PDF opmaken", "Opslaan"]
    assert len(seen) == len(services.ANNUAL_VIEWS) + 2


def test_only_a_reader_of_the_dashboard_can_queue_a_report(org):
    from vik.core.errors import PermissionDeniedError
    from vik.dashboard.forms import Filters

    with pytest.raises(PermissionDeniedError):
        services.request_report(org.investigator, Filters(dt.date(2026, 1, 1), dt.date(2026, 3, 31)))
    with pytest.raises(PermissionDeniedError):
        services.request_annual_report(org.investigator, 2026)
    assert services.request_report(org.policy, Filters(dt.date(2026, 1, 1), dt.date(2026, 3, 31))) is not None


def test_the_list_tells_reports_of_one_period_apart_and_puts_the_newest_first(client, org, quick_pdf):
    """Tester t24: two reports of one period with different units had the same title while being
    made; a second request after one was done made a twin; the newest was at the bottom."""
    client.force_login(org.policy)
    period = {"action": "generate", "van": "2026-01-01", "tot": "2026-03-31"}
    client.post("/dashboard/rapportages/", period)
    client.post("/dashboard/rapportages/", {**period, "eenheid": org.region_b.pk})
    fragment = client.get("/dashboard/rapportages/", HTTP_HX_REQUEST="true").content.decode()
    assert f"Rapportage integriteit 01-01-2026 – 31-03-2026 ({org.region_b.name})" in fragment
    assert "1 taak gaat voor" in fragment  # the second waits for the first
    assert jobs.run_ready() == 2
    # The poll that finds them done replaces the "wordt gemaakt" message.
    fragment = client.get("/dashboard/rapportages/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-swap-oob="true"' in fragment and "Klaar: de PDF staat bovenaan de lijst." in fragment
    response = client.post("/dashboard/rapportages/", period, follow=True)
    assert "al gemaakt en staat in de lijst hieronder" in response.content.decode()
    assert Report.objects.count() == 2
    older = Report.objects.get(title__contains=org.region_b.name)
    Report.objects.filter(pk=older.pk).update(created_at=older.created_at - dt.timedelta(hours=2))
    page = client.get("/dashboard/rapportages/").content.decode()
    newest = Report.objects.exclude(pk=older.pk).get()
    assert page.index(f"/{newest.pk}/download/") < page.index(f"/{older.pk}/download/")
    # An hour later the same report may be made again (the figures may have changed).
    client.post("/dashboard/rapportages/", {**period, "eenheid": org.region_b.pk})
    assert jobs.run_ready() == 1 and Report.objects.count() == 3


def test_the_comparison_period_is_one_a_reader_recognises():
    """Tester t24: February was compared with 04-01 – 31-01, the year so far with 31-01 – 31-12."""
    from vik.dashboard.forms import Filters

    def previous(a, b):
        p = Filters(dt.date.fromisoformat(a), dt.date.fromisoformat(b)).previous()
        return p.start.isoformat(), p.end.isoformat()

    assert previous("2026-02-01", "2026-02-28") == ("2026-01-01", "2026-01-31")  # the month before
    assert previous("2026-04-01", "2026-06-30") == ("2026-01-01", "2026-03-31")  # the quarter before
    assert previous("2026-01-01", "2026-12-01") == ("2025-01-01", "2025-12-01")  # the year so far, a year ago
    assert previous("2026-03-05", "2026-04-04") == ("2026-02-02", "2026-03-04")  # else: as long, just before


@given(start=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)),
       days=st.integers(min_value=0, max_value=3000))
def test_the_comparison_period_lies_before_and_is_about_as_long(start, days):
    from vik.dashboard.forms import Filters

    end = start + dt.timedelta(days=days)
    previous = Filters(start, end).previous()
    assert previous.start <= previous.end < start
    length, earlier = (end - start).days + 1, (previous.end - previous.start).days + 1
    assert abs(length - earlier) <= 3  # months and leap days differ by at most a few days
    assert (start - previous.end).days <= 366  # never further back than the same dates a year ago


def test_a_report_is_about_the_past_and_one_up_to_today_is_made_again(client, org, quick_pdf):
    """Tester t25: a future month gave 27 empty pages; a period up to today was refused as 'al
    gemaakt' although registrations of today had come in since."""
    client.force_login(org.policy)
    today = timezone.localdate()
    response = client.post("/dashboard/rapportages/", {"action": "generate", "van": today.isoformat(),
                                                       "tot": (today + dt.timedelta(days=30)).isoformat()}, follow=True)
    assert "Een rapportage gaat over wat er is gebeurd" in response.content.decode()
    up_to_today = {"action": "generate", "van": today.replace(day=1).isoformat(), "tot": today.isoformat()}
    response = client.post("/dashboard/rapportages/", up_to_today)
    # What was chosen stays in the form (the same report for another unit without retyping).
    assert response.status_code == 302 and f"tot={today.isoformat()}" in response["Location"]
    # ... as it was typed (tester t26: 01-05-2026 came back as 2026-05-01).
    response = client.post("/dashboard/rapportages/", {"action": "generate", "van": "01-05-2026",
                                                       "tot": "31-05-2026", "eenheid": org.region_b.pk})
    page = client.get(response["Location"]).content.decode()
    assert 'value="01-05-2026"' in page and 'value="31-05-2026"' in page
    assert jobs.run_ready() == 2
    client.post("/dashboard/rapportages/", up_to_today)
    assert jobs.run_ready() == 1 and Report.objects.count() == 3


@given(value=st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_a_count_axis_has_whole_ticks_and_holds_the_largest_value(value):
    from vik.core.charts import _nice_max

    peak = _nice_max(value)
    assert peak >= value and peak >= 2 and (peak / 2) == int(peak / 2)


def test_a_screen_reader_hears_when_the_pdf_is_ready_not_every_poll(client, org, quick_pdf):
    """Tester finding (the confidential annual report; the dashboard's reports are made the same
    way): a polite status line beside the list stays in the page and is filled once, by the poll
    that finds the reports made; the list the poll replaces is no live region."""
    import re

    client.force_login(org.policy)
    client.post("/dashboard/rapportages/", {"action": "generate", "van": "2026-01-01", "tot": "2026-03-31"})
    page = client.get("/dashboard/rapportages/").content.decode()
    status = re.search(r'<p id="reports-status"[^>]*>(.*?)</p>', page, re.S)
    assert status and 'role="status"' in status.group(0) and 'aria-live="polite"' in status.group(0)
    assert status.group(1).strip() == "" and page.index('id="reports-status"') < page.index('id="reports-list"')
    polled = client.get("/dashboard/rapportages/", HTTP_HX_REQUEST="true").content.decode()
    assert "every 2s" in polled and "aria-live" not in polled and "reports-status" not in polled
    jobs.run_ready()
    polled = client.get("/dashboard/rapportages/", HTTP_HX_REQUEST="true").content.decode()
    status = re.search(r'<p id="reports-status" hx-swap-oob="innerHTML">(.*?)</p>', polled, re.S)
    report = Report.objects.get()
    assert status and "Klaar" in status.group(1) and f'/dashboard/rapportages/{report.pk}/' in status.group(1)
    assert 'role="status"' not in polled  # the banner above is not read out a second time

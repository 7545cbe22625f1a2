"""The annual report of confidential work is made by the job runner, never in a request (issue 14:
"the same rule for every heavy job: PDFs with a progress indicator"): asked for, followed, listed,
downloaded by its asker only, audited."""

import os
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from vik.accounts.models import Role
from vik.audit.models import AuditEvent
from vik.confidential import annual, selectors
from vik.confidential.models import AnnualReportFile
from vik.jobs import services as jobs
from vik.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    return timezone.localdate().year


def _no_pdf_in_requests(monkeypatch):
    """Rendering a PDF inside a request fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("a PDF was rendered in the request")

    monkeypatch.setattr(selectors, "render_annual_report", refuse)


def test_asking_queues_a_job_and_renders_nothing_in_the_request(client, conf, year, monkeypatch):
    client.force_login(conf.central)
    _no_pdf_in_requests(monkeypatch)
    response = client.post(reverse("confidential:annual_report", args=[year]))
    assert response.status_code == 302 and response["Location"].endswith(f"?jaar={year}#jaarverslagen")
    job = Job.objects.get(kind=annual.JOB_KIND)
    assert job.params == {"actor_id": conf.central.pk, "year": year} and job.started_by == conf.central
    page = client.get(response["Location"]).content.decode()
    assert f"Het jaarverslag {year} wordt gemaakt" in page
    assert "In de wachtrij" in page and "<progress" in page
    assert 'hx-trigger="every 2s"' in page  # the list follows the job
    # A second click while it is being made queues nothing more and says why.
    client.post(reverse("confidential:annual_report", args=[year]))
    assert Job.objects.filter(kind=annual.JOB_KIND).count() == 1
    assert "wordt al gemaakt" in client.get(response["Location"]).content.decode()


def test_the_job_stores_the_pdf_which_only_its_asker_downloads(client, conf, year):
    annual.request_report(conf.central, year)
    assert jobs.run_ready() == 1
    job = Job.objects.get(kind=annual.JOB_KIND)
    assert job.state == Job.State.DONE and job.progress == 100, job.message
    made = AnnualReportFile.objects.get()
    assert made.year == year and made.created_by == conf.central
    assert AuditEvent.objects.filter(action="create", object_type="confidential.annualreportfile",
                                     object_id=str(made.pk)).exists()
    client.force_login(conf.central)
    listing = client.get(reverse("confidential:annual_reports") + "?volgen=1").content.decode()
    assert "Klaar: het jaarverslag staat bovenaan de lijst." in listing and "every 2s" not in listing
    url = reverse("confidential:annual_report_download", args=[made.pk])
    assert url in listing
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and f"-{year}.pdf" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(actor=conf.central, action="export", object_id=str(made.pk)).count() == 1

    # Another central advisor (his own figures may differ) and every other role: 404, nothing audited.
    other_central = UserFactory(username="vpc2", roles=[Role.CONFIDENTIAL_ADVISOR_CENTRAL])
    for user in (other_central, conf.advisor, conf.chief, conf.office):
        client.force_login(user)
        assert client.get(url).status_code == 404, user.username
        assert url not in client.get(reverse("confidential:coordination")).content.decode()
    assert AuditEvent.objects.filter(action="export", object_id=str(made.pk)).count() == 1


def test_refused_for_other_roles_and_absurd_years(client, conf, year):
    for user in (conf.advisor, conf.chief, conf.office, conf.member):
        client.force_login(user)
        assert client.post(reverse("confidential:annual_report", args=[year])).status_code == 404
        assert client.get(reverse("confidential:annual_reports")).status_code == 404
    assert not Job.objects.exists()
    client.force_login(conf.central)
    for absurd in (0, 1999, year + 1, 99999):
        assert client.post(reverse("confidential:annual_report", args=[absurd])).status_code == 404
    assert not Job.objects.exists()


def test_a_new_file_replaces_the_older_one_of_that_year(conf, year, django_capture_on_commit_callbacks):
    annual.request_report(conf.central, year)
    jobs.run_ready()
    first = AnnualReportFile.objects.get()
    first_path = first.file.path
    annual.request_report(conf.central, year)
    with django_capture_on_commit_callbacks(execute=True):  # the old file goes once the new one is in
        jobs.run_ready()
    second = AnnualReportFile.objects.get()
    assert second.pk != first.pk
    assert not os.path.exists(first_path) and os.path.exists(second.file.path)


def test_a_withdrawn_right_fails_the_waiting_job_with_a_dutch_message(conf, year):
    annual.request_report(conf.central, year)
    conf.central.groups.clear()
    jobs.run_ready()
    job = Job.objects.get(kind=annual.JOB_KIND)
    assert job.state == Job.State.FAILED and job.message == "U mag het jaarverslag vertrouwenswerk niet maken."
    assert not AnnualReportFile.objects.exists()


def test_the_job_reports_its_phases(conf, year):
    seen = []
    annual.run_job(conf.central.pk, year, progress=lambda percent, phase: seen.append((percent, phase)))
    assert [p for p, _phase in seen] == sorted(p for p, _phase in seen)
    assert [phase for _p, phase in seen] == ["Contacten tellen", "Kleine aantallen afschermen", "PDF opmaken",
                                            "Opslaan"]


def test_a_missing_file_is_a_dutch_message_not_a_500(client, conf, year):
    made = annual.run_job(conf.central.pk, year)
    made.file.delete(save=False)
    client.force_login(conf.central)
    response = client.get(reverse("confidential:annual_report_download", args=[made.pk]), follow=True)
    assert response.status_code == 200
    assert "niet meer aanwezig" in response.content.decode()


def test_the_year_list_stays_put_and_the_chosen_year_is_kept(client, conf, year):
    """Tester t31: the list of years moved with the chosen year (2023 offered 2020-2023 only), and
    following a report being made went back to this year."""
    client.force_login(conf.central)
    page = client.get(reverse("confidential:coordination"), {"jaar": year - 3}).content.decode()
    offered = [int(y) for y in re.findall(r"<option(?: selected)?>(\d{4})</option>", page)]
    assert year in offered and year - 3 in offered and offered == sorted(offered)
    annual.request_report(conf.central, year - 3)
    page = client.get(reverse("confidential:coordination"), {"jaar": year - 3}).content.decode()
    assert f"?volgen=1&amp;jaar={year - 3}" in page
    assert f'coordinatie/?jaar={year - 3}#jaarverslagen' in page


def test_a_screen_reader_hears_when_the_report_is_ready_not_every_poll(client, conf, year):
    """Tester finding: nothing was announced when the PDF was ready. A polite status line beside the
    list stays in the page (the poll replaces the list, not the line) and is filled once, by the poll
    that finds the report made; the list itself is no live region, so no poll reads it out again."""
    client.force_login(conf.central)
    annual.request_report(conf.central, year)
    page = client.get(reverse("confidential:coordination"), {"jaar": year}).content.decode()
    section = page.split('id="jaarverslagen"', 1)[1].split("</section>", 1)[0]
    status = re.search(r'<p id="annual-status"[^>]*>(.*?)</p>', section, re.S)
    assert status and 'role="status"' in status.group(0) and 'aria-live="polite"' in status.group(0)
    assert status.group(1).strip() == ""
    assert section.index('id="annual-status"') < section.index('<div id="annual-reports"')  # not swapped
    polled = client.get(reverse("confidential:annual_reports") + f"?volgen=1&jaar={year}").content.decode()
    assert "every 2s" in polled and "aria-live" not in polled and "annual-status" not in polled

    jobs.run_ready()
    made = AnnualReportFile.objects.get()
    polled = client.get(reverse("confidential:annual_reports") + f"?volgen=1&jaar={year}").content.decode()
    status = re.search(r'<p id="annual-status" hx-swap-oob="innerHTML">(.*?)</p>', polled, re.S)
    assert status, "the poll that finds the report made does not fill the status line"
    link = reverse("confidential:annual_report_download", args=[made.pk])
    said = status.group(1)
    assert "Klaar" in said and f'href="{link}"' in said and f"Jaarverslag {year}" in said
    assert polled.count('role="status"') == 0  # the banner above is not read out a second time
    # Without following (a page opened later), nothing is announced.
    assert "annual-status" not in client.get(reverse("confidential:annual_reports")).content.decode()

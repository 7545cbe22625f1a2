"""Demo data, aggregates with small-cell suppression, and the annual report as PDF."""

import pytest
from django.urls import reverse
from django.utils import timezone

from vik.accounts.models import User
from vik.confidential import demo, selectors
from vik.confidential.models import Activity, Committee, Complaint, Contact, Referral, Report

pytestmark = pytest.mark.django_db


def test_suppression_hides_small_cells_and_what_would_reveal_them():
    assert selectors.suppress([12, 7, 0, 9]) == [12, 7, 0, 9]
    assert selectors.suppress([12, 3, 0, 9]) == [12, "<5", 0, "×"]  # the dashboard's symbol
    assert selectors.suppress([12, 3, 2, 9]) == [12, "<5", "<5", 9]


def test_demo_seed_is_idempotent_and_complete(org):
    today = timezone.localdate()
    first = demo.seed(today)
    counts = (Report.objects.count(), Complaint.objects.count(), Activity.objects.count(), Referral.objects.count())
    second = demo.seed(today)
    assert first["created"] and not second["created"]
    assert counts == (Report.objects.count(), Complaint.objects.count(), Activity.objects.count(),
                      Referral.objects.count())
    for username in ("vertrouwenspersoon", "vertrouwenspersoon-centraal", "meldpunt", "klachtencommissie",
                     "korpschef"):
        user = User.objects.get(username=username)
        assert user.check_password("demo-vik-2026") and user.employee_id
    assert {c.stage for c in Complaint.objects.all()} == set(Complaint.Stage.values)
    anonymous = Report.objects.get(mode=Report.Mode.ANONYMOUS)
    assert anonymous.messages.filter(author="reporter").exists()
    assert Committee.objects.count() == 1
    years = {row["contact_on"].year for row in Contact.objects.aggregate_rows(
        User.objects.get(username="vertrouwenspersoon-centraal"))}
    assert years == {today.year - 2, today.year - 1, today.year}


def test_demo_shows_a_repeat_signal_and_published_evaluations(client, org):
    """The demo's central advisor finds a repeat-concern signal (three contacts, two advisors) and, on
    the coordination page, evaluation figures that are published rather than withheld."""
    from vik.confidential.models import RepeatSignal

    today = timezone.localdate()
    demo.seed(today)
    central = User.objects.get(username="vertrouwenspersoon-centraal")
    (summary,) = selectors.repeat_signals(central)
    assert summary.contacts == 3 and len(summary.advisors) == 2
    assert RepeatSignal.objects.filter(closed_on__isnull=True).count() == 1
    client.force_login(central)
    page = client.get(f"/vertrouwelijk/stapeling/{summary.signal.reference}/").content.decode()
    assert "Meerdere contacten betreffen dezelfde persoon" in page and "3 contacten" in page
    assert "Evaluaties van klachten" in client.get("/vertrouwelijk/coordinatie/").content.decode()
    evaluated = Complaint.objects.filter(evaluation_on__year=today.year).count()
    if evaluated >= 10:  # early in January the demo's evaluations fall in the year before
        figures = selectors.evaluation_figures(central, today.year)
        assert figures["total"] == str(evaluated) or figures["total"].isdigit()
        scores = next(t for t in figures["tables"] if t["key"] == "eval_scores")
        assert scores["rows"][0][2] != "–"


def test_annual_report_pdf_from_demo_data(client, org):
    today = timezone.localdate()
    demo.seed(today)
    central = User.objects.get(username="vertrouwenspersoon-centraal")
    data = selectors.suppressed(selectors.aggregate(central, today.year - 1))
    assert data["total"] == 41 and data["totals"] == [0, 34, 41]
    assert all(c in ("<5", "×") or c == 0 or c >= 5 for _l, cells in data["category_rows"] for c in cells)
    pdf = selectors.annual_report_pdf(central, today.year - 1)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    client.force_login(central)
    page = client.get(reverse("confidential:coordination")).content.decode()
    assert "Intervisie" in page and "Bedrijfsmaatschappelijk werk" in page

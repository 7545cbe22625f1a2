"""Who may open the dashboard, the exports (content, suppression, audit) and the drill-down."""

import csv
import io

import pytest
from openpyxl import load_workbook

from vik import policy
from vik.audit.models import AuditAction, AuditEvent

VIEWS = ["instroom", "doorlooptijden", "registratiekwaliteit", "rechtsgelijkheid", "zorg", "effect"]


@pytest.mark.parametrize("view", VIEWS)
def test_policy_staff_see_every_view_with_charts_and_no_names(client, org, disciplinary_case, view):
    client.force_login(org.policy)
    response = client.get(f"/dashboard/{view}/", {"eenheid": org.region_a.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg class="chart"' in html
    assert org.officer.surname not in html and disciplinary_case.reference not in html


@pytest.mark.parametrize("username", ["investigator", "triage", "manager", "auditor", "nobody"])
def test_other_roles_are_refused(client, org, username):
    client.force_login(getattr(org, username))
    for url in ["/dashboard/", "/dashboard/instroom/", "/dashboard/rapportages/",
                "/dashboard/instroom/?export=csv"]:
        assert client.get(url).status_code == 404, url
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, object_type="dashboard").exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get("/dashboard/instroom/")
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_unknown_view_is_404(client, org):
    client.force_login(org.policy)
    assert client.get("/dashboard/bestaat-niet/").status_code == 404
    assert client.get("/dashboard/instroom/?export=csv&tabel=bestaat-niet").status_code == 404


def test_csv_export_is_suppressed_and_audited(client, org, make_signal):
    # (14, not 6: a breakdown of fewer than 10 records is not published at all, minimum population)
    for _ in range(14):
        make_signal(received_ago=3)
    make_signal(received_ago=3, theme="gifts")
    client.force_login(org.policy)
    response = client.get("/dashboard/instroom/", {"export": "csv", "tabel": "per_theme"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Thema", "Meldingen", "Aandeel"]
    # 15 signals are published (per month, on the overview): 14 would give the 1 gift away.
    body = rows[1:rows.index([])]  # (the legend of the symbols follows an empty row)
    by_label = {row[0]: row[1:] for row in body}
    assert by_label["Omgaan met informatie"] == ["×", "–"]
    assert by_label["Aannemen van geschenken"] == ["<5", "–"]
    # Neither hidden count is ranked by what it hides: with the zeros, by label (tester t27).
    themes = [row[0] for row in body if row[1] in ("×", "<5", "0")]
    assert themes == sorted(themes) and "Omgaan met informatie" in themes
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == org.policy and event.detail["view"] == "instroom" and event.detail["format"] == "csv"


def test_xlsx_export_has_a_sheet_per_table(client, org, make_signal):
    # 12, not 9: a breakdown of fewer than 10 is not published at all (minimum population)
    for _ in range(12):  # published within 12 ± 2 (cell-key noise): a number whatever the ids
        make_signal(received_ago=3)
    client.force_login(org.policy)
    response = client.get("/dashboard/instroom/", {"export": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert "Meldingen per thema" in book.sheetnames
    sheet = book["Meldingen per thema"]
    assert [c.value for c in sheet[1]][:2] == ["Thema", "Meldingen"]
    theme, published, share = [c.value for c in sheet[2]][:3]
    assert theme == "Omgaan met informatie" and abs(published - 12) <= 2 and share == 1.0
    units = book["Meldingen per eenheid"]
    assert [c.value for c in units[2]][:2] == ["Eenheid Noord", published]  # the same records
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, detail__format="xlsx").count() == 1


def test_quality_drill_down_policy_sees_counts_only(client, org, make_signal):
    signal = make_signal(received_ago=3, channel="protective_monitoring")
    client.force_login(org.policy)
    response = client.get(f"/dashboard/registratiekwaliteit/eenheid/{org.region_a.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bronkenmerk ontbreekt" in html and "&lt;10</td>" in html  # one signal: no breakdown
    assert signal.reference not in html
    # Tester t14: no column of dashes for records she may not open, no "Alle eenheden" beside the unit.
    assert "Uw zaken" not in html and "alleen aantallen" in html
    assert 'name="eenheid"' not in html and "Alle eenheden" not in html


def test_quality_drill_down_unit_staff_see_their_own_records(client, org, make_signal):
    signal = make_signal(received_ago=3, channel="protective_monitoring")
    client.force_login(org.triage)  # triage member of region A: may see the signal
    response = client.get(f"/dashboard/registratiekwaliteit/eenheid/{org.region_a.pk}/")
    assert response.status_code == 200 and signal.reference in response.content.decode()
    assert policy.can(org.triage, "signal.view", signal)
    # Another unit's drill-down is refused, and so are roles without the rule.
    assert client.get(f"/dashboard/registratiekwaliteit/eenheid/{org.region_b.pk}/").status_code == 404
    client.force_login(org.triage_b)
    response = client.get(f"/dashboard/registratiekwaliteit/eenheid/{org.region_b.pk}/")
    assert response.status_code == 200 and signal.reference not in response.content.decode()
    client.force_login(org.manager)
    assert client.get(f"/dashboard/registratiekwaliteit/eenheid/{org.region_a.pk}/").status_code == 404


def test_monitoring_link_for_those_who_may_see_it(client, org):
    client.force_login(org.policy)
    assert 'href="/monitoring/"' in client.get("/dashboard/").content.decode()


def test_drill_down_rule_is_part_of_the_policy(org):
    assert policy.can(org.policy, "stats.quality") and policy.can(org.triage, "stats.quality")
    assert not policy.can(org.manager, "stats.quality") and not policy.can(org.nobody, "stats.quality")


def test_filter_form_rejects_reversed_period(client, org):
    client.force_login(org.policy)
    response = client.get("/dashboard/instroom/", {"van": "2026-05-01", "tot": "2026-01-01"})
    assert response.status_code == 200 and "De begindatum ligt na de einddatum" in response.content.decode()


def test_quality_drill_down_says_how_many_references_are_not_listed(client, org, make_signal, monkeypatch):
    from vik.dashboard import views

    monkeypatch.setattr(views, "MAX_REFERENCES", 2)
    signals = [make_signal(received_ago=3, channel="protective_monitoring") for _ in range(3)]
    client.force_login(org.triage)
    html = client.get(f"/dashboard/registratiekwaliteit/eenheid/{org.region_a.pk}/").content.decode()
    assert sum(s.reference in html for s in signals) == 2
    assert "en nog 1 andere" in html


@pytest.mark.parametrize("view, months", [("instroom", 12), ("effect", 36)])
def test_the_empty_filter_form_shows_the_period_it_stands_for(client, org, view, months):
    """Tester t14 could not tell which period the unfiltered view counted."""
    from vik.dashboard.forms import default_period

    client.force_login(org.policy)
    start, end = default_period(months=months)
    html = client.get(f"/dashboard/{view}/").content.decode()
    assert f'value="{start:%d-%m-%Y}"' in html and f'value="{end:%d-%m-%Y}"' in html


def test_an_empty_table_says_so_in_its_exports(client, org):
    """Tester t14: an empty table gave a sheet with headers only, as if the export had failed."""
    client.force_login(org.policy)
    book = load_workbook(io.BytesIO(client.get("/dashboard/rechtsgelijkheid/", {"export": "xlsx"}).content))
    sheet = book[next(n for n in book.sheetnames if n.startswith("Vergelijkbare zaken"))]
    assert sheet.cell(row=2, column=1).value == "Geen gegevens in deze selectie."
    rows = list(csv.reader(io.StringIO(client.get(
        "/dashboard/rechtsgelijkheid/", {"export": "csv", "tabel": "comparable"}).content.decode("utf-8-sig")),
        delimiter=";"))
    assert rows[1] == ["Geen gegevens in deze selectie."]


def test_links_carry_what_the_user_chose_as_typed(client, org):
    """Tester t16: "Effect" opened from another view got that view's default period instead of its
    own, and dates typed as dd-mm-jjjj came back as 2026-01-01."""
    client.force_login(org.policy)
    html = client.get("/dashboard/instroom/").content.decode()
    assert 'href="/dashboard/effect/"' in html
    html = client.get("/dashboard/instroom/", {"van": "01-03-2026", "tot": "31-03-2026"}).content.decode()
    assert 'href="/dashboard/effect/?van=01-03-2026&amp;tot=31-03-2026"' in html
    assert 'value="01-03-2026"' in html


def test_a_gap_of_the_drill_down_is_protected_as_a_part_of_its_base():
    """Tester t18: the drill-down showed "7 cases without a care contact" of a unit whose 8 cases
    the care view showed with a hidden share (so one had a contact), and "0 overdue updates" of
    fewer than five open cases (all on time)."""
    from vik.core.disclosure import Cell
    from vik.dashboard.views import _gap_cell

    label = Cell("Onderzoek zonder zorgcontactpersoon", "Onderzoek zonder zorgcontactpersoon", False, "label")
    seven, zero, twenty = (Cell(7, "7", False, "count"), Cell(0, "0", False, "count"),
                           Cell(20, "20", False, "count"))
    assert _gap_cell([label, seven], 8)[1].text == "<10"  # a base of eight: no breakdown at all
    assert _gap_cell([label, zero], 3)[1].text == "<10"
    assert _gap_cell([label, seven], 11)[1].text == "×"  # the rest, 4, would be told
    assert _gap_cell([label, twenty], 40)[1].text == "20"
    assert _gap_cell([label, zero], 0)[1].text == "0"


def test_the_statistical_test_names_no_exact_count_of_decisions(client, org, decided_case, employees):
    """Tester t19: "14 besluiten in 4 groepen" printed an exact, unperturbed count beside the
    perturbed tables: a differencing channel between filter states."""
    from vik.investigations.models import Outcome

    for i, person in enumerate(employees(6) + employees(6, is_manager=True)):
        decided_case(person, outcome=Outcome.BREACH_MEASURE if i % 2 else Outcome.NO_BREACH,
                     measure="reprimand" if i % 2 else "")
    client.force_login(org.policy)
    html = client.get("/dashboard/rechtsgelijkheid/").content.decode()
    assert "Toets:" in html and "groep vergelijkbare zaken" in html
    assert "besluiten in" not in html and "besluit in" not in html


def test_a_refused_unit_filter_says_which_figures_are_shown(client, org):
    """Tester t40: "?eenheid=Eenheid Noordkust" (the filter takes a unit's number) showed the
    figures of all units under a field message that was easy to miss."""
    client.force_login(org.policy)
    page = client.get("/dashboard/informatiegebruik/", {"eenheid": "Eenheid Noordkust"}).content.decode()
    assert "Niet alles wat u koos kon worden toegepast" in page and "alle eenheden." in page
    fine = client.get("/dashboard/informatiegebruik/", {"eenheid": org.region_a.pk}).content.decode()
    assert "Niet alles wat u koos" not in fine

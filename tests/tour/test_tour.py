"""The README's "A tour per role", walked in the browser on the demo data.

One journey per row of the tour table, as that demo user (password `demo-vik-2026`), through the
menu and the links on the pages: the login page is the only URL typed. Each journey asserts what the
newcomer must see (Dutch headings, his work listed, the confirmation of what he did), checks on
every page that it is the application's own Dutch page (no server error, no 404 on the way, no
Django debug page) and leaves one screenshot. Journeys that change data pick or create their own
object, so they do not depend on each other's order.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.pages import case_action
from tests.tour.conftest import Tour

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The server's today (TIME_ZONE Europe/Amsterdam), not this machine's (UTC around midnight).
TODAY = dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date()


def expect_message(page: Page, text: str) -> None:
    """The flash message shown after a POST-redirect-GET."""
    expect(page.locator("ul.messages")).to_contain_text(text)


def row(page: Page, *texts: str) -> Locator:
    """The first table row of the content that contains every one of `texts`."""
    rows = page.locator("main tbody tr")
    for text in texts:
        rows = rows.filter(has_text=text)
    return rows.first


def form_for(page: Page, action: str) -> Locator:
    """The form posting to `.../<action>/`, its collapsible section opened if it is closed."""
    form = page.locator(f"main form[action$='/{action}/']")
    expect(form).to_have_count(1)
    details = page.locator("main details").filter(has=form)
    if details.count() and not details.first.evaluate("el => el.open"):
        details.first.locator("summary").first.click()
    expect(form).to_be_visible()
    return form


def accept_confirm(page: Page) -> None:
    """Accept the next window.confirm the page asks."""
    page.once("dialog", lambda dialog: dialog.accept())


def h1(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


# --- Triage team -------------------------------------------------------------------------------

def test_triage_meeting_signal_decision_and_case(tour: Tour):
    page = tour.login("triage")
    tour.menu(page, "Triagewachtrij")
    expect(h1(page)).to_have_text("Triagewachtrij")
    expect(page.get_by_text("Nieuwe meldingen van uw eenheid, oudste eerst.")).to_be_visible()
    expect(page.locator("main tbody tr").first).to_contain_text("M20")

    # A triage meeting for today.
    page.get_by_label("Datum overleg").fill(TODAY.isoformat())
    page.get_by_role("button", name="Triageoverleg starten").click()
    tour.check(page)
    expect(h1(page)).to_contain_text("Triageoverleg")

    # A new signal through the menu: Meldingen -> Melding registreren.
    tour.menu(page, "Meldingen")
    expect(h1(page)).to_have_text("Meldingen")
    tour.follow(page, "Melding registreren")
    expect(h1(page)).to_have_text("Melding registreren")
    page.get_by_label("Datum ontvangst").fill((TODAY - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Kanaal").select_option(label="Leidinggevende")
    page.get_by_label("Eenheid").select_option(label="Eenheid Noordkust")
    page.get_by_label("Integriteitsthema").select_option(label="Omgaan met informatie")
    page.get_by_label("Omschrijving").fill(
        "Tourmelding: collega zocht zonder werkopdracht een buurman op in BVH.")
    page.get_by_label("Betrokkene(n)").fill("P100219")
    page.get_by_role("button", name="Registreren").click()
    tour.check(page)
    expect_message(page, "is geregistreerd en staat in de triagewachtrij.")
    reference = re.search(r"M\d{4}-\d{6}", h1(page).inner_text()).group(0)

    # The new signal is in the queue; open it from there.
    tour.menu(page, "Triagewachtrij")
    tour.follow(page, reference)
    expect(h1(page)).to_contain_text(reference)
    expect(page.locator("h1 .badge")).to_have_text("Nieuw, wacht op triage")

    # Score every criterion, choose the investigation route with a rationale.
    form = page.locator("#triage-form form")
    for select in form.locator("select[name^='score_']").all():
        select.select_option("2")
    form.get_by_label("Disciplinair onderzoek", exact=True).check()
    form.get_by_label("Motivering").fill("Ernst en bewijspositie vragen om een disciplinair onderzoek.")
    form.get_by_role("button", name="Besluit vastleggen").click()
    tour.check(page)
    expect_message(page, "Triagebesluit vastgelegd: Disciplinair onderzoek.")
    expect(page.locator("h1 .badge")).to_have_text("Getrieerd")

    # Start the case from the signal page: the route's type and the betrokkene are carried over;
    # the authority and the lead investigator are chosen by typing their names.
    names = {}
    for username in ("bevoegdgezag", "onderzoeker"):
        other = tour.login(username)
        names[username] = other.locator("header .who span").inner_text()
    page.locator("#case-form summary").click()
    form = page.locator("#case-form form")
    expect(form.get_by_label("Onderzoekstype")).to_have_value(re.compile(r".+"))
    expect(form.locator("[name=subject]")).not_to_have_value("")
    form.locator("[name=authority]").fill(names["bevoegdgezag"])
    form.locator("[name=lead_investigator]").fill(names["onderzoeker"])
    form.get_by_role("button", name="Onderzoek starten").click()
    tour.check(page)
    expect_message(page, "is gestart.")
    expect(page.locator("h1 .badge")).to_have_text("In onderzoek")
    tour.screenshot(page)


# --- Disciplinary investigator -----------------------------------------------------------------

def test_investigator_tasks_and_case_page(tour: Tour):
    page = tour.login("onderzoeker")
    tasks = page.locator("main tbody tr")
    expect(tasks.filter(has_text="Statusupdate aan betrokkene (ook zonder nieuws)").first)\
        .to_be_visible()
    expect(tasks.filter(has_text="Vast evaluatiemoment met de opdrachtgever").first).to_be_visible()
    expect(tasks.filter(has_text="verlopen").first).to_be_visible()

    # An overdue status update: open the case from the task.
    task = row(page, "Statusupdate aan betrokkene")
    case_ref = task.get_by_role("link").inner_text()
    tour.follow(page, case_ref, within=task)
    expect(h1(page)).to_contain_text(f"Onderzoek {case_ref}")
    main = page.locator("main")
    for heading in ("Kerngegevens", "Rechten van de betrokkene", "Gesprekken", "Statusupdates",
                    "Zorg", "Documenten"):
        expect(main.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.locator("ol.timeline li[aria-current='step']")).to_have_count(1)
    expect(main).to_contain_text("werkdagen")  # the clock against the norm
    expect(main).to_contain_text("Normdatum")

    form = case_action(page, "update")
    form.locator("[name=channel]").select_option(label="Telefonisch")
    form.locator("[name=summary]").fill("Geen nieuws; het onderzoek loopt volgens plan.")
    form.get_by_role("button", name="Statusupdate vastleggen").click()
    tour.check(page)
    expect_message(page, "Statusupdate vastgelegd.")
    expect(main).to_contain_text("Geen nieuws; het onderzoek loopt volgens plan.")

    # A pause with a delaying factor stops the clock (a case whose clock already stands still is
    # resumed first, as the investigator would).
    if page.locator("details#action-resume").count():
        form = case_action(page, "resume")
        form.locator("button").last.click()
        tour.check(page)
        expect(page.locator("ul.messages")).to_be_visible()
        if page.locator("details#action-resume").count():  # resuming today was refused: say so
            raise AssertionError(page.locator("main").inner_text()[:500])
    form = case_action(page, "pause")
    form.locator("[name=reason]").select_option(index=1)
    form.locator("[name=note]").fill("Betrokkene is ziek gemeld.")
    form.locator("button").last.click()
    tour.check(page)
    expect_message(page, "De klok staat stil.")
    expect(main).to_contain_text("klok staat stil")
    tour.screenshot(page)


# --- Criminal investigator ---------------------------------------------------------------------

def test_criminal_investigator_document_hidden_from_authority(tour: Tour, tmp_path):
    page = tour.login("rechercheur")
    tour.menu(page, "Onderzoeken")
    expect(h1(page)).to_have_text("Mijn onderzoeken")
    criminal = row(page, "Strafrechtelijk onderzoek")
    case_ref = criminal.get_by_role("link").inner_text()
    expect(page.locator("main tbody tr").filter(has_text="Disciplinair onderzoek")).to_have_count(0)
    tour.follow(page, case_ref, within=criminal)
    expect(h1(page)).to_contain_text(case_ref)

    title = f"Proces-verbaal tour {case_ref}"
    evidence = tmp_path / "pv.txt"
    evidence.write_text("Synthetisch proces-verbaal voor de tour.\n")
    form = case_action(page, "document")
    form.locator("[name=title]").fill(title)
    form.locator("[name=file]").set_input_files(evidence)
    form.locator("button").last.click()
    tour.check(page)
    expect_message(page, "Document toegevoegd.")
    expect(page.locator("main")).to_contain_text(title)
    tour.screenshot(page)

    # The competent authority of the same case does not see the criminal-track document.
    authority = tour.login("bevoegdgezag")
    tour.menu(authority, "Onderzoeken")
    tour.follow(authority, case_ref)
    expect(h1(authority)).to_contain_text(case_ref)
    expect(authority.locator("main")).not_to_contain_text(title)


# --- Competent authority -----------------------------------------------------------------------

def test_authority_approves_a_plan_and_decides(tour: Tour):
    page = tour.login("bevoegdgezag")
    task = row(page, "Stap ‘Onderzoeksplan goedgekeurd’")
    case_ref = task.get_by_role("link").inner_text()
    tour.follow(page, case_ref, within=task)
    expect(h1(page)).to_contain_text(case_ref)
    expect(page.locator("main")).to_contain_text("Opdracht verleend op")
    form = case_action(page, "approve_plan")
    form.get_by_role("button", name="Onderzoeksplan goedkeuren (bevoegd gezag)").click()
    tour.check(page)
    expect_message(page, "Onderzoeksplan goedgekeurd.")

    # The decision on a case whose next step is the decision.
    tour.menu(page, "Mijn taken")
    task = row(page, "Stap ‘Besluit’")
    case_ref = task.get_by_role("link").inner_text()
    tour.follow(page, case_ref, within=task)
    form = case_action(page, "decision")
    form.get_by_label("Geen plichtsverzuim").check()
    form.locator("[name=reasoning]").fill("De feiten zijn niet komen vast te staan.")
    form.get_by_role("button", name="Besluit vastleggen (bevoegd gezag)").click()
    tour.check(page)
    expect(h1(page)).to_have_text("Bevestigen")  # asked once the form is valid, on a page of its own
    page.get_by_role("button", name="Ja, doorgaan").click()
    tour.check(page)
    expect_message(page, "Besluit vastgelegd.")
    expect(page.locator("main")).to_contain_text(f"Geen plichtsverzuim — {TODAY:%d-%m-%Y}")
    tour.screenshot(page)


# --- Line manager ------------------------------------------------------------------------------

def test_line_manager_reports_back_and_sees_only_care(tour: Tour):
    page = tour.login("leidinggevende")
    task = row(page, "Terugkoppelen over afhandeling in de lijn")
    reference = task.get_by_role("link").inner_text()
    tour.follow(page, reference, within=task)
    expect(h1(page)).to_contain_text(reference)
    expect(page.locator("h1 .badge")).to_have_text("In de lijn")
    page.get_by_label("Hoe is de melding in de lijn afgehandeld?").fill(
        "Lijngesprek gevoerd; afspraken over urenregistratie gemaakt.")
    page.get_by_role("button", name="Terugkoppeling versturen").click()
    tour.check(page)
    expect_message(page, "Uw terugkoppeling is vastgelegd. Dank u.")
    expect(page.locator("h1 .badge")).to_have_text("Afgesloten")

    # As care contact of a case he sees the care view only.
    tour.menu(page, "Mijn taken")
    expect(page.locator("main tbody tr").filter(has_text=reference)).to_have_count(0)
    task = row(page, "Statusupdate aan betrokkene")
    case_ref = task.get_by_role("link").inner_text()
    tour.follow(page, case_ref, within=task)
    expect(h1(page)).to_have_text(f"Zorg bij onderzoek {case_ref}")
    expect(page.get_by_text("U ziet het zorgdeel van dit onderzoek, niet het onderzoeksdossier."))\
        .to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Omschrijving vermoedelijk plichtsverzuim")
    tour.screenshot(page)


# --- Care contact ------------------------------------------------------------------------------

def test_care_contact_updates_refers_and_cares_for_the_team(tour: Tour):
    page = tour.login("zorg")
    task = row(page, "Statusupdate aan betrokkene")
    case_ref = task.get_by_role("link").inner_text()
    tour.follow(page, case_ref, within=task)
    expect(h1(page)).to_contain_text(case_ref)
    main = page.locator("main")

    form = case_action(page, "update")
    form.locator("[name=channel]").select_option(label="Telefonisch")
    form.locator("[name=summary]").fill("Gebeld: geen nieuws, wel gevraagd hoe het gaat.")
    form.get_by_role("button", name="Statusupdate vastleggen").click()
    tour.check(page)
    expect_message(page, "Statusupdate vastgelegd.")

    form = case_action(page, "referral")
    desk = form.locator("[name=desk]")
    desk.select_option(index=1)
    desk_name = desk.locator("option:checked").inner_text()
    form.locator("[name=note]").fill("Doorverwezen voor een eerste gesprek.")
    form.locator("button").last.click()
    tour.check(page)
    expect_message(page, "Verwijzing vastgelegd.")
    expect(main).to_contain_text(f"{TODAY:%d-%m-%Y}: {desk_name}")

    form = case_action(page, "team_care")
    form.locator("[name=description]").fill("Teamoverleg over de onrust in het team.")
    form.locator("button").last.click()
    tour.check(page)
    expect_message(page, "Zorg voor het team vastgelegd.")
    expect(main).to_contain_text("Teamoverleg over de onrust in het team.")
    tour.screenshot(page)


# --- Auditor -----------------------------------------------------------------------------------

def test_auditor_reads_the_audit_trail(tour: Tour):
    page = tour.login("auditor")
    tour.menu(page, "Audittrail")
    expect(h1(page)).to_have_text("Audittrail")
    expect(page.locator("main")).to_contain_text("vik audit_verify")
    for action in ("Ingezien", "Gewijzigd", "Geëxporteerd", "Toegang geweigerd"):
        expect(page.get_by_label("Handeling").locator("option", has_text=action)).to_have_count(1)
    expect(page.locator("main tbody tr").first).to_contain_text(re.compile(r"\d{2}-\d{2}-\d{4}"))
    # Every view of a sensitive file is there; filter on views of signals.
    page.get_by_label("Handeling").select_option(label="Ingezien")
    page.get_by_label("Objectsoort").select_option(value="signals.signal")
    page.get_by_role("button", name="Filteren").click()
    tour.check(page)
    first = page.locator("main tbody tr").first
    expect(first).to_contain_text("Ingezien")
    expect(first).to_contain_text(re.compile(r"Melding M\d{4}-\d{6}"))  # Dutch type and reference
    expect(first).not_to_contain_text("signals.signal")
    tour.screenshot(page)


# --- Functional administrator ------------------------------------------------------------------

def test_administrator_reference_lists(tour: Tour):
    page = tour.login("beheer")
    tour.menu(page, "Beheer")
    for name in ("Triagecriteria", "Integriteitsthema's", "Vertragers", "Onderzoekstypen"):
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    page.get_by_role("link", name="Onderzoekstypen", exact=True).click()
    tour.check(page)
    tour.follow(page, "Disciplinair onderzoek", within=page.locator("#result_list"))
    expect(page.locator("#content")).to_contain_text("norm")
    # The administration pages have their own layout; back to VIK by "Website bekijken".
    page.get_by_role("link", name="Website bekijken").click()
    tour.check(page)
    tour.menu(page, "Bewaartermijnen")
    expect(h1(page)).to_have_text("Bewaartermijnen en vernietiging")
    tour.screenshot(page)


def test_administrators_destroy_with_four_eyes(tour: Tour):
    page = tour.login("beheer")
    tour.menu(page, "Bewaartermijnen")
    page.get_by_role("button", name="Vernietigingsronde voorstellen").click(timeout=3_000)
    tour.check(page)
    expect_message(page, "Vernietigingsronde voorgesteld")

    second = tour.login("beheer2")
    tour.menu(second, "Bewaartermijnen")
    accept_confirm(second)
    second.get_by_role("button", name="Goedkeuren en vernietigen").first.click()
    tour.check(second)
    expect_message(second, "vernietigd.")
    tour.screenshot(second)


# --- SOC analysts ------------------------------------------------------------------------------

def test_soc_prevention_queue_verdict_reveal_and_signal(tour: Tour):
    page = tour.login("soc")
    tour.menu(page, "Protective monitoring")
    expect(h1(page)).to_have_text("Protective monitoring — preventiebeeld")
    expect(page.locator("main")).to_contain_text("nooit personen")
    tour.follow(page, "Naar de meldingenwachtrij (detectie)")
    expect(h1(page)).to_have_text("Protective monitoring — meldingenwachtrij")
    expect(page.locator("main")).to_contain_text("Reviewbudget")

    # The lowest-ranked open alert within the budget, under its pseudonym.
    alert = page.locator("main tbody tr").filter(has_text="Te beoordelen").last
    pseudonym = alert.get_by_role("link").inner_text()
    assert re.fullmatch(r"M-[0-9A-F]{8}", pseudonym)
    alert.get_by_role("link").click()
    tour.check(page)
    expect(h1(page)).to_contain_text(pseudonym)
    expect(page.get_by_role("heading", name="Tijdlijn van de opvragingen rond deze melding"))\
        .to_be_visible()
    # Headed by the alert's own number; its rank in the queue is said below the heading.
    number = re.search(r"Nummer (\d+) in de rangorde", page.locator("main").inner_text()).group(1)

    verdict = page.locator("form[action$='/verdict/']")
    verdict.get_by_label("Opzettelijk misbruik").check()
    verdict.locator("[name=reason]").fill("Opvraging zonder werkopdracht.")
    verdict.get_by_role("button", name="Vastleggen").click()
    tour.check(page)
    expect_message(page, "Oordeel vastgelegd")
    expect(page.locator("h1")).to_contain_text("Opzettelijk misbruik")

    page.get_by_text("Onthulling aanvragen").click()
    reveal = page.locator("form[action$='/reveal/']")
    reveal.locator("[name=reason]").fill("Misbruik vastgesteld; nodig voor een melding aan triage.")
    reveal.get_by_role("button", name="Aanvragen").click()
    tour.check(page)
    expect_message(page, "Verzoek ingediend; een tweede analist beslist.")

    # The second analyst finds the request in the queue and approves it.
    second = tour.login("soc2")
    tour.menu(second, "Protective monitoring")
    tour.follow(second, "Naar de meldingenwachtrij (detectie)")
    expect(second.locator("main")).to_contain_text("wacht op uw beoordeling")
    second.get_by_label("Status").select_option(label="Alle")
    second.get_by_role("button", name="Filteren").click()
    tour.check(second)
    target = second.locator("main tbody tr").filter(
        has=second.locator("td", has_text=re.compile(rf"^{number}$"))).first
    target.get_by_role("link", name=pseudonym).click()
    tour.check(second)
    decide = second.locator("form[action$='/decide/']")
    decide.get_by_label("Goedkeuren").check()
    decide.get_by_role("button", name="Beslissen").click()
    tour.check(second)
    expect_message(second, "Beslissing vastgelegd.")
    expect(second.locator("main")).to_contain_text("onthuld met vier ogen")

    # The first analyst sends the confirmed alert to triage.
    page.reload()
    tour.check(page)
    accept_confirm(page)
    page.get_by_role("button", name="Melding maken voor de triage").click()
    tour.check(page)
    expect(page.locator("ul.messages")).to_contain_text(re.compile(r"M\d{4}-\d{6}"))
    tour.screenshot(page)


# --- Policy staff ------------------------------------------------------------------------------

def test_policy_dashboard_exports_and_report(tour: Tour):
    page = tour.login("beleid")
    tour.menu(page, "Dashboard")
    expect(h1(page)).to_have_text("Dashboard Integriteit")
    expect(page.locator("main")).to_contain_text("nooit namen")
    tour.follow(page, "Instroom en triage")
    expect(h1(page)).to_have_text("Instroom en triage")
    expect(page.locator("main")).to_contain_text("(<5)")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").first.click()
    assert download.value.suggested_filename.endswith(".csv")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download alle tabellen (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    tour.follow(page, "Doorlooptijden")
    expect(h1(page)).to_have_text("Doorlooptijden")
    expect(page.locator("main")).to_contain_text("norm")
    tour.follow(page, "Rechtsgelijkheid")
    expect(page.locator("main")).to_contain_text("Toets:")

    tour.follow(page, "Rapportages")
    expect(h1(page)).to_have_text("Rapportages")
    page.get_by_role("button", name="Maak nu een rapportage").click()
    tour.check(page)
    expect_message(page, "De rapportage wordt gemaakt.")
    # Made by the job runner; the list follows its progress and shows the PDF when it is done.
    expect(page.locator("main tbody tr").first.get_by_role("link", name=re.compile("Rapportage integriteit"))
           ).to_be_visible(timeout=120_000)
    tour.screenshot(page)


# --- Confidential advisors, reporting point, complaints ----------------------------------------

def test_confidential_advisor_registers_a_contact(tour: Tour):
    page = tour.login("vertrouwenspersoon")
    tour.menu(page, "Melden")
    expect(page.get_by_role("heading", name="Mijn werk")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Vervolgafspraak")
    tour.follow(page, "Mijn register")
    expect(h1(page)).to_have_text("Mijn register")
    expect(page.locator("main")).to_contain_text("versleuteld")
    tour.follow(page, "Contact registreren")
    expect(h1(page)).to_have_text("Contact registreren")
    page.get_by_label("Datum eerste contact").fill(TODAY.isoformat())
    page.get_by_label("Categorie").select_option(label="Verbale agressie")
    page.get_by_label("Soort melder").select_option(label="Medewerker")
    page.get_by_label("Eenheid of district").select_option(label="District Havenmond")
    page.get_by_label("Gesprek").check()
    page.get_by_label("Tijdsbesteding (minuten)").fill("45")
    page.get_by_label("Uitkomst").select_option(label="Loopt nog")
    page.get_by_role("button", name="Opslaan").click()
    tour.check(page)
    expect_message(page, "Contact opgeslagen.")
    expect(h1(page)).to_have_text("Mijn register")
    expect(row(page, f"{TODAY:%d-%m-%Y}", "Verbale agressie", "District Havenmond")).to_be_visible()
    tour.screenshot(page)


def test_central_advisor_annual_report(tour: Tour):
    page = tour.login("vertrouwenspersoon-centraal")
    tour.menu(page, "Melden")
    tour.follow(page, "Coördinatie en jaarverslag")
    expect(h1(page)).to_have_text("Coördinatie vertrouwenswerk")
    expect(page.locator("main")).to_contain_text("Meldingen per categorie")
    # Made by the job runner: the page follows its progress and lists the PDF when it is done.
    page.get_by_role("button", name=re.compile(r"Jaarverslag \d{4} maken \(PDF\)")).click()
    tour.check(page)
    expect_message(page, "wordt gemaakt")
    made = page.locator("#annual-reports tbody").get_by_role("link", name=re.compile(r"Jaarverslag \d{4} \(PDF\)"))
    expect(made).to_be_visible(timeout=120_000)
    with page.expect_download() as download:
        made.click()
    assert download.value.suggested_filename.endswith(".pdf")
    tour.screenshot(page)


def test_reporting_point_acknowledges_a_report(tour: Tour):
    page = tour.login("meldpunt")
    tour.menu(page, "Melden")
    tour.follow(page, "Ontvangen meldingen")
    expect(h1(page)).to_have_text("Ontvangen meldingen")
    received = row(page, "Ontvangen", "bevestiging")
    reference = received.get_by_role("link").inner_text()
    tour.follow(page, reference, within=received)
    expect(h1(page)).to_contain_text(reference)
    expect(page.locator("main")).to_contain_text("Terugkoppeling")
    page.get_by_role("button", name="Ontvangst bevestigen aan de melder").click()
    tour.check(page)
    expect_message(page, "Ontvangst bevestigd.")
    expect(page.locator("main")).to_contain_text("Ontvangst bevestigd")
    tour.screenshot(page)


def test_complaints_committee_registers_and_handles_a_complaint(tour: Tour):
    page = tour.login("klachtencommissie")
    tour.menu(page, "Melden")
    tour.follow(page, "Klachten ongewenst gedrag")
    expect(h1(page)).to_have_text("Klachten ongewenst gedrag")
    expect(page.locator("main tbody tr").first).to_contain_text("KL")
    tour.follow(page, "Klacht registreren")
    expect(h1(page)).to_have_text("Klacht registreren")
    page.get_by_label("Klachtencommissie").select_option(index=1)
    page.get_by_label("Eenheid van de klacht").select_option(label="Eenheid Noordkust")
    page.get_by_label("Voorzitter (uit een andere eenheid)").select_option(
        label="Renate Bakker (Landelijke eenheid (demo))")
    page.get_by_label("Categorie").select_option(label="Psychische agressie, intimidatie en pesten")
    page.get_by_label("Datum ontvangst").fill(TODAY.isoformat())
    page.get_by_label("Klager").fill("Klager tour (demo)")
    page.get_by_label("Aangeklaagde").fill("Aangeklaagde tour (demo)")
    page.get_by_label("Inhoud van de klacht").fill("Tourklacht: herhaaldelijk kleineren in de briefing.")
    page.get_by_role("button", name="Registreren").click()
    tour.check(page)
    expect(h1(page)).to_contain_text(re.compile(r"Klacht KL\d{4}-[A-Z2-9]{6}"))
    main = page.locator("main")
    expect(main).to_contain_text("Verloop en termijnen")
    expect(main).to_contain_text("Advies aan de korpschef: uiterlijk")

    # The receipt is confirmed, then the committee decides on admissibility.
    form = form_for(page, "acknowledge")
    form.locator("input[placeholder='dd-mm-jjjj']").fill(f"{TODAY:%d-%m-%Y}")
    form.get_by_role("button", name="Vastleggen").click()
    tour.check(page)
    expect(page.locator("ul.messages")).to_be_visible()
    expect(main).to_contain_text(f"Ontvangstbevestiging: {TODAY:%d-%m-%Y}")
    form = form_for(page, "admissibility")
    form.locator("input[placeholder='dd-mm-jjjj']").fill(f"{TODAY:%d-%m-%Y}")
    form.locator("select[name=admissible]").select_option(label="Ontvankelijk")
    form.get_by_role("button", name="Vastleggen").click()
    tour.check(page)
    expect_message(page, "Besluit over ontvankelijkheid vastgelegd.")
    expect(main).to_contain_text(f"Ontvankelijkheid: {TODAY:%d-%m-%Y}")
    tour.screenshot(page)


def test_chief_decides_on_the_advice(tour: Tour):
    page = tour.login("korpschef")
    tour.menu(page, "Melden")
    tour.follow(page, "Klachten ongewenst gedrag")
    complaint = row(page, "Advies aan korpschef")
    reference = complaint.get_by_role("link").inner_text()
    tour.follow(page, reference, within=complaint)
    expect(page.locator("main")).to_contain_text("Besluit van de korpschef")
    form = form_for(page, "decision")
    form.locator("input[placeholder='dd-mm-jjjj']").fill(f"{TODAY:%d-%m-%Y}")
    form.locator("select").first.select_option(label="Conform het advies")
    form.locator("textarea").fill("Conform het advies: schriftelijke berisping en een gesprek.")
    form.get_by_role("button", name="Vastleggen").click()
    tour.check(page)
    expect_message(page, "Besluit vastgelegd.")
    expect(page.locator("main")).to_contain_text(f"Besluit korpschef: {TODAY:%d-%m-%Y}, conform advies")
    tour.screenshot(page)


# --- Every employee, and an anonymous reporter --------------------------------------------------

def test_employee_reports_and_finds_help(tour: Tour):
    page = tour.login("medewerker")
    tour.menu(page, "Melden")
    expect(h1(page)).to_have_text("Melden en vertrouwenswerk")
    tour.follow(page, "Routekaart: leidinggevende, vertrouwenspersoon, klacht of aangifte")
    expect(h1(page)).to_have_text("Routekaart: wat gebeurt er als ik meld?")
    tour.menu(page, "Melden")
    tour.follow(page, "Melding doen")
    expect(h1(page)).to_have_text("Melding doen")
    page.get_by_label("Met naam").check()
    page.get_by_label("Meldpunt integriteit").check()
    page.get_by_label("Eenheid waar het speelt").select_option(label="Eenheid Noordkust")
    page.get_by_label("Waar gaat het over?").select_option(label="Integriteitsschending (misstand)")
    page.get_by_label("Wat is er gebeurd?").fill(
        "Tourmelding: bij de inkoop van materiaal wordt steeds dezelfde leverancier gekozen.")
    page.get_by_role("button", name="Melding versturen").click()
    tour.check(page)
    expect(page.locator("main")).to_contain_text(re.compile(r"VM\d{4}-[A-Z0-9]{6}"))

    tour.menu(page, "Hulp en beroepscode")
    expect(h1(page)).to_have_text("Hulp en beroepscode")
    tour.follow(page, re.compile("^Wegwijzer"))
    page.get_by_label("Een integriteitsvraag of een dilemma").check()
    page.get_by_label("Ja, dat is belangrijk voor mij").check()
    page.get_by_label("Nee, het kan binnen een paar dagen").check()
    page.get_by_role("button", name="Toon de loketten").click()
    tour.check(page)
    expect(page.locator("#advies")).to_be_visible()

    tour.menu(page, "Hulp en beroepscode")
    tour.follow(page, "Social media")
    expect(h1(page)).to_have_text("Social media")
    expect(page.get_by_role("heading", name="Dilemma’s om te bespreken")).to_be_visible()
    tour.menu(page, "Hulp en beroepscode")
    tour.follow(page, re.compile("^Initiatieven"))
    expect(h1(page)).to_contain_text("Initiatieven")

    tour.menu(page, "Preventie")
    expect(h1(page)).to_have_text("Preventie")
    expect(page.get_by_role("heading", name="Meedoen aan een dilemmasessie")).to_be_visible()
    expect(page.get_by_role("heading", name="Teamklimaatcheck")).to_be_visible()
    tour.screenshot(page)


def test_anonymous_reporter_gets_a_code_and_comes_back(tour: Tour):
    page = tour.anonymous()
    page.get_by_role("link", name="Anoniem melden").click()
    tour.check(page)
    expect(h1(page)).to_have_text("Anoniem melden")
    page.get_by_label("Meldpunt integriteit").check()
    page.get_by_label("Eenheid waar het speelt").select_option(label="Eenheid Noordkust")
    page.get_by_label("Waar gaat het over?").select_option(label="Integriteitsschending (misstand)")
    page.get_by_label("Wat is er gebeurd?").fill(
        "Tourmelding: een collega neemt regelmatig cadeaus aan van een garagebedrijf.")
    page.get_by_role("button", name="Melding versturen").click()
    tour.check(page)
    receipt = page.locator("main").inner_text()
    match = re.search(r"[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3,}", receipt)
    assert match, receipt
    tour.screenshot(page)

    # Later, from the login page again, with the receipt code.
    later = tour.anonymous()
    later.get_by_role("link", name=re.compile("ontvangstcode")).click()
    tour.check(later)
    later.locator("input[type=text], input:not([type])").first.fill(match.group(0))
    later.get_by_role("button").last.click()
    tour.check(later)
    expect(h1(later)).to_have_text("Uw anonieme melding")
    expect(later.locator("main")).to_contain_text("Meldpunt integriteit")
    expect(later.get_by_role("heading", name="Berichten")).to_be_visible()


def test_employee_fills_in_the_team_climate_check(tour: Tour):
    page = tour.login("medewerker")
    tour.menu(page, "Preventie")
    climate = page.locator("main section, main .card").filter(
        has=page.get_by_role("heading", name="Teamklimaatcheck"))
    expect(climate.first).not_to_contain_text("Er is nog geen teamklimaatcheck", timeout=2_000)
    climate.first.get_by_role("link").first.click()
    tour.check(page)
    page.get_by_role("link", name="Vragenlijst invullen").click()
    tour.check(page)
    for question in page.locator("main fieldset").all():
        question.get_by_role("radio").first.check()
    page.locator("main form button").last.click()
    tour.check(page)
    expect(page.locator("ul.messages")).to_be_visible()
    tour.screenshot(page)


# --- Editor and team leader --------------------------------------------------------------------

def test_editor_maintains_help_content(tour: Tour):
    page = tour.login("redacteur")
    tour.menu(page, "Hulp en beroepscode")
    tour.follow(page, "Redactie")
    expect(h1(page)).to_have_text("Redactie kennisbank en wegwijzer")
    main = page.locator("main")
    for heading in ("Loketten", "Vragen van de wegwijzer"):
        expect(main.get_by_role("heading", name=heading)).to_be_visible()
    expect(main.get_by_role("link", name="Themabladen")).to_be_visible()

    # Edit a help desk: the previous version is kept.
    desk = main.locator("section", has=page.get_by_role("heading", name="Loketten")).locator("li").first
    name = desk.get_by_role("link").first.inner_text()
    desk.get_by_role("link", name=name).click()
    tour.check(page)
    how = page.get_by_label("Zo bereik je dit loket")
    how.fill(how.input_value() + " Ook via de tour bereikbaar.")
    page.get_by_role("button", name="Opslaan").click()
    tour.check(page)
    expect_message(page, "Opgeslagen. De vorige versie blijft bewaard in de geschiedenis.")
    tour.menu(page, "Hulp en beroepscode")
    tour.follow(page, "Redactie")
    desk = page.locator("main li").filter(has=page.get_by_role("link", name=name, exact=True)).first
    desk.get_by_role("link", name="versies").click()
    tour.check(page)
    expect(h1(page)).to_contain_text(name)
    expect(page.locator("main")).to_contain_text(re.compile(r"Versie ([2-9]|\d{2,}) huidig"))
    expect(page.locator("main")).to_contain_text("Versie 1")

    tour.menu(page, "Preventie")
    tour.follow(page, "Dilemmasets beheren")
    expect(h1(page)).to_have_text("Dilemmasets")
    expect(page.locator("main")).to_contain_text("dilemma’s")
    tour.screenshot(page)


def test_team_leader_runs_a_dilemma_session_and_a_climate_check(tour: Tour):
    page = tour.login("teamchef-preventie")
    tour.menu(page, "Preventie")
    tour.follow(page, "Nieuwe dilemmasessie")
    expect(h1(page)).to_have_text("Nieuwe dilemmasessie")
    page.get_by_label("Dilemmaset").select_option(label="Omgaan met informatie")
    page.get_by_label("Titel").fill("Tour: teamoverleg informatie")
    page.get_by_role("button", name="Sessie starten").click()
    tour.check(page)
    expect(h1(page)).to_contain_text("Tour: teamoverleg informatie")
    code = page.get_by_test_id("code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4,10}", code), code

    # An employee joins with the code, from the prevention page.
    employee = tour.login("medewerker")
    tour.menu(employee, "Preventie")
    employee.get_by_label("Deelnamecode").fill(code)
    employee.get_by_role("button", name="Meedoen").click()
    tour.check(employee)
    expect(employee.locator("main")).not_to_contain_text("Er is geen lopende sessie")
    expect(employee.locator("#play")).to_be_visible()

    # The leader sees the participant and shows the first dilemma.
    page.reload()
    expect(page.locator("main")).to_contain_text("1 deelnemer")
    page.get_by_role("button", name="Toon het eerste dilemma").click()
    tour.check(page)
    expect(page.locator("main")).not_to_contain_text("Toon het eerste dilemma")

    tour.menu(page, "Preventie")
    tour.follow(page, "Nieuwe teamklimaatcheck")
    page.get_by_label("Team").select_option(index=1)
    page.get_by_label("Aanleiding").fill("Tour: na de reorganisatie")
    page.get_by_label("Open vanaf").fill(TODAY.isoformat())
    page.get_by_label("Open tot en met").fill((TODAY + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Openzetten voor het team").click()
    tour.check(page)
    expect(page.locator("main")).to_contain_text("Tour: na de reorganisatie")
    tour.screenshot(page)


# --- Gaps the tour once found (issue 12): Dutch empty choices, a Dutch and local alert timeline ----

def test_report_form_has_no_english_blank_choice(tour: Tour):
    page = tour.login("medewerker")
    tour.menu(page, "Melden")
    tour.follow(page, "Melding doen")
    expect(h1(page)).to_have_text("Melding doen")
    tour.screenshot(page)
    expect(page.locator("main")).not_to_contain_text("Select an option", timeout=2_000)


def test_soc_alert_timeline_is_dutch_and_local(tour: Tour):
    page = tour.login("soc")
    tour.menu(page, "Protective monitoring")
    tour.follow(page, "Naar de meldingenwachtrij (detectie)")
    page.locator("main tbody tr").first.get_by_role("link").click()
    tour.check(page)
    timeline = page.locator("main table").last
    expect(timeline.get_by_role("columnheader", name="Tijdstip")).to_be_visible()
    tour.screenshot(page)
    first_time = timeline.locator("tbody tr td").first.inner_text()
    assert re.fullmatch(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", first_time), first_time
    expect(timeline.locator("tbody")).not_to_contain_text(re.compile(r"\b(view|search|person)\b"),
                                                          timeout=2_000)

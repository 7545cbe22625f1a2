"""End-to-end journeys in headless Chromium: an anonymous report with a two-way exchange through
the receipt code, and a complaint from receipt to the chief's decision."""

import re

import pytest
from playwright.sync_api import expect

from tests.second_factor import sign_in
from vik.accounts.models import User
from vik.confidential.models import Complaint, Report

pytestmark = pytest.mark.browser

PASSWORD = "geheim-wachtwoord-123"
TIMEOUT_MS = 10_000


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def _page(username=None):
        context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        if username:
            sign_in(page, User.objects.get(username=username), PASSWORD)
            expect(page.locator("header nav")).to_be_visible()
        return page

    expect.set_options(timeout=TIMEOUT_MS)
    yield _page
    for context in contexts:
        context.close()


def test_anonymous_report_with_two_way_exchange(transactional_db, conf, new_page):
    # The reporter, not logged in, reads the route chart and reports anonymously.
    reporter = new_page()
    reporter.goto("/vertrouwelijk/routekaart/")
    reporter.get_by_label("een misstand melden bij het meldpunt, eventueel anoniem").check()
    office_route = reporter.locator('details[data-route="office"]')
    expect(office_route).to_have_attribute("open", "")
    office_route.get_by_role("link", name="Anoniem melden").click()
    reporter.get_by_label("Meldpunt integriteit").check()
    reporter.get_by_label("Eenheid waar het speelt").select_option(label="Eenheid Noord")
    reporter.get_by_label("Waar gaat het over?").select_option(value="integrity")
    reporter.get_by_label("Wat is er gebeurd?").fill("Op het bureau wordt geld aangenomen van een sleepbedrijf.")
    reporter.get_by_role("button", name="Melding versturen").click()
    code = reporter.get_by_test_id("receipt-code").inner_text()
    assert re.fullmatch(r"([A-Z2-9]{4}-){6}[A-Z2-9]{4}", code)
    report = Report.objects.get()
    assert report.reporter is None

    # The integrity office acknowledges and asks a question.
    office = new_page("meldpunt")
    office.goto("/vertrouwelijk/meldpunt/")
    office.get_by_role("link", name=report.reference).click()
    office.get_by_role("button", name="Ontvangst bevestigen aan de melder").click()
    expect(office.get_by_role("status")).to_contain_text("Ontvangst bevestigd")
    office.get_by_label("Soort").select_option(value="question")
    office.get_by_label("Bericht *", exact=True).fill("Over welk sleepbedrijf gaat het?")
    office.get_by_role("button", name="Versturen").click()
    expect(office.get_by_role("status")).to_contain_text("Bericht verstuurd")

    # The reporter comes back with the code only, reads the question and answers.
    reporter.goto("/vertrouwelijk/anoniem/inzien/")
    reporter.get_by_label("Ontvangstcode").fill(code)
    reporter.get_by_role("button", name="Openen").click()
    expect(reporter.locator(".thread")).to_contain_text("Over welk sleepbedrijf gaat het?")
    reporter.get_by_label("Uw bericht").fill("Het bedrijf aan de havenweg.")
    reporter.get_by_role("button", name="Versturen").click()
    expect(reporter.get_by_role("status")).to_contain_text("Uw bericht is verstuurd")
    expect(reporter.locator(".thread")).to_contain_text("Het bedrijf aan de havenweg.")

    office.reload()
    expect(office.locator(".thread")).to_contain_text("Het bedrijf aan de havenweg.")


def test_complaint_from_receipt_to_the_chiefs_decision(transactional_db, conf, new_page):
    member = new_page("commissie")
    member.goto("/vertrouwelijk/klachten/")
    member.get_by_role("link", name="Klacht registreren").click()
    member.get_by_label("Klachtencommissie").select_option(label="Commissie Noord-Zuid")
    member.get_by_label("Eenheid van de klacht").select_option(label="Eenheid Noord")
    member.get_by_label("Voorzitter (uit een andere eenheid)").select_option(value=str(conf.chair.pk))
    member.get_by_label("Categorie").select_option(value="discrimination")
    member.get_by_label("Klager *", exact=True).fill("Klaartje Klaagmans")
    member.get_by_label("Aangeklaagde").fill("Bertus Beschuldigd")
    member.get_by_label("Inhoud van de klacht").fill("Herhaaldelijk opmerkingen over afkomst.")
    member.get_by_role("button", name="Registreren").click()
    expect(member.get_by_role("status")).to_contain_text("geregistreerd")
    complaint = Complaint.objects.get()

    def step(action, **fill):
        form = member.locator(f'form[action$="/{action}/"]')
        form.locator("xpath=..").locator("summary").evaluate("s => s.parentElement.open = true")
        for label, value in fill.items():
            field = form.get_by_label(label)
            if value is True:
                field.check()
            elif field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(value=value)
            else:
                field.fill(value)
        form.get_by_role("button", name="Vastleggen").click()
        expect(member.get_by_role("status").first).to_be_visible()

    step("acknowledge")
    step("admissibility", **{"Besluit": "yes"})
    step("hearing", **{"Klager gehoord": True, "Aangeklaagde gehoord": True,
                       "Verslag besloten zitting": "Beide partijen in besloten zitting gehoord."})
    step("advice", **{"Advies": "founded", "Motivering en aanbevolen maatregelen": "Gegrond; berisping."})
    complaint.refresh_from_db()
    assert complaint.stage == Complaint.Stage.ADVISED

    chief = new_page("korpschef")
    chief.goto("/vertrouwelijk/klachten/")
    chief.get_by_role("link", name=complaint.reference).click()
    chief.get_by_label("Besluit *", exact=True).select_option(value="yes")
    chief.get_by_label("Besluit en maatregelen").fill("Conform advies: schriftelijke berisping.")
    chief.get_by_role("button", name="Vastleggen").click()
    expect(chief.get_by_role("status")).to_contain_text("Besluit vastgelegd")
    expect(chief.locator(".timeline")).to_contain_text("conform advies")
    complaint.refresh_from_db()
    assert complaint.stage == Complaint.Stage.DECIDED and complaint.decided_by.username == "korpschef"


def test_name_suggestions_for_the_signed_in_only_and_a_complaint_from_the_route_chart(transactional_db, conf,
                                                                                      new_page):
    # Anonymous: no suggestions (they gave staff names, teams and ranks to anyone: tester t17).
    reporter = new_page()
    reporter.goto("/vertrouwelijk/anoniem/")
    field = reporter.get_by_label("Over wie gaat het? (optioneel)")
    field.press_sequentially(conf.org.officer.surname[:4], delay=50)
    expect(reporter.get_by_text("Typ de volledige naam")).to_be_visible()
    reporter.wait_for_timeout(600)
    assert reporter.locator("#employee-options option").count() == 0
    # Signed in: typing a name fills the suggestions (name, unit, function), never a number.
    signed_in = new_page("melder")
    signed_in.goto("/vertrouwelijk/melden/")
    field = signed_in.get_by_label("Over wie gaat het? (optioneel)")
    field.press_sequentially(conf.org.officer.surname[:4], delay=50)
    options = signed_in.locator("#employee-options option")
    expect(options.first).to_have_attribute("value", re.compile(conf.org.officer.full_name))
    assert conf.org.officer.personnel_number not in signed_in.locator("#employee-options").inner_html()

    # An employee follows the route chart's complaint route to the committee's intake.
    employee = new_page("melder")
    employee.goto("/vertrouwelijk/routekaart/")
    employee.get_by_label("een formele klacht indienen").check()
    employee.get_by_role("link", name="Klacht indienen bij de klachtencommissie").click()
    employee.get_by_label("Waar gaat het over?").select_option(value="intimidation")
    employee.get_by_label("Over wie klaagt u?").fill("Bob Beklaagd")
    employee.get_by_label("Uw klacht").fill("Al maanden buitengesloten bij de dienstindeling.")
    employee.get_by_role("button", name="Klacht indienen").click()
    expect(employee.get_by_role("status")).to_contain_text("is ontvangen door de Commissie Noord-Zuid")
    assert Complaint.objects.get().committee == conf.committee


def test_the_browser_solves_the_proof_of_work_under_the_content_security_policy(transactional_db, conf, new_page,
                                                                                 settings):
    from vik.confidential.models import AnonymousSubmission

    settings.VIK_ANON_POW_ALWAYS, settings.VIK_ANON_POW_BITS = True, 12
    reporter = new_page()
    reporter.goto("/vertrouwelijk/anoniem/")
    reporter.get_by_label("Meldpunt integriteit").check()
    reporter.get_by_label("Eenheid waar het speelt").select_option(label="Eenheid Noord")
    reporter.get_by_label("Waar gaat het over?").select_option(value="integrity")
    reporter.get_by_label("Wat is er gebeurd?").fill("Op het bureau wordt geld aangenomen van een sleepbedrijf.")
    reporter.get_by_role("button", name="Melding versturen").click()
    expect(reporter.get_by_test_id("receipt-code")).to_be_visible()
    assert Report.objects.count() == 1
    assert AnonymousSubmission.objects.get().proof  # the proof was checked and spent

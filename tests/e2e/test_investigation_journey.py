"""Journey 1: a signal from intake through triage, a disciplinary investigation and the decision to
closure, each step done by the person responsible for it, in the browser."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import a_tuesday_morning
from tests.e2e.pages import (
    case_action,
    expect_message,
    fill_triage_decision,
    nl_date,
    submit_confirmed,
    timeline_current,
)
from vik.core.workdays import add_working_days, working_days_between
from vik.investigations.models import Case, Outcome, Step
from vik.signals.models import Signal
from vik.triage.models import Criterion, Route

pytestmark = pytest.mark.browser

DESCRIPTION = "Collega zocht op 3 maart zonder werkopdracht zijn buurman op in BVH."
BREACH = ("Op 3 maart heeft betrokkene zonder werkopdracht de gegevens van zijn buurman in BVH "
          "geraadpleegd (norm: omgaan met informatie).")
REHABILITATION = "Teamchef licht het team in dat het vermoeden ongegrond is gebleken."


def add_document(page, kind: str, title: str, name: str) -> None:
    """Add a (minimal) PDF of `kind` through the case page's document form."""
    form = case_action(page, "document")
    form.locator("[name=kind]").select_option(label=kind)
    form.locator("[name=title]").fill(title)
    form.locator("[name=file]").set_input_files(files=[{
        "name": name, "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"}])
    form.get_by_role("button", name="Document toevoegen").click()
    expect_message(page, "Document toegevoegd.")


def test_signal_to_closed_disciplinary_case(org, login_as, tmp_path):
    today = timezone.localdate()
    opened_on = today - dt.timedelta(days=42)
    plan_approved_on = opened_on + dt.timedelta(days=7)
    aanzegging_at = timezone.localtime(a_tuesday_morning(weeks_ago=2))
    invited_on = aanzegging_at.date()
    hearing_day = add_working_days(invited_on, 6)
    assert working_days_between(invited_on, hearing_day) >= 5 and hearing_day < today
    scores = {c.code: c.max_score - 1 for c in Criterion.objects.filter(active=True)}

    # --- Intake: the triage member registers the signal through the form.
    triage = login_as(org.triage)
    triage.get_by_role("link", name="Meldingen", exact=True).click()
    triage.get_by_role("link", name="Melding registreren").click()
    expect(triage.get_by_role("heading", name="Melding registreren")).to_be_visible()
    triage.get_by_label("Datum ontvangst").fill((opened_on - dt.timedelta(days=2)).isoformat())
    triage.get_by_label("Kanaal").select_option(label="Leidinggevende")
    triage.get_by_label("Eenheid").select_option(label=org.region_a.name)
    triage.get_by_label("Integriteitsthema").select_option(label="Omgaan met informatie")
    triage.get_by_label("Omschrijving").fill(DESCRIPTION)
    triage.get_by_label("Betrokkene(n)").fill(org.officer.personnel_number)
    triage.get_by_role("button", name="Registreren").click()
    # Wait for the server's answer before reading the database.
    expect_message(triage, "is geregistreerd en staat in de triagewachtrij.")
    signal = Signal.objects.get()
    expect_message(triage, f"Melding {signal.reference} is geregistreerd")
    expect(triage.get_by_role("heading", level=1)).to_contain_text(signal.reference)
    expect(triage.locator("h1 .badge")).to_have_text("Nieuw, wacht op triage")
    expect(triage.get_by_text(DESCRIPTION)).to_be_visible()
    assert signal.channel == "manager" and signal.region == org.region_a
    assert list(signal.subjects.all()) == [org.officer]

    # --- Triage: every criterion scored, route and rationale recorded.
    form = fill_triage_decision(
        triage, route="Disciplinair onderzoek", scores=scores,
        rationale="Raadplegen zonder werkopdracht is ernstig; disciplinair onderzoek nodig.",
        # The participants list shows login names (not display names like the other user lists).
        participants=[org.triage2.display_name],
        # Decided in the meeting the day before the case starts, recorded afterwards.
        extra={"Datum van het besluit": (opened_on - dt.timedelta(days=1)).strftime("%d-%m-%Y")},
    )
    form.get_by_role("button", name="Besluit vastleggen").click()
    expect_message(triage, "Triagebesluit vastgelegd: Disciplinair onderzoek.")
    expect(triage.locator("h1 .badge")).to_have_text("Getrieerd")
    decision = signal.triage_decisions.get(current=True)
    assert decision.route == Route.DISCIPLINARY and decision.scores == scores
    assert set(decision.participants.all()) == {org.triage, org.triage2}

    # --- Start the investigation from the signal page.
    triage.locator("#case-form summary").click()
    form = triage.locator("#case-form form")
    form.get_by_label("Onderzoekstype").select_option(label="Disciplinair onderzoek")
    form.get_by_label("Betrokkene").select_option(label=str(org.officer))
    # Person pickers: typing the name is enough (the suggestions are an extra).
    form.get_by_label("Bevoegd gezag").fill(org.authority.display_name)
    form.get_by_label("Hoofdonderzoeker").fill(org.investigator.display_name)
    form.get_by_label("Startdatum").fill(opened_on.isoformat())
    form.get_by_role("button", name="Onderzoek starten").click()
    expect_message(triage, "is gestart.")
    case = Case.objects.get(signal=signal)
    # The triage member is no member of the case: he stays on the signal page, without a link.
    expect_message(triage, f"Onderzoek {case.reference} is gestart.")
    expect(triage.locator("h1 .badge")).to_have_text("In onderzoek")
    expect(triage.get_by_role("link", name=case.reference)).to_have_count(0)
    assert case.care_contact == org.manager and case.opened_on == opened_on

    # --- The competent authority finds the case under "Mijn taken" and commissions it.
    authority = login_as(org.authority)
    task = authority.locator("tr", has_text="Stap ‘Opdracht bevoegd gezag’")
    task.get_by_role("link", name=case.reference).click()
    expect(authority.get_by_role("heading", level=1)).to_contain_text(case.reference)
    expect(timeline_current(authority)).to_have_text("Opdracht bevoegd gezag")
    form = case_action(authority, "commission")
    form.locator("[name=on]").fill(opened_on.isoformat())
    form.locator("[name=note]").fill("Opdracht per brief verleend.")
    form.get_by_role("button", name="Opdracht verlenen (bevoegd gezag)").click()
    expect_message(authority, "Opdracht vastgelegd.")
    expect(authority.get_by_text(f"Opdracht verleend op {nl_date(opened_on)}.")).to_be_visible()
    # No plan to approve yet: the investigator writes it (his task) and adds it as a document.
    expect(authority.locator("#plan-missing")).to_be_visible()
    expect(authority.locator("details#action-approve_plan")).to_have_count(0)
    investigator = login_as(org.investigator)
    task = investigator.locator("tr", has_text="Onderzoeksplan opstellen en toevoegen")
    task.get_by_role("link", name=case.reference).click()
    add_document(investigator, "Onderzoeksplan", "Onderzoeksplan met onderzoeksvragen", "plan.pdf")
    authority.reload()
    form = case_action(authority, "approve_plan")
    form.locator("[name=on]").fill(plan_approved_on.isoformat())
    form.get_by_role("button", name="Onderzoeksplan goedkeuren (bevoegd gezag)").click()
    expect_message(authority, "Onderzoeksplan goedgekeurd.")
    expect(timeline_current(authority)).to_have_text("Onderzoeksplan goedgekeurd")
    # Investigators' actions are not offered to the authority.
    expect(authority.locator("details#action-aanzegging")).to_have_count(0)

    # --- The investigator: suspected breach, aanzegging, hearing, status update.
    investigator.get_by_role("link", name="Onderzoeken").click()
    investigator.get_by_role("link", name=case.reference).click()
    expect(investigator.get_by_text("Nog niet vastgelegd — verplicht vóór de aanzegging.")).to_be_visible()
    form = case_action(investigator, "breach")
    form.locator("[name=text]").fill(BREACH)
    form.get_by_role("button", name="Omschrijving vastleggen of aanpassen").click()
    expect_message(investigator, "Omschrijving opgeslagen.")
    expect(investigator.locator("p", has_text=BREACH)).to_be_visible()

    form = case_action(investigator, "aanzegging")
    form.locator("[name=held_at]").fill(aanzegging_at.strftime("%Y-%m-%dT%H:%M"))
    form.locator("[name=care_offered]").check()
    form.locator("[name=note]").fill("Betrokkene is ingelicht; BMW is aangeboden.")
    submit_confirmed(investigator, form, "Aanzegging vastleggen",
                     "De aanzegging kan na vastleggen niet meer worden gewijzigd")  # tester t63
    expect_message(investigator, "Aanzegging vastgelegd.")
    expect(investigator.get_by_text(f"Aanzegging: {nl_date(aanzegging_at.date())} 10:00")).to_be_visible()
    expect(timeline_current(investigator)).to_have_text("Aanzegging")
    # After the aanzegging the description is fixed.
    expect(investigator.locator("details#action-breach")).to_have_count(0)

    form = case_action(investigator, "hearing")
    form.locator("[name=kind]").select_option(label="Hoorgesprek betrokkene")
    form.locator("[name=invited_on]").fill(invited_on.isoformat())
    form.locator("[name=scheduled_at]").fill(f"{hearing_day.isoformat()}T10:00")
    form.locator("[name=representative]").fill("mr. De Vries")
    form.get_by_role("button", name="Gesprek plannen").click()
    expect_message(investigator, "Gesprek gepland.")
    expect(investigator.get_by_text(
        f"{nl_date(hearing_day)} 10:00 — Hoorgesprek betrokkene, bijgestaan door: mr. De Vries")).to_be_visible()
    # The hearing lies in the past, so it can be recorded as held.
    form = case_action(investigator, "hearing_held")
    form.locator("[name=note]").fill("Betrokkene heeft zijn lezing gegeven.")
    form.get_by_role("button", name="Als gehouden vastleggen").click()
    expect_message(investigator, "Gesprek als gehouden vastgelegd.")
    expect(investigator.get_by_text("Betrokkene heeft zijn lezing gegeven.")).to_be_visible()

    form = case_action(investigator, "update")
    form.locator("[name=channel]").select_option(label="Telefonisch")
    form.locator("[name=summary]").fill("Geen nieuws; rapport wordt afgerond.")
    form.get_by_role("button", name="Statusupdate vastleggen").click()
    expect_message(investigator, "Statusupdate vastgelegd.")
    expect(investigator.get_by_text(f"{nl_date(today)} (Telefonisch): Geen nieuws; rapport wordt afgerond."))\
        .to_be_visible()

    # The report is recorded as a step: a decision follows the report, and the step asks for the
    # report itself (a document of kind "Onderzoeksrapport"); the typed date survives the refusal.
    form = case_action(investigator, "advance")
    form.locator("[name=step]").select_option(label="Rapportage")
    form.locator("[name=on]").fill(today.isoformat())
    form.get_by_role("button").click()
    expect(investigator.locator("#action-advance .errorlist")).to_contain_text("onderzoeksrapport")
    add_document(investigator, "Onderzoeksrapport", "Rapport van bevindingen", "rapport.pdf")
    form = case_action(investigator, "advance")
    form.locator("[name=step]").select_option(label="Rapportage")
    form.locator("[name=on]").fill(today.isoformat())
    form.get_by_role("button").click()
    expect_message(investigator, "Stap bijgewerkt.")
    expect(timeline_current(investigator)).to_have_text("Rapportage")

    # --- The authority decides; the form asks for confirmation first.
    authority.reload()
    form = case_action(authority, "decision")
    form.get_by_label("Geen plichtsverzuim").check()
    # The punishment belongs to "plichtsverzuim met straf" only: not to be chosen here (tester t50).
    expect(form.locator("[name=measure]")).to_be_disabled()
    expect(form.locator("[name=conditional]")).to_be_disabled()
    form.locator("[name=reasoning]").fill("De raadpleging had een werkopdracht; geen plichtsverzuim.")
    form.locator("[name=learning_points]").fill("Werkopdrachten beter vastleggen in BVH.")
    submit_confirmed(authority, form, "Besluit vastleggen (bevoegd gezag)",
                     "Het besluit kan na vastleggen niet meer worden gewijzigd.")
    expect_message(authority, "Besluit vastgelegd.")
    expect(authority.get_by_text(f"Geen plichtsverzuim — {nl_date(today)}")).to_be_visible()
    expect(timeline_current(authority)).to_have_text("Besluit")

    # --- The investigator closes the case with a rehabilitation plan.
    investigator.reload()
    form = case_action(investigator, "close")
    form.locator("[name=communication]").fill("In een gesprek met betrokkene en zijn raadsman.")
    form.locator("[name=team_informed]").check()
    form.locator("[name=rehabilitation_plan]").fill(REHABILITATION)
    submit_confirmed(investigator, form, "Uitkomst meedelen en onderzoek afsluiten",
                     "Na afsluiten kan het onderzoek niet meer worden gewijzigd.")
    expect_message(investigator, "Onderzoek afgesloten.")
    expect(timeline_current(investigator)).to_have_text("Afgesloten")
    # Steps recorded show as done; steps the case went past without recording them say so
    # (they used to show green as well).
    case.refresh_from_db()
    recorded = set(case.status_changes.exclude(status=case.status).values_list("status_id", flat=True))
    expect(investigator.locator("ol.timeline li.done")).to_have_count(len(recorded))
    # The zienswijze of a case decided without a voornemen is "not applicable", not skipped.
    not_applicable = 0 if case.voornemens.exists() else 1
    expect(investigator.locator("ol.timeline li.not_applicable")).to_have_count(not_applicable)
    skipped = case.case_type.status_types.count() - 1 - len(recorded) - not_applicable
    expect(investigator.locator("ol.timeline li.skipped")).to_have_count(skipped)
    if skipped:
        expect(investigator.locator("ol.timeline li.skipped").first).to_contain_text("niet vastgelegd")
    expect(investigator.locator("h1")).to_contain_text("afgesloten")
    expect(investigator.get_by_text(f"Afgesloten; uitkomst meegedeeld op {nl_date(today)}.")).to_be_visible()
    expect(investigator.get_by_text(REHABILITATION)).to_be_visible()
    expect(investigator.locator("details.action")).to_have_count(0)  # nothing left to change

    screenshot = tmp_path / "closed-case.png"
    investigator.screenshot(path=screenshot, full_page=True)
    assert screenshot.stat().st_size > 0
    assert screenshot.read_bytes().startswith(b"\x89PNG")

    # --- The case list: gone from the running cases, listed under "Afgesloten".
    investigator.get_by_role("link", name="Onderzoeken").click()
    expect(investigator.get_by_text("Geen onderzoeken waaraan u meewerkt.")).to_be_visible()
    investigator.get_by_label("Status").select_option(label="Afgesloten")
    investigator.get_by_role("button", name="Filteren").click()
    row = investigator.locator("tbody tr", has_text=case.reference)
    expect(row).to_contain_text(nl_date(today))
    expect(row).to_contain_text("Afgesloten")
    expect(investigator.get_by_role("columnheader", name="Afgesloten op")).to_be_visible()

    # --- What got stored.
    case.refresh_from_db()
    signal.refresh_from_db()
    assert case.closed_on == today and case.status.step == Step.CLOSED
    assert case.suspected_breach == BREACH
    assert case.aanzegging.held_at == aanzegging_at and case.aanzegging.care_offered
    assert case.aanzegging.warnings == []
    hearing = case.hearings.get()
    assert hearing.invited_on == invited_on and hearing.representative == "mr. De Vries"
    assert hearing.held
    assert case.status_updates.get().channel == "phone"
    assert case.decision.outcome == Outcome.NO_BREACH and case.decision.decided_by == org.authority
    assert case.closure.rehabilitation_plan == REHABILITATION and case.closure.team_informed
    assert case.commissioned_on == opened_on
    steps = [c.status.step for c in case.status_changes.order_by("id")]
    assert list(dict.fromkeys(steps)) == [
        Step.COMMISSIONED, Step.PLAN_APPROVED, Step.AANZEGGING, Step.REPORT, Step.DECISION, Step.CLOSED]
    assert signal.status == Signal.Status.CLOSED

"""Issue 15, item 6: throughput you can explain and promise. Accelerating factors (versnellers)
from an admin-maintained list are recorded beside the delaying ones; the lead investigator or the
competent authority records the expected end date told to the betrokkene, with a reason, every
change kept as history; it defaults to a suggestion from the type's throughput norm (working days
from the opening date plus paused working days) and travels with each status update."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.case_steps import told
from vik import policy
from vik.audit.models import AuditEvent
from vik.core.errors import ConcurrentEditError, PermissionDeniedError
from vik.core.workdays import add_working_days, working_day_on_or_after
from vik.investigations import services as inv
from vik.investigations.models import (
    AcceleratingFactor,
    DelayReason,
    ExpectedEndDate,
)

pytestmark = pytest.mark.django_db
REASON = "Twee getuigen zijn pas na de zomer beschikbaar; het hoorgesprek schuift mee."


@pytest.fixture
def factor():
    return AcceleratingFactor.objects.get_or_create(
        code="bekent", defaults={"name": "Betrokkene bekent"})[0]


def _events(case, summary):
    return AuditEvent.objects.filter(object_id=str(case.pk), summary=summary).count()


# --- the expected end date ---------------------------------------------------------------------


def test_the_suggestion_follows_the_norm_plus_paused_working_days(org, disciplinary_case):
    case = disciplinary_case
    norm = case.case_type.throughput_norm_days
    assert inv.suggest_end_date(case) == add_working_days(case.opened_on, norm)
    reason = DelayReason.objects.first() or DelayReason.objects.create(code="ziek", name="Ziekte")
    start = case.opened_on + dt.timedelta(days=1)
    inv.pause_clock(org.investigator, case, reason, start)
    inv.resume_clock(org.investigator, case, start + dt.timedelta(days=7))
    case.refresh_from_db()
    paused = inv.paused_working_days([(start, start + dt.timedelta(days=7))])
    assert paused > 0
    assert inv.suggest_end_date(case) == add_working_days(case.opened_on, norm + paused)


def test_the_lead_records_an_end_date_and_every_change_is_kept(org, disciplinary_case):
    """The failing example: nowhere to record what the betrokkene was promised."""
    case = disciplinary_case
    first = inv.set_expected_end_date(org.investigator, case, end_on=inv.suggest_end_date(case),
                                      reason="Volgens de norm van dit type onderzoek.")
    later = working_day_on_or_after(first.end_on + dt.timedelta(days=60))
    second = inv.set_expected_end_date(org.authority, case, end_on=later, reason=REASON)
    history = list(case.expected_end_dates.order_by("id"))
    assert [h.end_on for h in history] == [first.end_on, later]
    assert history[0].reason.startswith("Volgens de norm")  # never overwritten
    assert inv.current_expected_end(case) == second
    assert second.by == org.authority
    assert _events(case, "Verwachte einddatum vastgelegd") == 2


def test_only_lead_or_authority_records_the_end_date(org, disciplinary_case):
    case = disciplinary_case
    inv.add_member(org.investigator, case, org.investigator2, "investigator")
    day = inv.suggest_end_date(case)
    for user in (org.investigator2, org.manager, org.triage, org.criminal):
        assert not policy.can(user, "case.expected_end", case)
        with pytest.raises(PermissionDeniedError):
            inv.set_expected_end_date(user, case, end_on=day, reason=REASON)
    assert not ExpectedEndDate.objects.filter(case=case).exists()
    for user in (org.investigator, org.authority):
        assert policy.can(user, "case.expected_end", case)
        inv.set_expected_end_date(user, case, end_on=day, reason=REASON)
    assert ExpectedEndDate.objects.filter(case=case).count() == 2


def test_the_end_date_needs_a_reason_and_lies_after_the_opening(org, disciplinary_case):
    case = disciplinary_case
    with pytest.raises(ValidationError) as exc:
        inv.set_expected_end_date(org.investigator, case,
                                  end_on=case.opened_on - dt.timedelta(days=1), reason="  ")
    assert set(exc.value.message_dict) == {"end_on", "reason"}
    assert "vóór de start" in exc.value.message_dict["end_on"][0]
    assert not ExpectedEndDate.objects.filter(case=case).exists()


def test_a_running_case_is_not_promised_a_date_already_past(client, org, disciplinary_case):
    """Tester t50: yesterday was accepted as the end date told to the betrokkene."""
    case = disciplinary_case
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    case.opened_on = yesterday - dt.timedelta(days=400)  # overdue: the norm's date lies behind us
    case.save(update_fields=["opened_on"])
    with pytest.raises(ValidationError) as exc:
        inv.set_expected_end_date(org.investigator, case, end_on=yesterday, reason=REASON)
    assert "in het verleden" in exc.value.message_dict["end_on"][0]
    assert inv.set_expected_end_date(org.investigator, case, end_on=working_day_on_or_after(timezone.localdate()),
                                     reason=REASON)
    # The form does not propose the norm's date when that has passed.
    client.force_login(org.investigator)
    ExpectedEndDate.objects.filter(case=case).delete()
    page = client.get(f"/onderzoeken/{case.pk}/?formulier=expected_end").content.decode()
    form = page.split('id="action-expected_end"', 1)[1].split("</form>", 1)[0]
    assert inv.suggest_end_date(case).strftime("%d-%m-%Y") not in form and "end_on" in form
    assert 'id="norm-passed"' in page and "Voorstel volgens de doorlooptijdnorm" not in page  # t53


def test_a_new_date_already_told_is_not_asked_for_again(client, org, disciplinary_case):
    """Tester t61: with the norm's date passed and a new date already told to the betrokkene, the
    case page still said "Noem de betrokkene een nieuwe, haalbare datum"."""
    case = disciplinary_case
    today = timezone.localdate()
    case.opened_on = today - dt.timedelta(days=400)
    case.save(update_fields=["opened_on"])
    client.force_login(org.investigator)
    ask = "Noem de betrokkene een nieuwe, haalbare datum"
    assert ask in client.get(f"/onderzoeken/{case.pk}/").content.decode()
    new_end = add_working_days(today, 10)
    inv.set_expected_end_date(org.investigator, case, end_on=new_end, reason=REASON)
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    passed = page.split('id="norm-passed"', 1)[1].split("</p>", 1)[0]
    assert ask not in page and new_end.strftime("%d-%m-%Y") in passed
    # Recorded is not yet told (tester t63): the page says it goes with the next status update ...
    assert "deel haar met de volgende statusupdate" in passed
    assert "de betrokkene hoort haar met de volgende statusupdate" in page
    # A told date that has passed in turn asks for a new one again.
    ExpectedEndDate.objects.filter(case=case).update(end_on=today - dt.timedelta(days=1))
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert ask in page and "ook die datum is verstreken" in page


def test_the_end_date_told_is_a_working_day(org, disciplinary_case):
    """Tester t62: Saturday 19-12-2026 was told to the betrokkene as the expected end."""
    case = disciplinary_case
    saturday = working_day_on_or_after(timezone.localdate() + dt.timedelta(days=30))
    while saturday.weekday() != 5:
        saturday += dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        inv.set_expected_end_date(org.investigator, case, end_on=saturday, reason=REASON)
    said = refused.value.message_dict["end_on"][0]
    assert "geen werkdag" in said and working_day_on_or_after(saturday).strftime("%d-%m-%Y") in said
    christmas = dt.date(timezone.localdate().year + 1, 12, 25)
    with pytest.raises(ValidationError, match="geen werkdag \\(Eerste [Kk]erstdag\\)"):
        inv.set_expected_end_date(org.investigator, case, end_on=christmas, reason=REASON)
    assert "geen werkdag (weekend)" in said
    assert not ExpectedEndDate.objects.filter(case=case).exists()


def test_the_end_date_is_told_with_the_status_update_that_carries_it(client, org, disciplinary_case):
    """Tester t63: "meegedeeld aan de betrokkene" stood beside a date just recorded, while the page
    still asked for the status update that would tell it."""
    case = disciplinary_case
    told(org, case)
    end = inv.suggest_end_date(case)
    inv.set_expected_end_date(org.investigator, case, end_on=end, reason=REASON)
    client.force_login(org.investigator)
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    header = page[page.index('id="expected-end"'):]
    header = header[:header.index("</dd>")]
    assert "hoort haar met de volgende statusupdate" in header and "meegedeeld aan de betrokkene" not in header
    # A backdated update did not tell a date recorded after it (tester t64).
    earlier = inv.record_status_update(org.investigator, case, given_on=timezone.localdate() - dt.timedelta(days=1),
                                       channel="phone", summary="Geen nieuws; het onderzoek loopt.")
    assert earlier.expected_end_on is None
    assert "hoort haar met de volgende statusupdate" in client.get(f"/onderzoeken/{case.pk}/").content.decode()
    inv.record_status_update(org.investigator, case, given_on=timezone.localdate(), channel="phone",
                             summary="Verwachte einddatum doorgegeven.")
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    header = page[page.index('id="expected-end"'):]
    assert "meegedeeld aan de betrokkene" in header[:header.index("</dd>")]
    assert "legt de verwachte einddatum" not in page  # the hint to share it is gone once shared


def test_a_second_tab_does_not_silently_replace_the_end_date(org, disciplinary_case):
    case = disciplinary_case
    loaded = inv.expected_end_state(case)
    inv.set_expected_end_date(org.investigator, case, end_on=inv.suggest_end_date(case),
                              reason=REASON, expected_state=loaded)
    with pytest.raises(ConcurrentEditError):
        inv.set_expected_end_date(org.authority, case, end_on=inv.suggest_end_date(case),
                                  reason=REASON, expected_state=loaded)
    assert ExpectedEndDate.objects.filter(case=case).count() == 1
    assert inv.expected_end_state(case) != loaded


def test_the_status_update_carries_the_expected_end_date(org, disciplinary_case):
    case = disciplinary_case
    told(org, case)
    promised = inv.set_expected_end_date(org.investigator, case,
                                         end_on=inv.suggest_end_date(case), reason=REASON)
    update = inv.record_status_update(org.investigator, case, given_on=timezone.localdate(),
                                      channel="phone", summary="Geen nieuws; planning gedeeld.")
    assert update.expected_end_on == promised.end_on


# --- accelerating factors ----------------------------------------------------------------------


def test_an_accelerating_factor_is_recorded_with_date_and_note(org, disciplinary_case, factor):
    case = disciplinary_case
    rec = inv.record_accelerator(org.investigator, case, factor=factor,
                                 on=timezone.localdate(), note="Bekende in het intakegesprek.")
    assert rec.factor == factor and rec.by == org.investigator
    assert list(case.accelerators.all()) == [rec]
    assert _events(case, "Versneller vastgelegd") == 1


def test_accelerating_factors_per_role(org, disciplinary_case, factor):
    """Like the delaying factors (pauses): the case's investigators record them."""
    case = disciplinary_case
    inv.add_member(org.investigator, case, org.investigator2, "investigator")
    for user in (org.manager, org.triage, org.criminal, org.authority):
        with pytest.raises(PermissionDeniedError):
            inv.record_accelerator(user, case, factor=factor, on=timezone.localdate())
    assert not case.accelerators.exists()
    for user in (org.investigator, org.investigator2):
        inv.record_accelerator(user, case, factor=factor, on=timezone.localdate())
    assert case.accelerators.count() == 2


def test_an_accelerating_factor_is_dated_within_the_case(org, disciplinary_case, factor):
    case = disciplinary_case
    with pytest.raises(ValidationError) as exc:
        inv.record_accelerator(org.investigator, case, factor=factor,
                               on=case.opened_on - dt.timedelta(days=1))
    assert "on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        inv.record_accelerator(org.investigator, case, factor=factor,
                               on=timezone.localdate() + dt.timedelta(days=1))
    factor.active = False
    factor.save()
    with pytest.raises(ValidationError):
        inv.record_accelerator(org.investigator, case, factor=factor, on=timezone.localdate())


# --- the case page ----------------------------------------------------------------------------


def test_the_case_page_shows_the_promise_and_its_history(client, org, disciplinary_case):
    case = disciplinary_case
    client.force_login(org.investigator)
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    suggestion = inv.suggest_end_date(case).strftime("%d-%m-%Y")
    assert "Verwachte einddatum" in page and suggestion in page
    url = f"/onderzoeken/{case.pk}/actie/expected_end/"
    state = inv.expected_end_state(case)
    later = (inv.suggest_end_date(case) + dt.timedelta(days=30)).strftime("%d-%m-%Y")
    assert client.post(url, {"end_on": later, "reason": REASON, "state": state}).status_code == 302
    page = client.get(f"/onderzoeken/{case.pk}/").content.decode()
    assert later in page and REASON in page
    # A second tab with the old token is refused and keeps what was typed.
    refused = client.post(url, {"end_on": later, "reason": "Tweede tabblad: andere reden hier.",
                                "state": state}, follow=True).content.decode()
    assert "Tweede tabblad" in refused
    assert case.expected_end_dates.count() == 1
    newest = inv.expected_end_state(case)
    assert f'name="state" value="{newest}"' in refused  # saving again replaces it knowingly
    assert client.post(url, {"end_on": later, "reason": "Tweede tabblad: andere reden hier.",
                             "state": newest}).status_code == 302
    assert case.expected_end_dates.count() == 2
    # Refused for a role that may not record it: nothing saved, no 500.
    client.force_login(org.investigator2)
    assert client.post(url, {"end_on": later, "reason": REASON}).status_code in (302, 404)
    assert case.expected_end_dates.count() == 2


def test_the_end_date_form_rejects_nonsense_without_a_500(client, org, disciplinary_case):
    case = disciplinary_case
    client.force_login(org.investigator)
    url = f"/onderzoeken/{case.pk}/actie/expected_end/"
    for end_on in ("31-02-2026", "morgen", "", "01-01-1900"):
        assert client.post(url, {"end_on": end_on, "reason": REASON}).status_code == 302
    assert case.expected_end_dates.count() == 0


def test_the_demo_seed_shows_a_promise_with_history(org, disciplinary_case):
    from vik.investigations import demo_throughput

    demo_throughput.seed()
    demo_throughput.seed()  # idempotent
    case = disciplinary_case
    assert case.expected_end_dates.count() == 2
    assert inv.current_expected_end(case).end_on > inv.suggest_end_date(case)
    assert case.accelerators.count() == 1

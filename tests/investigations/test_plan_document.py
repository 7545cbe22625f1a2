"""The competent authority approves an investigation plan it can read (tester t41: the plan was
approved with no plan document in the case, and nobody had a task to write one)."""

import pytest
from django.utils import timezone

from tests.case_steps import add_plan
from vik.core.errors import DomainError
from vik.investigations import services as inv
from vik.investigations.models import Step
from vik.tasks.selectors import my_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def commissioned(org, disciplinary_case):
    case = disciplinary_case
    inv.commission(org.authority, case, case.opened_on)
    return case


def _tasks(user, kind):
    return [t for t in my_tasks(user) if t.kind == kind]


def test_no_approval_without_the_plan_document(org, commissioned):
    with pytest.raises(DomainError, match="nog geen onderzoeksplan"):
        inv.approve_plan(org.authority, commissioned, timezone.localdate())
    commissioned.refresh_from_db()
    assert inv.plan_approved_on(commissioned) is None and commissioned.status.step == Step.COMMISSIONED
    add_plan(org, commissioned)
    inv.approve_plan(org.authority, commissioned, timezone.localdate())
    assert inv.plan_approved_on(commissioned) == timezone.localdate()


def test_the_investigator_has_the_task_to_write_it_and_the_authority_only_then_to_approve(org, commissioned):
    plan = _tasks(org.investigator, "plan")
    assert [t.reference for t in plan] == [commissioned.reference] and "Onderzoeksplan opstellen" in plan[0].title
    assert not _tasks(org.authority, "step")
    add_plan(org, commissioned)
    assert not _tasks(org.investigator, "plan")
    step = _tasks(org.authority, "step")
    assert [t.reference for t in step] == [commissioned.reference]


def test_the_case_page_says_who_writes_the_plan_before_it_offers_the_approval(client, org, commissioned):
    client.force_login(org.authority)
    page = client.get(f"/onderzoeken/{commissioned.pk}/").content.decode()
    assert 'id="plan-missing"' in page and 'id="action-approve_plan"' not in page
    add_plan(org, commissioned)
    page = client.get(f"/onderzoeken/{commissioned.pk}/").content.decode()
    assert 'id="plan-missing"' not in page and 'id="action-approve_plan"' in page


def test_the_investigators_see_who_writes_it_that_it_waits_and_no_aanzegging_before_it(client, org, commissioned):
    client.force_login(org.investigator)
    url = f"/onderzoeken/{commissioned.pk}/"
    page = client.get(url).content.decode()
    assert f"Hoofdonderzoeker: {org.investigator.display_name}." in page
    assert 'id="action-aanzegging"' not in page and 'id="aanzegging-later"' in page
    add_plan(org, commissioned)
    page = client.get(url).content.decode()
    assert 'id="plan-waiting"' in page and 'id="action-approve_plan"' not in page
    inv.approve_plan(org.authority, commissioned, timezone.localdate())
    page = client.get(url).content.decode()
    assert 'id="action-aanzegging"' in page and 'id="aanzegging-later"' not in page


def test_before_the_aanzegging_no_next_step_is_offered_and_a_forced_one_names_what_comes_first(client, org,
                                                                                              commissioned):
    """Session-18 note: before the plan was approved "Volgende stap" was offered and answered "Leg
    eerst de aanzegging vast", which nobody could do yet."""
    client.force_login(org.investigator)
    url = f"/onderzoeken/{commissioned.pk}/"
    page = client.get(url).content.decode()
    assert 'id="action-advance"' not in page and 'id="next-step"' in page
    with pytest.raises(DomainError, match="Eerst komt het onderzoeksplan"):
        inv.advance(org.investigator, commissioned, Step.HEARINGS, timezone.localdate())
    add_plan(org, commissioned)
    with pytest.raises(DomainError, match="wacht op de goedkeuring van het bevoegd gezag"):
        inv.advance(org.investigator, commissioned, Step.HEARINGS, timezone.localdate())
    inv.approve_plan(org.authority, commissioned, timezone.localdate())
    with pytest.raises(DomainError, match="Leg eerst de aanzegging vast"):
        inv.advance(org.investigator, commissioned, Step.HEARINGS, timezone.localdate())
    commissioned.refresh_from_db()
    response = client.post(url + "actie/advance/", {"step": Step.HEARINGS, "on": timezone.localdate().isoformat(),
                                                    "state": str(commissioned.status_id)}, follow=True)
    assert response.status_code == 200 and "Leg eerst de aanzegging vast" in response.content.decode()
    assert 'id="action-advance"' not in client.get(url).content.decode()


def test_the_authority_sees_that_the_aanzegging_comes_next_and_by_whom(client, org, commissioned):
    """Tester t47: after approving the plan the authority's page said nothing of what came next."""
    add_plan(org, commissioned)
    inv.approve_plan(org.authority, commissioned, timezone.localdate())
    client.force_login(org.authority)
    page = client.get(f"/onderzoeken/{commissioned.pk}/").content.decode()
    assert 'id="aanzegging-later"' in page and "Volgende stap: de aanzegging" in page
    assert f"Hoofdonderzoeker: {org.investigator.display_name}." in page
    assert 'id="next-step"' in page and 'id="action-aanzegging"' not in page


def test_no_status_update_to_the_betrokkene_before_the_aanzegging(client, org, commissioned):
    """Tester t47: an update "to the betrokkene" was recorded on a case he could not know of yet."""
    today = timezone.localdate()
    with pytest.raises(DomainError, match="statusupdates aan de betrokkene volgen na de aanzegging"):
        inv.record_status_update(org.investigator, commissioned, given_on=today, channel="phone",
                                 summary="Geen nieuws, wel contact.")
    assert not commissioned.status_updates.exists()
    client.force_login(org.investigator)
    page = client.get(f"/onderzoeken/{commissioned.pk}/").content.decode()
    assert 'id="action-update"' not in page and 'id="updates-later"' in page


def test_after_the_aanzegging_the_page_names_the_next_step_and_who_and_care_is_warned_before(client, org,
                                                                                          commissioned):
    """Tester t48: after the aanzegging the page no longer said what came next or who does it; before
    it, the care part gave no warning that the betrokkene and his team do not know yet."""
    client.force_login(org.authority)
    url = f"/onderzoeken/{commissioned.pk}/"
    assert 'id="care-before-aanzegging"' in client.get(url).content.decode()
    from tests.case_steps import told

    told(org, commissioned)
    page = client.get(url).content.decode()
    assert 'id="care-before-aanzegging"' not in page
    assert 'id="upcoming"' in page and "Volgende stap volgens het proces: Intake — verantwoordelijk:" in page

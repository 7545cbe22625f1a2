"""Issue 15 item 4: the guide for line managers, per stage, kept by editors in the knowledge base
and shown where the manager works: on the care view of a case when he is the care contact, and
on a signal the triage sent back to him (route "Terug naar de lijn")."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from vik.accounts.models import Role
from vik.core.concurrency import state_token
from vik.investigations.models import Case, StatusType, Step
from vik.knowledge import services
from vik.knowledge.models import ManagerGuideStage, Version
from vik.triage.models import Route

pytestmark = pytest.mark.django_db

Stage = ManagerGuideStage.Stage


def _move(case, step):
    status = StatusType.objects.get(case_type=case.case_type, step=step)
    Case.objects.filter(pk=case.pk).update(status=status)


# --- shown where the manager works --------------------------------------------------------------


@pytest.mark.parametrize(("step", "stage"), [
    (Step.COMMISSIONED, Stage.SIGNAL), (Step.AANZEGGING, Stage.AANZEGGING),
    (Step.HEARINGS, Stage.DURING), (Step.DECISION, Stage.CLOSURE),
])
def test_the_manager_as_care_contact_sees_the_checklist_of_the_case_stage(
        client, org, disciplinary_case, guide, step, stage):
    assert disciplinary_case.care_contact == org.manager  # care is the manager's duty by default
    _move(disciplinary_case, step)
    client.force_login(org.manager)
    html = client.get(reverse("investigations:detail", args=[disciplinary_case.pk])).content.decode()
    assert "Zorg bij onderzoek" in html and 'id="manager-guide"' in html
    assert f"Punt-{stage}-een" in html and f"Niet-{stage}" in html and f"Gesprek-{stage}" in html
    others = [s for s in Stage.values if s != stage]
    assert not any(f"Punt-{other}-een" in html for other in others)


def test_a_closed_case_shows_the_closure_stage(client, org, disciplinary_case, guide):
    Case.objects.filter(pk=disciplinary_case.pk).update(closed_on=timezone.localdate())
    client.force_login(org.manager)
    html = client.get(reverse("investigations:detail", args=[disciplinary_case.pk])).content.decode()
    assert f"Punt-{Stage.CLOSURE}-een" in html


def test_a_care_contact_who_is_not_the_manager_sees_no_guide(client, org, disciplinary_case, guide):
    from vik.care import services as care

    other = UserFactory(username="zorg2", roles=[Role.CARE_CONTACT])
    care.change_care_contact(org.investigator, disciplinary_case, other, "Verhouding verstoord.")
    client.force_login(other)
    html = client.get(reverse("investigations:detail", args=[disciplinary_case.pk])).content.decode()
    assert "Zorg bij onderzoek" in html and 'id="manager-guide"' not in html


def test_the_line_manager_sees_the_signal_checklist_on_the_line_follow_up(
        client, org, make_signal, triage_to, guide):
    signal = make_signal()
    triage_to(signal, Route.LINE, line_manager=org.manager.employee,
              follow_up_due=timezone.localdate() + dt.timedelta(days=5))
    client.force_login(org.manager)
    html = client.get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert 'id="line-form"' in html and 'id="manager-guide"' in html
    assert f"Punt-{Stage.SIGNAL}-een" in html and f"Wel-{Stage.SIGNAL}" in html
    assert f"Punt-{Stage.AANZEGGING}-een" not in html


def test_the_triage_member_sees_no_guide_on_the_signal(client, org, make_signal, triage_to, guide):
    signal = make_signal()
    triage_to(signal, Route.LINE, line_manager=org.manager.employee,
              follow_up_due=timezone.localdate() + dt.timedelta(days=5))
    client.force_login(org.triage)
    page = client.get(reverse("signals:detail", args=[signal.pk]))
    assert page.status_code == 200 and 'id="manager-guide"' not in page.content.decode()


def test_without_guide_content_the_pages_still_work(client, org, disciplinary_case):
    client.force_login(org.manager)
    page = client.get(reverse("investigations:detail", args=[disciplinary_case.pk]))
    assert page.status_code == 200 and 'id="manager-guide"' not in page.content.decode()


def test_every_employee_reads_the_whole_guide(client, org, guide):
    client.force_login(org.care)
    html = client.get(reverse("knowledge:guide")).content.decode()
    for stage in Stage.values:
        assert f"Punt-{stage}-twee" in html
    assert reverse("knowledge:edit", args=["guide", guide[Stage.SIGNAL].pk]) not in html


# --- maintained by editors ----------------------------------------------------------------------


def _form(item, **changes):
    data = {"stage": item.stage, "introduction": item.introduction, "checklist": item.checklist,
            "may_share": item.may_share, "may_not_share": item.may_not_share,
            "care_duty": item.care_duty, "conversation": item.conversation,
            "state": state_token(item), "note": ""}
    return {**data, **changes}


def test_an_editor_edits_a_stage_and_a_version_is_kept(client, editor, guide):
    item = guide[Stage.DURING]
    url = reverse("knowledge:edit", args=["guide", item.pk])
    client.force_login(editor)
    assert client.get(url).status_code == 200
    response = client.post(url, _form(item, checklist="Elke twee weken bellen", note="Ritme"))
    assert response.status_code == 302 and response.url == reverse("knowledge:guide")
    item.refresh_from_db()
    assert item.checklist == "Elke twee weken bellen"
    versions = Version.objects.filter(kind="guide", object_id=item.pk).order_by("number")
    assert [v.number for v in versions] == [1, 2]
    assert versions.last().data["checklist"] == "Elke twee weken bellen"
    assert client.get(reverse("knowledge:history", args=["guide", item.pk])).status_code == 200
    first = client.get(reverse("knowledge:version", args=["guide", item.pk, 1])).content.decode()
    assert f"Punt-{Stage.DURING}-een" in first
    # An older version can be put back; the restore is a new version.
    restore = reverse("knowledge:restore", args=["guide", item.pk, 1])
    assert client.post(restore).status_code == 302
    item.refresh_from_db()
    assert item.checklist == f"Punt-{Stage.DURING}-een\nPunt-{Stage.DURING}-twee"


def test_a_stale_save_is_refused_with_the_conflict_message(client, editor, guide):
    item = guide[Stage.AANZEGGING]
    url = reverse("knowledge:edit", args=["guide", item.pk])
    client.force_login(editor)
    stale = _form(item, checklist="Mijn versie")
    moved = ManagerGuideStage.objects.get(pk=item.pk)
    moved.checklist = "Intussen gewijzigd"
    services.save_content(editor, moved)
    response = client.post(url, stale)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dit is intussen gewijzigd en opgeslagen" in html and "Mijn versie" in html
    assert ManagerGuideStage.objects.get(pk=item.pk).checklist == "Intussen gewijzigd"


@pytest.mark.parametrize("who", ["manager", "care", "triage", "policy"])
def test_a_non_editor_is_refused(client, org, guide, who):
    user = getattr(org, who)
    item = guide[Stage.SIGNAL]
    client.force_login(user)
    url = reverse("knowledge:edit", args=["guide", item.pk])
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, _form(item, checklist="Gekaapt")).status_code in (403, 404)
    assert client.get(reverse("knowledge:history", args=["guide", item.pk])).status_code in (403, 404)
    item.refresh_from_db()
    assert item.checklist != "Gekaapt"


def test_the_service_refuses_a_non_editor(org, guide):
    from vik.core.errors import PermissionDeniedError

    item = guide[Stage.SIGNAL]
    item.checklist = "Gekaapt"
    with pytest.raises(PermissionDeniedError):
        services.save_content(org.manager, item)


@pytest.mark.parametrize("key", ["999999", "abc", "-1"])
def test_bad_keys_give_404_not_500(client, editor, guide, key):
    client.force_login(editor)
    assert client.get(f"/kennis/redactie/guide/{key}/").status_code == 404


def test_bad_input_gives_400_not_500(client, editor, guide):
    item = guide[Stage.SIGNAL]
    url = reverse("knowledge:edit", args=["guide", item.pk])
    client.force_login(editor)
    for data in (_form(item, stage="nonsense"), _form(item, checklist=""),
                 _form(item, stage=Stage.DURING), _form(item, state="x" * 500), {"stage": ""}):
        assert client.post(url, data).status_code == 400
    # A second stage with the same name cannot be made.
    new = client.post(reverse("knowledge:new", args=["guide"]), _form(item, state=""))
    assert new.status_code == 400
    assert ManagerGuideStage.objects.count() == len(Stage.values)


# --- demo content -------------------------------------------------------------------------------


def test_the_demo_seeds_every_stage_once_in_dutch(org):
    from vik.knowledge import demo

    demo.seed()
    stages = {s.stage: s for s in ManagerGuideStage.objects.all()}
    assert set(stages) == set(Stage.values)
    assert all(s.checklist and s.may_not_share and s.conversation for s in stages.values())
    assert Version.objects.filter(kind="guide").count() == len(Stage.values)
    demo.seed()  # idempotent: editors' changes survive a second run
    assert Version.objects.filter(kind="guide").count() == len(Stage.values)

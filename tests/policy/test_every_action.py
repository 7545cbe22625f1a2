"""Every action the policy knows has a row here, with at least one user it allows and one it
refuses: a new action without a row fails `test_every_action_has_a_row`."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tests.case_steps import approve_plan
from tests.confidential.conftest import advisor_report, conf  # noqa: F401  (fixtures)
from tests.factories import EmployeeFactory, UserFactory
from tests.prevention.conftest import dilemma_set, editor, open_check  # noqa: F401  (fixtures)
from tests.vetting.conftest import declare
from vik import policy
from vik.accounts.models import Role
from vik.confidential import services as confidential
from vik.confidential.models import Category, Complaint, RepeatSignal
from vik.learning.models import Improvement, LearningCircle, LearningPoint
from vik.prevention import services as prevention
from vik.triage.models import Route
from vik.vetting import services as vetting
from vik.vetting.models import Screening


@pytest.fixture
def world(org, disciplinary_case, make_signal, triage_to, conf, advisor_report, editor,  # noqa: F811
          dilemma_set, open_check):  # noqa: F811
    today = timezone.localdate()
    line_signal = make_signal(subjects=[org.colleague])
    triage_to(line_signal, Route.LINE, line_manager=org.manager.employee,
              follow_up_due=today + dt.timedelta(days=14))
    confidential.record_consent(conf.advisor, advisor_report, today, "Mondeling gegeven.")
    system = UserFactory(username="systeem", employee=None)
    soc = UserFactory(username="soc", roles=[Role.SOC_ANALYST], employee=EmployeeFactory(unit=org.vik_a))
    complaint = confidential.register_complaint(conf.member, confidential.ComplaintInput(
        region=org.region_a, committee=conf.committee, chair=conf.chair, category=Category.INTIMIDATION,
        received_on=today - dt.timedelta(days=3), complainant="Anna Klager", accused="Bob Beklaagd",
        summary="Buitensluiten bij de dienstindeling."))
    advised = confidential.register_complaint(conf.member, confidential.ComplaintInput(
        region=org.region_a, committee=conf.committee, chair=conf.chair, category=Category.INTIMIDATION,
        received_on=today - dt.timedelta(days=30), complainant="Anna Klager", accused="Bob Beklaagd",
        summary="Buitensluiten bij de dienstindeling."))
    day = advised.received_on
    confidential.decide_admissibility(conf.member, advised, True, day + dt.timedelta(days=2), "")
    confidential.record_hearing(conf.member, advised, day + dt.timedelta(days=10), True, True,
                                "Beide partijen apart gehoord.")
    confidential.give_advice(conf.member, advised, day + dt.timedelta(days=20), Complaint.Advice.FOUNDED,
                             "Gegrond, berisping.")
    contact = confidential.register_contact(conf.advisor, confidential.ContactInput(
        contact_on=today - dt.timedelta(days=2), category=Category.INTIMIDATION, reporter_type="employee",
        unit=org.region_a, actions=["conversation"], minutes=30, reporter_name="Iemand",
        other_names="", notes="", follow_up_on=None))
    for advisor in (conf.advisor, conf.advisor2):  # two advisors, one person: a repeat-concern signal
        confidential.register_contact(advisor, confidential.ContactInput(
            contact_on=today - dt.timedelta(days=5), category=Category.INTIMIDATION, reporter_type="employee",
            unit=org.region_a, actions=["conversation"], minutes=30, concerns=[org.colleague]))
    repeat_signal = RepeatSignal.objects.get()
    org.national_signal = make_signal(subjects=[org.colleague])  # waits for the national triage
    triage_to(org.national_signal, Route.NATIONAL)
    org.national_signal.refresh_from_db()
    session = prevention.start_session(org.manager, dilemma_set, "Teamdag", org.patrol)
    activity = prevention.register_activity(editor, org.patrol, held_on=today, title="Theater", format="theatre",
                                            facilitator="Theatergroep", participants=30)
    other_manager = UserFactory(username="teamchef_vik", roles=[Role.LINE_MANAGER],
                                employee=EmployeeFactory(unit=org.vik_a, is_manager=True))
    member = UserFactory(username="agent", employee=EmployeeFactory(unit=org.patrol, manager=org.manager.employee))
    vetter = UserFactory(username="veiligheid", roles=[Role.VETTING], employee=EmployeeFactory(unit=org.vik_a))
    gift = declare(member)
    relation = declare(member, "relation")
    screening = vetting.plan_screening(vetter, member.employee, "bo", "initial",
                                       today + dt.timedelta(days=30))
    own_screening = Screening.objects.create(
        employee=vetter.employee, level="bo", kind="initial", due_on=today, created_by=vetter)
    # The betrokkene follows his case once it was told to him (the aanzegging).
    from tests.conftest import a_tuesday_morning
    from vik.investigations import services as inv

    inv.commission(org.authority, disciplinary_case, disciplinary_case.opened_on)
    approve_plan(org, disciplinary_case, disciplinary_case.opened_on)
    inv.record_aanzegging(org.investigator, disciplinary_case, a_tuesday_morning(weeks_ago=1),
                          care_offered=True, accept_warnings=True)
    disciplinary_case.refresh_from_db()
    betrokkene = UserFactory(username="betrokkene", employee=org.officer)
    learning_point = LearningPoint(case=disciplinary_case, created_by=org.policy)
    circle = LearningCircle.objects.create(held_on=today, unit=org.patrol, created_by=org.policy)
    circle.participants.set([org.manager.employee])
    improvement = Improvement.objects.create(circle=circle, description="Werkoverleg.", owner=org.manager,
                                             due_on=today)
    return SimpleNamespace(learning_point=learning_point, circle=circle, improvement=improvement,
                           anonymous=AnonymousUser(), vetter=vetter, gift=gift, relation=relation, screening=screening,
                           own_screening=own_screening, betrokkene=betrokkene,
                           org=org, conf=conf, soc=soc, editor=editor, member=member, system=system,
                           line_signal=line_signal, advised=advised,
                           signal=disciplinary_case.signal, case=disciplinary_case, report=advisor_report,
                           complaint=complaint, contact=contact, repeat_signal=repeat_signal, session=session,
                           check=open_check, activity=activity, other_manager=other_manager)


# action -> [(user, object, allowed)], users and objects named by their attribute in `world`
# (`org.x` and `conf.x` for the shared fixtures); None is no object.
MATRIX = {
    "signal.create": [("org.triage", None, True), ("org.nobody", None, False)],
    "signal.view": [("org.triage", "signal", True), ("org.triage_b", "signal", False)],
    "signal.follow": [("org.triage", "signal", True), ("org.nobody", "signal", False)],
    "signal.triage": [("org.triage", "signal", True), ("org.investigator", "signal", False)],
    "signal.reporter": [("org.triage", "signal", True), ("org.manager", "signal", False),
                        ("org.triage_b", "signal", False)],
    "signal.line_report": [("org.manager", "line_signal", True), ("org.triage", "line_signal", False),
                           ("org.manager", "signal", False)],
    "people.search": [("org.investigator", None, True), ("org.nobody", None, False)],
    "triage.queue": [("org.triage", None, True), ("org.investigator", None, False)],
    "triage.session.open": [("org.triage_b", None, True), ("org.policy", None, False)],
    "triage.national": [("org.triage_national", None, True), ("org.triage", None, False)],
    "signal.national_decide": [("org.triage_national", "org.national_signal", True),
                               ("org.triage", "org.national_signal", False),
                               ("org.triage_national", "signal", False)],
    "case.view": [("org.investigator", "case", True), ("org.investigator2", "case", False)],
    "case.file": [("org.investigator", "case", True), ("org.authority", "case", True),
                  ("org.manager", "case", False), ("org.investigator2", "case", False)],
    "case.work": [("org.investigator", "case", True), ("org.authority", "case", False)],
    "case.authority": [("org.authority", "case", True), ("org.investigator", "case", False)],
    "case.assign": [("org.investigator", "case", True), ("org.manager", "case", False)],
    "case.manage": [("org.authority", "case", True), ("org.manager", "case", False)],
    "case.rights.decide": [("org.investigator", "case", True), ("org.authority", "case", True),
                           ("org.manager", "case", False), ("org.investigator2", "case", False)],
    "case.expected_end": [("org.investigator", "case", True), ("org.authority", "case", True),
                          ("org.manager", "case", False), ("org.investigator2", "case", False)],
    "case.own": [("betrokkene", "case", True), ("org.investigator", "case", False),
                 ("org.manager", "case", False)],
    "case.care": [("org.manager", "case", True), ("org.triage", "case", False)],
    "case.documents": [("org.investigator", "case", True), ("org.manager", "case", False)],
    "case.serve.authority": [("org.authority", None, True), ("org.investigator", None, False)],
    "case.serve.investigator": [("org.investigator2", "case", True), ("org.criminal", "case", False)],
    "audit.view": [("org.auditor", None, True), ("org.admin", None, False)],
    "stats.view": [("org.policy", None, True), ("org.triage", None, False)],
    "stats.quality": [("org.triage", None, True), ("org.nobody", None, False)],
    "stats.quality.unit": [("org.policy", "org.region_b", True), ("org.triage", "org.region_a", True),
                           ("org.triage", "org.region_b", False), ("org.nobody", "org.region_a", False)],
    "config.manage": [("org.admin", None, True), ("org.auditor", None, False)],
    "monitoring.prevention": [("org.policy", None, True), ("soc", None, True), ("org.triage", None, False)],
    "monitoring.review": [("soc", None, True), ("org.policy", None, False)],
    "monitoring.govern": [("org.admin", None, True), ("org.policy", None, False), ("soc", None, False),
                          ("org.triage", None, False)],
    "monitoring.govern.view": [("org.policy", None, True), ("org.admin", None, True), ("soc", None, False),
                               ("org.triage", None, False)],
    "confidential.inbox": [("conf.office", None, True), ("conf.member", None, False)],
    "confidential.report.view": [("conf.advisor", "report", True), ("conf.office", "report", False)],
    "confidential.report.handle": [("conf.advisor", "report", True), ("conf.central", "report", False)],
    "confidential.report.forward": [("conf.advisor", "report", True), ("conf.reporter", "report", False)],
    "confidential.report.own": [("conf.reporter", "report", True), ("conf.advisor", "report", False)],
    "confidential.register": [("conf.advisor", None, True), ("conf.office", None, False)],
    "confidential.contact": [("conf.advisor", "contact", True), ("conf.advisor2", "contact", False)],
    "confidential.coordinate": [("conf.central", None, True), ("conf.advisor", None, False)],
    "confidential.annual_report": [("conf.central", None, True), ("conf.advisor", None, False)],
    "confidential.repeat": [("conf.central", None, True), ("conf.advisor", None, False), ("org.policy", None, False)],
    "confidential.repeat.view": [("conf.central", "repeat_signal", True), ("conf.advisor", "repeat_signal", False),
                                 ("conf.advisor2", "repeat_signal", False), ("org.triage", "repeat_signal", False)],
    "confidential.evaluations": [("conf.central", None, True), ("conf.member", None, False),
                                 ("org.policy", None, False)],
    "confidential.complaints": [("conf.member", None, True), ("conf.chief", None, False)],
    "confidential.complaint.view": [("conf.member", "complaint", True), ("conf.office", "complaint", False)],
    "confidential.complaint.handle": [("conf.chair", "complaint", True), ("conf.chief", "complaint", False)],
    "confidential.complaint.decide": [("conf.chief", "advised", True), ("conf.chief", "complaint", False),
                                      ("conf.member", "advised", False)],
    "confidential.decisions": [("conf.chief", None, True), ("conf.member", None, False)],
    "confidential.complaint.file": [("org.nobody", None, True), ("system", None, False)],
    "knowledge.edit": [("editor", None, True), ("org.manager", None, False)],
    "prevention.edit": [("editor", None, True), ("org.manager", None, False)],
    "prevention.facilitate": [("org.manager", None, True), ("org.nobody", None, False)],
    "prevention.session.run": [("org.manager", "session", True), ("editor", "session", False)],
    "prevention.session.team": [("org.manager", "org.patrol", True), ("org.manager", "org.vik_a", False),
                                ("editor", "org.vik_a", True), ("org.nobody", "org.patrol", False)],
    "prevention.climate.start": [("org.manager", "org.patrol", True), ("org.manager", "org.vik_a", False),
                                 ("editor", "org.vik_a", True), ("org.nobody", "org.patrol", False)],
    "prevention.climate.manage": [("org.manager", "check", True), ("member", "check", False)],
    "prevention.climate.follow_up": [("org.manager", "check", True), ("member", "check", False),
                                     ("editor", "check", False)],
    "prevention.climate.view": [("member", "check", True), ("org.triage", "check", False)],
    "prevention.climate.answer": [("member", "check", True), ("org.manager", "check", True),
                                  ("org.triage", "check", False)],
    "prevention.activity.register": [("org.manager", "org.patrol", True), ("org.manager", "org.vik_a", False),
                                     ("editor", "org.vik_a", True), ("member", "org.patrol", False),
                                     ("org.policy", "org.patrol", False)],
    "prevention.activity.manage": [("org.manager", "activity", True), ("editor", "activity", True),
                                 ("other_manager", "activity", False), ("member", "activity", False),
                                 ("org.policy", "activity", False)],
    "prevention.coverage": [("org.policy", None, True), ("editor", None, True), ("org.manager", None, False),
                            ("org.nobody", None, False)],
    "vetting.screenings": [("vetter", None, True), ("org.manager", None, False), ("org.policy", None, False)],
    "vetting.screening.view": [("vetter", "screening", True), ("vetter", "own_screening", False),
                               ("org.manager", "screening", False), ("member", "screening", False)],
    "vetting.screening.manage": [("vetter", "screening", True), ("vetter", "own_screening", False),
                                 ("soc", "screening", False)],
    "vetting.declare": [("member", None, True), ("system", None, False)],
    "vetting.declaration.view": [("member", "gift", True), ("org.manager", "gift", True),
                                 ("vetter", "gift", False), ("org.policy", "gift", False),
                                 ("vetter", "relation", True), ("org.manager", "relation", False)],
    "vetting.declaration.decide": [("org.manager", "gift", True), ("member", "gift", False),
                                   ("vetter", "relation", True), ("org.manager", "relation", False)],
    "learning.library": [("org.nobody", None, True), ("anonymous", None, False)],
    "learning.point.write": [("org.policy", "case", True), ("org.investigator", "case", True),
                             ("org.investigator2", "case", False), ("org.manager", "case", False)],
    "learning.point.manage": [("org.policy", "learning_point", True), ("org.nobody", "learning_point", False)],
    "learning.circle.organise": [("org.manager", None, True), ("org.nobody", None, False)],
    "learning.circle.manage": [("org.policy", "circle", True), ("org.manager", "circle", False)],
    "learning.circle.view": [("org.manager", "circle", True), ("org.nobody", "circle", False)],
    "learning.improvement.done": [("org.manager", "improvement", True), ("org.nobody", "improvement", False)],
    "vetting.inbox": [("org.manager", None, True), ("vetter", None, True), ("member", None, False)],
    "vetting.aggregates": [("org.policy", None, True), ("vetter", None, False)],
    "vetting.relations.export": [("soc", None, True), ("vetter", None, True), ("org.policy", None, False)],
    "account.second_factor.reset": [("org.admin", None, True), ("org.triage", None, False)],
}

def _get(world, name):
    if name is None:
        return None
    value = world
    for part in name.split("."):
        value = getattr(value, part)
    return value


def test_every_action_has_a_row():
    assert set(MATRIX) == set(policy.ACTIONS)


@pytest.mark.parametrize("action", sorted(policy.ACTIONS))
def test_every_action_allows_someone_and_refuses_someone(action):
    rows = MATRIX[action]
    assert any(not allowed for _user, _obj, allowed in rows), action
    assert any(allowed for _user, _obj, allowed in rows), action


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_matrix_row(world, action):
    for user_name, obj_name, allowed in MATRIX[action]:
        user, obj = _get(world, user_name), _get(world, obj_name)
        assert policy.can(user, action, obj) is allowed, (action, user_name, obj_name)


def test_refusals_of_every_action_for_inactive_users(world):
    world.org.triage.is_active = False
    for action in policy.ACTIONS:
        assert not policy.can(world.org.triage, action, world.signal)

import pytest
from django.utils import timezone

from tests.factories import EmployeeFactory, UserFactory
from vik.accounts.models import Role
from vik.core.tasks import collect
from vik.learning import demo
from vik.learning.models import Improvement, LearningCircle, LearningPoint

pytestmark = pytest.mark.django_db


def test_the_demo_has_published_points_and_a_circle_with_an_open_improvement(decided_case, org):
    manager = UserFactory(username="leidinggevende", roles=[Role.LINE_MANAGER],
                          employee=EmployeeFactory(unit=org.patrol))
    demo.seed()
    demo.seed()  # idempotent
    assert LearningPoint.objects.filter(published=True).count() == 1  # one decided case in this world
    circle = LearningCircle.objects.get()
    assert circle.points.count() == 1
    improvement = Improvement.objects.get(done_on__isnull=True)
    assert improvement.owner == manager
    assert [t.kind for t in collect(manager, timezone.localdate())].count("learning") == 1

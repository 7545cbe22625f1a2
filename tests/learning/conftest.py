import datetime as dt

import pytest
from django.utils import timezone

from vik.investigations.models import Decision, Outcome
from vik.learning import services
from vik.learning.models import Theme


@pytest.fixture
def decided_case(disciplinary_case, org):
    Decision.objects.create(case=disciplinary_case, outcome=Outcome.CORRECTIVE, reasoning="Leerzaam.",
                            decided_on=timezone.localdate(), decided_by=org.authority)
    disciplinary_case.refresh_from_db()
    return disciplinary_case


def point_input(**changes) -> services.PointInput:
    data = {"theme": Theme.INFORMATION, "title": "Opvragen uit nieuwsgierigheid",
            "what_happened": "Een medewerker zocht privé iemand op in de systemen.",
            "lesson": "Alleen opvragen voor je werk; elke opvraging wordt gelogd.",
            "period": timezone.localdate() - dt.timedelta(days=3), "publish": True}
    data.update(changes)
    return services.PointInput(**data)


@pytest.fixture
def point(decided_case, org):
    return services.write_point(org.policy, decided_case, point_input())


@pytest.fixture
def circle(org, point):
    return services.record_circle(
        org.policy, timezone.localdate(), org.patrol, [org.manager.employee], [point], "Besproken.",
        [services.ImprovementInput("Werkoverleg over opvragen.", org.manager,
                                   timezone.localdate() + dt.timedelta(days=14))])

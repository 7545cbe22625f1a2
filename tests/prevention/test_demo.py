"""The demo shows the prevention cycle: the demo team's activities with one evaluation shown as
aggregates and one with too few responses, and activities of other teams for the coverage."""

import pytest
from django.utils import timezone

from vik.prevention import demo, selectors
from vik.prevention.models import Activity


@pytest.fixture
def seeded(org):
    return demo.seed(timezone.localdate())


def test_the_demo_team_has_activities_and_evaluations(client, seeded):
    team = seeded.employee.unit
    theatre = Activity.objects.get(team=team, format="theatre")
    masterclass = Activity.objects.get(team=team, format="masterclass")
    assert theatre.format == "theatre" and selectors.evaluation_view(theatre).visible
    assert masterclass.responses == 3 and not selectors.evaluation_view(masterclass).visible
    client.force_login(seeded)
    for activity in (theatre, masterclass):
        page = client.get(f"/preventie/activiteiten/?jaar={activity.held_on.year}")
        assert page.status_code == 200 and activity.title in page.text
    assert "Te weinig reacties" in client.get(f"/preventie/activiteiten/{masterclass.pk}/").text
    results = client.get(f"/preventie/activiteiten/{theatre.pk}/").text
    assert "Te weinig reacties" not in results and "9 reacties" in results


def test_the_demo_is_idempotent_and_feeds_the_coverage(seeded, org):
    count = Activity.objects.count()
    demo.seed(timezone.localdate())
    assert Activity.objects.count() == count
    year = Activity.objects.get(team=seeded.employee.unit, format="theatre").held_on.year
    rows = selectors.coverage(year)
    # (The whole demo organisation also has teams without one; this small one may not.)
    assert sum(r.covered for r in rows) >= 1 and sum(r.activities for r in rows) >= 2

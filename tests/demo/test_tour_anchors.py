"""The demo gives every role of the README's tour somewhere to start, whatever day it is seeded.

CI on 3 December 2026: the demo authority had no plan to approve (the random timeline had moved
his newest case past that step), so the tour's first step for him found nothing. The demo is
seeded on the day `make run` runs, so the starting points must not depend on the date. This
seeds the organisation on several days (a holiday, a weekend, a leap day, the failing day) with
the clock moved there and checks each tour start as `tests/tour/test_tour.py` and the README's tour per role look
for it.
"""

from datetime import date, datetime
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings

from vik.accounts.models import User
from vik.demo import organisation as demo
from vik.demo.management.commands.seed_demo import EXTRA_SEEDS
from vik.investigations.models import Track
from vik.investigations.selectors import cases_for
from vik.tasks.selectors import my_tasks

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DAYS = [date(2026, 12, 3), date(2027, 1, 1), date(2027, 3, 14), date(2028, 2, 29),
        date(2026, 7, 20)]


def _titles(username: str) -> list[str]:
    return [str(task.title) for task in my_tasks(User.objects.get(username=username))]


def _starts() -> dict[str, bool]:
    """Each start of the browser tour, True when the demo offers it."""
    authority = _titles("bevoegdgezag")
    investigator = my_tasks(User.objects.get(username="onderzoeker"))
    manager = _titles("leidinggevende")
    return {
        "authority: plan to approve": "Stap ‘Onderzoeksplan goedgekeurd’" in authority,
        "authority: decision to take": "Stap ‘Besluit’" in authority,
        "authority: voornemen to send": "Voornemen tot straf sturen, of besluiten zonder straf" in authority,
        "investigator: status update": any(
            str(t.title).startswith("Statusupdate aan betrokkene") for t in investigator),
        "investigator: review moment": any(
            str(t.title) == "Vast evaluatiemoment met de opdrachtgever" for t in investigator),
        "investigator: something overdue": any(t.overdue for t in investigator),
        "criminal investigator: a criminal case": cases_for(
            User.objects.get(username="rechercheur")).filter(case_type__track=Track.CRIMINAL).exists(),
        "line manager: line report": any(t.startswith("Terugkoppelen over afhandeling in de lijn")
                                         for t in manager),
        "line manager: care update": any(t.startswith("Statusupdate aan betrokkene") for t in manager),
        "care contact: care update": any(
            t.startswith("Statusupdate aan betrokkene") for t in _titles("zorg")),
        "betrokkene: zienswijze to give": any(
            t.kind == "zienswijze" for t in my_tasks(User.objects.get(username="betrokkene"))),
    }


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_every_tour_start_exists_on_any_seed_day(django_db_blocker, day):
    moment = datetime(day.year, day.month, day.day, 8, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(moment, tick=False), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        with transaction.atomic():
            assert demo.seed(scale=0.05) is True
            # `make run` seeds every part of the demo on that day: none may fail on a holiday.
            with override_settings(MAILERS={"default": {
                    "BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
                for _label, module in EXTRA_SEEDS:
                    import_module(module).seed()
            starts = _starts()
            transaction.set_rollback(True)
    missing = [name for name, present in starts.items() if not present]
    assert not missing, f"seeded on {day}: the tour has nowhere to start for {missing}"

"""Issue 16: `Closure` moved from care to investigations as a move of state only. The table
`care_closure` stays, so a closure recorded before the move is read by the new model after it,
and going back restores the old owner (run on SQLite here, on PostgreSQL in its pass)."""

import datetime as dt

import pytest

from tests.migrations import migrate
from vik.investigations.models import Closure

BEFORE = [("investigations", "0003_commission_date"), ("care", "0001_initial")]
AFTER = [("investigations", "0004_closure_from_care"),
         ("care", "0002_closure_to_investigations")]



def test_the_model_lives_in_investigations_on_the_same_table():
    assert Closure._meta.app_label == "investigations"
    assert Closure._meta.db_table == "care_closure"


def test_closures_survive_the_move_both_ways(transactional_db, org, disciplinary_case):
    Closure.objects.create(case=disciplinary_case, communicated_on=dt.date(2026, 3, 2),
                           communication="Telefonisch meegedeeld, daarna per brief.",
                           rehabilitation_plan="Gesprek met het team.", by=org.authority)
    try:
        old = migrate(BEFORE)
        with pytest.raises(LookupError):
            old.get_model("investigations", "Closure")
        row = old.get_model("care", "Closure").objects.get(case_id=disciplinary_case.pk)
        assert row.communication == "Telefonisch meegedeeld, daarna per brief."
    finally:
        new = migrate(None)  # AFTER and every later migration
    with pytest.raises(LookupError):
        new.get_model("care", "Closure")
    row = new.get_model("investigations", "Closure").objects.get(case_id=disciplinary_case.pk)
    assert row.rehabilitation_plan == "Gesprek met het team."
    assert Closure.objects.get().case == disciplinary_case

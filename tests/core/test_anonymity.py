"""Texts read without names (learning points, a decision's leerpunten, a repeat signal's closing
note, an evaluation comment) hold nothing that leads to a person (tester t37: an e-mail address, a
mobile number, "Brigadier Jan de Vries" and a personnel number after "pers.nr" went through; t35:
"D2026 000151" and "MP-00150")."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import EmployeeFactory
from vik.core.anonymity import identifying_details

pytestmark = pytest.mark.django_db

# Lower-case words without digits: what an anonymous text is made of.
_safe_words = st.lists(st.sampled_from(["de", "collega", "keek", "zonder", "reden", "in", "het", "systeem",
                                        "brigadier", "agent", "zei", "dat", "hij", "maart", "2026", "team"]),
                       max_size=20).map(" ".join)


@pytest.mark.parametrize(("text", "found"), [
    ("Een medewerker mailde naar jan.devries@politie.nl.", "jan.devries@politie.nl"),
    ("Hij belde 06-12345678 vanuit huis.", "06-12345678"),
    ("Bereikbaar op +31 6 1234 5678.", "+31 6 1234 5678"),
    ("Of op 020-1234567.", "020-1234567"),
    ("Brigadier Jan de Vries keek mee.", "Brigadier Jan de Vries"),
    ("Het ging over dhr. J. van den Berg.", "dhr. J. van den Berg"),
    ("Gesprek met mevrouw Bakker-Smit gevoerd.", "mevrouw Bakker-Smit"),
    ("Zie D2026 000151 en MP-00150.", "D2026 000151"),
    ("Zie D2026 000151 en MP-00150.", "MP-00150"),
    ("Over KL2026-0114 en ST2026-G9V6QU.", "ST2026-G9V6QU"),
    ("Betrokkene, pers.nr 123456, was op de hoogte.", "123456"),
    ("Op 01-12-2026 gebeurde het.", "01-12-2026"),
])
def test_what_leads_to_a_person_is_found_and_named(text, found):
    problems = identifying_details(text)
    assert problems and found in " ".join(problems)


@pytest.mark.parametrize("text", [
    "De brigadier zei dat een collega zonder reden in het systeem keek.",
    "In maart 2026 kwam het drie keer voor; het team sprak het uit.",
    "Een collega. Hij ging door.",
    "Een bedrag van 125000 euro en 15 raadplegingen.",
])
def test_an_anonymous_text_passes(text):
    assert identifying_details(text) == []


def test_an_employees_full_name_and_personnel_number_are_found():
    employee = EmployeeFactory(first_name="Daan", surname="ter Boschhuis", personnel_number="P100023")
    problems = " ".join(identifying_details("Daan ter Boschhuis (100023) sprak erover."))
    assert "Daan ter Boschhuis" in problems and "100023" in problems
    assert employee.personnel_number not in " ".join(identifying_details("Een bedrag van 125000 euro."))


@given(_safe_words, _safe_words, st.sampled_from(["a.b@c.nl", "0612345678", "06 1234 5678", "P123456",
                                                   "M2026-000012", "3 maart"]))
def test_a_detail_anywhere_in_an_anonymous_text_is_found(before, after, detail):
    assert identifying_details(f"{before} {after}") == []
    assert identifying_details(f"{before} {detail} {after}")

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
    # Tester t38: the ways of writing them that went through.
    ("Zie d2025/000068.", "d2025/000068"),
    ("Zie 2025-000068.", "2025-000068"),
    ("Zie D 2025 000068.", "D 2025 000068"),
    ("Zie D2025 - 000068.", "D2025 - 000068"),
    ("Op 14/3 gebeurde het.", "14/3"),
    ("Hij had pers.nr 123 456.", "123 456"),
    ("Het kenteken XX-123-Y stond er.", "XX-123-Y"),
    ("Collega Van Dam kwam erbij.", "Collega Van Dam"),
    # Tester t39.
    ("Op 14-03 belde hij.", "14-03"),
    ("Auto xx-123-y reed weg.", "xx-123-y"),
    ("Op 01/03 belde hij.", "01/03"),
    # Written so that a filter of addresses misses them: spelled out, or a plate with spaces.
    ("Mail jan.devries apenstaartje politie punt nl.", "jan.devries apenstaartje politie punt nl"),
    ("Mail j.devries [at] politie [dot] nl.", "j.devries [at] politie [dot] nl"),
    ("Mail jdv (at) gmail.com.", "jdv (at) gmail.com"),
    ("Auto AB 12 34 reed weg.", "AB 12 34"),
    ("Auto 12 ABC 3 reed weg.", "12 ABC 3"),
    ("Auto XX 123 Y stond er.", "XX 123 Y"),
    # Tester t42.
    ("Kenteken ab 12 34 opgezocht.", "ab 12 34"),
    ("Bel 06 - 123 456 78 op.", "06 - 123 456 78"),
    # Session 17's leftovers: a plate written together, a number in words, and the postcode.
    ("Kenteken AB1234 opgezocht.", "AB1234"),
    ("Auto 12ABC3 en 1ABC23 bekeken.", "12ABC3"),
    ("Hij woont in 1234 AB, vlak bij het bureau.", "1234 AB"),
    ("Postcode 3511KT stond in de zoekvraag.", "3511KT"),
    ("Bel nul zes een twee drie vier vijf zes zeven acht.", "nul zes een twee drie vier vijf zes zeven acht"),
    ("Bel nul zes - 1234 5678 na vijven.", "nul zes - 1234 5678"),
    # Tester t43: in lower case, and numbers in words as people say them.
    ("Opgevraagd: ab1234 en daarna niets.", "ab1234"),
    ("Hij woont op 1234ab.", "1234ab"),
    ("Hij woont op 1234 ab, naast het bureau.", "1234 ab"),
    ("Bel plus drie een zes een twee drie vier vijf zes zeven acht.",
     "plus drie een zes een twee drie vier vijf zes zeven acht"),
    ("Bel nul zes twaalf vierendertig zesenvijftig achtenzeventig.",
     "nul zes twaalf vierendertig zesenvijftig achtenzeventig"),
    ("Bel nul zes tweeëntwintig drieëndertig vierenveertig vijfenvijftig.",
     "nul zes tweeëntwintig drieëndertig vierenveertig vijfenvijftig"),
])
def test_what_leads_to_a_person_is_found_and_named(text, found):
    problems = identifying_details(text)
    assert problems and found in " ".join(problems)


@pytest.mark.parametrize("text", [
    "De brigadier zei dat een collega zonder reden in het systeem keek.",
    "In maart 2026 kwam het drie keer voor; het team sprak het uit.",
    "Een collega. Hij ging door.",
    "Een bedrag van 125000 euro en 15 raadplegingen.",
    # Tester t38: refused as names, but parts of the organisation and ordinary Dutch.
    "De Agent van Dienst belde de meldkamer.",
    "De Brigadier van de Noodhulp kwam ter plaatse.",
    "Een Hoofdagent van Basisteam Havenmond-Centrum was erbij.",
    "Collega Van Dam-achtige situaties komen vaker voor.",
    "In 2025 werd het erger; 24 uur per dag, 3-4 weken lang.",
    "Week 12 van 2026, een bedrag van € 125.000 of 1.250,00.",
    # Tester t39: ordinary Dutch.
    "Hij was 24/7 bereikbaar en 1/3 van het team wist ervan.",
    "Ze keek at random in het systeem, punt uit.",
    "Team A 12 keer, team B 34 keer; in 2026 12 meldingen.",
    "Om 12 uur 3 collega's, in groep A 1 en B 2.",
    "Een rit van 1000km, covid19 en een A4 met 2 of 3 punten; in 2026 een twee drie keer.",
    "Hij telde een, twee, drie, vier, vijf tot tien en zes of zeven collega's.",
    "Sinds 2024 is het 1500 euro, in 1000 km rijden.",
    # Tester t43: ordinary Dutch with lower-case letters after a number.
    "In 2026 en 2027 reden ze 1500 km en 1000kg; in week52 en team12 was het test12.",
    "Het duurde twaalf weken, vierendertig gesprekken en zesenvijftig meldingen.",
])
def test_an_anonymous_text_passes(text):
    assert identifying_details(text) == []


def test_an_employees_full_name_and_personnel_number_are_found():
    employee = EmployeeFactory(first_name="Daan", surname="ter Boschhuis", personnel_number="P100023")
    problems = " ".join(identifying_details("Daan ter Boschhuis (100023) sprak erover."))
    assert "Daan ter Boschhuis" in problems and "100023" in problems
    assert employee.personnel_number not in " ".join(identifying_details("Een bedrag van 125000 euro."))
    # Tester t38: an initial with the surname, a surname of several words alone, a number with spaces.
    assert "D. ter Boschhuis" in " ".join(identifying_details("D. ter Boschhuis sprak erover."))
    assert "Ter Boschhuis" in " ".join(identifying_details("Ter Boschhuis sprak erover."))
    assert "100 023" in " ".join(identifying_details("Medewerker 100 023 sprak erover."))
    # One mention per person, not its parts as well (the decision form said "Daan ter Boschhuis,
    # ter Boschhuis, Daan").
    said = identifying_details("Daan ter Boschhuis sprak.", extra_names=["Daan", "ter Boschhuis",
                                                                          "Daan ter Boschhuis"])
    assert said == ["Verwijder namen en personeelsnummers: Daan ter Boschhuis."]


def test_a_surname_of_several_words_counts_only_when_written_as_a_name():
    """Tester t39: "hij viel van de wal" was refused because Ingrid van de Wal works here."""
    EmployeeFactory(first_name="Ingrid", surname="van de Wal")
    assert identifying_details("De auto reed de heuvel af; hij viel van de wal in de sloot.") == []
    assert "Van de Wal" in " ".join(identifying_details("Van de Wal meldde het."))


def test_names_the_page_already_shows_may_be_repeated():
    assert identifying_details("Met brigadier Jan de Vries besproken.", allowed_names=["Jan de Vries"]) == []


@given(_safe_words, _safe_words, st.sampled_from(["a.b@c.nl", "0612345678", "06 1234 5678", "P123456",
                                                   "M2026-000012", "3 maart"]))
def test_a_detail_anywhere_in_an_anonymous_text_is_found(before, after, detail):
    assert identifying_details(f"{before} {after}") == []
    assert identifying_details(f"{before} {detail} {after}")

"""Dutch full-text search: the stemmer itself, and sheet and initiative search on the database in use
(SQLite: stored stems; PostgreSQL: the 'dutch' text-search configuration)."""

import pytest
from django.db import connection

from vik.knowledge import selectors, services, stemmer
from vik.knowledge.models import Initiative


@pytest.mark.parametrize(("word", "expected"), [
    ("geschenken", "geschenk"), ("geschenk", "geschenk"), ("Geschenken", "geschenk"),
    ("leveranciers", "leverancier"), ("uitnodigingen", "uitnod"), ("uitnodiging", "uitnod"),
    ("mogelijkheden", "mogelijk"), ("katten", "kat"), ("maan", "man"), ("informatie", "informatie"),
])
def test_snowball_dutch_stems(word, expected):
    assert stemmer.stem(word) == expected


def test_index_text_holds_distinct_stems_padded_with_spaces():
    assert stemmer.index_text("Geschenken en geschenk", "kerstpakketten") == " geschenk en kerstpakket "


def test_searching_geschenk_finds_the_sheet_that_says_geschenken(org, sheets):
    assert [s.slug for s in selectors.search_sheets(org.nobody, "geschenk")] == ["geschenken"]


def test_search_works_the_other_way_round_and_on_body_text(org, sheets):
    assert [s.slug for s in selectors.search_sheets(org.nobody, "leveranciers")] == ["geschenken"]
    assert [s.slug for s in selectors.search_sheets(org.nobody, "politiesysteem")] == ["informatie"]
    assert [s.slug for s in selectors.search_sheets(org.nobody, "politiesystemen")] == ["informatie"]


def test_all_words_must_match_and_stop_words_are_ignored(org, sheets):
    assert [s.slug for s in selectors.search_sheets(org.nobody, "de geschenken van leveranciers")] == ["geschenken"]
    assert selectors.search_sheets(org.nobody, "geschenken nevenwerk") == []


def test_a_title_match_ranks_first(org, sheets, editor):
    sheets["info"].introduction = "Ook over nevenwerkzaamheden vertellen we hier iets."
    services.save_content(editor, sheets["info"])
    assert [s.slug for s in selectors.search_sheets(org.nobody, "nevenwerkzaamheden")] == ["nevenwerk", "informatie"]


def test_unpublished_sheets_are_found_by_editors_only(org, sheets, editor):
    sheets["gifts"].published = False
    services.save_content(editor, sheets["gifts"])
    assert selectors.search_sheets(org.nobody, "geschenk") == []
    assert [s.slug for s in selectors.search_sheets(editor, "geschenk")] == ["geschenken"]


def test_empty_query_finds_nothing(org, sheets):
    assert selectors.search_sheets(org.nobody, "   ") == []


def test_search_page(client, org, sheets):
    client.force_login(org.nobody)
    response = client.get("/kennis/beroepscode/", {"q": "geschenk"})
    assert response.status_code == 200
    assert "1 themablad gevonden" in response.text
    assert "/kennis/beroepscode/geschenken/" in response.text


def test_initiatives_are_searchable_and_filterable(client, org, editor, sheets):
    services.save_content(editor, Initiative(
        title="Theatervoorstelling over integriteit", kind=Initiative.Kind.THEATRE, owner="Eenheid Zuid",
        summary="Acteurs spelen dilemma’s uit het politiewerk.", target_group="Alle medewerkers"),
        m2m={"themes": [sheets["gifts"]]})
    services.save_content(editor, Initiative(
        title="Masterclass ethisch leiderschap", kind=Initiative.Kind.MASTERCLASS, owner="Eenheid Noord",
        summary="Voor teamchefs.", target_group="Leidinggevenden"))
    assert [i.title for i in selectors.search_initiatives(org.nobody, "dilemma")] == [
        "Theatervoorstelling over integriteit"]
    assert [i.title for i in selectors.search_initiatives(org.nobody, "teamchef")] == [
        "Masterclass ethisch leiderschap"]
    client.force_login(org.nobody)
    response = client.get("/kennis/initiatieven/", {"kind": "masterclass"})
    assert "Masterclass ethisch leiderschap" in response.text
    assert "Theatervoorstelling" not in response.text
    detail = client.get("/kennis/beroepscode/geschenken/")
    assert "Theatervoorstelling over integriteit" in detail.text


def test_the_database_search_is_used_on_postgresql(org, sheets):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    # PostgreSQL's own 'dutch' stemmer finds the plural without our stored stems.
    type(sheets["gifts"]).objects.update(search_text="")
    assert [s.slug for s in selectors.search_sheets(org.nobody, "geschenk")] == ["geschenken"]

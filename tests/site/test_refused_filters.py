"""A search or filter that is refused says which field and why, and finds nothing, never
everything (tester t37: a forged theme in the learning library gave "Geen leerpunten gevonden" with
no reason; the signal and case lists silently ignored a forged status and showed every row)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

FORGED = "vervalst<b>"


@pytest.mark.parametrize(("who", "url", "params", "row"), [
    ("triage", "/meldingen/", {"status": FORGED}, "signal"),
    ("triage", "/meldingen/", {"q": "M" * 1001}, "signal"),
    ("investigator", "/onderzoeken/", {"state": FORGED}, "case"),
    ("nobody", "/leren/", {"theme": FORGED}, None),
    ("nobody", "/kennis/beroepscode/", {"q": "x" * 201}, None),
    ("nobody", "/kennis/initiatieven/", {"kind": FORGED}, None),
    ("policy", "/monitoring/trend/", {"team": FORGED}, None),
])
def test_a_refused_filter_says_why_and_shows_nothing(org, make_signal, disciplinary_case, who, url, params, row):
    client = Client()
    client.force_login(getattr(org, who))
    shown = {"signal": lambda: disciplinary_case.signal.reference, "case": lambda: disciplinary_case.reference}
    if row:
        assert shown[row]() in client.get(url, {"state": "all"} if row == "case" else {}).content.decode()
    response = client.get(url, params)
    page = response.content.decode()
    assert response.status_code == 400
    errors = page.split('class="errorlist" role="alert"', 1)[1].split("</ul>", 1)[0]
    assert "Kies een van de aangeboden" in errors or "tekens" in errors
    assert FORGED not in page and "vervalst&lt;b&gt;" not in errors  # the forged value is not echoed
    if row:
        assert shown[row]() not in page
        # The empty table says the filter was refused, not that the user has nothing (tester t38).
        assert "Geen resultaten: het filter hierboven is geweigerd." in page


def test_a_search_that_finds_nothing_does_not_say_the_user_has_nothing(org, disciplinary_case):
    """Tester t39: ?q=zzzz said "Geen onderzoeken waaraan u meewerkt." to an investigator with 50."""
    client = Client()
    client.force_login(org.investigator)
    page = client.get("/onderzoeken/", {"q": "zzzz"}).content.decode()
    assert "Geen onderzoeken met dit kenmerk." in page and "waaraan u meewerkt" not in page

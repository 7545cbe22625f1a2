"""Two tabs on the same case (a newcomer's finding: the second save was refused, and what he typed
in the second tab was gone)."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_second_tab_is_refused_and_keeps_what_was_typed(client, org, disciplinary_case):
    case = disciplinary_case
    client.force_login(org.investigator)
    url = f"/onderzoeken/{case.pk}/actie/breach/"
    first = "Op 3 maart heeft betrokkene zonder werkopdracht zijn buurman in BVH opgezocht (tab 1)."
    second = "Op 3 maart heeft betrokkene zonder werkopdracht zijn buurman en diens zoon opgezocht (tab 2)."
    loaded = case.version
    assert client.post(url, {"text": first, "version": loaded}).status_code == 302
    refused = client.post(url, {"text": second, "version": loaded}, follow=True)
    html = refused.content.decode()
    assert "uw invoer staat hieronder nog" in html
    assert "diens zoon" in html  # the second tab's text is still in the form
    case.refresh_from_db()
    assert case.suspected_breach == first
    # Saving again knowingly replaces the first tab's version.
    assert f'name="version" value="{case.version}"' in html  # the form carries the newest version
    assert client.post(url, {"text": second, "version": case.version}).status_code == 302
    case.refresh_from_db()
    assert case.suspected_breach == second

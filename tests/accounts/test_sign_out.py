"""Tester t12: after "Uitloggen" the login page said nothing; it now says the user is signed out
(and says nothing to someone who was not signed in)."""


def test_signing_out_says_so_on_the_login_page(client, org):
    client.force_login(org.triage)
    page = client.post("/uitloggen/", follow=True)
    html = page.content.decode()
    assert page.request["PATH_INFO"] == "/inloggen/" and "U bent uitgelogd." in html
    assert "_auth_user_id" not in client.session
    again = client.post("/uitloggen/", follow=True)  # not signed in: nothing to confirm
    assert "U bent uitgelogd." not in again.content.decode()

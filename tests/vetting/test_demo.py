"""The demo of vetting (`make run`): the logins find work in "my tasks" and the SOC a table of
declared relations; the seed is idempotent."""

import pytest
from django.test import override_settings

from vik.accounts.models import User
from vik.demo import organisation as demo
from vik.policy.vetting import handles_declaration
from vik.vetting import demo as vetting_demo
from vik.vetting.models import Declaration, Screening

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_the_demo_gives_every_role_its_work(client):
    demo.seed(scale=0.15)
    vetting_demo.seed()
    counts = (Screening.objects.count(), Declaration.objects.count())
    vetting_demo.seed()
    assert (Screening.objects.count(), Declaration.objects.count()) == counts
    assert Screening.objects.filter(completed_on__isnull=True).exists()
    assert set(Screening.objects.values_list("level", flat=True)) == {"bo", "bo_plus"}
    pages = {"veiligheid": ["Herhaalonderzoek", "Besluiten over melding"],
             "leidinggevende": ["Besluiten over melding: Geschenk"],
             "medewerker": ["Melding opnieuw doen: Nevenwerkzaamheden"]}
    for username, expected in pages.items():
        client.force_login(User.objects.get(username=username))
        page = client.get("/").content.decode()
        for text in expected:
            assert text in page, (username, text)
    # Every decision in the demo was taken by the declaration's handler (the manager decides a gift,
    # VIK a relation): no list shows a decision to someone who may not open it (tester t35).
    for declaration in Declaration.objects.exclude(decided_by=None).select_related("employee", "decided_by"):
        assert handles_declaration(declaration.decided_by, declaration), declaration.pk
        assert declaration.renewal_on is None or not declaration.is_one_off, declaration.pk  # a gift: once
    client.force_login(User.objects.get(username="soc"))
    assert client.get("/veiligheid/gemelde-relaties.csv").content.decode().count("\n") > 3
    client.force_login(User.objects.get(username="beleid"))
    assert client.get("/veiligheid/overzicht/").status_code == 200

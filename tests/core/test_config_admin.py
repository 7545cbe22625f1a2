from vik.audit.models import AuditEvent
from vik.investigations.models import DelayReason


def test_configuration_screens_only_for_functional_administrators(client, org):
    client.force_login(org.investigator)
    response = client.get("/beheer/")
    assert response.status_code == 302 and "/beheer/login/" in response["Location"]
    client.force_login(org.admin)
    assert client.get("/beheer/").status_code == 200
    assert client.get("/beheer/investigations/casetype/").status_code == 200


def test_adding_a_delay_reason_is_audited_and_deleting_is_not_offered(client, org):
    client.force_login(org.admin)
    response = client.post("/beheer/investigations/delayreason/add/",
                           {"code": "tolk", "name": "Wachten op tolk", "active": "on"})
    assert response.status_code == 302
    reason = DelayReason.objects.get(code="tolk")
    assert AuditEvent.objects.filter(actor=org.admin, object_type="investigations.delayreason",
                                     object_id=str(reason.pk), action="create").exists()
    assert client.get(f"/beheer/investigations/delayreason/{reason.pk}/delete/").status_code == 403

"""The declared relations leave VIK in the protective-monitoring contract's `declared_relations`
layout: `vik export_declared_relations DIR` and the SOC's download are read by the engine's
contract reader, and `vik monitor detect` marks a lookup of a declared relation."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from pmengine.cli import main as monitor
from pmengine.contract import load_dataset
from tests.vetting.conftest import declare
from vik.audit.models import AuditEvent
from vik.vetting.models import Declaration

pytestmark = pytest.mark.django_db

EMPLOYEES = ("user_id,unit,district,region,role,home_postcode,home_address_id,surname_key,active_from,active_to\n"
             "P777001,BA,DA,RA,agent,1234AB,A1,jansen,2020-01-01T00:00:00+00:00,\n")
# A lookup without a purpose, off duty at night, of the person the employee declared as family.
QUERY_LOG = ("event_id,ts,user_id,system,action,subject_type,subject_id,query_text,result_count,purpose\n"
             "E1,2026-11-01T02:13:00+00:00,P777001,BVH,view,person,P-X1,,1,\n")


def _world(tmp_path):
    (tmp_path / "employees.csv").write_text(EMPLOYEES, encoding="utf-8")
    (tmp_path / "query_log.csv").write_text(QUERY_LOG, encoding="utf-8")
    return tmp_path


def test_the_command_writes_the_contract_table_the_engine_reads(vet, tmp_path):
    declare(vet.employee, Declaration.Kind.RELATION)  # P-X1, family
    declare(vet.employee, Declaration.Kind.RELATION, relation="partner", subject_type="vehicle", subject_id="XX-123-Y")
    declare(vet.colleague, Declaration.Kind.RELATION, subject_id="")  # no reference: nothing to pass on
    declare(vet.employee, Declaration.Kind.GIFT)
    data = _world(tmp_path)
    call_command("export_declared_relations", str(data), stdout=io.StringIO())
    relations = load_dataset(data).declared_relations
    assert sorted(relations.select("user_id", "subject_type", "subject_id", "relation").rows()) == [
        ("P777001", "person", "P-X1", "family"), ("P777001", "vehicle", "XX-123-Y", "partner")]
    assert AuditEvent.objects.filter(action="export", object_type="vetting.declared_relations").count() == 1


def test_vik_monitor_detect_accepts_the_export_and_names_the_declared_relation(vet, tmp_path):
    declare(vet.employee, Declaration.Kind.RELATION)
    data = _world(tmp_path)
    call_command("export_declared_relations", str(data), stdout=io.StringIO())
    assert monitor(["detect", str(data), "--out", str(tmp_path / "default.jsonl")]) == 0
    out = tmp_path / "alerts.jsonl"
    assert monitor(["detect", str(data), "--out", str(out), "--baseline", "flags"]) == 0
    alerts = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert any("DECLARED_RELATION" in alert["rules"] and alert["user_id"] == "P777001" for alert in alerts)


def test_the_socs_download_is_the_same_table(client, vet, tmp_path):
    declare(vet.employee, Declaration.Kind.RELATION)
    client.force_login(vet.soc)
    response = client.get("/veiligheid/gemelde-relaties.csv")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert list(csv.DictReader(io.StringIO(body))) == [
        {"user_id": "P777001", "subject_type": "person", "subject_id": "P-X1", "relation": "family"}]
    data = _world(tmp_path)
    (data / "declared_relations.csv").write_text(body, encoding="utf-8")
    assert load_dataset(data).declared_relations.height == 1


def test_the_command_refuses_a_missing_directory_and_a_second_format(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("export_declared_relations", str(tmp_path / "nope"))
    (tmp_path / "declared_relations.parquet").write_bytes(b"")
    with pytest.raises(CommandError):
        call_command("export_declared_relations", str(tmp_path))

"""The database itself refuses UPDATE and DELETE on the audit trail."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION vik_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER vik_audit_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION vik_audit_append_only();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS vik_audit_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS vik_audit_append_only();
"""


SQLITE_FORWARD = [
    "CREATE TRIGGER vik_audit_no_update BEFORE UPDATE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only'); END;",
    "CREATE TRIGGER vik_audit_no_delete BEFORE DELETE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only'); END;",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS vik_audit_no_update;",
    "DROP TRIGGER IF EXISTS vik_audit_no_delete;",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]

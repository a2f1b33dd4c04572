"""Make the audit table append-only in PostgreSQL: UPDATE and DELETE raise an error."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION tutorconsole_audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER tutorconsole_auditevent_append_only
    BEFORE UPDATE OR DELETE ON tutorconsole_auditevent
    FOR EACH ROW EXECUTE FUNCTION tutorconsole_audit_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS tutorconsole_auditevent_append_only ON tutorconsole_auditevent;
DROP FUNCTION IF EXISTS tutorconsole_audit_refuse_change();
"""

SQLITE_CREATE = """
CREATE TRIGGER tutorconsole_auditevent_no_update BEFORE UPDATE ON tutorconsole_auditevent
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER tutorconsole_auditevent_no_delete BEFORE DELETE ON tutorconsole_auditevent
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_CREATE.strip().split("END;"):
            if statement.strip():
                schema_editor.execute(statement + "END;")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS tutorconsole_auditevent_no_update")
        schema_editor.execute("DROP TRIGGER IF EXISTS tutorconsole_auditevent_no_delete")


class Migration(migrations.Migration):
    dependencies = [("tutorconsole", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

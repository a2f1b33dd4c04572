"""Make a concern's chronology append-only in the database: UPDATE and DELETE raise an error."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION safeguarding_chronology_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a concern chronology is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER safeguarding_concernevent_append_only
    BEFORE UPDATE OR DELETE ON safeguarding_concernevent
    FOR EACH ROW EXECUTE FUNCTION safeguarding_chronology_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS safeguarding_concernevent_append_only ON safeguarding_concernevent;
DROP FUNCTION IF EXISTS safeguarding_chronology_refuse_change();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for op in ("UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER safeguarding_concernevent_no_{op.lower()} BEFORE {op} ON "
                "safeguarding_concernevent BEGIN SELECT RAISE(ABORT, "
                "'a concern chronology is append-only'); END;"
            )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for op in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS safeguarding_concernevent_no_{op}")


class Migration(migrations.Migration):
    dependencies = [("safeguarding", "0002_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

"""On PostgreSQL: a trigram index so substring search of names stays fast in large subtrees."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS member_search_trgm ON members_member "
        "USING gin (search_key gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS organization_search_trgm ON orgs_organization "
        "USING gin (search_key gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS member_search_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS organization_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial"), ("orgs", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

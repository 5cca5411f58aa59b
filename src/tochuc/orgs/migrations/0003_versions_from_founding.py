"""Histories written before the bulk loads dated their first versions like their events (the
2025 communes of load-admin-units and the demo began in 1930): they begin on their founding."""

from django.db import migrations


def repair(apps, schema_editor):
    from tochuc.orgs.versions import versions_founding_repair

    versions_founding_repair(
        apps.get_model("orgs", "Organization"),
        apps.get_model("orgs", "OrganizationVersion"),
        apps.get_model("orgs", "OrganizationEvent"),
    )


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_versions_and_plans")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]

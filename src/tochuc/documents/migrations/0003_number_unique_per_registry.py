"""A number is unique within a registry: each province registers the central resolutions it
implements (22-NQ/TW), which no longer collide across provinces."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0002_catalogues'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='document',
            name='document_number_unique',
        ),
        migrations.AddConstraint(
            model_name='document',
            constraint=models.UniqueConstraint(condition=models.Q(('number__isnull', False)), fields=('organization', 'issuer', 'code', 'sequence', 'number'), name='document_number_unique'),
        ),
    ]

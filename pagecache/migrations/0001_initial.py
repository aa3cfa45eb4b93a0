from django.db import migrations, models


class Migration(migrations.Migration):
    """The table papers' migration 0003 created, taken over without touching the database."""

    initial = True

    dependencies = [
        ('papers', '0005_catalogue_version_to_pagecache'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CatalogueVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.CharField(max_length=32)),
                        ('changed_at', models.DateTimeField(help_text="When the catalogue last changed; the pages' Last-Modified.")),
                    ],
                    options={'db_table': 'papers_catalogueversion'},
                ),
            ],
            database_operations=[],
        ),
    ]

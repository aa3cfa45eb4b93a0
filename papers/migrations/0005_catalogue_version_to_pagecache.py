from django.db import migrations


class Migration(migrations.Migration):
    """CatalogueVersion moved to the pagecache app; its table stays (pagecache 0001 takes it over)."""

    dependencies = [
        ('papers', '0004_paper_doi_format'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='CatalogueVersion')],
            database_operations=[],
        ),
    ]

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

POSTGRES_ONLY_SQL = [
    # Trigram matching for misspelled titles, and the indexes that make search fast on 100,000 papers.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX search_document_vector ON search_papersearchdocument USING gin (vector)",
    "CREATE INDEX search_document_title_trgm ON search_papersearchdocument USING gin (title gin_trgm_ops)",
]
POSTGRES_ONLY_REVERSE_SQL = [
    "DROP INDEX IF EXISTS search_document_title_trgm",
    "DROP INDEX IF EXISTS search_document_vector",
]


def run_on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return  # SQLite searches with a simpler match and needs none of this
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("papers", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="PaperSearchDocument",
            fields=[
                (
                    "paper",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="papers.paper",
                    ),
                ),
                ("title", models.TextField()),
                ("people", models.TextField(blank=True, help_text="Author names and keywords, one per line.")),
                ("abstract", models.TextField(blank=True)),
                ("summaries", models.TextField(blank=True, help_text="The Markdown of the paper's public summaries.")),
                ("vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                (
                    "title_vector",
                    django.contrib.postgres.search.SearchVectorField(
                        editable=False,
                        help_text="Title (A) and people (B) only: a cheap rank for very broad searches.",
                        null=True,
                    ),
                ),
            ],
        ),
        migrations.RunPython(run_on_postgres(POSTGRES_ONLY_SQL), run_on_postgres(POSTGRES_ONLY_REVERSE_SQL)),
    ]

"""The partial index that /papers/random/ reads (papers.random_pick): the ids of the papers with a public summary.

Declared in Paper.Meta.indexes, so that SQLite's table rebuilds (any later AddField or AlterField on papers_paper)
keep it: as raw SQL unknown to the migration state it was silently dropped by the next rebuild.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("papers", "0008_discussion_counts")]

    operations = [
        migrations.AddIndex(
            model_name="paper",
            index=models.Index(fields=["id"], condition=models.Q(summary_count__gt=0), name="paper_summarized"),
        ),
    ]

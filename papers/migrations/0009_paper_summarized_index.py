"""The partial index that /papers/random/ reads (papers.random_pick): the ids of the papers with a public summary.

Created here rather than in Paper.Meta.indexes, where papers/models.py has no line left under the module limit; the
same SQL works on SQLite and PostgreSQL.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("papers", "0008_discussion_counts")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX paper_summarized ON papers_paper (id) WHERE summary_count > 0",
            reverse_sql="DROP INDEX paper_summarized",
        ),
    ]

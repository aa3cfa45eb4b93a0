"""Fill Paper.has_discussion (papers 0011) for the papers that already have comments or questions: without it, their
pages would skip the discussion queries and show none."""

from django.db import migrations

from discussion.counts import has_discussion


def fill(apps, schema_editor):
    using = schema_editor.connection.alias
    comment, question = apps.get_model("discussion", "Comment"), apps.get_model("discussion", "Question")
    apps.get_model("papers", "Paper").objects.using(using).update(has_discussion=has_discussion(comment, question, using))


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0002_report_queue_proxy"),
        ("papers", "0011_paper_has_discussion"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]

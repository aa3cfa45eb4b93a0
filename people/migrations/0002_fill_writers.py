"""Fill the writers' stored reputation on a database that already has summaries and votes, so that the directory
is right after `migrate` without a manual `recompute_reputation` (which stays, for repairs after bulk writes)."""

from django.db import migrations


def fill(apps, schema_editor):
    # The current code, not historical models: the computation is the one the receivers keep current, and this
    # migration runs once, right after the tables it reads were made.
    from people.reputation import reputation_recompute_all

    reputation_recompute_all(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_writers"),
        ("summaries", "0006_summary_is_anonymous"),
        ("discussion", "0001_initial"),
        ("accounts", "0004_merge_20261207_0214"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

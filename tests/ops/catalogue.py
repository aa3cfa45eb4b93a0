"""Fill, change and snapshot a whole catalogue in the database DATABASE_URL names (for the backup round trip).

Run in a subprocess, because the database under test is not the one pytest-django set up:

    python -m tests.ops.catalogue setup|alter|snapshot

Each command prints the snapshot afterwards as JSON: every row of every model, keyed by model label, so two
snapshots are equal only when the whole catalogue (users, papers, author order, summaries, votes, ...) is.
"""

import json
import os
import sys

# Users, permissions and content types are compared by natural key: a restore may number those rows anew.
SKIPPED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session", "admin.logentry"}


def _setup():
    from django.contrib.auth.models import Group, Permission
    from django.core.management import call_command

    from accounts.services import user_sign_up
    from papers.models import Paper
    from papers.services import paper_set_authors
    from summaries.services import report_create, summary_create, summary_vote

    call_command("loaddata", "nips2018", verbosity=0)
    alice = user_sign_up(username="alice", email="alice@example.org", password="alice-secret-1", display_name="Alice")
    bob = user_sign_up(username="bob", email="bob@example.org", password="bob-secret-22")
    carol = user_sign_up(username="carol", email="carol@example.org", password="carol-secret-333")
    carol.is_staff = True
    carol.save(update_fields=["is_staff"])
    moderators = Group.objects.create(name="moderators")
    moderators.permissions.add(Permission.objects.get(codename="change_summary"))
    carol.groups.add(moderators)
    first, second = Paper.objects.order_by("pk")[:2]
    # A byline not in id order: the restore must keep positions, not re-derive them.
    paper_set_authors(paper=first, names=[a.name for a in reversed(first.byline)] + ["Zoë Ångström"])
    mine = summary_create(paper=first, author=alice, body="Alice's take: $E = mc^2$ and **bold** claims.")
    summary_create(paper=second, author=alice, body="A private note.", is_private=True)
    theirs = summary_create(paper=first, author=bob, body="Bob disagrees.\n\n- one\n- two")
    summary_vote(summary=mine, user=bob, value=1)
    summary_vote(summary=mine, user=carol, value=1)
    summary_vote(summary=theirs, user=alice, value=-1)
    report_create(summary=theirs, reporter=carol, reason="Off topic.")


def _alter():
    from django.contrib.auth import get_user_model

    from papers.models import Paper
    from papers.services import paper_create, paper_set_authors
    from summaries.models import Summary, Vote

    first = Paper.objects.order_by("pk").first()
    paper_set_authors(paper=first, names=sorted(a.name for a in first.byline))
    Vote.objects.all().delete()
    Summary.objects.filter(author__username="bob").delete()
    get_user_model().objects.filter(username="carol").delete()
    get_user_model().objects.filter(username="alice").update(email="changed@example.org")
    paper_create(title="A paper added after the backup", authors=["Late Author"], year=2024)


def snapshot() -> dict:
    from django.apps import apps
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    def natural(field, value):
        if value is not None and field.is_relation and field.related_model in (ContentType, Permission):
            return list(field.related_model.objects.get(pk=value).natural_key())
        return value

    tables = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in SKIPPED_MODELS:
            continue
        fields = model._meta.concrete_fields
        rows = [
            {field.attname: natural(field, getattr(row, field.attname)) for field in fields}
            for row in model._base_manager.order_by("pk")
        ]
        tables[label] = json.loads(json.dumps(rows, default=str, sort_keys=True))
    return tables


def main(command):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shortscience.test_settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    if command == "setup":
        call_command("migrate", interactive=False, verbosity=0)  # not in the transaction: SQLite refuses that
    with transaction.atomic():
        {"setup": _setup, "alter": _alter, "snapshot": lambda: None}[command]()
    json.dump(snapshot(), sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])

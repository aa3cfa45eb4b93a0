"""Slugs in ASCII for every script: papers.slugs now transliterates with Unidecode before Django's slugify(), which
alone dropped every letter that Unicode does not decompose ("Łukasz Kaiser" -> "ukasz-kaiser", "Øyvind" -> "yvind",
"李飞飞" and "Сергей Левин" -> "item", "item-2", ...).

Each venue, author, keyword and paper whose slug was made that way from its name or title, and which would now get
another, gets the new one. The old slugs of venues, authors and keywords go into OldSlug, from which
papers.middleware answers every address under them (pages, feeds, BibTeX, API) with a permanent redirect. A paper's
addresses carry its id: its page already redirects any other slug. Slugs set by hand are left alone, and so is every
ASCII name, which transliteration does not change.

Reversing it keeps the new slugs (the code before it keeps any slug a row has) and drops OldSlug with 0006.
"""

import re
import uuid

from django.db import migrations
from django.utils import timezone
from django.utils.text import slugify

from papers.slugs import slug_base, unique_slug


def named_entry_base(text, max_length):
    """The slug base that papers.slugs made before this migration: Django's slugify(), no transliteration."""
    base = slugify(text.replace(".", " ").replace("_", " ")) or "item"
    if len(base) > max_length:
        base = base[: max_length - 4].rsplit("-", 1)[0] or base[: max_length - 4]
    return base


def venue_base(text, max_length):
    """Venue.save() before this migration: slugify(short_name), dots and all ("J.ACM" -> "jacm")."""
    return slugify(text)


# (model, the field its slug is made from, the OldSlug kind that keeps its old addresses, the slug base before)
SLUGGED = [
    ("Venue", "short_name", "venue", venue_base),
    ("Author", "name", "author", named_entry_base),
    ("Keyword", "name", "keyword", named_entry_base),
    ("Paper", "title", None, named_entry_base),
]


def made_from(slug, base):
    """Whether `slug` is what unique_slug() made of `base`: the base, or base-2, base-3 ... (the suffix may cut it)."""
    if slug == base:
        return True
    numbered = re.fullmatch(r"(.+)-\d+", slug)
    return numbered is not None and base.startswith(numbered.group(1))


def transliterate_slugs(apps, schema_editor):
    db = schema_editor.connection.alias
    OldSlug = apps.get_model("papers", "OldSlug")
    moved = 0
    for model_name, text_field, kind, old_base in SLUGGED:
        model = apps.get_model("papers", model_name)
        max_length = model._meta.get_field("slug").max_length
        rows = model._default_manager.using(db).order_by("pk").values_list("pk", text_field, "slug")
        stale = [
            (pk, text, slug)
            for pk, text, slug in rows.iterator(chunk_size=2000)
            if made_from(slug, old_base(text, max_length))
            and slug_base(text, max_length=max_length) != old_base(text, max_length)
        ]
        old_slugs = []
        for pk, text, slug in stale:
            new = unique_slug(model, text, exclude_pk=pk, max_length=max_length, using=db)
            if new != slug:
                model._default_manager.using(db).filter(pk=pk).update(slug=new)
                moved += 1
                if kind and slug:  # an empty slug was no address
                    old_slugs.append(OldSlug(kind=kind, slug=slug, target_id=pk))
        OldSlug.objects.using(db).bulk_create(old_slugs, batch_size=500)
    if moved:  # cached pages link the old slugs: a new catalogue version (pagecache.models.CatalogueVersion.bump)
        version = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
        CatalogueVersion = apps.get_model("pagecache", "CatalogueVersion")
        if not CatalogueVersion.objects.using(db).filter(pk=1).update(**version):
            CatalogueVersion.objects.using(db).create(pk=1, **version)


class Migration(migrations.Migration):

    dependencies = [
        ("papers", "0006_old_slugs"),
        ("pagecache", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(transliterate_slugs, migrations.RunPython.noop, elidable=True),
    ]

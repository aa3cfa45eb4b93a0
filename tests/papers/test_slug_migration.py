"""Migration 0007 run forward on a catalogue whose slugs Django's slugify() made: names in other scripts get readable
slugs, their old addresses redirect, and every slug that was fine (or set by hand) stays."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from pagecache.models import CatalogueVersion

pytestmark = pytest.mark.django_db(transaction=True)  # the migration runs outside a test transaction (SQLite)

BEFORE = [("papers", "0006_old_slugs")]
AFTER = [("papers", "0007_transliterated_slugs")]


@pytest.fixture
def catalogue_before():
    """Go back to just before 0007 and yield its models; go forward to the latest schema again afterwards."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate_forward():
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    # Then the later migrations too: the test reads the rows through the current models.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_slugs_in_other_scripts_move_and_their_old_addresses_redirect(catalogue_before, client):
    Venue, Author, Keyword, Paper = (catalogue_before.get_model("papers", name)
                                     for name in ("Venue", "Author", "Keyword", "Paper"))
    venue = Venue.objects.create(short_name="Конференция", slug="")  # slugify() left nothing
    nips = Venue.objects.create(short_name="NIPS", slug="nips")
    authors = {name: Author.objects.create(name=name, slug=slug).pk for name, slug in [
        ("Łukasz Kaiser", "ukasz-kaiser"),
        ("Øyvind Tafjord", "yvind-tafjord"),
        ("李飞飞", "item"),
        ("Сергей Левин", "item-2"),
        ("Jürgen Schmidhuber", "jurgen-schmidhuber"),  # NFKD already did it: no change
        ("Ada Lovelace", "ada-lovelace"),
        ("Γιώργος Παπαδόπουλος", "giorgos"),  # set by hand in the admin: kept
        ("Lukasz Kaiser", "lukasz-kaiser"),  # takes the slug the first one would get
    ]}
    keyword = Keyword.objects.create(name="Обучение", slug="item")
    cs_lg = Keyword.objects.create(name="cs.LG", slug="cs-lg")
    paper = Paper.objects.create(title="Łukasz’s 李 Model", slug="ukaszs-model", year=2018, venue=nips)
    ascii_paper = Paper.objects.create(title="Attention Is All You Need", slug="attention-is-all-you-need", year=2017)

    version_before = CatalogueVersion.current()
    migrate_forward()
    assert CatalogueVersion.current()[0] != version_before[0]  # no cached page shows the old slugs

    from papers.models import Author as CurrentAuthor
    from papers.models import Keyword as CurrentKeyword
    from papers.models import OldSlug
    from papers.models import Paper as CurrentPaper
    from papers.models import Venue as CurrentVenue

    assert dict(CurrentAuthor.objects.values_list("name", "slug")) == {
        "Łukasz Kaiser": "lukasz-kaiser-2",
        "Øyvind Tafjord": "oyvind-tafjord",
        "李飞飞": "li-fei-fei",
        "Сергей Левин": "sergei-levin",
        "Jürgen Schmidhuber": "jurgen-schmidhuber",
        "Ada Lovelace": "ada-lovelace",
        "Γιώργος Παπαδόπουλος": "giorgos",
        "Lukasz Kaiser": "lukasz-kaiser",
    }
    assert CurrentKeyword.objects.get(pk=keyword.pk).slug == "obuchenie"
    assert CurrentKeyword.objects.get(pk=cs_lg.pk).slug == "cs-lg"
    assert CurrentVenue.objects.get(pk=venue.pk).slug == "konferentsiia"
    assert CurrentVenue.objects.get(pk=nips.pk).slug == "nips"
    assert CurrentPaper.objects.get(pk=paper.pk).slug == "lukaszs-li-model"
    assert CurrentPaper.objects.get(pk=ascii_paper.pk).slug == "attention-is-all-you-need"
    assert set(OldSlug.objects.values_list("kind", "slug", "target_id")) == {
        ("author", "ukasz-kaiser", authors["Łukasz Kaiser"]),
        ("author", "yvind-tafjord", authors["Øyvind Tafjord"]),
        ("author", "item", authors["李飞飞"]),
        ("author", "item-2", authors["Сергей Левин"]),
        ("keyword", "item", keyword.pk),
    }  # the venue had no address (an empty slug), the paper's is by its id

    for old, new in [
        ("/authors/ukasz-kaiser/", "/authors/lukasz-kaiser-2/"),
        ("/authors/item/feed/", "/authors/li-fei-fei/feed/"),
        ("/authors/item-2/", "/authors/sergei-levin/"),
        ("/keywords/item/", "/keywords/obuchenie/"),
        (f"/papers/{paper.pk}/ukaszs-model/", f"/papers/{paper.pk}/lukaszs-li-model/"),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
        assert client.get(new).status_code == 200, new

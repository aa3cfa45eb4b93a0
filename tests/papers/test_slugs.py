"""Slugs that read in ASCII whatever the script of the name, and the old addresses that keep answering when a
slug changes (a curator's rename in the admin): a permanent redirect to the same page, feed, file or resource."""

import pytest
from django.contrib.admin.utils import quote
from django.urls import reverse

from papers.models import Author, Keyword, OldSlug, Paper, Venue
from papers.slugs import slug_base
from tests.builders import make_paper, make_venue

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Łukasz Kaiser", "lukasz-kaiser"),
        ("Øyvind Tafjord", "oyvind-tafjord"),
        ("李飞飞", "li-fei-fei"),
        ("Сергей Левин", "sergei-levin"),
        ("Γιώργος Παπαδόπουλος", "giorgos-papadopoulos"),  # Greek
        ("محمد علي", "mhmd-ly"),  # Arabic: its letters, without the vowels that the script leaves unwritten
        ("박 지성", "bag-jiseong"),  # Korean, by syllable (Revised Romanization letters)
        ("やまだ たろう", "yamada-tarou"),  # Japanese kana
        ("山田 太郎", "shan-tian-tai-lang"),  # Han characters alone do not say which language: read as Chinese
        ("Jürgen Schmidhuber", "jurgen-schmidhuber"),
        ("Straße", "strasse"),
        ("cs.LG", "cs-lg"),
        ("stat_ML", "stat-ml"),
        ("Don't Decay the Learning Rate", "dont-decay-the-learning-rate"),  # ASCII: as it always was
        ("🙂", "item"),
    ],
)
def test_slugs_are_readable_ascii_in_every_script(name, slug):
    assert slug_base(name) == slug


def test_every_kind_of_row_gets_a_transliterated_slug_unique_in_its_table():
    assert Author.objects.create(name="李飞飞").slug == "li-fei-fei"
    assert Author.objects.create(name="Li Fei-Fei").slug == "li-fei-fei-2"
    assert Keyword.objects.create(name="Обучение").slug == "obuchenie"
    assert Venue.objects.create(short_name="Σύνοδος").slug == "sunodos"
    assert Paper.objects.create(title="Łukasz and Øyvind’s 3D Keypoints", year=2018).slug == (
        "lukasz-and-oyvinds-3d-keypoints"
    )


@pytest.fixture
def catalogue():
    """A paper of a venue, with an author and a keyword, whose slugs a curator then changes."""
    venue = make_venue("ICML")
    paper = make_paper("A Paper", authors=["Сергей Левин"], keywords=["Обучение"], venue=venue, year=2018,
                       summary="A summary.")
    author, keyword = Author.objects.get(), Keyword.objects.get()
    for row, new_slug in [(venue, "icml-conf"), (author, "sergey-levine"), (keyword, "learning")]:
        row.slug = new_slug
        row.save()
    return paper


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/venues/icml/", "/venues/icml-conf/"),
        ("/venues/icml/2018/?sort=summaries&page=1", "/venues/icml-conf/2018/?sort=summaries&page=1"),
        ("/venues/icml/2018/bibtex", "/venues/icml-conf/2018/bibtex"),
        ("/venues/icml/feed/", "/venues/icml-conf/feed/"),
        ("/api/venues/icml/", "/api/venues/icml-conf/"),
        ("/api/venues/icml/histogram/", "/api/venues/icml-conf/histogram/"),
        ("/authors/sergei-levin/", "/authors/sergey-levine/"),
        ("/authors/sergei-levin/feed/", "/authors/sergey-levine/feed/"),
        ("/authors/SERGEI-Levin/", "/authors/sergey-levine/"),  # capitals too, in one step
        ("/keywords/obuchenie/", "/keywords/learning/"),
    ],
)
def test_an_old_address_redirects_permanently_to_the_current_one(client, catalogue, old, new):
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new
    assert client.get(new).status_code == 200
    assert client.head(old).status_code == 301


@pytest.mark.parametrize("suffix", ["", "bibtex"])
def test_a_paper_address_with_an_old_slug_redirects_by_its_id(client, catalogue, suffix):
    response = client.get(f"/papers/{catalogue.pk}/an-old-title/{suffix}")
    assert response.status_code == 301
    assert response["Location"].startswith(f"/papers/{catalogue.pk}/a-paper/{suffix}")


def test_the_change_is_recorded_once_per_old_slug_and_the_chain_collapses(client, catalogue):
    author = Author.objects.get()
    author.slug = "s-levine"
    author.save()
    assert client.get("/authors/sergei-levin/")["Location"] == "/authors/s-levine/"
    assert client.get("/authors/sergey-levine/")["Location"] == "/authors/s-levine/"
    author.slug = "sergei-levin"  # back to an old slug: it is its address again, nothing redirects from it
    author.save()
    assert client.get("/authors/sergei-levin/").status_code == 200
    assert sorted(OldSlug.objects.filter(kind="author").values_list("slug", flat=True)) == [
        "s-levine", "sergey-levine"]


def test_a_slug_in_use_again_belongs_to_its_new_row_and_unknown_slugs_stay_not_found(client, catalogue):
    Author.objects.create(name="Another", slug="sergei-levin")
    assert client.get("/authors/sergei-levin/").status_code == 200
    assert client.get("/authors/never-was/").status_code == 404
    response = client.get("/venues/icml/1999/", follow=True)  # redirected, then not found: no papers that year
    assert response.redirect_chain == [("/venues/icml-conf/1999/", 301)] and response.status_code == 404


def test_only_reads_are_redirected(client, catalogue):
    assert client.post("/venues/icml/").status_code in (404, 405)


def test_a_rename_in_the_admin_keeps_the_old_address(client, catalogue, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("curator", "c@example.org", "long enough pw 1"))
    keyword = Keyword.objects.get()
    change = reverse("admin:papers_keyword_change", args=[quote(keyword.pk)])
    response = client.post(change, {"name": "Machine learning", "slug": "machine-learning"})
    assert response.status_code == 302
    client.logout()
    assert client.get("/keywords/learning/")["Location"] == "/keywords/machine-learning/"
    assert client.get("/keywords/obuchenie/")["Location"] == "/keywords/machine-learning/"


def test_slug_changes_are_recorded_only_when_a_slug_was_saved(catalogue):
    venue = Venue.objects.only("pk", "short_name").get()  # slug deferred: a save of other fields records nothing
    venue.short_name = "ICML 2"
    venue.save()
    venue = Venue.objects.get()
    venue.slug = "elsewhere"
    venue.save(update_fields=["description"])  # the slug is not written
    assert list(OldSlug.objects.filter(kind="venue").values_list("slug", flat=True)) == ["icml"]

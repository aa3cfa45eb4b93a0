"""Authors and keywords are found by name or created once, also when a concurrent request creates the same one
between this request's lookup and its save (simulated: the other row appears just before this one is saved)."""

from contextlib import contextmanager
from unittest import mock

import pytest

from papers import models
from papers.models import Author, Keyword
from papers.services import author_get_or_create, keyword_get_or_create

pytestmark = pytest.mark.django_db


@contextmanager
def other_request_saves_first(model, *, name, slug):
    """The other request commits its row (`name`, `slug`) after this request looked the name up, and after this
    request's slug was computed as `slug` (so this one's first save collides)."""
    real_full_clean, real_unique_slug, stale = model.full_clean, models.unique_slug, [slug]

    def full_clean(self, *args, **kwargs):  # runs between the lookup and the save
        real_full_clean(self, *args, **kwargs)
        if not model.objects.filter(name=name).exists():
            model.objects.bulk_create([model(name=name, slug=slug)])

    def unique_slug(*args, **kwargs):
        return stale.pop() if stale else real_unique_slug(*args, **kwargs)

    with mock.patch.object(model, "full_clean", full_clean), mock.patch.object(models, "unique_slug", unique_slug):
        yield


@pytest.mark.parametrize(
    ("get_or_create", "model", "name", "slug"),
    [
        (author_get_or_create, Author, "Ada Lovelace", "ada-lovelace"),
        (keyword_get_or_create, Keyword, "cs.LG", "cs-lg"),
    ],
    ids=["author", "keyword"],
)
def test_the_same_name_created_at_the_same_moment_is_one_row(get_or_create, model, name, slug):
    with other_request_saves_first(model, name=name, slug=slug):
        entry = get_or_create(name=name)
    assert model.objects.filter(name=name).count() == 1
    assert entry.pk == model.objects.get(name=name).pk and entry.slug == slug


def test_a_new_name_whose_slug_was_just_taken_gets_the_next_slug():
    with other_request_saves_first(Author, name="Ada  Lovelace", slug="ada-lovelace"):
        author = author_get_or_create(name="Ada Lovelace")
    assert (author.name, author.slug) == ("Ada Lovelace", "ada-lovelace-2")
    assert Author.objects.count() == 2


def test_names_are_still_validated():
    with pytest.raises(Exception, match="at most 100 characters"):
        keyword_get_or_create(name="k" * 101)
    assert not Keyword.objects.exists()

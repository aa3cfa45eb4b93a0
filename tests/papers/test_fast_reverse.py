"""List links are built by papers.links.fast_reverse: the same URLs as reverse(), whatever the values."""

import pytest
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from papers.links import fast_reverse


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("paper_detail", {"pk": 1, "slug": "neural-odes"}),
        ("paper_detail", {"pk": 987654321012, "slug": "987654321012"}),  # values equal to the placeholders
        ("venue_year", {"slug": "nips-987654321013", "year": 2018}),
        ("author_detail", {"slug": "slug-placeholder-7c1e"}),
        ("keyword_detail", {"slug": "cs-lg"}),
    ],
)
def test_fast_reverse_builds_the_same_url_as_reverse(name, kwargs):
    assert fast_reverse(name, **kwargs) == reverse(name, kwargs=kwargs)


@override_settings(FORCE_SCRIPT_NAME="/science/")
def test_fast_reverse_follows_the_script_prefix():
    set_script_prefix("/science/")
    try:
        url = fast_reverse("venue_detail", slug="nips")
        assert url == reverse("venue_detail", args=["nips"]) == "/science/venues/nips/"
    finally:
        set_script_prefix("/")

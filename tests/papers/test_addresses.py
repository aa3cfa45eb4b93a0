"""Addresses people type or keep: capitals in a slug, an old slug, a form posted to a page that only shows things."""

import pytest
from django.test import Client

from papers.models import Venue
from tests.builders import make_paper, make_venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper():
    return make_paper(
        "Neural Ordinary Differential Equations", authors=["Ricky Chen"], keywords=["Deep Learning"],
        venue=make_venue("NIPS"), year=2018, summary="Continuous-depth residual networks.",
    )


@pytest.mark.parametrize(
    "typed, canonical",
    [
        ("/venues/NIPS/", "/venues/nips/"),
        ("/venues/NIPS/2018/?sort=summaries&page=1", "/venues/nips/2018/?sort=summaries&page=1"),
        ("/authors/Ricky-Chen/", "/authors/ricky-chen/"),
        ("/keywords/Deep-Learning/", "/keywords/deep-learning/"),
        ("/venues/Nips/feed/", "/venues/nips/feed/"),
        ("/venues/NIPS/2018/bibtex", "/venues/nips/2018/bibtex"),
    ],
)
def test_a_slug_typed_with_capitals_redirects_to_the_page(client, paper, typed, canonical):
    response = client.get(typed)
    assert response.status_code == 301 and response["Location"] == canonical
    assert client.get(canonical).status_code == 200


def test_capitals_in_an_address_without_a_slug_stay_a_404_and_a_stored_capital_slug_is_served(client, paper):
    assert client.get("/Venues/").status_code == 404  # /venues/ has no slug: not this middleware's business
    assert client.get("/search/NIPS/").status_code == 404
    Venue.objects.create(short_name="ICLR", slug="ICLR")  # an admin may type one: it is never redirected away
    assert client.get("/venues/ICLR/").status_code == 200


def test_an_unknown_slug_with_capitals_ends_on_the_not_found_page(client, paper):
    response = client.get("/venues/NOPE/", follow=True)
    assert response.redirect_chain == [("/venues/nope/", 301)]
    assert response.status_code == 404


def test_bibtex_under_an_old_slug_redirects_to_the_papers_own_address(client, paper):
    response = client.get(f"/papers/{paper.pk}/an-old-title/bibtex")
    assert response.status_code == 301 and response["Location"] == f"/papers/{paper.pk}/{paper.slug}/bibtex"
    assert "Neural Ordinary Differential Equations" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/", "/venues/", "/venues/nips/", "/venues/nips/2018/", "/authors/ricky-chen/", "/keywords/deep-learning/",
        "paper", "paper-bibtex", "/venues/nips/2018/bibtex", "/search/?q=neural", "/feeds/latest/",
        "/sitemap.xml",
    ],
)
def test_a_form_posted_to_a_page_that_only_shows_things_gets_the_405_page(paper, url, make_user):
    url = {"paper": paper.get_absolute_url(), "paper-bibtex": f"{paper.get_absolute_url()}bibtex"}.get(url, url)
    client = Client()
    client.force_login(make_user())  # logged in, with a valid CSRF token: the method is what is refused
    response = client.post(url, {"q": "anything"})
    assert response.status_code == 405
    assert "GET" in response["Allow"] and "POST" not in response["Allow"]
    html = response.content.decode()
    assert "This page does not take forms" in html and "a POST request cannot be answered here" in html

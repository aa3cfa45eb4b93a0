"""Atom feeds of public summaries, and the pages that advertise them."""

import feedparser
import pytest

from tests.builders import make_paper, make_summary, make_venue

pytestmark = pytest.mark.django_db

ATOM_LINK = '<link rel="alternate" type="application/atom+xml"'


@pytest.fixture
def papers():
    nips, icml = make_venue("NIPS"), make_venue("ICML")
    odes = make_paper("Neural ODEs", authors=["David Duvenaud"], venue=nips,
                      summary="The flow is $\\frac{dh}{dt} = f(h, t)$.\n\n<script>alert(1)</script>")
    walk = make_paper("Learning to Walk", authors=["Sergey Levine", "David Duvenaud"], venue=icml,
                      summary="Robots learn to walk.")
    make_summary(walk, "A private note.", is_private=True)
    make_summary(walk, "Hidden by a moderator.", is_hidden=True)
    return {"odes": odes, "walk": walk}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.version == "atom10" and not feed.bozo, feed.get("bozo_exception")
    return feed


def test_latest_feed_is_atom_with_the_public_summaries_as_html_with_mathml(client, papers):
    feed = parse(client, "/feeds/latest/")
    assert feed.feed.title == "ShortScience: latest summaries"
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Learning to Walk — summary by A reader", "Neural ODEs — summary by A reader"]
    odes = feed.entries[1]
    # Atom ids are IRIs that stay the same when the paper's title (and so its link) changes.
    assert all(entry.id.startswith("urn:uuid:") for entry in feed.entries)
    assert len({entry.id for entry in feed.entries}) == 2
    papers["odes"].title = "Neural Ordinary Differential Equations"
    papers["odes"].save()
    assert parse(client, "/feeds/latest/").entries[1].id == odes.id
    assert odes.link.endswith(papers["odes"].get_absolute_url() + f"#summary-{papers['odes'].summaries.get().pk}")
    content = odes.content[0]
    assert content.type == "text/html"
    assert "<math" in content.value and "<mfrac>" in content.value
    assert "<script" not in content.value
    assert odes.author == "A reader"


def test_private_and_hidden_summaries_stay_out_of_feeds(client, papers):
    for url in ["/feeds/latest/", papers["walk"].get_absolute_url() + "feed/", "/venues/icml/feed/"]:
        bodies = " ".join(entry.content[0].value for entry in parse(client, url).entries)
        assert "Robots learn to walk." in bodies
        assert "A private note." not in bodies and "Hidden by a moderator." not in bodies


def test_venue_paper_and_author_feeds_hold_only_their_summaries(client, papers):
    assert [e.title for e in parse(client, "/venues/nips/feed/").entries] == ["Neural ODEs — summary by A reader"]
    paper_feed = parse(client, papers["odes"].get_absolute_url() + "feed/")
    assert paper_feed.feed.title == "ShortScience: summaries of “Neural ODEs”"
    assert len(paper_feed.entries) == 1
    author_feed = parse(client, "/authors/david-duvenaud/feed/")
    assert len(author_feed.entries) == 2
    assert [e.title for e in parse(client, "/authors/sergey-levine/feed/").entries] == [
        "Learning to Walk — summary by A reader"
    ]


def test_feeds_of_unknown_things_are_404(client, papers):
    assert client.get("/venues/nope/feed/").status_code == 404
    assert client.get("/authors/nobody/feed/").status_code == 404
    assert client.get("/papers/999999/x/feed/").status_code == 404


def test_every_page_advertises_the_latest_feed_and_its_own(client, papers):
    odes = papers["odes"]
    pages = {
        "/": [],
        "/venues/": [],
        "/search/?q=walk": [],
        "/venues/nips/": ['href="/venues/nips/feed/"'],
        "/venues/nips/2018/": ['href="/venues/nips/feed/"'],
        odes.get_absolute_url(): [f'href="{odes.get_absolute_url()}feed/"'],
        "/authors/david-duvenaud/": ['href="/authors/david-duvenaud/feed/"'],
    }
    for url, own_feeds in pages.items():
        html = client.get(url).content.decode()
        assert f'{ATOM_LINK} title="ShortScience: latest summaries" href="/feeds/latest/">' in html, url
        for own in own_feeds:
            assert ATOM_LINK in html and own in html, (url, own)


@pytest.mark.parametrize("cache_pages", [False, True])
def test_a_feed_is_handed_to_the_server_in_one_piece(client, papers, settings, cache_pages):
    # A WSGI server sends each piece of a response on its own; the feed generator writes ~40 per entry.
    settings.CACHE_PAGES = cache_pages
    response = client.get("/feeds/latest/")
    assert response.status_code == 200 and len(list(response)) == 1
    assert feedparser.parse(b"".join(response)).entries

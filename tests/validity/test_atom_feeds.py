"""The Atom feeds are valid against RFC 4287's RELAX NG grammar, and say so when an entry's date is not known."""

import feedparser
import pytest
from lxml import etree

from papers.models import Paper
from summaries.models import Summary
from tests.builders import make_summary
from tests.validity.xml_schemas import ATOM, atom_schema, schema_errors

pytestmark = pytest.mark.django_db

NS = {"a": ATOM}


@pytest.fixture
def feeds(nips2018, make_user, settings):
    """Every kind of feed, over the NIPS 2018 seed (imported, undated summaries) and a reader's dated one."""
    settings.CACHE_PAGES = False
    paper = Paper.objects.get(title="Data-Efficient Hierarchical Reinforcement Learning")
    make_summary(paper, "Relabels goals: $g' = s_t + g - s_{t+c}$.", author=make_user("ada"), attribution="")
    author = paper.authors.order_by("pk").first()
    return {
        "latest": "/feeds/latest/",
        "venue": "/venues/nips/feed/",
        "paper": paper.get_absolute_url() + "feed/",
        "author": author.get_absolute_url() + "feed/",
    }


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml"), url
    return response.content


@pytest.mark.parametrize("kind", ["latest", "venue", "paper", "author"])
def test_feed_is_valid_atom(client, feeds, kind):
    content = fetch(client, feeds[kind])
    assert schema_errors(atom_schema(), content) == [], feeds[kind]
    feed = etree.fromstring(content)
    entries = feed.findall("a:entry", NS)
    assert entries, f"{feeds[kind]} has no entries to check"
    # RFC 4287's Schematron rules, which RELAX NG leaves to annotations: an author, and a link or the content.
    feed_has_author = feed.find("a:author", NS) is not None
    for entry in entries:
        assert feed_has_author or entry.find("a:author", NS) is not None
        assert entry.xpath("a:link[@rel='alternate' or not(@rel)] or a:content", namespaces=NS)
    assert not feedparser.parse(content).bozo


def test_the_grammar_rejects_an_entry_without_its_updated_date(client, feeds):
    feed = etree.fromstring(fetch(client, feeds["latest"]))
    entry = feed.find("a:entry", NS)
    entry.remove(entry.find("a:updated", NS))
    assert schema_errors(atom_schema(), etree.tostring(feed))


def test_undated_imported_summaries_have_no_published_date_and_say_the_updated_one_is_the_imports(client, feeds):
    feed = etree.fromstring(fetch(client, feeds["latest"]))
    entries = feed.findall("a:entry", NS)
    imported = [e for e in entries if "ShortScience.org contributor" in e.findtext("a:author/a:name", "", NS)]
    written = [e for e in entries if e not in imported]
    assert len(imported) == 22 and len(written) == 1
    assert entries[0] is written[0]  # the dated summary first: undated ones count as the oldest
    for entry in imported:
        assert entry.find("a:published", NS) is None
        assert entry.findtext("a:updated", "", NS).startswith("2026-11-29")  # when the fixture was imported
        content = entry.findtext("a:content", "", NS)
        assert content.startswith("<p><em>Imported from shortscience.org; the date it was written is unknown.")
        assert "This entry's date is when it was imported" in content
    dated = written[0]
    assert dated.findtext("a:published", "", NS) and "Imported from" not in dated.findtext("a:content", "", NS)


def test_an_undated_summary_edited_later_still_has_no_published_date(client, feeds):
    summary = Summary.objects.filter(created=None).order_by("pk").first()
    summary.body += "\n\nA correction."
    summary.save()
    feed = feedparser.parse(fetch(client, summary.paper.get_absolute_url() + "feed/"))
    entry = next(e for e in feed.entries if "ShortScience.org contributor" in e.author)
    assert "published" not in entry and entry.updated_parsed[:3] == summary.updated.utctimetuple()[:3]

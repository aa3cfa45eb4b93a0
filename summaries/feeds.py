"""Atom feeds of public summaries: the latest, and per venue, paper and author."""

import uuid

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from pagecache.decorators import cache_public_page
from papers.models import Author, Paper, Venue
from papers.pagekeys import author_keys, home_keys, paper_keys, venue_keys
from summaries.models import Summary

FEED_ITEMS = 30
# Entry ids are IRIs, as Atom requires, that never change: not the link (it holds the paper's slug) and not the
# share token (a secret for private summaries), but a UUID derived from the summary's id.
ENTRY_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://shortscience.org/summaries/")


def undated_note(summary):
    """For a summary imported without its date, a first paragraph saying so: its entry's <updated> is the import's
    date (Atom requires one), not when it was written."""
    if summary.created is not None:
        return ""
    source = escape(summary.imported_from or "another site")
    return (
        f"<p><em>Imported from {source}; the date it was written is unknown. This entry's date is when it was "
        "imported or last changed here.</em></p>\n"
    )


class SummaryAtomFeed(Atom1Feed):
    """Atom with the whole summary as <content type="html"> (sanitized HTML with MathML), not just a <summary>."""

    def add_item_elements(self, handler, item):
        content = item.pop("content", None)
        super().add_item_elements(handler, item)
        if content:
            handler.addQuickElement("content", content, {"type": "html"})


class SummaryFeed(Feed):
    feed_type = SummaryAtomFeed
    page_cache_keys = None  # the pages whose versions the cached feed depends on (pagecache)

    def __call__(self, request, *args, **kwargs):
        # Cached with the pages and answered 304 when the reader's copy is current (pagecache).
        return cache_public_page(self._render, keys=self.page_cache_keys)(request, *args, **kwargs)

    def _render(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The feed generator writes a 300 KB feed in ~1,200 pieces, and a WSGI server sends each piece on its own:
        # one piece instead (a fifth of the feed's CPU time under gunicorn, at 30 entries).
        response.content = response.content
        return response

    def summaries(self, obj):
        # The entries carry the stored HTML: the Markdown and the papers' abstracts stay in the database.
        return Summary.objects.visible().with_listing_data().defer("body", "paper__abstract")

    def items(self, obj):
        return self.summaries(obj).latest()[:FEED_ITEMS]

    def item_title(self, item):
        return f"{item.paper.title} — summary by {item.byline}"

    def item_description(self, item):
        return None  # the whole summary goes in <content>

    def item_extra_kwargs(self, item):
        return {"content": undated_note(item) + item.body_html}

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return uuid.uuid5(ENTRY_ID_NAMESPACE, str(item.pk)).urn

    def item_author_name(self, item):
        return item.byline

    def item_pubdate(self, item):
        return item.created  # None for a summary imported without its date: the entry has no <published>

    def item_updateddate(self, item):
        return item.updated  # Atom requires <updated>: for an undated imported summary, when it was imported

    def item_categories(self, item):
        return [item.paper.venue.short_name] if item.paper.venue else []


class LatestSummariesFeed(SummaryFeed):
    page_cache_keys = staticmethod(home_keys)
    title = "ShortScience: latest summaries"
    description = "The newest summaries of research papers on ShortScience."

    def link(self):
        return reverse("home")

    def feed_url(self):
        return reverse("feed_latest")


class VenueSummariesFeed(SummaryFeed):
    page_cache_keys = staticmethod(venue_keys)
    def get_object(self, request, slug):
        return get_object_or_404(Venue, slug=slug)

    def title(self, obj):
        return f"ShortScience: summaries of {obj.short_name} papers"

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("feed_venue", args=[obj.slug])

    def summaries(self, obj):
        return super().summaries(obj).filter(paper__venue=obj)


class PaperSummariesFeed(SummaryFeed):
    page_cache_keys = staticmethod(paper_keys)
    def get_object(self, request, pk, slug):
        return get_object_or_404(Paper, pk=pk)

    def title(self, obj):
        return f"ShortScience: summaries of “{obj.title}”"

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("feed_paper", args=[obj.pk, obj.slug])

    def summaries(self, obj):
        return super().summaries(obj).filter(paper=obj)


class AuthorSummariesFeed(SummaryFeed):
    """Summaries of the papers this person wrote (not summaries they wrote)."""

    page_cache_keys = staticmethod(author_keys)

    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, obj):
        return f"ShortScience: summaries of papers by {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("feed_author", args=[obj.slug])

    def summaries(self, obj):
        return super().summaries(obj).filter(paper__authorships__author=obj)

"""The page cache's version keys of the catalogue's pages: which pages show a paper (pagecache.hooks.touches).

A paper's own page ("paper:<pk>"), its venue's pages ("venue:<slug>": the venue and its years), its authors' and
keywords' pages ("author:<slug>", "keyword:<slug>"), and the pages that list papers from the whole catalogue: the
home page and the venue list ("list:home", "list:venues") and search ("search", one coarse version).
"""

from pagecache.hooks import touches
from papers.models import Author, Authorship, Keyword, Paper, Venue

CATALOGUE_LISTS = ("list:home", "list:venues", "search")


def paper_page_keys(paper_ids, *, using=None):
    """The version keys of every page that shows one of these papers (or anything about them): three queries."""
    ids = {pk for pk in paper_ids if pk is not None}
    if not ids:
        return []
    venues = Venue.objects.db_manager(using).filter(papers__in=ids).values_list("slug", flat=True)
    authors = Author.objects.db_manager(using).filter(authorships__paper__in=ids).values_list("slug", flat=True)
    keywords = Keyword.objects.db_manager(using).filter(papers__in=ids).values_list("slug", flat=True)
    return [
        *CATALOGUE_LISTS, *(f"paper:{pk}" for pk in ids), *(f"venue:{slug}" for slug in venues),
        *(f"author:{slug}" for slug in authors), *(f"keyword:{slug}" for slug in keywords),
    ]


def paper_keys(request, pk, *args, **kwargs):
    """A page about one paper (its page, its BibTeX, its feed)."""
    return [f"paper:{pk}"]


def venue_keys(request, slug, *args, **kwargs):
    """A venue's pages: its years, a year's papers, their BibTeX, its feed."""
    return [f"venue:{slug}"]


def author_keys(request, slug, *args, **kwargs):
    return [f"author:{slug}"]


def keyword_keys(request, slug, *args, **kwargs):
    return [f"keyword:{slug}"]


def home_keys(request, *args, **kwargs):
    return ["list:home"]


def venue_list_keys(request, *args, **kwargs):
    return ["list:venues"]


def connect():
    """Writes of papers and their authorships re-render the pages of the papers they touch, no others."""
    touches(Paper, lambda paper, using: paper_page_keys([paper.pk], using=using))
    touches(Authorship, lambda authorship, using: paper_page_keys([authorship.paper_id], using=using))
    # A name shows on the pages of its papers and on its own (its old slug's page is a redirect: never stored).
    touches(Author, lambda author, using: [*_entry_paper_keys(author, using), f"author:{author.slug}"])
    touches(Keyword, lambda keyword, using: [*_entry_paper_keys(keyword, using), f"keyword:{keyword.slug}"])


def _entry_paper_keys(entry, using):
    if entry.pk is None:
        return []
    return paper_page_keys(entry.papers.using(using).values_list("pk", flat=True), using=using)

"""Finding papers: full-text search on PostgreSQL, a simpler substring match on SQLite (for `make run`)."""

import operator
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import Case, F, IntegerField, Q, Value, When

from search.models import PaperSearchDocument
from search.services import SEARCH_CONFIG, uses_postgres_search

# SQLite ranking: how much a match in each column counts (title highest, as on PostgreSQL).
FIELD_WEIGHTS = {"title": 8, "people": 4, "abstract": 2, "summaries": 1}

# Ranking reads each match's whole tsvector (abstract and summaries included): about 70 us a match at 100,000
# papers, so only searches with few matches are ranked on it. Broader searches rank a bounded set of candidates on
# the small title-and-people vector: the newest BROAD_CANDIDATES matches whose title or people match, and the newest
# BROAD_CANDIDATES matches of any kind (so a title match still ranks above an abstract match).
FULL_RANK_LIMIT = 300
BROAD_CANDIDATES = 200
# Counting stops where full ranking does: each match counted costs a read of its vector (~11 ms for 1,000 matches
# at 100,000 papers, most of a broad search's time), and "300+ results" says as much to a reader.
COUNT_CAP = FULL_RANK_LIMIT


@dataclass
class Ranked:
    """The matching documents best first (annotated with `rank`), how many match, and whether counting stopped at
    COUNT_CAP. Broad searches only rank `ranked_limit` candidates: the pages go no further."""

    documents: object
    total: int
    capped: bool = False
    ranked_limit: int | None = None

    @property
    def pageable(self):
        return self.total if self.ranked_limit is None else min(self.total, self.ranked_limit)


def paper_filter(*, venue_slug="", year_from=None, year_to=None, prefix=""):
    """The search page's filters as a Q on papers (`prefix` "paper__" for what hangs on a paper)."""
    conditions = {}
    if venue_slug:
        conditions[f"{prefix}venue__slug"] = venue_slug
    if year_from:
        conditions[f"{prefix}year__gte"] = year_from
    if year_to:
        conditions[f"{prefix}year__lte"] = year_to
    return Q(**conditions)


def filtered_documents(**filters):
    return PaperSearchDocument.objects.filter(paper_filter(**filters, prefix="paper__"))


def ranked_documents(documents, *, text, parsed):
    """A Ranked: the matches best first, with their number (capped at COUNT_CAP)."""
    if uses_postgres_search():
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        matches = documents.filter(vector=query)
        total = matches.order_by()[: COUNT_CAP + 1].count()  # COUNT(*) over a LIMITed subquery
        capped = total > COUNT_CAP
        total = min(total, COUNT_CAP)
        if total <= FULL_RANK_LIMIT and not capped:
            return Ranked(_ranked_by(matches, query), total)
        title_matches = documents.filter(title_vector=query)  # title_vector is part of vector: these match too
        # Each side reads the primary key index backwards and stops early; an OR of the two would scan the table.
        # A subquery: the ~400 ids never make the round trip through Python.
        candidate_ids = title_matches.order_by("-paper_id").values_list("pk", flat=True)[:BROAD_CANDIDATES].union(
            matches.order_by("-paper_id").values_list("pk", flat=True)[:BROAD_CANDIDATES]
        )
        candidates = PaperSearchDocument.objects.filter(pk__in=candidate_ids)
        return Ranked(_ranked_by(candidates, query, "title_vector"), total, capped, ranked_limit=BROAD_CANDIDATES)
    matches = _substring_ranked(documents, parsed)
    total = matches.order_by()[: COUNT_CAP + 1].count()
    return Ranked(matches, min(total, COUNT_CAP), total > COUNT_CAP)


def _ranked_by(documents, query, vector="vector"):
    return documents.annotate(rank=SearchRank(F(vector), query)).order_by("-rank", "-paper_id")


def similar_titles(documents, *, text):
    """A Ranked of the papers whose title contains something close to `text` (misspellings), via pg_trgm;
    PostgreSQL only. Counted, and paged through, up to COUNT_CAP like the matches: a misspelled common phrase is
    close to thousands of titles, and counting them all was a third of the page."""
    if not uses_postgres_search():
        return Ranked(documents.none(), 0)
    similar = documents.filter(title__trigram_word_similar=text)
    total = similar.order_by()[: COUNT_CAP + 1].count()
    if total > COUNT_CAP:  # as for broad searches, only the newest candidates are ranked
        similar = documents.filter(pk__in=similar.order_by("-paper_id").values("pk")[:COUNT_CAP])
    ranked = similar.annotate(rank=TrigramWordSimilarity(text, "title")).order_by("-rank", "-paper_id")
    return Ranked(ranked, min(total, COUNT_CAP), total > COUNT_CAP)


def _anywhere(term):
    return reduce(operator.or_, (Q(**{f"{name}__icontains": term}) for name in FIELD_WEIGHTS))


def _substring_ranked(documents, parsed):
    required = [reduce(operator.or_, (_anywhere(term) for term in group)) for group in parsed.groups]
    condition = reduce(operator.and_, required)
    for term in parsed.excluded:
        condition &= ~_anywhere(term)
    score = reduce(
        operator.add,
        (
            Case(
                When(**{f"{name}__icontains": term}, then=Value(weight)), default=Value(0), output_field=IntegerField()
            )
            for term in parsed.terms
            for name, weight in FIELD_WEIGHTS.items()
        ),
    )
    return documents.filter(condition).annotate(rank=score).order_by("-rank", "-paper_id")

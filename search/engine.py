"""Finding papers: full-text search on PostgreSQL, a simpler substring match on SQLite (for `make run`)."""

import operator
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import Case, F, IntegerField, Q, Value, When

from search.models import PaperSearchDocument
from search.services import SEARCH_CONFIG, uses_postgres_search

# SQLite ranking: how much a match in each column counts (title highest, as on PostgreSQL).
FIELD_WEIGHTS = {"title": 8, "people": 4, "abstract": 2, "summaries": 1}

# Ranking reads each match's whole tsvector (abstract and summaries included): fine for a few thousand matches,
# seconds for tens of thousands. Broader searches rank on the small title-and-people vector instead.
FULL_RANK_LIMIT = 5000


def filtered_documents(*, venue_slug="", year_from=None, year_to=None):
    documents = PaperSearchDocument.objects.all()
    if venue_slug:
        documents = documents.filter(paper__venue__slug=venue_slug)
    if year_from:
        documents = documents.filter(paper__year__gte=year_from)
    if year_to:
        documents = documents.filter(paper__year__lte=year_to)
    return documents


def ranked_documents(documents, *, text, parsed):
    """(the matching documents best first, annotated with `rank`; how many there are)."""
    if uses_postgres_search():
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        matches = documents.filter(vector=query)
        total = matches.count()
        ranked_on = "vector" if total <= FULL_RANK_LIMIT else "title_vector"
        return matches.annotate(rank=SearchRank(F(ranked_on), query)).order_by("-rank", "-paper_id"), total
    matches = _substring_ranked(documents, parsed)
    return matches, matches.count()


def similar_titles(documents, *, text):
    """Papers whose title contains something close to `text` (misspellings), via pg_trgm; PostgreSQL only."""
    if not uses_postgres_search():
        return documents.none()
    return (
        documents.filter(title__trigram_word_similar=text)
        .annotate(rank=TrigramWordSimilarity(text, "title"))
        .order_by("-rank", "-paper_id")
    )


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

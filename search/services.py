"""Writes to the search index: (re)building the search documents of some papers."""

from django.contrib.postgres.search import SearchVector
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import Prefetch

from pagecache.models import versions_changed
from papers.models import Paper
from search.models import PaperSearchDocument
from summaries.models import Summary

SEARCH_CONFIG = "english"

# Title A, authors and keywords B, abstract C, summaries D (PostgreSQL ranks A highest).
TITLE_VECTOR = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
    "people", weight="B", config=SEARCH_CONFIG
)
WEIGHTED_VECTOR = (
    TITLE_VECTOR
    + SearchVector("abstract", weight="C", config=SEARCH_CONFIG)
    + SearchVector("summaries", weight="D", config=SEARCH_CONFIG)
)


def uses_postgres_search(using=None):
    # Every database of a deployment has one vendor; asking the router where to write would mark a search page as
    # a write (infra.db_router pins the reader to the primary after one).
    return connections[using or DEFAULT_DB_ALIAS].vendor == "postgresql"


def _document_for(paper):
    people = [entry.name for entry in [*paper.byline, *paper.keyword_list]]
    return PaperSearchDocument(
        paper=paper,
        title=paper.title,
        people="\n".join(people),
        abstract=paper.abstract,
        summaries="\n\n".join(summary.body for summary in paper.public_summaries),
    )


def search_documents_update(*, paper_ids, using=None):
    """Bring the search documents of these papers up to date, in the caller's transaction.

    Six queries whatever the number of papers; papers that no longer exist are skipped (their document went
    with them). On PostgreSQL the weighted tsvectors are recomputed by the database from the stored text.
    """
    ids = {int(pk) for pk in paper_ids if pk is not None}
    if not ids:
        return 0
    using = using or router.db_for_write(PaperSearchDocument)
    public_summaries = Summary.objects.using(using).visible().oldest_first().only("paper_id", "body")
    papers = (
        Paper.objects.using(using)
        .filter(pk__in=ids)
        .with_byline()
        .select_related(None)  # the bylines and keywords, not the venue with_byline joins for lists
        .only("pk", "title", "abstract")
        .prefetch_related(Prefetch("summaries", queryset=public_summaries, to_attr="public_summaries"))
    )
    documents = [_document_for(paper) for paper in papers]
    for document in documents:
        document.full_clean(exclude=["paper"], validate_unique=False)
    with transaction.atomic(using=using):
        PaperSearchDocument.objects.using(using).bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["paper"],
            update_fields=["title", "people", "abstract", "summaries"],
        )
        if documents and uses_postgres_search(using):
            PaperSearchDocument.objects.using(using).filter(pk__in=[d.paper_id for d in documents]).update(
                vector=WEIGHTED_VECTOR, title_vector=TITLE_VECTOR
            )
        if documents:
            versions_changed(["search"], using=using)  # cached search pages show the old documents
    return len(documents)

"""Writes to the search index: (re)building the search documents of some papers."""

from django.contrib.postgres.search import SearchVector
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import Prefetch

from pagecache.models import versions_changed
from papers.models import Author, Authorship, Keyword, Paper
from search.models import PaperSearchDocument
from summaries.models import Summary

SEARCH_CONFIG = "english"



def weighted_vector(*, columns=("title", "people", "abstract", "summaries")):
    """Title A, authors and keywords B, abstract C, summaries D (PostgreSQL ranks A highest), from these columns."""
    vectors = [SearchVector(c, weight=w, config=SEARCH_CONFIG) for c, w in zip(columns, "ABCD", strict=False)]
    return sum(vectors[1:], start=vectors[0])


TITLE_VECTOR = weighted_vector(columns=("title", "people"))
WEIGHTED_VECTOR = weighted_vector()


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


def _bulk_documents_sql(ids, using):
    """INSERT … SELECT of the documents of these papers, their vectors computed in the same statement (a separate
    UPDATE would write every row and its GIN index entries twice). The vectors are the ones WEIGHTED_VECTOR and
    TITLE_VECTOR give (the tests compare them), but each text is parsed once: the title-and-people vector is the
    start of the weighted one (tsvector || is associative), and to_tsvector is most of the cost. People as
    _document_for joins them: the byline in order, then the keywords by name; the summaries as it does, the public
    ones oldest first (Summary.objects.visible(), whose condition is compiled here, and oldest_first()). The ids go
    as one array parameter (thousands of placeholders cost more to send than the statement costs to run)."""
    quote = connections[using].ops.quote_name
    table = quote(PaperSearchDocument._meta.db_table)
    byline, author = quote(Authorship._meta.db_table), quote(Author._meta.db_table)
    links, keyword = quote(Paper.keywords.through._meta.db_table), quote(Keyword._meta.db_table)
    summary = quote(Summary._meta.db_table)
    public = Summary.objects.using(using).visible().query
    public_sql, public_params = public.get_compiler(using).compile(public.where)
    config = f"'{SEARCH_CONFIG}'::regconfig"

    def weighted(text, weight):
        return f"setweight(to_tsvector({config}, COALESCE({text}, '')), '{weight}')"

    # MATERIALIZED: each text parsed once (PostgreSQL would otherwise inline the people subqueries into every
    # expression that names them).
    sql = f"""
        WITH rows AS MATERIALIZED (
            SELECT paper.id, paper.title, paper.abstract, concat_ws(E'\\n',
                (SELECT string_agg(a.name, E'\\n' ORDER BY b.position) FROM {byline} b
                 JOIN {author} a ON a.id = b.author_id WHERE b.paper_id = paper.id),
                (SELECT string_agg(k.name, E'\\n' ORDER BY k.name) FROM {links} l
                 JOIN {keyword} k ON k.id = l.keyword_id WHERE l.paper_id = paper.id)) AS people,
                COALESCE((SELECT string_agg({summary}.body, E'\\n\\n'
                          ORDER BY {summary}.created ASC NULLS FIRST, {summary}.id) FROM {summary}
                          WHERE {summary}.paper_id = paper.id AND {public_sql}), '') AS summaries
            FROM {quote(Paper._meta.db_table)} AS paper
            WHERE paper.id = ANY(%s::bigint[])
        ), head AS MATERIALIZED (
            SELECT rows.*, {weighted("title", "A")} || {weighted("people", "B")} AS vector FROM rows
        )
        INSERT INTO {table} (paper_id, title, people, abstract, summaries, vector, title_vector)
        SELECT id, title, people, abstract, summaries,
            vector || {weighted("abstract", "C")} || {weighted("summaries", "D")}, vector
        FROM head
        ON CONFLICT (paper_id) DO UPDATE SET title = EXCLUDED.title, people = EXCLUDED.people,
            abstract = EXCLUDED.abstract, summaries = EXCLUDED.summaries, vector = EXCLUDED.vector,
            title_vector = EXCLUDED.title_vector
        RETURNING paper_id"""
    return sql, [*public_params, list(ids)]


def search_documents_update_in_bulk(*, paper_ids, using=None):
    """search_documents_update for thousands of papers written in bulk (an import's batch, a rebuild of the index):
    on PostgreSQL the documents are built by the database in one statement instead of in Python; elsewhere they
    go through search_documents_update. Papers that no longer exist are skipped, as there."""
    ids = sorted({int(pk) for pk in paper_ids if pk is not None})
    using = using or router.db_for_write(PaperSearchDocument)
    if not ids or not uses_postgres_search(using):
        return search_documents_update(paper_ids=ids, using=using)
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute(*_bulk_documents_sql(ids, using))
            built = [row[0] for row in cursor.fetchall()]
        if built:
            versions_changed(["search"], using=using)  # as search_documents_update: cached search pages
        return len(built)

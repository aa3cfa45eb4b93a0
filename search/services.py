"""Writes to the search index: (re)building the search documents of some papers."""

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import Func, OuterRef, Prefetch, Subquery, TextField, Value

from pagecache.models import catalogue_changed, versions_changed
from papers.models import Authorship, Paper
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


def _names_of(rows, names):
    """`names` (a StringAgg) over `rows`, a queryset correlated to the paper by OuterRef, as a subquery."""
    return Subquery(rows.order_by().values("paper_id").annotate(names=names).values("names"))


def _vector_columns_sql(using):
    """[(sql, params)] of WEIGHTED_VECTOR and TITLE_VECTOR over a row of the documents' table."""
    rows = PaperSearchDocument.objects.using(using).annotate(v=WEIGHTED_VECTOR, t=TITLE_VECTOR).values_list("v", "t")
    compiler = rows.query.get_compiler(using)
    compiler.setup_query()
    return [compiler.compile(column) for column, _, _ in compiler.select]


def _bulk_documents_sql(ids, using):
    """INSERT … SELECT of the documents of papers without public summaries, their vectors computed in the same
    statement (a separate UPDATE would write every row and its GIN index entries twice) by the very expressions
    search_documents_update uses, over the new row. People as _document_for joins them: the byline in order, then
    the keywords by name."""
    byline = Authorship.objects.filter(paper_id=OuterRef("pk"))
    keywords = Paper.keywords.through.objects.filter(paper_id=OuterRef("pk"))
    rows = Paper.objects.using(using).filter(pk__in=ids, summary_count=0).annotate(
        people=Func(
            Value("\n"), _names_of(byline, StringAgg("author__name", "\n", order_by="position")),
            _names_of(keywords, StringAgg("keyword__name", "\n", order_by="keyword__name")),
            function="concat_ws", output_field=TextField(),
        ),
        no_summaries=Value("", output_field=TextField()),  # "summaries" names the paper's summaries
    )
    select, select_params = rows.values_list(
        "pk", "title", "people", "abstract", "no_summaries"
    ).query.sql_with_params()
    (vector, vector_params), (title_vector, title_params) = _vector_columns_sql(using)
    table = connections[using].ops.quote_name(PaperSearchDocument._meta.db_table)
    names = ["paper_id", "title", "people", "abstract", "summaries"]
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in [*names[1:], "vector", "title_vector"])
    sql = (
        f"INSERT INTO {table} ({', '.join(names)}, vector, title_vector) "
        f"SELECT {', '.join(names)}, {vector}, {title_vector} FROM ({select}) AS {table} ({', '.join(names)}) "
        f"ON CONFLICT (paper_id) DO UPDATE SET {updates} RETURNING paper_id"
    )
    return sql, (*vector_params, *title_params, *select_params)


def search_documents_update_in_bulk(*, paper_ids, using=None):
    """search_documents_update for thousands of papers written in bulk (an import's batch): on PostgreSQL the
    documents of papers without public summaries are built by the database in one statement instead of in Python;
    the others (and every paper elsewhere) go through search_documents_update."""
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
            catalogue_changed(using=using)
        rest = set(ids) - set(built)
        return len(built) + (search_documents_update(paper_ids=rest, using=using) if rest else 0)

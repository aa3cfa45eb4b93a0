"""The plans of a batch's lookups on PostgreSQL: index probes for the batch's keys, never a scan of the whole table
(whose cost would grow with the catalogue, batch after batch)."""

import pytest
from django.db import connection, transaction

from importers.dblp.bulk import filter_in
from importers.dblp.documents import import_settings
from papers.models import Author, Paper, Venue

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def catalogue():
    venue = Venue.objects.create(short_name="NIPS")
    Paper.objects.bulk_create(
        Paper(title=f"Paper {i}", slug=f"paper-{i}", year=2000 + i % 20, venue=venue, dblp_key=f"conf/nips/P{i}",
              doi=f"10.1/{i}" if i % 2 else "", arxiv_id=f"1706.{i:05d}" if i % 3 else "")
        for i in range(2000)
    )
    Author.objects.bulk_create(Author(name=f"Author {i}", slug=f"author-{i}", dblp_name=f"Author {i}")
                               for i in range(2000))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE papers_paper, papers_author")


def test_the_batch_lookups_probe_indexes_in_the_import_transaction(catalogue):
    papers, keys = Paper.objects.all(), [f"conf/nips/P{i}" for i in range(0, 2000, 2)]
    with transaction.atomic():
        import_settings(connection.alias)
        plans = {
            "dblp key": plan(filter_in(papers, "dblp_key", keys)),
            "doi": plan(filter_in(papers.exclude(doi=""), "doi", [f"10.1/{i}" for i in range(1000)])),
            "arxiv id": plan(filter_in(papers.exclude(arxiv_id=""), "arxiv_id", [f"1706.{i:05d}" for i in range(999)])),
            "slug": plan(filter_in(papers, "slug", [f"paper-{i}" for i in range(1000)]).values_list("slug")),
            "dblp name": plan(filter_in(Author.objects.all(), "dblp_name", [f"Author {i}" for i in range(1000)])),
            "name": plan(filter_in(Author.objects.filter(dblp_name=None), "name", [f"Author {i}" for i in range(9)])),
        }
    for lookup, text in plans.items():
        assert "Seq Scan" not in text, f"{lookup}:\n{text}"
        assert "Sort" not in text, f"{lookup} is ordered by the model's ordering:\n{text}"
    assert "paper_unique_doi" in plans["doi"] and "paper_unique_arxiv_id" in plans["arxiv id"]

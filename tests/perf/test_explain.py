"""On PostgreSQL with a few thousand generated papers, the heavy pages' queries use indexes on papers_paper.

Each test requests a page, captures the SQL it ran, and asks PostgreSQL for the plan of every statement that
reads papers_paper: none may scan the whole table.
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from bench.synthetic.words import RARE_TERMS
from pagecache.models import ObjectVersion
from papers.models import Author, Keyword, Paper, Venue

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

PAPERS = 4000


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    """A generated catalogue, committed and ANALYZEd so the planner sees realistic statistics."""
    with django_db_blocker.unblock():
        call_command(
            "generate_catalogue", papers=PAPERS, summaries=PAPERS, venues=50, seed=1, summary_pool=30,
            stdout=StringIO(),
        )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        yield
        # Committed rows outlive the test transaction: remove every one the generator made, its readers' accounts
        # included (they once leaked into the tests after this module, which then found a user they never made),
        # and every row that points at them (summaries, votes, discussion, counters, versions). One TRUNCATE: a
        # delete() per row sent each row's signals, minutes of recounts for rows about to go anyway.
        tables = [model._meta.db_table for model in (Paper, Author, Keyword, Venue, get_user_model(), ObjectVersion)]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(connection.ops.quote_name(t) for t in tables)} CASCADE")


def plans_reading_papers(client, url):
    """The EXPLAIN output of each SELECT the page ran that touches papers_paper."""
    with override_settings(CACHE_PAGES=False), CaptureQueriesContext(connection) as queries:
        response = client.get(url)  # rendered, not from the page cache
    assert response.status_code == 200, url
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            sql = query["sql"]
            if sql.lstrip().upper().startswith("SELECT") and '"papers_paper"' in sql:
                cursor.execute(f"EXPLAIN {sql}")
                plans.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
    assert plans, f"{url} read no papers"
    return plans


def assert_no_seq_scan_on_papers(plans):
    for sql, plan in plans:
        assert "Seq Scan on papers_paper" not in plan, f"{sql}\n--- plan ---\n{plan}"


def busiest_venue():
    return Venue.objects.annotate(n=Count("papers")).order_by("-n", "pk").first()


def test_venue_year_page_reads_papers_through_an_index(catalogue, client):
    venue = busiest_venue()
    year = venue.papers.order_by().values("year").annotate(n=Count("pk")).order_by("-n").first()["year"]
    plans = plans_reading_papers(client, f"/venues/{venue.slug}/{year}/")
    assert_no_seq_scan_on_papers(plans)


def test_venue_year_page_for_a_quiet_year_reads_papers_through_an_index(catalogue, client):
    venue = busiest_venue()
    year = venue.papers.order_by().values("year").annotate(n=Count("pk")).order_by("n", "year").first()["year"]
    assert_no_seq_scan_on_papers(plans_reading_papers(client, f"/venues/{venue.slug}/{year}/"))


def test_venue_histogram_is_one_aggregate_query_through_an_index(catalogue, client):
    venue = busiest_venue()
    plans = plans_reading_papers(client, venue.get_absolute_url())
    histogram = [plan for sql, plan in plans if "GROUP BY" in sql and '"papers_paper"."year"' in sql]
    assert len(histogram) == 1
    assert_no_seq_scan_on_papers(plans)


@pytest.mark.parametrize("term", ["learning", RARE_TERMS[0].lower()])
def test_search_reads_papers_through_an_index(catalogue, client, term):
    assert_no_seq_scan_on_papers(plans_reading_papers(client, f"/search/?q={term}"))


def busiest_year(venue):
    return venue.papers.order_by().values("year").annotate(n=Count("pk")).order_by("-n").first()["year"]


@pytest.mark.parametrize("sort", ["title", "summaries", "recent"])
def test_venue_year_sorts_read_one_page_of_an_index(catalogue, client, sort):
    venue = busiest_venue()
    plans = plans_reading_papers(client, f"/venues/{venue.slug}/{busiest_year(venue)}/?sort={sort}")
    assert_no_seq_scan_on_papers(plans)
    listing = [plan for sql, plan in plans if "LIMIT" in sql and "ORDER BY" in sql]
    assert len(listing) == 1
    assert "Sort  " not in listing[0] or "Incremental Sort" in listing[0], listing[0]  # no sort of the whole year


def test_list_pages_count_no_summaries(catalogue, client):
    venue = busiest_venue()
    author = Author.objects.annotate(n=Count("authorships")).order_by("-n", "pk").first()
    for url in ["/", "/venues/", f"/venues/{venue.slug}/{busiest_year(venue)}/?sort=summaries",
                author.get_absolute_url(), "/api/papers/"]:
        with override_settings(CACHE_PAGES=False), CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert not any("summaries_summary" in q["sql"] and "COUNT(" in q["sql"] for q in queries), url


def test_api_paper_list_reads_the_newest_papers_through_their_index(catalogue, client):
    plans = plans_reading_papers(client, "/api/papers/?page=3")
    listing = [plan for sql, plan in plans if "LIMIT" in sql and "ORDER BY" in sql]
    assert len(listing) == 1 and "paper_newest" in listing[0], listing

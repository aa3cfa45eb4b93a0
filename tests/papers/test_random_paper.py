"""/papers/random/: a 302 (never cached) to a random paper with a public summary, in constant index reads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.models import Paper
from papers.random_pick import random_summarized_paper
from tests.builders import make_paper, make_summary

pytestmark = pytest.mark.django_db


def test_it_redirects_to_a_paper_with_a_public_summary_and_is_never_cached(client, make_user):
    summarized = make_paper("Summarized", summary="Public.")
    make_paper("Bare")
    response = client.get("/papers/random/")
    assert response.status_code == 302 and response["Location"] == summarized.get_absolute_url()
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    with CaptureQueriesContext(connection) as again:
        assert client.get("/papers/random/").status_code == 302
    assert len(again) == 2  # two index reads (an address the page cache never stores costs it no query)


def test_every_pick_lands_on_a_paper_with_a_public_summary_only(make_user):
    writer = make_user()
    public = [make_paper(f"Public {n}", summary="Yes.") for n in range(3)]
    for n in range(3):
        make_summary(make_paper(f"Private {n}"), "Mine.", author=writer, is_private=True)
        make_summary(make_paper(f"Hidden {n}"), "Spam.", author=make_user(), is_hidden=True)
        make_paper(f"Bare {n}")
    picks = {random_summarized_paper(pick=lambda f=fraction: f).pk for fraction in [i / 100 for i in range(100)]}
    assert picks == {paper.pk for paper in public}  # every one can come up, and nothing else


def test_without_any_summarized_paper_it_is_a_404_page_that_says_why(client, make_user):
    make_summary(make_paper("Private only"), "Mine.", author=make_user(), is_private=True)
    response = client.get("/papers/random/")
    assert response.status_code == 404
    assert "there is none yet" in response.content.decode()


def test_the_number_of_queries_does_not_grow_with_the_catalogue(client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/papers/random/").status_code == 302
        return len(captured)

    make_paper("First", summary="One.")
    small = queries()
    Paper.objects.bulk_create([Paper(title=f"Bulk {n}", slug=f"bulk-{n}", year=2020, summary_count=n % 2)
                               for n in range(500)])
    assert queries() == small == 2


@pytest.mark.postgres
def test_on_postgresql_the_pick_reads_the_partial_index_not_the_table(client):
    Paper.objects.bulk_create([Paper(title=f"Bulk {n}", slug=f"bulk-{n}", year=2020, summary_count=int(n % 50 == 0))
                               for n in range(30_000)], batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE papers_paper")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/papers/random/").status_code == 302
    picks = [q["sql"] for q in captured if '"papers_paper"' in q["sql"]]
    assert len(picks) == 2
    with connection.cursor() as cursor:
        for sql in picks:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "paper_summarized" in plan and "Seq Scan" not in plan and "random()" not in sql.lower(), plan

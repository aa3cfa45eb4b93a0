"""On PostgreSQL with 20,000 writers (and as many users who never wrote), each page of the directory reads one
index of stored counts (no sequential scan, no aggregate over summaries) and the number of listed writers (a count
of writers' rows, which PostgreSQL may scan: 40,000 narrow rows, a few milliseconds)."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.models import Writer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
WRITERS = 20_000


@pytest.fixture
def many_writers():
    now = timezone.now()
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"w{n:06}", date_joined=now - timedelta(minutes=n)) for n in range(2 * WRITERS)
    )
    Writer.objects.bulk_create(
        Writer(user=user, joined=user.date_joined, reputation=(n * 7919) % 1000, sort_name=user.username,
               public_summary_count=1 + n % 5 if n % 2 else 0)
        for n, user in enumerate(users)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_writer")
        cursor.execute("ANALYZE auth_user")


@pytest.mark.parametrize("sort", ["reputation", "name", "newest"])
def test_every_order_reads_an_index_and_a_late_page_is_fast(client, many_writers, sort):
    url = f"/users/?sort={sort}&page=300"
    with override_settings(CACHE_PAGES=False):
        client.get("/users/")  # templates loaded, connection warm
    with override_settings(CACHE_PAGES=False), CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200 and response.content.decode().count('<tr class="writer">') == 50
    reads = [q["sql"] for q in queries.captured_queries if '"people_writer"' in q["sql"]]
    assert len(reads) == 3  # the count, the page's ids, and those writers with their users and profiles
    assert "summaries_summary" not in " ".join(reads)
    page = next(sql for sql in reads if "ORDER BY" in sql)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {page}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on people_writer" not in plan and f"writer_listed_{sort}" in plan, plan
    assert elapsed < 1.0, f"{url} took {elapsed:.3f} s"  # about 0.2-0.4 s on the shared 2-core machine

"""Anonymous pages come from the page cache (one query), never stale after a write, with ETag and Last-Modified."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pagecache.models import CatalogueVersion, ObjectVersion
from papers.models import Paper
from summaries.models import Summary
from summaries.services import summary_set_hidden, summary_update, summary_vote
from tests.builders import make_paper, make_summary, make_venue

pytestmark = pytest.mark.django_db

PAGES = ["/", "/venues/", "/venues/nips/", "/venues/nips/2018/", "/authors/ada-lovelace/", "/search/?q=neural",
         "/feeds/latest/", "/api/papers/"]


@pytest.fixture
def paper():
    paper = make_paper("Neural Ordinary Differential Equations", venue=make_venue("NIPS"), year=2018)
    make_summary(paper, "Continuous-depth residual networks.")
    return Paper.objects.get(pk=paper.pk)


def queries_for(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


@pytest.mark.parametrize("url", [*PAGES, "paper"])
def test_a_second_anonymous_request_is_served_from_the_cache_with_one_query(client, paper, url):
    url = paper.get_absolute_url() if url == "paper" else url
    first, uncached = queries_for(client, url)
    second, cached = queries_for(client, url)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert cached == 1 < uncached  # the catalogue version only


def test_a_saved_summary_shows_at_once_on_cached_pages(client, paper):
    summary = paper.summaries.get()
    assert "Continuous-depth" in client.get(paper.get_absolute_url()).content.decode()
    summary_update(summary=summary, body="Adjoint sensitivities, explained.", is_private=False)
    html = client.get(paper.get_absolute_url()).content.decode()
    assert "Adjoint sensitivities" in html and "Continuous-depth" not in html


def test_a_hidden_summary_disappears_at_once_from_cached_pages(client, paper):
    summary = paper.summaries.get()
    assert "1 summary" in client.get("/venues/nips/2018/").content.decode()
    assert "Continuous-depth" in client.get("/").content.decode()
    summary_set_hidden(summary=summary, hidden=True)
    assert "No summary yet" in client.get("/venues/nips/2018/").content.decode()
    assert "Continuous-depth" not in client.get("/").content.decode()


def test_a_vote_shows_at_once_on_the_cached_paper_page(client, paper, make_user):
    summary = paper.summaries.get()
    client.get(paper.get_absolute_url())
    summary_vote(summary=summary, user=make_user(), value=1)
    assert client.get("/", {"tab": "top"}).content.decode().count("score 1") == 1


def test_if_none_match_with_the_current_etag_is_a_304_and_a_write_changes_the_etag(client, paper):
    first = client.get("/venues/nips/2018/")
    etag = first["ETag"]
    assert first.has_header("Last-Modified") and "Cookie" in first["Vary"]
    not_modified, queries = queries_for(client, "/venues/nips/2018/", if_none_match=etag)
    assert not_modified.status_code == 304 and not_modified.content == b"" and queries == 1
    make_summary(paper, "A second summary.")
    changed = client.get("/venues/nips/2018/", headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "2 summaries" in changed.content.decode()


def test_if_modified_since_the_last_write_is_a_304(client, paper):
    # HTTP dates are whole seconds: the reader's copy is from a minute before the next write.
    CatalogueVersion.objects.update(changed_at=timezone.now() - dt.timedelta(minutes=1))
    ObjectVersion.objects.update(changed_at=timezone.now() - dt.timedelta(minutes=1))
    last_modified = client.get("/feeds/latest/")["Last-Modified"]
    assert client.get("/feeds/latest/", headers={"if-modified-since": last_modified}).status_code == 304
    make_summary(paper, "Newer than the reader's copy.")
    assert client.get("/feeds/latest/", headers={"if-modified-since": last_modified}).status_code == 200


def test_logged_in_pages_are_never_served_from_the_cache(client, paper, make_user):
    client.get(paper.get_absolute_url())  # cached for anonymous readers
    user = make_user(first_name="Grace", last_name="Hopper")
    client.force_login(user)
    response, queries = queries_for(client, paper.get_absolute_url())
    assert queries > 1 and "Log out" in response.content.decode()
    assert not response.has_header("ETag")
    client.logout()
    assert "Log out" not in client.get(paper.get_absolute_url()).content.decode()


def test_errors_and_redirects_are_not_cached(client, paper):
    assert client.get("/venues/nips/1900/").status_code == 404
    assert client.get(f"/papers/{paper.pk}/old-slug/").status_code == 301
    assert client.get("/search/", {"q": "x", "year_from": 2019, "year_to": 2010}).status_code == 400
    _, queries = queries_for(client, "/venues/nips/1900/")
    assert queries > 1


@override_settings(CACHE_PAGES=False)
def test_with_the_page_cache_off_every_request_renders_but_keeps_its_etag(client, paper):
    first, uncached = queries_for(client, "/venues/")
    second, again = queries_for(client, "/venues/")
    assert again == uncached > 1
    assert first["ETag"] == second["ETag"]
    assert client.get("/venues/", headers={"if-none-match": first["ETag"]}).status_code == 304


def test_rerendering_summaries_shows_at_once_on_cached_pages(client, paper):
    Summary.objects.filter(paper=paper).update(body_html="<p>old pipeline output</p>")  # no signal, no new version
    assert "old pipeline output" in client.get(paper.get_absolute_url()).content.decode()
    call_command("rerender_summaries", verbosity=0, stdout=StringIO())
    html = client.get(paper.get_absolute_url()).content.decode()
    assert "old pipeline output" not in html and "Continuous-depth" in html
    assert Summary.objects.get(paper=paper).excerpt.startswith("Continuous-depth")


def test_a_page_that_holds_a_csrf_token_is_never_stored(rf, paper):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from pagecache.decorators import cache_public_page

    rendered = []

    @cache_public_page
    def form_page(request):
        rendered.append(1)
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    first, second = form_page(rf.get("/form/")), form_page(rf.get("/form/"))
    assert len(rendered) == 2  # each visitor got a page of their own
    assert first.content != second.content


def test_a_page_answered_from_the_cache_carries_the_security_headers(client, paper):
    rendered = client.get("/venues/nips/2018/")
    cached, queries = queries_for(client, "/venues/nips/2018/")
    assert queries == 1 and cached.content == rendered.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                   "ETag", "Last-Modified"):
        assert cached[header] == rendered[header], header
    assert not cached.cookies  # no session, no CSRF cookie handed out with a shared page


def new_request_on_the_kept_connection():
    """What Django does when a request starts (the test client skips it): the kept connection is due a check."""
    connection.close_if_unusable_or_obsolete()
    assert connection.connection is not None and not connection.health_check_done


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_cached_page_on_a_kept_connection_costs_one_round_trip_the_version_query_being_the_health_check(
    client, paper, monkeypatch
):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] and connection.settings_dict["CONN_MAX_AGE"]
    url = paper.get_absolute_url()
    client.get(url)
    new_request_on_the_kept_connection()
    health_checks = []
    monkeypatch.setattr(connection, "is_usable", lambda: health_checks.append(1) or True)
    response, queries = queries_for(client, url)
    assert response.status_code == 200 and "Continuous-depth" in response.content.decode()
    assert queries == 1 and health_checks == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_cached_page_is_served_after_the_database_dropped_the_kept_connection(client, paper):
    url = paper.get_absolute_url()
    client.get(url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (old_pid,) = cursor.fetchone()
    other = connection.copy()  # another connection ends this one, as a database restart would
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [old_pid])
    finally:
        other.close()
    new_request_on_the_kept_connection()
    response = client.get(url)
    assert response.status_code == 200 and "Continuous-depth" in response.content.decode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != old_pid


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_when_the_database_is_down_a_cached_page_is_the_503_page_not_an_error(client, paper, monkeypatch):
    url = paper.get_absolute_url()
    client.get(url)
    new_request_on_the_kept_connection()
    connection.connection.close()  # the kept connection is gone ...
    monkeypatch.setitem(connection.settings_dict, "PORT", "1")  # ... and no new one can be opened
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 503 and response["Retry-After"]

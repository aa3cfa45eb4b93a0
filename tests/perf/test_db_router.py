"""The primary/replica router, with database aliases that mirror the test database like replicas (no lag: the
real streaming replica with lag is in tests/topology)."""

import contextlib
import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.signals import request_started
from django.db import OperationalError, connections, reset_queries, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from infra import db_router
from infra.db_router import PrimaryReplicaRouter
from pagecache.models import CatalogueVersion
from papers.models import Paper, Venue

# The replica aliases must exist before the test databases are set up (Django points mirrors at their primary's
# test database then), so they are declared when this module is collected, as a settings module would declare them.
for _alias in ("replica", "replica2"):
    if _alias not in connections.settings:
        connections.settings[_alias] = connections.configure_settings(
            {"default": dict(connections.settings["default"]), _alias: {**connections.settings["default"]}}
        )[_alias]
        connections.settings[_alias]["TEST"] = {**connections.settings["default"]["TEST"], "MIRROR": "default"}

ROUTED = override_settings(
    DATABASE_REPLICAS=["replica"], DATABASE_ROUTERS=["infra.db_router.PrimaryReplicaRouter"]
)
TWO_REPLICAS = override_settings(
    DATABASE_REPLICAS=["replica", "replica2"], DATABASE_ROUTERS=["infra.db_router.PrimaryReplicaRouter"]
)
# transaction=True: the replica is a second connection, which only sees committed rows, as a real replica.
pytestmark = [pytest.mark.django_db(transaction=True, databases=["default", "replica", "replica2"])]


@pytest.fixture(autouse=True)
def fresh_routing():
    """Each test starts as a new request would, with every replica answering."""
    new_request()
    db_router._down_until.clear()
    yield
    db_router._down_until.clear()


def new_request():
    request_started.send(sender=None)


def venue_names():
    return list(Venue.objects.values_list("short_name", flat=True))


def queries_on_each_alias(action):
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(
        connections["replica"]
    ) as replica:
        result = action()
    return result, len(primary), len(replica)


def queries_by_alias(action, aliases=("default", "replica", "replica2")):
    """{alias: number of queries} for the aliases that ran any while `action` ran. Unlike CaptureQueriesContext it
    opens no connection itself, so it can watch a replica that does not answer."""
    request_started.disconnect(reset_queries)  # as CaptureQueriesContext: keep the log across requests
    saved = {alias: connections[alias].force_debug_cursor for alias in aliases}
    before = {}
    try:
        for alias in aliases:
            connections[alias].force_debug_cursor = True
            before[alias] = len(connections[alias].queries_log)
        action()
    finally:
        for alias in aliases:
            connections[alias].force_debug_cursor = saved[alias]
        request_started.connect(reset_queries)
    counts = {alias: len(connections[alias].queries_log) - before[alias] for alias in aliases}
    return {alias: count for alias, count in counts.items() if count}


@ROUTED
def test_reads_go_to_the_replica_and_find_committed_rows():
    Venue.objects.create(short_name="ICML")
    new_request()
    names, on_primary, on_replica = queries_on_each_alias(venue_names)
    assert names == ["ICML"]
    assert (on_primary, on_replica) == (0, 1)
    assert Venue.objects.get(short_name="ICML")._state.db == "replica"


@ROUTED
def test_writes_go_to_the_primary():
    new_request()
    _, on_primary, on_replica = queries_on_each_alias(lambda: Venue.objects.create(short_name="ICLR"))
    assert on_primary >= 1 and on_replica == 0
    assert Venue.objects.using("default").filter(short_name="ICLR").exists()


@ROUTED
def test_a_read_after_a_write_in_the_same_request_goes_to_the_primary():
    new_request()
    Venue.objects.create(short_name="CVPR")
    names, on_primary, on_replica = queries_on_each_alias(venue_names)
    assert names == ["CVPR"]
    assert (on_primary, on_replica) == (1, 0)
    # The next request starts clean: its reads go back to the replica.
    new_request()
    _, on_primary, on_replica = queries_on_each_alias(lambda: Venue.objects.count())
    assert (on_primary, on_replica) == (0, 1)


@ROUTED
def test_reads_inside_a_transaction_go_to_the_primary_and_see_its_uncommitted_rows():
    new_request()
    with transaction.atomic():
        # Created through the primary explicitly, so the request is not yet marked as having written.
        Venue.objects.using("default").create(short_name="ACL")
        names, on_primary, on_replica = queries_on_each_alias(venue_names)
    assert names == ["ACL"]
    assert (on_primary, on_replica) == (1, 0)


@ROUTED
def test_pages_read_from_the_replica(client):
    Venue.objects.create(short_name="NIPS", description="A venue.")
    _, on_primary, on_replica = queries_on_each_alias(lambda: client.get("/venues/nips/"))
    assert on_replica >= 1
    assert on_primary == 0


@ROUTED
def test_migrations_run_only_on_the_primary_and_objects_relate_across_aliases():
    assert router.allow_migrate("default", "papers")
    assert not router.allow_migrate("replica", "papers")
    venue = Venue.objects.using("default").create(short_name="KDD")
    replica_copy = Venue.objects.using("replica").get(pk=venue.pk)
    assert PrimaryReplicaRouter().allow_relation(venue, replica_copy) is True


def test_without_replicas_configured_every_read_stays_on_the_primary():
    assert PrimaryReplicaRouter().db_for_read(Venue) == "default"


# Read-your-writes across requests: the pin cookie.


def pin_of(response):
    morsel = response.cookies.get(db_router.PIN_COOKIE)
    return morsel if morsel is not None and morsel.value else None


@ROUTED
def test_after_logging_in_the_next_pages_of_that_client_read_the_primary(client, make_user):
    make_user("grace", password="correct horse battery staple")
    response = client.post("/accounts/login/", {"username": "grace", "password": "correct horse battery staple"})
    assert response.status_code == 302
    pin = pin_of(response)
    assert pin is not None and pin["max-age"] == 5 and pin["httponly"] and pin["samesite"] == "Lax"
    # The redirect reads the session row just written: on the primary, where it surely is.
    counts = queries_by_alias(lambda: client.get(response["Location"]))
    assert set(counts) == {"default"}
    # Another client, which wrote nothing, reads the replica.
    assert set(queries_by_alias(lambda: Client().get("/venues/"))) == {"replica"}


@ROUTED
def test_a_pin_older_than_the_pin_seconds_or_forged_is_ignored(client, settings):
    Venue.objects.create(short_name="ICML")
    with mock.patch("django.core.signing.time.time", return_value=time.time() - settings.REPLICA_PIN_SECONDS - 2):
        client.cookies[db_router.PIN_COOKIE] = db_router.pin_cookie_value()
    assert set(queries_by_alias(lambda: client.get("/venues/"))) == {"replica"}
    client.cookies[db_router.PIN_COOKIE] = "1:forged:signature"
    assert set(queries_by_alias(lambda: client.get("/venues/"))) == {"replica"}
    client.cookies[db_router.PIN_COOKIE] = db_router.pin_cookie_value()
    assert set(queries_by_alias(lambda: client.get("/venues/"))) == {"default"}


@ROUTED
def test_a_request_that_may_write_reads_the_primary_throughout(make_user):
    """A log-in from another device right after signing up: the form's checks must see the newest rows."""
    make_user("grace", password="correct horse battery staple")
    new_request()
    counts = queries_by_alias(lambda: Client().post("/accounts/login/", {"username": "grace", "password": "wrong"}))
    assert set(counts) == {"default"}


@ROUTED
def test_reading_pages_sets_no_pin(client, nips2018):
    for path in ["/", "/venues/nips/", "/search/?q=neural", "/accounts/login/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert pin_of(response) is None, path


# One database per request: the page-cache version and the page come from the same place.


@TWO_REPLICAS
def test_each_request_reads_one_replica_only_and_both_get_used(nips2018):
    used = set()
    for _ in range(30):
        counts = queries_by_alias(lambda: Client().get("/venues/nips/"))  # a new client: a cache miss each time
        assert len(counts) == 1, counts
        used |= set(counts)
        Client().get("/")
    assert used == {"replica", "replica2"}


@TWO_REPLICAS
@override_settings(CACHE_PAGES=True)  # not the settings fixture: its undo would restore the routed settings
def test_the_catalogue_version_of_a_cached_page_is_read_where_the_page_is_rendered(nips2018):
    cache.clear()
    with CaptureQueriesContext(connections["replica"]) as one, CaptureQueriesContext(connections["replica2"]) as two:
        new_request()
        version = CatalogueVersion.current()
        Venue.objects.count()
        Paper.objects.count()
    assert version[0] != "0"
    assert sorted([len(one), len(two)]) == [0, 3]  # the version read first, then the page's reads, on one alias


# A replica that stops answering.


@contextlib.contextmanager
def replica_stops(alias="replica"):
    """The replica stops answering: its connection is dropped and every new one refused, as by a stopped server."""
    connection = connections[alias]
    BaseDatabaseWrapper.close(connection)  # SQLite keeps an in-memory database's connection on close(): drop it
    refused = OperationalError(f'connection to server for "{alias}" failed: Connection refused')
    with mock.patch.object(connection, "get_new_connection", side_effect=refused):
        yield


@ROUTED
@override_settings(REPLICA_RETRY_SECONDS=60)
def test_a_replica_that_does_not_answer_is_skipped_and_used_again_when_it_answers(client, nips2018):
    with replica_stops():
        for path in ["/", "/venues/nips/", "/venues/nips/2018/"]:
            counts = queries_by_alias(lambda path=path: Client().get(path))
            assert set(counts) == {"default"}, (path, counts)
        assert db_router._skipped("replica")
    # Back, but it is tried again only after REPLICA_RETRY_SECONDS.
    assert set(queries_by_alias(lambda: Client().get("/venues/"))) == {"default"}
    db_router._down_until["replica"] = time.monotonic()  # the retry time has come
    assert set(queries_by_alias(lambda: Client().get("/venues/"))) == {"replica"}


@ROUTED
def test_a_replica_that_fails_in_the_middle_of_a_read_is_skipped_and_the_page_read_again_from_the_primary(nips2018):
    replica = connections["replica"]
    replica.ensure_connection()
    queries = []

    def stops_after_the_first_query(execute, sql, params, many, context):
        queries.append(sql)
        if len(queries) > 1:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    refused = OperationalError("Connection refused")
    # SQLite keeps an in-memory database's connection on close(); a real server's connection would be gone.
    with mock.patch.object(replica, "get_new_connection", side_effect=refused), mock.patch.object(
        replica, "close", lambda: BaseDatabaseWrapper.close(replica)
    ), replica.execute_wrapper(stops_after_the_first_query):
        response = Client().get("/venues/nips/")
    assert response.status_code == 200
    assert "single-track machine learning" in response.content.decode()
    assert len(queries) == 2  # the catalogue version, then the failed read; everything after on the primary
    assert db_router._skipped("replica")


@ROUTED
def test_a_failed_write_is_not_run_again(client, make_user):
    """Only reads that wrote nothing run again; a POST that meets a database error gets the 503 page."""
    make_user("grace", password="pw-grace-123456")
    with replica_stops(), mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.save", side_effect=OperationalError("primary down")
    ):
        response = Client(raise_request_exception=False).post(
            "/accounts/login/", {"username": "grace", "password": "pw-grace-123456"}
        )
    assert response.status_code == 503

"""The primary/replica router, with a second database alias that mirrors the test database like a replica."""

import pytest
from django.core.signals import request_started
from django.db import connections, router, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from infra.db_router import PrimaryReplicaRouter
from papers.models import Venue

# The replica alias must exist before the test databases are set up (Django points mirrors at their primary's
# test database then), so it is declared when this module is collected, as a settings module would declare it.
if "replica" not in connections.settings:
    connections.settings["replica"] = connections.configure_settings(
        {"default": dict(connections.settings["default"]), "replica": {**connections.settings["default"]}}
    )["replica"]
    connections.settings["replica"]["TEST"] = {**connections.settings["default"]["TEST"], "MIRROR": "default"}

ROUTED = override_settings(
    DATABASE_REPLICAS=["replica"], DATABASE_ROUTERS=["infra.db_router.PrimaryReplicaRouter"]
)
# transaction=True: the replica is a second connection, which only sees committed rows, as a real replica.
pytestmark = [pytest.mark.django_db(transaction=True, databases=["default", "replica"])]


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

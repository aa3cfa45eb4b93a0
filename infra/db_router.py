"""Send reads to read replicas and writes to the primary, without showing a client stale data they just wrote.

Wired in settings only when DATABASE_REPLICA_URLS is set (aliases "replica1", "replica2", ...). A replica replays
the primary's writes a little later (milliseconds on a quiet network, seconds under load), so a read goes to the
primary instead whenever a replica could miss a write the reader should see:
- inside a transaction on the primary (the replica cannot see uncommitted rows);
- for the rest of the request after that request wrote anything;
- for the whole of a request that may write (POST and the other unsafe methods): what it checks before writing
  (a username taken, the password of a log-in, a summary already written) must be the latest rows;
- for REPLICA_PIN_SECONDS after a request of the same client wrote anything (the redirect after posting a summary,
  the first page after logging in, whose session row was just written): the response that wrote carries a signed
  cookie, PIN_COOKIE, read by infra.middleware.PrimaryPinMiddleware (django-multidb-router's "pinning").

Each request reads from one database only, chosen at its first read: one replica, kept for the whole request, or
the primary. Data on one server only moves forward, so everything a request reads is at least as new as its first
read, which is what the page cache relies on (pagecache.models.CatalogueVersion.current). A request only ever moves
to the primary (newer than any replica) after that, never to another replica.

A replica that does not answer (refused, or its kept connection dead) is skipped by every request of this process
for REPLICA_RETRY_SECONDS, then tried again: reads go to another replica or to the primary meanwhile. Found out
at the choice, it costs nothing visible; found out in the middle of a read-only request, the request is run again
on the primary (infra.middleware.DatabaseUnavailableMiddleware).

The request's state lives in a context variable, replaced when each request starts.
"""

import contextvars
import logging
import random
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

PIN_COOKIE = "primary_pin"
PIN_SALT = "infra.db_router.pin"
SAFE_METHODS = ("GET", "HEAD")
# The hint that tells the router its caller checks the connection with its own query (infra.db.fetchone_for_read).
CALLER_CHECKS_CONNECTION = "caller_checks_connection"
DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)


@dataclass
class RequestRouting:
    wrote: bool = False  # this request wrote (or asked where to write)
    pinned: bool = False  # this client wrote within REPLICA_PIN_SECONDS
    read_alias: str | None = None  # where this request reads, chosen at its first read
    replica: str | None = None  # the replica it chose then, if any (it may have moved to the primary since)


_routing = contextvars.ContextVar("request_routing")
# alias -> time.monotonic() until which the replica is skipped; shared by the threads of a process.
_down_until: dict[str, float] = {}


def current_routing() -> RequestRouting:
    routing = _routing.get(None)
    if routing is None:
        routing = RequestRouting()
        _routing.set(routing)
    return routing


def new_request(**kwargs):
    _routing.set(RequestRouting())




def replica_aliases():
    """The replica database aliases, from settings.DATABASE_REPLICAS (empty: every read goes to the primary)."""
    return list(getattr(settings, "DATABASE_REPLICAS", []))


def is_replica(alias) -> bool:
    return alias in replica_aliases()


def replica_failed(alias, error=None):
    """Skip `alias` for REPLICA_RETRY_SECONDS in this process; its connection is dropped so the next try reconnects."""
    seconds = settings.REPLICA_RETRY_SECONDS
    already_down = _down_until.get(alias, 0) > time.monotonic()
    _down_until[alias] = time.monotonic() + seconds
    if not already_down:
        logger.warning("replica %s does not answer (%s): reads go elsewhere, next try in %ss", alias, error, seconds)
    try:
        connections[alias].close()
    except DATABASE_DOWN_ERRORS:
        pass


def _skipped(alias) -> bool:
    return _down_until.get(alias, 0) > time.monotonic()


def _answers(alias) -> bool:
    """Connect to the replica if needed; a connection kept from an earlier request gets Django's health check
    (CONN_HEALTH_CHECKS: one SELECT 1 per request, which the first query would have paid for anyway)."""
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DATABASE_DOWN_ERRORS as exc:
        replica_failed(alias, exc)
        return False
    return True


def _choose_read_alias(check_connection=True):
    candidates = [alias for alias in replica_aliases() if not _skipped(alias)]
    random.shuffle(candidates)
    for alias in candidates:
        if not check_connection or _answers(alias):
            return alias
    return DEFAULT_DB_ALIAS


def pin_reads(request):
    """Pin this request's reads to the primary when it may write (an unsafe method) or when it brings a pin cookie
    younger than REPLICA_PIN_SECONDS (its client wrote lately)."""
    if request.method not in SAFE_METHODS:
        current_routing().pinned = True
        return
    value = request.COOKIES.get(PIN_COOKIE)
    if not value:
        return
    try:
        signing.TimestampSigner(salt=PIN_SALT).unsign(value, max_age=settings.REPLICA_PIN_SECONDS)
    except signing.BadSignature:  # expired or forged: read where the router likes
        return
    current_routing().pinned = True


def pin_cookie_value():
    return signing.TimestampSigner(salt=PIN_SALT).sign("1")


def wrote_in_this_request() -> bool:
    return current_routing().wrote


def read_again_elsewhere(request) -> bool:
    """After a database error in `request`: True when the request read from a replica that no longer answers and
    may simply run again (a GET or HEAD that wrote nothing). The replica is then skipped and the request's reads
    chosen anew, away from it."""
    routing = current_routing()
    alias = routing.replica
    if request.method not in SAFE_METHODS or routing.wrote or alias is None:
        return False
    connections[alias].close()  # a fresh connection tells whether the replica answers at all
    if not _skipped(alias) and _answers(alias):
        return False  # the replica answers: the error was the primary's
    replica_failed(alias)
    routing.read_alias = routing.replica = None
    return True


class PrimaryReplicaRouter:
    """Reads to the request's replica, writes and migrations to the primary ("default")."""

    def db_for_read(self, model, **hints):
        if not replica_aliases():
            return DEFAULT_DB_ALIAS
        routing = current_routing()
        if routing.wrote or routing.pinned or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        if routing.read_alias is None:
            routing.read_alias = _choose_read_alias(check_connection=not hints.get(CALLER_CHECKS_CONNECTION))
            routing.replica = routing.read_alias if routing.read_alias != DEFAULT_DB_ALIAS else None
        elif routing.read_alias != DEFAULT_DB_ALIAS and _skipped(routing.read_alias):
            routing.read_alias = DEFAULT_DB_ALIAS  # it stopped answering: only the primary is surely as new
        return routing.read_alias

    def db_for_write(self, model, **hints):
        current_routing().wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same rows as the primary, so objects read from either may be related.
        pool = {DEFAULT_DB_ALIAS, *replica_aliases()}
        if obj1._state.db in pool and obj2._state.db in pool:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas get the schema through replication, never by running migrations against them.
        return db == DEFAULT_DB_ALIAS

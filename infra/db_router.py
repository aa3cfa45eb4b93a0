"""Send reads to read replicas and writes to the primary, without showing a user stale data they just wrote.

Wired in settings only when DATABASE_REPLICA_URLS is set (aliases "replica1", "replica2", ...). A read goes to
the primary instead of a replica when it could otherwise miss a write:
- inside a transaction on the primary (the replica cannot see uncommitted rows), and
- for the rest of the request after that request wrote anything (replication lags by a few milliseconds to
  seconds; reading one's own write from a replica would show the old page).
The "wrote in this request" mark lives in a context variable and is cleared when each request starts.
"""

import contextvars
import random

from django.conf import settings
from django.core.signals import request_started
from django.db import DEFAULT_DB_ALIAS, connections

_wrote_in_this_request = contextvars.ContextVar("wrote_in_this_request", default=False)


def _forget_writes(**kwargs):
    _wrote_in_this_request.set(False)


request_started.connect(_forget_writes, dispatch_uid="infra.db_router.forget_writes")


def replica_aliases():
    """The replica database aliases, from settings.DATABASE_REPLICAS (empty: every read goes to the primary)."""
    return list(getattr(settings, "DATABASE_REPLICAS", []))


class PrimaryReplicaRouter:
    """Reads to a random replica, writes and migrations to the primary ("default")."""

    def db_for_read(self, model, **hints):
        replicas = replica_aliases()
        if not replicas or _wrote_in_this_request.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return random.choice(replicas)

    def db_for_write(self, model, **hints):
        _wrote_in_this_request.set(True)
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

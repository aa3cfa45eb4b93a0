"""Database helpers that are about connections rather than any one app's tables."""

from django.db import InterfaceError, OperationalError, connections, router

from infra.db_router import CALLER_CHECKS_CONNECTION, is_replica, replica_failed


def placeholders(values):
    """"%s, %s, …": one query parameter for each of `values`, for an IN (…) of plain SQL."""
    return ", ".join(["%s"] * len(values))


def _fetchone(connection, sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _fetchall(connection, sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fetchone_checking_connection(connection, sql, params=None, *, fetch=_fetchone):
    """The first row of `sql` (or None), the query standing in for Django's health check of the connection.

    With CONN_HEALTH_CHECKS, Django checks a persistent connection with a round trip of its own (`SELECT 1`)
    before the first query of each request. For a request that needs one query only, a cached page reading the
    catalogue version, that check was half of its database time (+14-16% cached pages per second without it).
    Here the query itself is the check: it runs first, and if the connection kept from an earlier request turns
    out to be dead (the database restarted), the connection is reopened and the query run again, as the health
    check would have done. `health_check_enabled` / `health_check_done` are the flags Django's own check reads
    (BaseDatabaseWrapper.close_if_health_check_failed); tests/perf/test_page_cache.py pins this behaviour.
    """
    unchecked = (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    if unchecked:
        connection.health_check_done = True  # the query below is the check
    try:
        return fetch(connection, sql, params)
    except (OperationalError, InterfaceError):
        if not unchecked:
            raise
        connection.close()
        return fetch(connection, sql, params)


def fetchone_for_read(model, sql, params=None, *, fetch=_fetchone):
    """The first row of `sql`, read where the router reads `model` from, checking the connection by the query itself
    (fetchone_checking_connection). When that is a replica and it does not answer, it is skipped
    (infra.db_router.replica_failed) and the row read again where the router sends the request next."""
    alias = router.db_for_read(model, **{CALLER_CHECKS_CONNECTION: True})
    try:
        return fetchone_checking_connection(connections[alias], sql, params, fetch=fetch)
    except (OperationalError, InterfaceError) as exc:
        if not is_replica(alias):
            raise
        replica_failed(alias, exc)
    return fetchone_checking_connection(connections[router.db_for_read(model)], sql, params, fetch=fetch)


def fetchall_for_read(model, sql, params=None):
    """All rows of `sql`, read as fetchone_for_read reads its one row."""
    return fetchone_for_read(model, sql, params, fetch=_fetchall)

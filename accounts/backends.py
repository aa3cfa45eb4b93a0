"""The authentication backend: Django's ModelBackend, reading the signed-in user with a statement built once.

Every logged-in request reads its user (AuthenticationMiddleware → auth.get_user → backend.get_user). Through the
ORM that primary-key lookup spends most of its time building the same query again; a logged-in hit of a page shell
costs ~1.3 ms of CPU in all, and the ORM's lookup was 0.23 ms of it (README, Decisions). Here the statement and the
columns' converters are built once per database vendor and the row becomes a user with `Model.from_db`, as the ORM
does. Passwords, permissions and refusing inactive users are ModelBackend's, unchanged.

A session names the backend that signed it in: migration accounts 0005 carried the sessions signed in by
ModelBackend over to this one, so changing backends logged nobody out.
"""

from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections

from infra.db import fetchone_for_read


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        user = fetchone_for_read(get_user_model(), None, [user_id], fetch=_read_user)
        return user if user is not None and self.user_can_authenticate(user) else None


def _read_user(connection, _sql, params):
    """The user whose primary key is params[0], read on `connection` (None if there is none)."""
    sql, names, converters = _statement(connection.alias)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, functions, expression in converters:
        for function in functions:
            values[index] = function(values[index], expression, connection)
    return get_user_model().from_db(connection.alias, names, values)


@lru_cache(maxsize=8)
def _statement(alias):
    """SELECT every concrete column of the user table by primary key on database `alias`, the columns' names, and the
    converters the ORM would apply to each value there (SQLite's datetimes arrive as text, say); built on first use."""
    connection, meta = connections[alias], get_user_model()._meta
    quote = connection.ops.quote_name
    fields = meta.concrete_fields
    sql = "SELECT {} FROM {} WHERE {} = %s".format(
        ", ".join(quote(field.column) for field in fields), quote(meta.db_table), quote(meta.pk.column))
    converters = []
    for index, field in enumerate(fields):
        expression = field.get_col(meta.db_table)
        functions = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        if functions:
            converters.append((index, functions, expression))
    return sql, [field.attname for field in fields], converters

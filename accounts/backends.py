"""The authentication backend: Django's ModelBackend, reading the signed-in user with a statement built once.

Every logged-in request reads its user (AuthenticationMiddleware → auth.get_user → backend.get_user). Through the
ORM that primary-key lookup spends most of its time building the same query again; a logged-in hit of a page shell
costs ~1.3 ms of CPU in all, and the ORM's lookup was 0.23 ms of it (README, Decisions). Here the statement is
built once, and the row becomes a user as in the ORM: its values converted by the ORM's compiler for the connection
it was read on, then `Model.from_db`. Passwords, permissions and refusing inactive users are ModelBackend's, unchanged.

A session names the backend that signed it in: migration accounts 0005 carried the sessions signed in by
ModelBackend over to this one, so changing backends logged nobody out.
"""

from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.sql import Query

from infra.db import fetchone_for_read


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        sql, _, _ = _statement()
        user = fetchone_for_read(get_user_model(), sql, [user_id], fetch=_read_user)
        return user if user is not None and self.user_can_authenticate(user) else None


def _read_user(connection, sql, params):
    """The user of `sql` read on `connection` (None if there is none), its values converted as the ORM converts them
    there (SQLite's datetimes arrive as text, say), by the ORM's own compiler for that connection."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    model, (_, names, columns) = get_user_model(), _statement()
    compiler = Query(model).get_compiler(connection=connection)
    [values] = compiler.apply_converters([row], compiler.get_converters(columns))
    return model.from_db(connection.alias, names, values)


@lru_cache(maxsize=1)
def _statement():
    """SELECT every concrete column of the user table by primary key, the columns' names and their expressions; built
    on first use (every database of a deployment is the same vendor, so the default's quoting serves them all)."""
    meta, quote = get_user_model()._meta, connections[DEFAULT_DB_ALIAS].ops.quote_name
    fields = meta.concrete_fields
    sql = "SELECT {} FROM {} WHERE {} = %s".format(
        ", ".join(quote(field.column) for field in fields), quote(meta.db_table), quote(meta.pk.column))
    return sql, [field.attname for field in fields], [field.get_col(meta.db_table) for field in fields]

"""The reader slot of summaries (pagecache.slots): the vote buttons, with the reader's vote on each summary."""

from pagecache.slots import register_slot
from summaries.models import Vote


def my_votes(user_id, keys):
    """The reader's +1 or -1 on each summary (keys: summary ids); no row where they have not voted."""
    table, summary = Vote._meta.db_table, Vote._meta.get_field("summary").column
    user = Vote._meta.get_field("user").column
    ids = [int(key) for key in keys]
    sql = (f"SELECT CAST({summary} AS TEXT), value FROM {table} "
           f"WHERE {user} = %s AND {summary} IN ({', '.join(['%s'] * len(ids))})")
    return sql, [user_id, *ids]


def connect():
    register_slot("vote", query=my_votes, variants=(None, 1, -1))

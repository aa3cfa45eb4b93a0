"""The reader slot of summaries (pagecache.slots): the vote buttons, with the reader's vote on each summary."""

from infra.db import placeholders
from pagecache.slots import register_slot
from summaries.models import Vote


def my_votes(user_id, keys):
    """The reader's +1 or -1 on each summary (keys: summary ids); no row where they have not voted."""
    ids = [int(key) for key in keys]
    sql = (f"SELECT CAST(summary_id AS TEXT), value FROM {Vote._meta.db_table} "
           f"WHERE user_id = %s AND summary_id IN ({placeholders(ids)})")
    return sql, [user_id, *ids]


def connect():
    register_slot("vote", query=my_votes, variants=(None, 1, -1))

"""The reader slot of summaries (pagecache.slots): the vote buttons, with the reader's vote on each summary."""

from pagecache.slots import register_slot
from summaries.models import Vote


def my_votes(request, keys):
    """The reader's +1 or -1 on each summary (by id); None where they have not voted."""
    user = request.user
    if not user.is_authenticated:
        return {}
    votes = Vote.objects.filter(user=user, summary_id__in=[int(key) for key in keys])
    return {str(summary_id): value for summary_id, value in votes.values_list("summary_id", "value")}


def connect():
    register_slot("vote", states=my_votes, variants=(None, 1, -1))

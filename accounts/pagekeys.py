"""Which cached pages a user's or profile's write re-renders: the pages of the papers that carry their name (here
the bylines of their summaries; discussion declares those of comments, questions and answers). A new account is on
no page yet (pagecache.hooks.touches)."""

from django.contrib.auth import get_user_model

from accounts.models import Profile
from pagecache.hooks import touched_keys, touches
from papers.pagekeys import paper_page_keys
from summaries.models import Summary


def connect():
    user_model = get_user_model()
    touches(user_model, lambda user, using: paper_page_keys(
        Summary.objects.using(using).filter(author_id=user.pk).values_list("paper_id", flat=True), using=using,
    ) if user.pk else [])
    # A profile's display name is its user's byline.
    touches(Profile, lambda profile, using: touched_keys(user_model, user_model(pk=profile.user_id), using))

"""A private summary's share link opens it to whoever has the link: a logged-in reader who opened it keeps that in
their session, so that what hangs off the summary (its comments: discussion) opens for them too. The summary's
token is kept, not its id: a regenerated link closes the door again."""

SESSION_KEY = "shared_summaries"


def remember_share(request, summary):
    """Note that this logged-in reader opened the summary by its link (anonymous readers get no session for it)."""
    if not request.user.is_authenticated:
        return
    shared = request.session.get(SESSION_KEY, {})
    token = str(summary.share_token)
    if shared.get(str(summary.pk)) != token:
        request.session[SESSION_KEY] = {**shared, str(summary.pk): token}


def shared_tokens(request):
    """The share tokens this reader opened, for Summary.objects.openable_by()."""
    if not request.user.is_authenticated:
        return []
    return list(request.session.get(SESSION_KEY, {}).values())

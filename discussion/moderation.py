"""Moderators hiding and restoring comments, questions and answers from the admin (each list, the report queue)."""

from django.contrib import messages

from discussion import qa, services
from discussion.models import Comment


def hide_or_restore(modeladmin, request, items, *, hidden):
    """Hide or restore, resolve the open reports, and log each change in the admin history."""
    changed = 0
    for item in items:
        done = services.comment_set_hidden(comment=item, hidden=hidden) if isinstance(item, Comment) \
            else qa.set_hidden(item=item, hidden=hidden)
        if done:
            changed += 1
            modeladmin.log_change(request, item, "Hidden by a moderator." if hidden else "Restored by a moderator.")
    modeladmin.message_user(request, f"{changed} {'hidden' if hidden else 'restored'}.", messages.SUCCESS)

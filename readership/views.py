"""A writer's reading statistics: only they and staff may see them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from readership.stats import writer_stats


@never_cache
@login_required
def writer_stats_page(request, username):
    if request.user.get_username() != username and not request.user.is_staff:
        raise PermissionDenied("Reading statistics are shown only to their writer and to moderators.")
    writer = get_object_or_404(get_user_model(), username=username)
    return render(request, "readership/writer_stats.html", {"writer": writer, **writer_stats(writer)})

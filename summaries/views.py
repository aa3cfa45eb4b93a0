"""Reading summaries outside their paper page."""

from django.shortcuts import get_object_or_404, render

from summaries.models import Summary


def summary_share(request, token):
    """A private summary's secret link: readable by whoever has it (hidden summaries stay hidden)."""
    summary = get_object_or_404(
        Summary.objects.with_listing_data().filter(is_hidden=False), share_token=token
    )
    return render(request, "summaries/summary_share.html", {"summary": summary, "paper": summary.paper})

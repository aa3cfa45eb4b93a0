"""Reading summaries: the home page, a paper's page with its summaries, a private summary's share link."""

from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render

from pagecache.decorators import cache_public_page
from papers.models import Paper, Venue
from papers.pagekeys import home_keys, paper_keys
from summaries.models import Summary
from summaries.sharing import remember_share

HOME_TABS = {"recent": "Most recent", "top": "Highest rated"}


@cache_public_page(keys=home_keys, shells=True)
def home(request):
    tab = request.GET.get("tab", "recent")
    tab = tab if tab in HOME_TABS else "recent"
    # The teasers show the stored plain-text excerpt: the 8 KB bodies stay in the database.
    summaries = Summary.objects.visible().with_listing_data().defer("body", "body_html", "paper__abstract")
    latest = (summaries.top() if tab == "top" else summaries.latest())[:10]
    venues = Venue.objects.all()
    return render(
        request,
        "papers/home.html",
        {"latest_summaries": latest, "venues": venues, "tab": tab, "tabs": list(HOME_TABS.items())},
    )


@cache_public_page(keys=paper_keys, shells=True)
def paper_detail(request, pk, slug):
    # The byline and keywords are read when the shared fragment that shows them is rendered, not when it is reused.
    paper = get_object_or_404(Paper.objects.select_related("venue"), pk=pk)
    if slug != paper.slug:
        return redirect(paper, permanent=True)
    summaries = list(
        paper.summaries.visible_to(request.user).with_author()
        .order_by("-score", F("created").asc(nulls_first=True), "pk")  # ties: the oldest first, undated ones first
    )
    my_summary = next((s for s in summaries if s.author_id and s.author_id == request.user.pk), None)
    # Every writer of a summary of the paper, shown or not, owns the logged-in page's shell (read only when one is
    # rendered): their page has their summary, private or hidden, and its edit links.
    writers = paper.summaries.exclude(author=None).values_list("author_id", flat=True)
    return render(request, "papers/paper_detail.html",
                  {"paper": paper, "summaries": summaries, "my_summary": my_summary, "summary_writers": writers})


def summary_share(request, token):
    """A private summary's secret link: readable by whoever has it (hidden summaries stay hidden), with its comments;
    a logged-in reader may comment (summaries.sharing remembers the link for the discussion's pages)."""
    summary = get_object_or_404(
        Summary.objects.with_listing_data().filter(is_hidden=False), share_token=token
    )
    remember_share(request, summary)
    return render(request, "summaries/summary_share.html", {"summary": summary, "paper": summary.paper})

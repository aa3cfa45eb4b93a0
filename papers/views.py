"""Browsing pages: venues, a venue's years, papers, authors and keywords."""

from django.db.models import F, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views.generic import ListView

from papers.cache import cache_public_page
from papers.models import Author, Keyword, Paper, Venue
from summaries.models import Summary, Vote

PAPERS_PER_PAGE = 50

# ?sort= values for lists of papers: label and ordering.
PAPER_SORTS = {
    "year": ("Newest", ["-year", "title", "pk"]),
    "title": ("Title", ["title", "pk"]),
    "summaries": ("Most summaries", ["-summary_count", "title", "pk"]),
    # Papers without a public summary go last on every database (PostgreSQL puts NULLs first in DESC).
    "recent": ("Most recent summary", [F("latest_summary_at").desc(nulls_last=True), "title", "pk"]),
}


HOME_TABS = {"recent": "Most recent", "top": "Highest rated"}


@cache_public_page
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


@cache_public_page
def venue_list(request):
    return render(request, "papers/venue_list.html", {"venues": Venue.objects.all()})


@cache_public_page
def venue_detail(request, slug):
    venue = get_object_or_404(Venue, slug=slug)
    histogram = venue.venue_year_histogram()
    tallest = max((count for _, count in histogram), default=0)
    return render(
        request,
        "papers/venue_detail.html",
        {"venue": venue, "histogram": histogram, "tallest": tallest, "paper_total": sum(c for _, c in histogram)},
    )


@method_decorator(cache_public_page, name="dispatch")
class PaperListView(ListView):
    """A paginated, sortable list of papers; subclasses say which papers and add their own context."""

    paginate_by = PAPERS_PER_PAGE
    context_object_name = "papers"
    default_sort = "title"
    sorts = list(PAPER_SORTS)

    def get_sort(self):
        sort = self.request.GET.get("sort", self.default_sort)
        return sort if sort in self.sorts else self.default_sort

    def get_queryset(self):
        # summary_count and latest_summary_at are stored on each paper: the sorts read an index, not the summaries.
        return self.get_papers().for_listing().order_by(*PAPER_SORTS[self.get_sort()][1])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sort"] = self.get_sort()
        context["sorts"] = [(key, PAPER_SORTS[key][0]) for key in self.sorts]
        return context


class VenueYearView(PaperListView):
    template_name = "papers/venue_year.html"
    sorts = ["title", "summaries", "recent"]

    def get_papers(self):
        venue = get_object_or_404(Venue, slug=self.kwargs["slug"])
        self.extra_context = {"venue": venue, "year": self.kwargs["year"]}
        return Paper.objects.for_venue_year(venue, self.kwargs["year"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A year without papers is not a page. Checked on the paginator's count, not first with a query of its own
        # as allow_empty = False would.
        if not context["paginator"].count:
            raise Http404("No papers from this venue and year.")
        return context


class AuthorDetailView(PaperListView):
    template_name = "papers/author_detail.html"
    default_sort = "year"

    def get_papers(self):
        author = get_object_or_404(Author, slug=self.kwargs["slug"])
        self.extra_context = {"author": author}
        return Paper.objects.filter(authorships__author=author)


class KeywordDetailView(PaperListView):
    template_name = "papers/keyword_detail.html"
    default_sort = "year"

    def get_papers(self):
        keyword = get_object_or_404(Keyword, slug=self.kwargs["slug"])
        self.extra_context = {"keyword": keyword}
        return Paper.objects.filter(keywords=keyword)


@cache_public_page
def paper_detail(request, pk, slug):
    paper = get_object_or_404(Paper.objects.with_byline(), pk=pk)
    if slug != paper.slug:
        return redirect(paper, permanent=True)
    summaries = paper.summaries.visible_to(request.user).with_author().order_by("-score", "created", "pk")
    if request.user.is_authenticated:
        my_votes = Vote.objects.filter(summary=OuterRef("pk"), user=request.user).values("value")[:1]
        summaries = summaries.annotate(my_vote=Subquery(my_votes))
    summaries = list(summaries)
    my_summary = next((s for s in summaries if s.author_id and s.author_id == request.user.pk), None)
    return render(
        request, "papers/paper_detail.html", {"paper": paper, "summaries": summaries, "my_summary": my_summary}
    )

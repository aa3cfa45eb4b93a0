"""Browsing pages: venues, a venue's years, papers, authors and keywords."""

from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import ListView

from papers.models import Author, Keyword, Paper, Venue
from summaries.models import Summary

PAPERS_PER_PAGE = 50

# ?sort= values for lists of papers: label and ordering.
PAPER_SORTS = {
    "year": ("Newest", ["-year", "title", "pk"]),
    "title": ("Title", ["title", "pk"]),
    "summaries": ("Most summaries", ["-summary_count", "title", "pk"]),
    "recent": ("Most recent summary", ["-latest_summary", "title", "pk"]),
}


def home(request):
    latest = Summary.objects.visible().with_listing_data().latest()[:10]
    venues = Venue.objects.with_counts()
    return render(request, "papers/home.html", {"latest_summaries": latest, "venues": venues})


def venue_list(request):
    return render(request, "papers/venue_list.html", {"venues": Venue.objects.with_counts()})


def venue_detail(request, slug):
    venue = get_object_or_404(Venue, slug=slug)
    histogram = venue.venue_year_histogram()
    tallest = max((count for _, count in histogram), default=0)
    return render(
        request,
        "papers/venue_detail.html",
        {"venue": venue, "histogram": histogram, "tallest": tallest, "paper_total": sum(c for _, c in histogram)},
    )


class PaperListView(ListView):
    """A paginated, sortable list of papers; subclasses say which papers and add their own context."""

    paginate_by = PAPERS_PER_PAGE
    context_object_name = "papers"
    default_sort = "title"

    def get_sort(self):
        sort = self.request.GET.get("sort", self.default_sort)
        return sort if sort in PAPER_SORTS else self.default_sort

    def get_queryset(self):
        papers = self.get_papers().with_listing_data()
        sort = self.get_sort()
        if sort == "recent":
            papers = papers.annotate(latest_summary=Max("summaries__created"))
        return papers.order_by(*PAPER_SORTS[sort][1])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sort"] = self.get_sort()
        context["sorts"] = [(key, label) for key, (label, _) in PAPER_SORTS.items()]
        return context


class VenueYearView(PaperListView):
    template_name = "papers/venue_year.html"
    allow_empty = False  # a year without papers is not a page

    def get_papers(self):
        venue = get_object_or_404(Venue, slug=self.kwargs["slug"])
        self.extra_context = {"venue": venue, "year": self.kwargs["year"]}
        return Paper.objects.for_venue_year(venue, self.kwargs["year"])


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


def paper_detail(request, pk, slug):
    paper = get_object_or_404(Paper.objects.with_byline(), pk=pk)
    if slug != paper.slug:
        return redirect(paper, permanent=True)
    summaries = paper.summaries.visible().select_related("author").order_by("created", "pk")
    return render(request, "papers/paper_detail.html", {"paper": paper, "summaries": summaries})

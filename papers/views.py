"""Browsing pages: venues, a venue's years, authors and keywords (a paper's page shows its summaries: summaries)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from pagecache.decorators import cache_public_page
from papers.models import Author, Keyword, Paper, Venue
from papers.pagekeys import author_keys, keyword_keys, venue_keys, venue_list_keys
from papers.random_pick import random_summarized_paper
from papers.sorts import PAPER_SORTS

PAPERS_PER_PAGE = 50

@cache_public_page(keys=venue_list_keys, shells=True)
def venue_list(request):
    return render(request, "papers/venue_list.html", {"venues": Venue.objects.all()})


@cache_public_page(keys=venue_keys, shells=True)
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
    """A paginated, sortable list of papers; subclasses say which papers and add their own context (and are cached
    pages: cache_public_page)."""

    paginate_by = PAPERS_PER_PAGE
    context_object_name = "papers"
    default_sort = "title"
    sorts = list(PAPER_SORTS)

    def get_sort(self):
        sort = self.request.GET.get("sort", self.default_sort)
        return sort if sort in self.sorts else self.default_sort

    def get_queryset(self):
        # summary_count and latest_summary_at are stored on each paper: the sorts read an index, not the summaries.
        return self.get_papers().for_listing().sorted_by(self.get_sort())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sort"] = self.get_sort()
        context["sorts"] = [(key, PAPER_SORTS[key][0]) for key in self.sorts]
        return context


# Logged-in readers get it from its shell too: nothing on it is theirs but the header (pagecache.shells).
@method_decorator(cache_public_page(shells=True), name="dispatch")
class VenueYearView(PaperListView):
    template_name = "papers/venue_year.html"
    page_cache_keys = staticmethod(venue_keys)
    sorts = ["title", "summaries", "recent", "discussed"]

    def get_papers(self):
        venue = get_object_or_404(Venue, slug=self.kwargs["slug"])
        summarized = self.request.GET.get("summarized") == "1"  # the filter "with summaries only"
        self.extra_context = {"venue": venue, "year": self.kwargs["year"], "summarized": summarized}
        papers = Paper.objects.for_venue_year(venue, self.kwargs["year"])
        return papers.with_summaries() if summarized else papers

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A year without papers is not a page. Checked on the paginator's count, not first with a query of its own
        # as allow_empty = False would (filtered to summarized papers, the year may have papers without any).
        if not context["paginator"].count and not (
            context["summarized"] and Paper.objects.for_venue_year(context["venue"], context["year"]).exists()
        ):
            raise Http404("No papers from this venue and year.")
        return context


class NamedEntryView(PaperListView):
    """The papers of one author or keyword, newest first."""

    default_sort = "year"
    model = None  # Author or Keyword
    papers_filter = ""  # how papers reach the entry

    def get_papers(self):
        entry = get_object_or_404(self.model, slug=self.kwargs["slug"])
        self.extra_context = {self.model._meta.model_name: entry}
        return Paper.objects.filter(**{self.papers_filter: entry})


@method_decorator(cache_public_page, name="dispatch")  # no shells: a claim's state is the reader's own
class AuthorDetailView(NamedEntryView):
    template_name = "papers/author_detail.html"
    page_cache_keys = staticmethod(author_keys)
    model, papers_filter = Author, "authorships__author"


@method_decorator(cache_public_page, name="dispatch")
class KeywordDetailView(NamedEntryView):
    template_name = "papers/keyword_detail.html"
    page_cache_keys = staticmethod(keyword_keys)
    model, papers_filter = Keyword, "keywords"


@never_cache
def random_paper(request):
    """A redirect (302, never cached) to a random paper that has a public summary."""
    paper = random_summarized_paper()
    if paper is None:
        return render(request, "papers/random_none.html", status=404)
    return redirect(paper)

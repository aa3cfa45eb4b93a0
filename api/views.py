"""The read-only JSON API under /api/: venues, their histograms, papers and public summaries.

Every list is paginated the same way ({count, next, previous, results}; ?page=, ?page_size= up to 100) and
costs a fixed number of queries whatever the page size. Bad parameters answer 400 with {"error": "..."}.
"""

import re
from functools import wraps

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from api.openapi import openapi_description
from discussion.models import Answer, Comment, Question
from infra.pagination import CountedPaginator
from pagecache.decorators import cache_public_page
from pagecache.lookup import READ_METHODS
from papers.models import Paper, Venue
from summaries.models import Summary

SLUG_RE = re.compile(r"[-\w]{1,200}")
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def api_view(view):
    """GET/HEAD only (anything else is a JSON 405); ApiError becomes a JSON error response with its status.
    Anonymous answers are cached."""

    @cache_public_page
    @wraps(view)
    def answer(request, *args, **kwargs):
        try:
            return JsonResponse(view(request, *args, **kwargs), json_dumps_params={"ensure_ascii": False})
        except ApiError as error:
            return JsonResponse({"error": error.message}, status=error.status)

    @csrf_exempt  # read-only: a POST gets the JSON 405 below rather than the CSRF failure page
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in READ_METHODS:  # in JSON, before the page cache's own (HTML) 405
            refused = JsonResponse({"error": f"The API is read-only: use GET, not {request.method}."}, status=405)
            refused["Allow"] = ", ".join(READ_METHODS)
            return refused
        return answer(request, *args, **kwargs)

    return wrapper


def _int_param(request, name, *, default=None, minimum=None, maximum=None):
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"{name} must be a whole number, not {raw[:40]!r}.") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ApiError(400, f"{name} must be between {minimum} and {maximum}.")
    return value


def _slug_param(request, name):
    """A slug filter; anything else (NUL bytes, spaces, markup) is a 400, never a database error."""
    value = request.GET.get(name, "")
    if value and not SLUG_RE.fullmatch(value):
        raise ApiError(400, f"{name} must be a slug (letters, digits, hyphens), not {value[:40]!r}.")
    return value


def _page(request, queryset, serialize, *, count=None):
    """One page of `queryset` as {count, next, previous, results}; `count` when it is known without counting."""
    number = _int_param(request, "page", default=1, minimum=1, maximum=10**9)
    size = _int_param(request, "page_size", default=DEFAULT_PAGE_SIZE, minimum=1, maximum=MAX_PAGE_SIZE)
    paginator = Paginator(queryset, size) if count is None else CountedPaginator(queryset, size, count=count)
    if number > paginator.num_pages:
        raise ApiError(404, f"There is no page {number}; the last page is {paginator.num_pages}.")
    page = paginator.page(number)

    def link(to):
        query = request.GET.copy()
        query["page"] = to
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [serialize(request, item) for item in page.object_list],
    }


def _url(request, name, *args):
    return request.build_absolute_uri(reverse(name, args=args))


def venue_json(request, venue):
    return {
        "slug": venue.slug,
        "short_name": venue.short_name,
        "description": venue.description,
        "paper_count": venue.paper_count,
        "summary_count": venue.summary_count,
        "url": request.build_absolute_uri(venue.get_absolute_url()),
        "api_url": _url(request, "api_venue", venue.slug),
        "histogram_url": _url(request, "api_venue_histogram", venue.slug),
    }


def _named(request, item):
    return {"name": item.name, "slug": item.slug, "url": request.build_absolute_uri(item.get_absolute_url())}


def paper_json(request, paper):
    return {
        "id": paper.pk,
        "title": paper.title,
        "slug": paper.slug,
        "year": paper.year,
        "venue": {"slug": paper.venue.slug, "short_name": paper.venue.short_name} if paper.venue else None,
        "source": paper.source,
        "provenance": paper.provenance,
        "abstract": paper.abstract,
        "first_published": paper.first_published.isoformat() if paper.first_published else None,
        "arxiv_id": paper.arxiv_id,
        "doi": paper.doi,
        "external_url": paper.external_url,
        "authors": [_named(request, author) for author in paper.byline],
        "keywords": [_named(request, keyword) for keyword in paper.keyword_list],
        "summary_count": paper.summary_count,
        "url": request.build_absolute_uri(paper.get_absolute_url()),
        "api_url": _url(request, "api_paper", paper.pk),
        "summaries_url": request.build_absolute_uri(f"{reverse('api_summaries')}?paper={paper.pk}"),
        "bibtex_url": _url(request, "paper_bibtex", paper.pk, paper.slug),
    }


def summary_json(request, summary):
    return {
        "id": summary.pk,
        "paper": {"id": summary.paper_id, "title": summary.paper.title, "api_url": _url(request, "api_paper",
                                                                                       summary.paper_id)},
        "byline": summary.byline,
        # Null for a summary imported without its date; imported_from then says where it came from.
        "created": summary.created.isoformat() if summary.created else None,
        "updated": summary.updated.isoformat(),
        "imported_from": summary.imported_from or None,
        "markdown": summary.body,
        "html": summary.body_html,
        "url": request.build_absolute_uri(summary.get_absolute_url()),
        "api_url": _url(request, "api_summary", summary.pk),
    }


def _get(queryset, message, **lookup):
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise ApiError(404, message) from None


@api_view
def venue_list(request):
    return _page(request, Venue.objects.order_by("short_name", "pk"), venue_json)


@api_view
def venue_detail(request, slug):
    return venue_json(request, _get(Venue.objects.all(), f"No venue {slug!r}.", slug=slug))


@api_view
def venue_histogram(request, slug):
    venue = _get(Venue.objects.all(), f"No venue {slug!r}.", slug=slug)
    return {
        "venue": venue.slug,
        "years": [
            {"year": year, "paper_count": count, "url": _url(request, "venue_year", venue.slug, year)}
            for year, count in venue.venue_year_histogram()
        ],
    }


@api_view
def paper_list(request):
    papers = Paper.objects.with_byline().sorted_by("year")  # the paper_newest index
    if venue := _slug_param(request, "venue"):
        if not Venue.objects.filter(slug=venue).exists():
            raise ApiError(400, f"No venue {venue[:60]!r}; see /api/venues/ for the slugs.")
        papers = papers.filter(venue__slug=venue)
    if (year := _int_param(request, "year", minimum=1000, maximum=2999)) is not None:
        papers = papers.filter(year=year)
    if author := _slug_param(request, "author"):
        papers = papers.filter(authorships__author__slug=author)
    if keyword := _slug_param(request, "keyword"):
        papers = papers.filter(keywords__slug=keyword)
    return _page(request, papers, paper_json)


@api_view
def paper_detail(request, pk):
    return paper_json(request, _get(Paper.objects.with_byline(), f"No paper {pk}.", pk=pk))


@api_view
def summary_list(request):
    summaries = Summary.objects.visible().with_author().select_related("paper").latest()
    if (paper := _int_param(request, "paper", minimum=1, maximum=2**63 - 1)) is not None:
        return _page(request, summaries.filter(paper_id=paper), summary_json)
    return _page(request, summaries, summary_json, count=Paper.objects.public_summary_total())


@api_view
def summary_detail(request, pk):
    summaries = Summary.objects.visible().with_author().select_related("paper")
    return summary_json(request, _get(summaries, f"No public summary {pk}.", pk=pk))


def comment_json(request, comment):
    """A public comment; one deleted by its writer while others had replied is listed without its text."""
    return {
        "id": comment.pk,
        "summary_id": comment.summary_id,
        "thread": comment.thread_id,
        "reply_to": comment.reply_to_id,
        "deleted": comment.is_deleted,
        "byline": None if comment.is_deleted else comment.byline,
        "created": comment.created.isoformat(),
        "updated": comment.updated.isoformat(),
        "markdown": comment.body,
        "html": comment.body_html,
        "url": request.build_absolute_uri(f"{comment.summary.paper.get_absolute_url()}#comment-{comment.pk}"),
    }


def _written(item):
    return {"byline": item.byline, "created": item.created.isoformat(), "updated": item.updated.isoformat(),
            "markdown": item.body, "html": item.body_html}


def question_json(request, question):
    answers = question.public_answers
    return {
        "id": question.pk, "paper_id": question.paper_id, "title": question.title, "category": question.category,
        **_written(question),
        "url": request.build_absolute_uri(question.get_absolute_url()),
        "api_url": _url(request, "api_question", question.pk),
        "answer_count": len(answers),
        "answers": [{"id": a.pk, "score": a.score, "accepted": a.is_accepted, **_written(a)} for a in answers],
    }


def _public_questions():
    answers = Answer.objects.filter(is_hidden=False).select_related("author__profile").ranked()
    return Question.objects.public().select_related("author__profile").prefetch_related(
        Prefetch("answers", queryset=answers, to_attr="public_answers")
    )


@api_view
def summary_comments(request, pk):
    summary = _get(Summary.objects.visible().select_related("paper"), f"No public summary {pk}.", pk=pk)
    comments = (
        Comment.objects.filter(summary=summary, is_hidden=False).select_related("author__profile")
        .order_by("created", "pk")
    )
    return _page(request, comments, lambda request, comment: comment_json(request, _with(comment, summary)))


def _with(comment, summary):
    comment.summary = summary  # one summary for the whole page: no query per comment for its link
    return comment


@api_view
def paper_questions(request, pk):
    paper = _get(Paper.objects.all(), f"No paper {pk}.", pk=pk)
    return _page(request, _public_questions().filter(paper=paper).order_by("-created", "-pk"), question_json)


@api_view
def question_detail(request, pk):
    return question_json(request, _get(_public_questions(), f"No public question {pk}.", pk=pk))


@api_view
def openapi(request):
    return openapi_description(server_url=request.build_absolute_uri(reverse("api_venues")).rsplit("/venues/")[0])

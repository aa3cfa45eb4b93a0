"""The search page: /search/?q=… with venue and year filters."""

from django.core.paginator import Paginator
from django.db.models import FilteredRelation
from django.shortcuts import redirect, render

from infra.pagination import CountedPaginator
from pagecache.decorators import cache_public_page
from papers.models import Paper
from search.engine import filtered_documents, paper_filter, ranked_documents, similar_titles
from search.forms import SearchForm
from search.query import arxiv_id_in, highlight, parse_query, snippet, term_pattern
from summaries.models import visible_summaries_q
from summaries.rendering import plain_text

RESULTS_PER_PAGE = 20


@cache_public_page(keys=lambda request: ["search"])
def search(request):
    """Search papers and summaries; an arXiv id or URL goes straight to the paper when it is in the catalogue."""
    form = SearchForm(request.GET)
    context = {"form": form, "query": request.GET.get("q", "")}
    if not form.is_valid():
        return render(request, "search/results.html", context, status=400)
    text = context["query"] = form.cleaned_data["q"]
    if not text:
        if form.has_filters:  # filters alone list what they let through, newest first
            context.update(_filtered_list(request, form))
        return render(request, "search/results.html", context)
    arxiv_id = arxiv_id_in(text)
    if arxiv_id:
        paper = Paper.objects.filter(arxiv_id__iexact=arxiv_id).first()
        if paper:
            return redirect(paper)
        context["missing_arxiv_id"] = arxiv_id
    parsed = parse_query(text)
    if parsed:
        context.update(_ranked_list(request, form, text, parsed))
    else:
        context.update(nothing_to_search=True, only_excluded=parsed.excluded)
    return render(request, "search/results.html", context)


def _ranked_list(request, form, text, parsed):
    """The page's context for words: the matches in rank order, or titles like the words when nothing matches."""
    context = {}
    documents = filtered_documents(**form.filters)
    ranked = ranked_documents(documents, text=text, parsed=parsed)
    if ranked.total == 0 and (similar := similar_titles(documents, text=text)).total:
        ranked = similar
        context["similar_titles"] = True
    # Broad searches page through their best candidates only; the count says how many match in all.
    paginator = CountedPaginator(ranked.documents.values_list("pk", flat=True), RESULTS_PER_PAGE, count=ranked.pageable)
    if ranked.pageable < ranked.total or ranked.capped:
        context["match_total"] = f"{ranked.total:,}{'+' if ranked.capped else ''}"
    page = paginator.get_page(request.GET.get("page"))
    context.update(paginator=paginator, page_obj=page, results=_results(list(page), parsed))
    return context


def _filtered_list(request, form):
    """The page's context for filters without words: the papers they let through, newest first."""
    papers = Paper.objects.filter(paper_filter(**form.filters)).for_listing().sorted_by("year")
    paginator = Paginator(papers, RESULTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return {"browsing": form.filters_label, "paginator": paginator, "page_obj": page, "results": list(page)}


def _results(paper_ids, parsed):
    """The page's papers in rank order, each with its highlighted title and snippet (only for this page)."""
    if not paper_ids:
        return []
    papers = Paper.objects.for_listing().in_bulk(paper_ids)
    texts = _snippet_sources(paper_ids)
    pattern = term_pattern(parsed.terms)
    results = []
    for pk in paper_ids:
        if pk in papers:
            paper = papers[pk]
            paper.highlighted_title = highlight(paper.title, pattern)
            paper.snippet = snippet(_readable(*texts.get(pk, ("", []))), pattern)
            results.append(paper)
    return results


def _snippet_sources(paper_ids):
    """Each paper's abstract and the HTML of its public summaries, oldest first, in one query."""
    public_summary = FilteredRelation("summaries", condition=visible_summaries_q("summaries__"))
    rows = (
        Paper.objects.filter(pk__in=paper_ids)
        .alias(public_summary=public_summary)
        .order_by("public_summary__created", "public_summary__pk")
        .values_list("pk", "abstract", "public_summary__body_html")
    )
    sources = {}
    for pk, abstract, body_html in rows:
        _, summaries_html = sources.setdefault(pk, (abstract, []))
        if body_html is not None:  # a paper without public summaries: one row, without HTML
            summaries_html.append(body_html)
    return sources


def _readable(abstract, summaries_html):
    """The texts a snippet quotes, in order; the summaries' plain text made only if the abstract has no match."""
    yield abstract
    yield " ".join(plain_text(html) for html in summaries_html)

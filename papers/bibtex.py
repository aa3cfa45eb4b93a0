"""BibTeX for papers: one paper (/papers/<id>/<slug>/bibtex) or a venue's year (/venues/<slug>/<year>/bibtex)."""

import re

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from pagecache.decorators import cache_public_page
from papers.models import Paper, Venue
from papers.pagekeys import paper_keys, venue_keys
from papers.slugs import ascii_text

LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
LATEX_SPECIAL = re.compile("|".join(re.escape(char) for char in LATEX_SPECIALS))
# Addresses, as written: styles print them with \url (biblatex reads them verbatim), so "\_" would be part of the link.
VERBATIM_FIELDS = {"url", "doi", "eprint"}
STOP_WORDS = {"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "via", "from", "by", "is", "are"}


def latex_escape(text):
    """Text safe inside a BibTeX field: LaTeX's special characters escaped, other Unicode kept as is."""
    return LATEX_SPECIAL.sub(lambda match: LATEX_SPECIALS[match.group()], " ".join(str(text).split()))


def bibtex_title(title):
    """The title in a brace group of its own, so that no style changes its case.

    Standard styles lowercase every unprotected letter of a title after its first ("BRUNO: A Deep Recurrent Model"
    -> "Bruno: a deep recurrent model", "3D" -> "3d"). Protecting only acronyms and words like "InfoGAN" would
    still lowercase proper nouns ("Bayesian", "Gaussian", "Wasserstein") that the catalogue cannot tell from words
    capitalized as Title Case: readers see the title as the paper gives it, at the cost of styles that would put it
    in sentence case.
    """
    return f"{{{latex_escape(title)}}}"


def _verbatim(text):
    """An address as written; only braces, which would end the field, percent-encoded."""
    return str(text).strip().replace("{", "%7B").replace("}", "%7D")


def _field_text(name, value):
    if name == "title":
        return bibtex_title(value)
    return _verbatim(value) if name in VERBATIM_FIELDS else latex_escape(value)


def _ascii_word(text):
    return re.sub(r"[^a-z0-9]", "", ascii_text(text).lower())


def paper_citation_key(paper):
    """Google-Scholar style: first author's last name, year, first significant title word (nachum2018data)."""
    authors = paper.byline
    last_name = _ascii_word(authors[0].name.split()[-1]) if authors and authors[0].name.split() else ""
    words = [_ascii_word(word) for word in paper.title.split()]
    first_word = next((word for word in words if word and word not in STOP_WORDS), "")
    return f"{last_name or 'anonymous'}{paper.year}{first_word}"


def paper_bibtex(paper, *, key=None):
    """One BibTeX entry: @inproceedings for a paper of a venue, @misc otherwise."""
    fields = [
        ("title", paper.title),
        ("author", " and ".join(author.name for author in paper.byline)),
        ("booktitle", paper.venue.short_name if paper.venue else ""),
        ("howpublished", paper.source if not paper.venue else ""),
        ("year", str(paper.year)),
        ("doi", paper.doi),
        ("eprint", paper.arxiv_id),
        ("archiveprefix", "arXiv" if paper.arxiv_id else ""),
        ("url", paper.external_url),
    ]
    entry_type = "inproceedings" if paper.venue else "misc"
    lines = [f"@{entry_type}{{{key or paper_citation_key(paper)},"]
    lines += [f"  {name} = {{{_field_text(name, value)}}}," for name, value in fields if value]
    lines.append("}")
    return "\n".join(lines) + "\n"


def papers_bibtex(papers):
    """Several entries, with keys made unique in the file (nachum2018data, nachum2018datab, …)."""
    seen, entries = {}, []
    for paper in papers:
        key = paper_citation_key(paper)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}{chr(ord('a') + min(seen[key] - 1, 25))}{seen[key] if seen[key] > 26 else ''}"
        entries.append(paper_bibtex(paper, key=key))
    return "\n".join(entries)


def _bibtex_response(text, filename):
    response = HttpResponse(text, content_type="text/x-bibtex; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.bib"'
    return response


@cache_public_page(keys=paper_keys)
def paper_bibtex_view(request, pk, slug):
    paper = get_object_or_404(Paper.objects.with_byline(), pk=pk)
    if slug != paper.slug:  # an old or mistyped slug: the paper's own address, as for its page
        return redirect("paper_bibtex", paper.pk, paper.slug, permanent=True)
    return _bibtex_response(paper_bibtex(paper), paper_citation_key(paper))


@cache_public_page(keys=venue_keys)
def venue_year_bibtex_view(request, slug, year):
    venue = get_object_or_404(Venue, slug=slug)
    papers = Paper.objects.for_venue_year(venue, year).with_byline().sorted_by("title")
    text = papers_bibtex(papers)
    if not text:
        raise Http404(f"No papers from {venue.short_name} {year} in the catalogue.")
    return _bibtex_response(text, f"{venue.slug}-{year}")

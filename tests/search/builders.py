"""Small builders for catalogue rows, used by the search, API, feed and BibTeX tests."""

from itertools import count

from django.test import TestCase

from papers.models import Paper, Venue
from papers.services import paper_set_authors, paper_set_keywords
from summaries.models import Summary

_numbers = count(1)


def make_venue(short_name="NIPS", **fields):
    return Venue.objects.get_or_create(short_name=short_name, defaults=fields)[0]


def make_paper(title=None, *, authors=("Ada Lovelace",), keywords=(), venue=None, year=2018, summary=None, **fields):
    """A paper through the same services the importer uses, optionally with one public summary (Markdown).

    Runs the on-commit callbacks as a real commit would (the test's transaction never commits).
    """
    with TestCase.captureOnCommitCallbacks(execute=True):
        paper = Paper.objects.create(title=title or f"Paper number {next(_numbers)}", venue=venue, year=year, **fields)
        paper_set_authors(paper=paper, names=list(authors))
        if keywords:
            paper_set_keywords(paper=paper, names=list(keywords))
    if summary is not None:
        make_summary(paper, summary)
    return paper


def make_summary(paper, body="A short summary.", **fields):
    fields.setdefault("attribution", "A reader")
    return Summary.objects.create(paper=paper, body=body, **fields)

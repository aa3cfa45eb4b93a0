"""The one set of builders for test data, and a browser-like client: every test builds rows the same way."""

from itertools import count

from django.test import Client, TestCase

from papers.models import Paper, Venue
from papers.services import paper_set_authors, paper_set_keywords
from summaries.models import Summary

PASSWORD = "correct horse battery staple"
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


def make_summary(paper, body="A **clear** summary with $x^2$.", *, author=None, **fields):
    """A summary by `author`, or, without one, an imported summary with an attribution."""
    if author is None:
        fields.setdefault("attribution", "A reader")
    return Summary.objects.create(paper=paper, author=author, body=body, **fields)


def csrf_client(user=None) -> Client:
    """A test client that enforces CSRF like a browser session would meet it; logged in as `user` if given."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def csrf_post(client, url, data=None, *, form_page=None, **extra):
    """POST as a browser does: GET the page that holds the form (it sets the CSRF cookie), then send its token."""
    client.get(form_page or url)
    token = client.cookies["csrftoken"].value
    return client.post(url, {**(data or {}), "csrfmiddlewaretoken": token}, **extra)


def make_comment(summary, body="A fair point about $\\nabla f$.", *, author, reply_to=None, **fields):
    """A comment (or, with `reply_to`, a reply in that comment's thread) saved as the service would save it."""
    from discussion.models import Comment

    thread = None if reply_to is None else (reply_to.thread or reply_to)
    return Comment.objects.create(summary=summary, author=author, body=body, thread=thread, reply_to=reply_to, **fields)


def make_question(paper, title="Why does the adjoint need $O(1)$ memory?", *, author, body="Step 3 is unclear.",
                  **fields):
    from discussion.models import Question

    return Question.objects.create(paper=paper, author=author, title=title, body=body, **fields)


def make_answer(question, body="Because it recomputes $z(t)$ backwards.", *, author, **fields):
    from discussion.models import Answer

    return Answer.objects.create(question=question, author=author, body=body, **fields)

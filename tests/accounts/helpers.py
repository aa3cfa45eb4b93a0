"""Builders and a browser-like client for the contributor tests: CSRF checks stay on, as in production."""

from django.test import Client

from papers.models import Paper
from papers.services import paper_set_authors
from summaries.models import Summary

PASSWORD = "correct horse battery staple"


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


def make_paper(title="Neural Ordinary Differential Equations", year=2018, authors=("Ricky T. Q. Chen",), **fields):
    paper = Paper.objects.create(title=title, year=year, **fields)
    paper_set_authors(paper=paper, names=list(authors))
    return paper


def make_summary(paper, author=None, body="A **clear** summary with $x^2$.", **fields):
    if author is None:
        fields.setdefault("attribution", "ShortScience.org contributor")
    return Summary.objects.create(paper=paper, author=author, body=body, **fields)

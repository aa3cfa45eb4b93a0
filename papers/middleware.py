"""Old addresses of the catalogue keep working after a slug changes."""

import re

from django.http import HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.encoding import iri_to_uri

from papers.models import OldSlug, Paper

# The word before the slug in a route names what the slug addresses: /venues/<slug>/2018/, /api/venues/<slug>/,
# /authors/<slug>/feed/... Any route added later under these words is covered without being listed here.
SLUG_ROUTE = re.compile(r"(?:^|/)(venues|authors|keywords)/<slug:slug>")
PAPER_ROUTE = re.compile(r"(?:^|/)papers/<int:pk>/<slug:slug>")
KIND_OF_WORD = {"venues": OldSlug.Kind.VENUE, "authors": OldSlug.Kind.AUTHOR, "keywords": OldSlug.Kind.KEYWORD}


class OldSlugRedirectMiddleware:
    """A 404 at an address with a slug that a venue, author or keyword had before (OldSlug), or with a paper's id and
    a slug that is not its own, becomes a permanent redirect to the same address with the current slug: every page,
    feed, BibTeX file and API resource under it. Like CommonMiddleware's APPEND_SLASH it only looks at 404s, so an
    address that answers is never redirected, and a slug in use again by another row is that row's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        location = self.current_address(request)
        return HttpResponsePermanentRedirect(location) if location else response

    @staticmethod
    def current_address(request):
        """The address `request` asked for, with the current slug in place of an old one; None if there is none."""
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
        slug = match.kwargs.get("slug")
        if slug is None or match.view_name is None:
            return None
        if route := SLUG_ROUTE.search(match.route):
            current = OldSlug.current_slug(KIND_OF_WORD[route.group(1)], slug.lower())
        elif PAPER_ROUTE.search(match.route):
            current = Paper.objects.filter(pk=match.kwargs["pk"]).values_list("slug", flat=True).first()
        else:
            return None
        if current is None or current == slug:
            return None
        try:
            location = reverse(
                match.view_name, args=match.args, kwargs={**match.kwargs, "slug": current},
                urlconf=getattr(request, "urlconf", None),
            )
        except NoReverseMatch:  # a route whose extra arguments are passed by the URLconf itself
            return None
        if query := request.META.get("QUERY_STRING", ""):
            location += f"?{iri_to_uri(query)}"
        return location

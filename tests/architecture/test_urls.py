"""The URL patterns are matched in order (shortscience.urls puts the most read pages first, for speed): no route may
be shadowed by one listed before it, so every named route resolves back to itself."""

import uuid

from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter, UUIDConverter

SAMPLES = {
    IntConverter: 7,
    SlugConverter: "some-slug",
    StringConverter: "some-text",
    UUIDConverter: uuid.UUID("12345678-1234-5678-1234-567812345678"),
    PathConverter: "some/path",
}


def routes(patterns, namespace=None, converters=None):
    """(view name, sample kwargs) of every named route, the converters of the includes above it too."""
    for pattern in patterns:
        found = {**(converters or {}), **getattr(pattern.pattern, "converters", {})}
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from routes(pattern.url_patterns, inner or None, found)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join(filter(None, [namespace, pattern.name])), {
                name: SAMPLES[type(converter)] for name, converter in found.items()}


def test_every_named_route_resolves_back_to_itself():
    checked = []
    for name, kwargs in routes(get_resolver().url_patterns):
        if name.startswith("admin:"):  # the admin's own, under their own prefix
            continue
        path = reverse(name, kwargs=kwargs)
        match = resolve(path)
        captured = {key: match.kwargs.get(key) for key in kwargs}  # a route's extra kwargs come beside them
        assert (match.view_name, captured) == (name, kwargs), path
        checked.append(name)
    assert {"home", "paper_detail", "venue_year", "venue_detail", "summary_create", "login"} <= set(checked)
    assert len(checked) > 60

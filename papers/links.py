"""Links of catalogue lists: each URL name is reversed once, then formatted for every row of a page."""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

# Lists show hundreds of links per page: each URL name is reversed once with placeholders, then formatted.
URL_PLACEHOLDERS = {"slug": "slug-placeholder-7c1e", "pk": 987654321012, "year": 987654321013}


@lru_cache(maxsize=64)
def _url_format(name, keys, script_prefix, urlconf):
    """The reversed URL as a str.format() template: "/papers/{pk}/{slug}/"."""
    url = reverse(name, kwargs={key: URL_PLACEHOLDERS[key] for key in keys}, urlconf=urlconf)
    url = url.replace("{", "{{").replace("}", "}}")
    for key in keys:
        url = url.replace(str(URL_PLACEHOLDERS[key]), f"{{{key}}}", 1)
    return url


def url_format(name, *keys):
    """The URL of pattern `name` as a str.format() template of `keys`, for building many links of one kind."""
    return _url_format(name, keys, get_script_prefix(), get_urlconf())


def fast_reverse(name, **kwargs):
    """reverse(name, kwargs=kwargs) for the catalogue's list links (slugs, ids and years need no quoting)."""
    return url_format(name, *kwargs).format(**kwargs)

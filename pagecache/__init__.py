"""The page cache: whole anonymous GET responses, keyed by the catalogue version, with ETag and Last-Modified.

Every write that a public page shows replaces the version (CatalogueVersion, bumped in the writing transaction by
the write hooks of apps.py and by the services whose writes send no signal), so a cached page is never served
after the data under it changed: reading the version is the one query a cached page costs. Only requests without
a session or message cookie are served from or stored in the cache (pages with a user's own content, CSRF tokens
or messages never are), and only responses that set no cookie. DJANGO_CACHE_PAGES=0 turns the cache off (the
uncached benchmark pass). Infrastructure: it imports no feature app; the models it watches are named in settings.
"""

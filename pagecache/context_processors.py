"""While a page shell renders (pagecache.shells), forms get the CSRF placeholder and owners are collected for it."""

from pagecache.fragments import OWNERS
from pagecache.slots import csrf_placeholder


def reader_parts(request):
    parts = getattr(request, "reader_parts", None)
    if parts is None:
        return {}
    return {"csrf_token": csrf_placeholder(), OWNERS: parts.owners}

"""Slugs for the catalogue's addresses."""

from django.utils.text import slugify


def unique_slug(model, text, *, exclude_pk=None, max_length=80):
    """A slug for `text` not yet used by another row of `model` ("name", "name-2", ...)."""
    # "cs.LG" -> "cs-lg", not "cslg"; slugify() transliterates nothing, so "Jürgen" becomes "jurgen" via NFKD.
    base = slugify(text.replace(".", " ").replace("_", " ")) or "item"
    if len(base) > max_length:  # cut at a word boundary, leaving room for a "-2" suffix
        base = base[: max_length - 4].rsplit("-", 1)[0] or base[: max_length - 4]
    slug, n = base, 1
    rows = model.objects.all()
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    while rows.filter(slug=slug).exists():
        n += 1
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
    return slug

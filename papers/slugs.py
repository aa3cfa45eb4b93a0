"""Slugs for the catalogue's addresses."""

from django.utils.text import slugify
from unidecode import unidecode


def ascii_text(text):
    """`text` transliterated to ASCII ("Łukasz" -> "Lukasz", "李飞飞" -> "Li Fei Fei ", "Сергей" -> "Sergei")."""
    return unidecode(text)


def slug_base(text, *, max_length=80):
    """The slug `text` asks for, in ASCII whatever its script: "Łukasz Kaiser" -> "lukasz-kaiser", "李飞飞" ->
    "li-fei-fei", "Сергей Левин" -> "sergei-levin", "cs.LG" -> "cs-lg"; "item" when nothing is left."""
    # Unidecode transliterates (Django's slugify() alone drops what NFKD does not decompose: "ł", "ø", every CJK or
    # Cyrillic letter); ASCII text passes through unchanged, so the slugs of ASCII names are what they always were.
    base = slugify(ascii_text(text).replace(".", " ").replace("_", " ")) or "item"
    if len(base) > max_length:  # cut at a word boundary, leaving room for a "-2" suffix
        base = base[: max_length - 4].rsplit("-", 1)[0] or base[: max_length - 4]
    return base


def unique_slug(model, text, *, exclude_pk=None, max_length=80, using=None):
    """A slug for `text` not yet used by another row of `model` ("name", "name-2", ...)."""
    base = slug_base(text, max_length=max_length)
    slug, n = base, 1
    rows = model._default_manager.db_manager(using).all()
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    while rows.filter(slug=slug).exists():
        n += 1
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
    return slug

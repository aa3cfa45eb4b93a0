"""Unique slugs for a batch of new rows, from a few queries per batch instead of one or more per row."""

from collections import Counter

from django.db.models import Q

from importers.dblp.bulk import filter_in
from papers.slugs import slug_base


def _with_suffix(base, suffix, max_length):
    return f"{base[: max_length - len(suffix) - 1].rstrip('-')}-{suffix}"


def _taken(rows, slugs):
    return set(filter_in(rows, "slug", slugs).values_list("slug", flat=True)) if slugs else set()


def slugs_allocate(model, texts, *, alternatives=None, using=None):
    """A slug for each text, unique among `model`'s rows and the batch: the text's own ("attention-is-all-you-need"),
    else text and alternative ("…-vaswanispujgkp17", for papers the end of the DBLP key), else "…-2", "…-3".

    The alternatives are made and looked up only for the texts whose own slug is taken (in the catalogue, or by an
    earlier text of the batch): most texts of a batch have theirs free, and making a slug is most of the work."""
    max_length = model._meta.get_field("slug").max_length
    rows = model._default_manager.db_manager(using)
    alternatives = alternatives or [None] * len(texts)
    bases = [slug_base(text, max_length=max_length) for text in texts]
    taken = _taken(rows, set(bases))
    seen, others = Counter(), [None] * len(bases)
    for index, (base, alt) in enumerate(zip(bases, alternatives, strict=True)):
        seen[base] += 1
        if alt and (base in taken or seen[base] > 1):
            others[index] = _with_suffix(base, slug_base(alt, max_length=30), max_length)
    taken |= _taken(rows, {other for other in others if other})
    slugs, pending = [None] * len(bases), []
    for index, candidates in enumerate(zip(bases, others, strict=True)):
        slug = next((c for c in candidates if c and c not in taken), None)
        if slug is None:
            pending.append(index)
        else:
            slugs[index] = slug
            taken.add(slug)
    if pending:
        clashing = sorted({bases[i] for i in pending})
        numbered = Q()
        for base in clashing:
            short = len(base) <= max_length - 12  # else the suffix may cut into it
            numbered |= Q(slug__startswith=f"{base}-" if short else base[: max_length - 12])
        taken |= set(rows.filter(numbered).values_list("slug", flat=True))
        for index in pending:
            n = 2
            while (slug := _with_suffix(bases[index], str(n), max_length)) in taken:
                n += 1
            slugs[index] = slug
            taken.add(slug)
    return slugs

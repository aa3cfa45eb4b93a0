"""The catalogue's authors for a batch of DBLP names, in three queries and two bulk writes.

DBLP tells homonyms apart with a number ("Wei Wang 0001", "Wei Wang 0002"): each DBLP name is one Author, shown
without the number. An author already in the catalogue under the same display name and with no DBLP name of their
own is that person: the first DBLP name to meet them claims them.
"""

from importers.dblp.bulk import filter_in, rows_insert
from importers.dblp.slugs import slugs_allocate
from papers.models import Author


def authors_resolve(names, *, using=None):
    """{DBLP name: author id} for every (DBLP name, display name) in `names`."""
    wanted = dict(names)
    authors = Author.objects.db_manager(using)
    found = dict(filter_in(authors, "dblp_name", wanted).values_list("dblp_name", "pk"))
    missing = {dblp: display for dblp, display in wanted.items() if dblp not in found}
    if not missing:
        return found
    unclaimed = {}  # the first (lowest id) unclaimed author of each name; sorted here, not by the query's plan
    for pk, name in sorted(filter_in(authors.filter(dblp_name=None), "name", set(missing.values())).values_list(
        "pk", "name"
    )):
        unclaimed.setdefault(name, pk)
    claimed, new = [], []
    # A DBLP name without a number meets the catalogue's author first ("Wei Wang" before "Wei Wang 0001").
    for dblp, display in sorted(missing.items(), key=lambda item: (item[1], item[0] != item[1])):
        if (pk := unclaimed.pop(display, None)) is not None:
            claimed.append(Author(pk=pk, dblp_name=dblp))
            found[dblp] = pk
        else:
            new.append((dblp, display))
    if claimed:
        authors.bulk_update(claimed, ["dblp_name"])
    if new:
        slugs = slugs_allocate(Author, [display for _, display in new], using=using)
        rows = [{"name": display, "dblp_name": dblp, "slug": slug}
                for (dblp, display), slug in zip(new, slugs, strict=True)]
        found.update(zip([dblp for dblp, _ in new], rows_insert(Author, rows, using=using), strict=True))
    return found

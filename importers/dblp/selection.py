"""Which records an import takes: DBLP key prefixes mapped to catalogue venues (the DblpVenue table), and years."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from importers.models import DblpVenue
from papers.models import Venue


class SelectionError(Exception):
    """The options name no venue, key prefix or year range the import can use."""


@dataclass
class Selection:
    venues: dict  # key prefix -> Venue
    first_year: int | None = None
    last_year: int | None = None

    def describe(self):
        years = f" {self.first_year}-{self.last_year}" if self.first_year else ""
        return " ".join(sorted(self.venues)) + years

    def venue_for(self, record):
        """The venue of this record, or None when the selection does not take it."""
        if self.first_year and not self.first_year <= record.year <= self.last_year:
            return None
        return self.venues.get(record.key_prefix)


def parse_years(text):
    """(first, last) from "1987-2019" or "2017"."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?", text or "")
    if not match:
        raise SelectionError(f"--years {text!r}: write a year (2017) or a range (1987-2019)")
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    if first > last:
        raise SelectionError(f"--years {text!r}: the range ends before it starts")
    return first, last


def _venue(short_name):
    venue = Venue.objects.filter(short_name__iexact=short_name).first()
    if venue is None:
        venue = Venue(short_name=short_name)
        try:
            venue.full_clean(exclude=["slug"])
        except ValidationError as exc:
            raise SelectionError(f"venue {short_name!r}: {' '.join(exc.messages)}") from exc
        venue.save()
    return venue


@transaction.atomic
def selection_build(*, venue=None, key_prefix=None, years=None) -> Selection:
    """The selection the command's options ask for; raises SelectionError for an unknown venue or prefix."""
    first, last = parse_years(years) if years else (None, None)
    mappings = {m.key_prefix: m.venue_short_name for m in DblpVenue.objects.all()}
    if key_prefix:
        key_prefix = key_prefix.strip().rstrip("/") + "/"
        short_name = venue or mappings.get(key_prefix)
        if not short_name:
            raise SelectionError(
                f"unknown venue: no DBLP venue maps {key_prefix}; pass --venue NAME or add it under DBLP venues in "
                "the admin"
            )
        wanted = {key_prefix: short_name}
    elif venue:
        wanted = {prefix: name for prefix, name in mappings.items() if name.lower() == venue.strip().lower()}
        if not wanted:
            known = ", ".join(sorted(set(mappings.values()))) or "none"
            raise SelectionError(
                f"unknown venue {venue!r}: no DBLP key prefix maps to it (mapped venues: {known}); pass --key-prefix "
                "conf/…/ or add it under DBLP venues in the admin"
            )
    else:
        wanted = mappings
        if not wanted:
            raise SelectionError("no DBLP venues are mapped: add some under DBLP venues in the admin")
    by_name = {name.lower(): _venue(name) for name in sorted(set(wanted.values()))}
    return Selection({prefix: by_name[name.lower()] for prefix, name in wanted.items()}, first, last)

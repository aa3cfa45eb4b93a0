"""python manage.py import_shortscience PATH [--venue NIPS]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers.services import venue_page_import
from importers.shortscience import VenuePageError, parse_venue_page


class Command(BaseCommand):
    help = "Import a ShortScience venue page (text dump) into the catalogue. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The venue page as text, e.g. ../shared/seeds/000_….txt")
        parser.add_argument(
            "--venue",
            help="Short name of the venue, e.g. NIPS. Default: the first word of the page's description.",
        )

    def handle(self, *args, path, venue, **options):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        try:
            page = parse_venue_page(text)
        except VenuePageError as exc:
            raise CommandError(f"{path}: {exc}. Nothing was imported.") from exc

        venue = venue or (page.description.split() or [""])[0].strip(",.:;")
        if not venue:
            raise CommandError("the page has no description to name the venue; pass --venue NAME")

        def progress(done, total, paper):
            if options["verbosity"] >= 1:
                self.stdout.write(f"  [{done:>4}/{total}] {paper.title[:90]}")

        try:
            report = venue_page_import(page=page, venue_short_name=venue, progress=progress)
        except VenuePageError as exc:
            raise CommandError(f"{path}: {exc}. Nothing was imported.") from exc
        self.stdout.write(self.style.SUCCESS(str(report)))

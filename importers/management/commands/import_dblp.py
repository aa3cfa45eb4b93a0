"""python manage.py import_dblp PATH [--venue NIPS] [--key-prefix conf/nips/] [--years 1987-2019]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers.dblp import DblpImportError, SelectionError, dblp_import, selection_build
from importers.dblp.run import DEFAULT_BATCH_SIZE


def positive(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Import DBLP XML (a venue-year export or the whole dblp.xml dump, .gz too, with dblp.dtd beside it) into the "
        "catalogue: papers of the venues mapped under DBLP venues in the admin. Running it again updates; a run that "
        "stopped resumes after its last committed batch."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="dblp.xml, dblp.xml.gz or a venue-year export")
        parser.add_argument("--venue", help="Only this catalogue venue's records, e.g. NIPS (default: all mapped).")
        parser.add_argument("--key-prefix", help="Only records whose DBLP key starts so, e.g. conf/nips/.")
        parser.add_argument("--years", help="Only these years: 2017 or 1987-2019.")
        parser.add_argument(
            "--batch-size", type=positive, default=DEFAULT_BATCH_SIZE,
            help=f"Records per transaction (default {DEFAULT_BATCH_SIZE}).",
        )

    def handle(self, *args, path, venue, key_prefix, years, batch_size, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            selection = selection_build(venue=venue, key_prefix=key_prefix, years=years)
        except SelectionError as exc:
            raise CommandError(str(exc)) from exc
        verbose = options["verbosity"] >= 1
        if verbose:
            self.stdout.write(f"Importing {path}: {selection.describe()}")

        def progress(report):
            if verbose:
                self.stdout.write(
                    f"  {report.resumed_after + report.read:>12,} records read  {report.created:>10,} created  "
                    f"{report.updated:>9,} updated  {report.records_per_second:>8,.0f} records/s"
                )
                self.stdout.flush()

        try:
            report = dblp_import(path=path, selection=selection, batch_size=batch_size, progress=progress)
        except DblpImportError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(str(report)))

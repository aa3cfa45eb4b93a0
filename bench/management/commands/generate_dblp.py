"""python manage.py generate_dblp PATH --records 1000000 --seed 1"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bench.synthetic.dblp import dblp_file_write


class Command(BaseCommand):
    help = (
        "Write a synthetic file in DBLP's XML format (and dblp.dtd beside it) for the import benchmark: "
        "`import_dblp PATH` reads it. PATH ending with .gz is compressed. Deterministic for a seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--records", type=int, default=1_000_000, help="Records to write (default 1,000,000).")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, path, records, seed, **options):
        if records < 0:
            raise CommandError("--records must be 0 or more")
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent}: no such directory")
        started = time.perf_counter()

        def progress(done):
            if options["verbosity"] >= 1 and done % 100_000 == 0:
                self.stdout.write(f"  {done:>10,} records  {time.perf_counter() - started:6.1f} s")

        dblp_file_write(path, records=records, seed=seed, progress=progress)
        size = path.stat().st_size / 1e6
        self.stdout.write(self.style.SUCCESS(f"Wrote {records:,} records to {path} ({size:,.1f} MB)"))

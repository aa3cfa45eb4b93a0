"""python manage.py load_seed_catalogue: the NIPS 2018 fixture, once."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from papers.models import Paper

SEED_FIXTURE = "nips2018"


class Command(BaseCommand):
    help = (
        "Load the NIPS 2018 fixture unless the catalogue already has papers: `make run` calls it on every start, "
        "and loading the fixture again would put the seeded summaries back over their edits and reset their scores."
    )

    def handle(self, *args, **options):
        if Paper.objects.exists():
            self.stdout.write("The catalogue has papers already: the NIPS 2018 fixture is not loaded again.")
            return
        call_command("loaddata", SEED_FIXTURE, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Loaded the NIPS 2018 fixture: {Paper.objects.count()} papers."))

from django.core.management.base import BaseCommand

from people.reputation import reputation_recompute_all


class Command(BaseCommand):
    help = "Recompute every writer's reputation, count of public summaries and sort name from the stored scores."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        count = reputation_recompute_all(using=database)
        self.stdout.write(f"Recomputed {count} writers.")

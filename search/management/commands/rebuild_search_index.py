"""python manage.py rebuild_search_index [--batch-size 1000]"""

from django.core.management.base import BaseCommand

from papers.models import Paper
from search.models import PaperSearchDocument
from search.services import search_documents_update


class Command(BaseCommand):
    help = "Rebuild the search document of every paper (after a bulk load that bypassed signals). Safe to rerun."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000, help="Papers per transaction (default 1000).")

    def handle(self, *args, batch_size, **options):
        batch_size = max(1, batch_size)
        ids = list(Paper.objects.order_by("pk").values_list("pk", flat=True))
        done = 0
        for start in range(0, len(ids), batch_size):
            done += search_documents_update(paper_ids=ids[start : start + batch_size])
            if options["verbosity"] >= 1:
                self.stdout.write(f"  {done}/{len(ids)} papers indexed")
        # Nothing else can be stale: documents of deleted papers are deleted with them (on_delete=CASCADE).
        total = PaperSearchDocument.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {done} papers, {total} documents."))

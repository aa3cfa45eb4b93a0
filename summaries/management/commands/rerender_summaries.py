"""python manage.py rerender_summaries: store every summary's HTML again after a rendering pipeline change."""

from django.core.management.base import BaseCommand
from django.db import transaction

from pagecache.models import catalogue_changed
from summaries.models import Summary
from summaries.rendering import render_with_excerpt


class Command(BaseCommand):
    help = "Re-render the stored HTML of summaries from their Markdown (after a change to the rendering pipeline)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--paper", type=int, help="Only the summaries of this paper id.")

    def handle(self, *args, batch_size, paper, **options):
        summaries = Summary.objects.order_by("pk")
        if paper:
            summaries = summaries.filter(paper_id=paper)
        total = summaries.count()
        changed = done = 0
        last_pk = 0
        while True:
            batch = list(summaries.filter(pk__gt=last_pk).only("pk", "body", "body_html", "excerpt")[:batch_size])
            if not batch:
                break
            stale = []
            for summary in batch:
                html, excerpt = render_with_excerpt(summary.body)
                if (html, excerpt) != (summary.body_html, summary.excerpt):
                    summary.body_html, summary.excerpt = html, excerpt
                    stale.append(summary)
            with transaction.atomic():
                # bulk_update: the body did not change, so neither may `updated` nor anything derived from it.
                Summary.objects.bulk_update(stale, ["body_html", "excerpt"])
                if stale:
                    catalogue_changed()  # bulk_update sends no signal: cached pages must not show the old HTML
            changed += len(stale)
            done += len(batch)
            last_pk = batch[-1].pk
            if options["verbosity"] >= 1:
                self.stdout.write(f"  {done}/{total} summaries checked, {changed} re-rendered")
        self.stdout.write(self.style.SUCCESS(f"{changed} of {total} summaries re-rendered"))

from django.apps import AppConfig


class SummariesConfig(AppConfig):
    name = "summaries"
    verbose_name = "Summaries"

    def ready(self):
        from pagecache.hooks import touches
        from papers.pagekeys import paper_page_keys
        from summaries import receivers, slots
        from summaries.models import Summary

        receivers.connect()
        slots.connect()
        # A summary's writes (post, edit, hide, delete, its score) re-render the pages of its paper only.
        touches(Summary, lambda summary, using: paper_page_keys([summary.paper_id], using=using))

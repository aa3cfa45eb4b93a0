"""Summaries' write hooks, connected in SummariesConfig.ready(): the counts that papers and venues store about
public summaries follow every write on summaries, whichever path it takes (services, admin, loaddata). The page
cache follows through its own hooks (pagecache.hooks); votes change the score with update(), which sends no
signal, so summaries.services.summary_vote tells the page cache itself."""

from django.db.models.signals import post_delete, post_save

from papers.models import deleting_papers
from summaries.counts import catalogue_counts_refresh
from summaries.models import Summary


def summary_saved(sender, instance, using, **kwargs):
    old_paper = getattr(instance, "_loaded_paper_id", None)
    catalogue_counts_refresh(paper_ids={instance.paper_id, old_paper}, using=using)
    instance._loaded_paper_id = instance.paper_id


def summary_deleted(sender, instance, using, origin=None, **kwargs):
    if not deleting_papers(origin):  # a deleted paper recounts its venue itself
        catalogue_counts_refresh(paper_ids={instance.paper_id}, using=using)


def connect():
    post_save.connect(summary_saved, sender=Summary, dispatch_uid="summaries-counts-saved")
    post_delete.connect(summary_deleted, sender=Summary, dispatch_uid="summaries-counts-deleted")

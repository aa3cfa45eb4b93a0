"""Keep search documents current in the same transaction as the write that changed a paper.

Fixtures (`loaddata`, raw=True) are indexed too: every saved paper, authorship, keyword link and summary
re-reads its paper, so the document is right once the last of them is in.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from papers.models import Author, Authorship, Keyword, Paper, deleting_papers
from papers.signals import byline_changed, papers_bulk_written
from search.services import search_documents_update, search_documents_update_in_bulk
from summaries.models import Summary


def paper_saved(sender, instance, using, **kwargs):
    search_documents_update(paper_ids=[instance.pk], using=using)


def byline_rewritten(sender, paper, using, **kwargs):
    """papers.services.paper_set_authors bulk-creates authorships (no post_save): it says so with a signal."""
    search_documents_update(paper_ids=[paper.pk], using=using)


def papers_written_in_bulk(sender, paper_ids, using, **kwargs):
    """An import wrote papers and bylines in bulk (no post_save): their documents, in one pass per batch."""
    search_documents_update_in_bulk(paper_ids=paper_ids, using=using)


def paper_part_saved(sender, instance, using, **kwargs):
    """An authorship or a summary changed: its paper's document changes (votes use update(): no signal)."""
    search_documents_update(paper_ids=[instance.paper_id], using=using)


def paper_part_deleted(sender, instance, using, origin=None, **kwargs):
    if deleting_papers(origin):  # their documents go with them
        return
    search_documents_update(paper_ids=[instance.paper_id], using=using)


def paper_keywords_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if not reverse:
        if action != "pre_clear":
            search_documents_update(paper_ids=[instance.pk], using=using)
    elif action == "pre_clear":
        instance._search_paper_ids = list(instance.papers.values_list("pk", flat=True))
    elif action == "post_clear":
        search_documents_update(paper_ids=getattr(instance, "_search_paper_ids", []), using=using)
    else:
        search_documents_update(paper_ids=pk_set or [], using=using)


def name_saved(sender, instance, using, raw=False, created=False, **kwargs):
    """An author or keyword renamed: every paper that shows the name."""
    if created or raw:
        return  # a new name is on no paper yet
    search_documents_update(paper_ids=instance.papers.values_list("pk", flat=True), using=using)


def keyword_deleting(sender, instance, **kwargs):
    instance._search_paper_ids = list(instance.papers.values_list("pk", flat=True))


def keyword_deleted(sender, instance, using, **kwargs):
    search_documents_update(paper_ids=getattr(instance, "_search_paper_ids", []), using=using)


def connect():
    uid = "search-index"
    post_save.connect(paper_saved, sender=Paper, dispatch_uid=f"{uid}-paper")
    byline_changed.connect(byline_rewritten, sender=Paper, dispatch_uid=f"{uid}-byline")
    papers_bulk_written.connect(papers_written_in_bulk, sender=Paper, dispatch_uid=f"{uid}-bulk")
    for model in (Authorship, Summary):
        post_save.connect(paper_part_saved, sender=model, dispatch_uid=f"{uid}-{model.__name__}-save")
        post_delete.connect(paper_part_deleted, sender=model, dispatch_uid=f"{uid}-{model.__name__}-delete")
    m2m_changed.connect(paper_keywords_changed, sender=Paper.keywords.through, dispatch_uid=f"{uid}-keywords")
    for model in (Author, Keyword):
        post_save.connect(name_saved, sender=model, dispatch_uid=f"{uid}-{model.__name__}-rename")
    pre_delete.connect(keyword_deleting, sender=Keyword, dispatch_uid=f"{uid}-keyword-deleting")
    post_delete.connect(keyword_deleted, sender=Keyword, dispatch_uid=f"{uid}-keyword-deleted")

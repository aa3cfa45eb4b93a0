"""Discussion's write hooks, connected in DiscussionConfig.ready(): the counts papers store about their discussion
follow every write of comments, questions and answers, and of summaries (a summary made private or hidden takes its
comments out of the count). The page cache follows through its own hooks (settings.PAGE_CACHE_WATCHED_MODELS)."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save

from discussion.counts import discussion_counts_refresh
from discussion.models import Answer, Comment, Question
from pagecache.hooks import touches
from papers.models import deleting_papers
from papers.pagekeys import paper_page_keys
from summaries.models import Summary


def connect_page_keys():
    """Comments, questions and answers re-render the pages of their paper only (pagecache.hooks.touches)."""
    for model in (Comment, Question, Answer):
        touches(model, lambda instance, using: paper_page_keys([_paper_id(instance)], using=using))
    touches(get_user_model(), _user_page_keys)  # bylines


def _user_page_keys(user, using):
    if user.pk is None:
        return []
    papers = {
        *Comment.objects.using(using).filter(author_id=user.pk).values_list("summary__paper_id", flat=True),
        *Question.objects.using(using).filter(author_id=user.pk).values_list("paper_id", flat=True),
        *Answer.objects.using(using).filter(author_id=user.pk).values_list("question__paper_id", flat=True),
    }
    return paper_page_keys(papers, using=using)


def _paper_id(instance):
    if isinstance(instance, Comment):
        return Summary.objects.filter(pk=instance.summary_id).values_list("paper_id", flat=True).first()
    if isinstance(instance, Answer):
        return Question.objects.filter(pk=instance.question_id).values_list("paper_id", flat=True).first()
    return instance.paper_id


def discussion_saved(sender, instance, using, raw=False, **kwargs):
    if not raw:
        discussion_counts_refresh(paper_ids={_paper_id(instance)}, using=using)


def discussion_deleted(sender, instance, using, origin=None, **kwargs):
    parent_goes = origin is not instance and isinstance(origin, Summary | Question)
    if deleting_papers(origin) or parent_goes:  # the paper or the parent recounts once
        return
    discussion_counts_refresh(paper_ids={_paper_id(instance)}, using=using)


def summary_saved(sender, instance, using, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not {"is_private", "is_hidden", "paper"} & set(update_fields)):
        return
    if instance.comments.exists():
        discussion_counts_refresh(paper_ids={instance.paper_id, getattr(instance, "_loaded_paper_id", None)},
                                  using=using)


def parent_deleted(sender, instance, using, origin=None, **kwargs):
    if not deleting_papers(origin):
        discussion_counts_refresh(paper_ids={instance.paper_id}, using=using)


def connect():
    for model in (Comment, Question, Answer):
        post_save.connect(discussion_saved, sender=model, dispatch_uid=f"discussion-counts-{model.__name__}-saved")
        post_delete.connect(discussion_deleted, sender=model, dispatch_uid=f"discussion-counts-{model.__name__}-del")
    post_save.connect(summary_saved, sender=Summary, dispatch_uid="discussion-counts-summary-saved")
    post_delete.connect(parent_deleted, sender=Summary, dispatch_uid="discussion-counts-summary-deleted")

"""Who hears of what, connected in NotificationsConfig.ready(): the discussion's events (its signals, sent inside
the writing transaction) and newly public summaries (post_save). A recipient is told only about what they may see."""

from django.db.models.signals import post_save, pre_save

from discussion.signals import answer_accepted, answer_posted, comment_posted
from notifications.models import Follow, Notification
from notifications.services import notify
from papers.models import Authorship
from summaries.models import Summary, visible_summaries_q


def on_comment(sender, comment, **kwargs):
    summary = comment.summary
    if comment.is_hidden or summary.is_hidden:
        return
    event, actor = f"comment:{comment.pk}", comment.author
    # Replies first: someone who wrote both the summary and the answered comment hears "a reply", once.
    repliers = set()
    if comment.reply_to_id:
        repliers = {comment.reply_to.author_id, comment.thread.author_id}
        if summary.is_private:  # only its writer can open a private summary
            repliers &= {summary.author_id}
        notify(recipients=repliers, kind=Notification.Kind.REPLY, event=event, actor=actor, summary=summary,
               comment=comment)
    notify(recipients={summary.author_id} - repliers, kind=Notification.Kind.COMMENT, event=event, actor=actor,
           summary=summary, comment=comment)


def on_answer(sender, answer, **kwargs):
    question = answer.question
    notify(recipients={question.author_id}, kind=Notification.Kind.ANSWER, event=f"answer:{answer.pk}",
           actor=answer.author, answer=answer)


def on_accepted(sender, answer, **kwargs):
    notify(recipients={answer.author_id}, kind=Notification.Kind.ACCEPTED, event=f"accepted:{answer.pk}",
           actor=answer.question.author, answer=answer)


VISIBILITY_FIELDS = {"is_private", "is_hidden"}


def before_summary_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """Note whether the summary was public before this save (one query, only when its visibility may change)."""
    if raw or (update_fields is not None and not VISIBILITY_FIELDS & set(update_fields)):
        instance._was_public = None  # this save cannot change who sees it
        return
    instance._was_public = instance.pk is not None and Summary.objects.filter(
        visible_summaries_q(), pk=instance.pk).exists()


def on_summary_saved(sender, instance, raw=False, **kwargs):
    """A summary that becomes public (written public, made public by an edit, restored by a moderator) tells the
    followers of its paper, the paper's authors and venue, and its writer, then, each of them once per summary:
    an edit of a public summary tells nobody (not even who followed since), and making it private and public
    again tells nobody twice (one notification per recipient and event). An anonymous summary's writer is not
    named, not even to their followers."""
    if raw or instance.is_private or instance.is_hidden or getattr(instance, "_was_public", None) is not False:
        return
    author_ids = Authorship.objects.filter(paper_id=instance.paper_id).values("author_id")
    followers = Follow.objects.filter(paper_id=instance.paper_id) | Follow.objects.filter(author_id__in=author_ids)
    if instance.paper.venue_id:
        followers |= Follow.objects.filter(venue_id=instance.paper.venue_id)
    # An anonymous summary names nobody: its writer's followers are not told, and the others hear of "someone".
    if instance.author_id and not instance.is_anonymous:
        followers |= Follow.objects.filter(user_id=instance.author_id)
    recipients = set(followers.values_list("follower_id", flat=True)) - {instance.author_id}
    notify(recipients=recipients, kind=Notification.Kind.SUMMARY, event=f"summary:{instance.pk}",
           actor=instance.named_author, summary=instance)


def connect():
    comment_posted.connect(on_comment, dispatch_uid="notifications-comment")
    answer_posted.connect(on_answer, dispatch_uid="notifications-answer")
    answer_accepted.connect(on_accepted, dispatch_uid="notifications-accepted")
    pre_save.connect(before_summary_saved, sender=Summary, dispatch_uid="notifications-summary-before")
    post_save.connect(on_summary_saved, sender=Summary, dispatch_uid="notifications-summary")

"""Reputation follows every write that changes it, in that write's transaction, connected in PeopleConfig.ready():
summaries saved or deleted (made public, private, hidden or anonymous), votes on summaries and answers (sent as
signals: the scores change with UPDATEs), answers saved or deleted (accepted, hidden), questions hidden, and profiles
(the name the directory sorts by)."""

from django.db.models import F
from django.db.models.signals import post_delete, post_save

from accounts.models import Profile
from discussion.models import Answer, Question
from discussion.signals import answer_voted
from people.models import Writer
from people.reputation import writers_recount
from summaries.models import Summary
from summaries.signals import summary_voted


def summary_saved(sender, instance, using, **kwargs):
    writers_recount({instance.author_id, getattr(instance, "_loaded_author_id", None)}, using=using)
    instance._loaded_author_id = instance.author_id


def summary_deleted(sender, instance, using, **kwargs):
    writers_recount({instance.author_id}, using=using, create=False)


def summary_vote_counted(sender, summary, delta, **kwargs):
    # Votes are only taken on public summaries, so the score's change is the reputation's: one UPDATE, not a recount
    # (which halved the rate of votes). A writer without a row yet gets one, recounted.
    if summary.author_id and not Writer.objects.filter(pk=summary.author_id).update(reputation=F("reputation") + delta):
        writers_recount({summary.author_id})


def answer_vote_counted(sender, answer, **kwargs):
    writers_recount({answer.author_id})


def answer_saved(sender, instance, using, **kwargs):
    # Accepting one answer unmarks another of the same question with an UPDATE: its writer is recounted too.
    others = Answer.objects.using(using).filter(question_id=instance.question_id).values_list("author_id", flat=True)
    writers_recount({instance.author_id, *others}, using=using)


def answer_deleted(sender, instance, using, **kwargs):
    writers_recount({instance.author_id}, using=using, create=False)


def question_saved(sender, instance, using, **kwargs):
    writers_recount(set(instance.answers.using(using).values_list("author_id", flat=True)), using=using, create=False)


def profile_saved(sender, instance, using, **kwargs):
    writers_recount({instance.user_id}, using=using, create=False)


def connect():
    post_save.connect(summary_saved, sender=Summary, dispatch_uid="people-summary-saved")
    post_delete.connect(summary_deleted, sender=Summary, dispatch_uid="people-summary-deleted")
    summary_voted.connect(summary_vote_counted, dispatch_uid="people-summary-voted")
    answer_voted.connect(answer_vote_counted, dispatch_uid="people-answer-voted")
    post_save.connect(answer_saved, sender=Answer, dispatch_uid="people-answer-saved")
    post_delete.connect(answer_deleted, sender=Answer, dispatch_uid="people-answer-deleted")
    post_save.connect(question_saved, sender=Question, dispatch_uid="people-question-saved")
    post_save.connect(profile_saved, sender=Profile, dispatch_uid="people-profile-saved")

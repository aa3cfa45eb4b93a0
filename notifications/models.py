"""Follows (a paper, an author, a venue or a user), the notifications they and the discussion cause, and each
user's mail preferences. Notifications are also the mail outbox: written in the transaction of the event, mailed
after it commits (mail.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from discussion.models import Answer, Comment
from papers.models import Author, Paper, Venue
from summaries.models import Summary

FOLLOW_TARGETS = ("paper", "author", "venue", "user")


class Follow(models.Model):
    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, null=True, blank=True, related_name="followers")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, null=True, blank=True, related_name="followers")
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, null=True, blank=True, related_name="followers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="followers",
        help_text="The followed user (their new public summaries).",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            *[
                models.UniqueConstraint(
                    fields=["follower", target], condition=Q(**{f"{target}__isnull": False}),
                    name=f"follow_once_per_{target}",
                )
                for target in FOLLOW_TARGETS
            ],
            models.CheckConstraint(
                condition=Q(paper__isnull=False, author__isnull=True, venue__isnull=True, user__isnull=True)
                | Q(paper__isnull=True, author__isnull=False, venue__isnull=True, user__isnull=True)
                | Q(paper__isnull=True, author__isnull=True, venue__isnull=False, user__isnull=True)
                | Q(paper__isnull=True, author__isnull=True, venue__isnull=True, user__isnull=False),
                name="follow_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.follower} follows {self.target}"

    @property
    def target(self):
        return self.paper or self.author or self.venue or self.user


class NotificationQuerySet(models.QuerySet):
    def visible(self):
        """Only about what the recipient may still see: nothing private to someone else, hidden or deleted (deleted
        rows take their notifications with them; hidden and private ones are filtered here)."""
        summary_ok = Q(summary__isnull=True) | (
            Q(summary__is_hidden=False) & (Q(summary__is_private=False) | Q(summary__author=F("recipient")))
        )
        comment_ok = Q(comment__isnull=True) | Q(comment__is_hidden=False, comment__is_deleted=False)
        answer_ok = Q(answer__isnull=True) | Q(
            answer__is_hidden=False, answer__question__is_hidden=False, answer__question__is_deleted=False
        )
        return self.filter(summary_ok, comment_ok, answer_ok)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_display(self):
        return self.select_related(
            "actor__profile", "summary__paper", "comment", "answer__question__paper"
        ).order_by("-created", "-pk")


class Notification(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", "Comments on your summaries"
        REPLY = "reply", "Replies to your comments"
        ANSWER = "answer", "Answers to your questions"
        ACCEPTED = "accepted", "Your answers accepted"
        SUMMARY = "summary", "New summaries of papers, authors, venues and users you follow"

    class Mail(models.TextChoices):
        NONE = "none", "Not mailed (switched off)"
        PENDING = "pending", "To be mailed"
        SENDING = "sending", "Being mailed"
        SENT = "sent", "Mailed"
        DIGEST = "digest", "For the daily digest"
        SKIPPED = "skipped", "Not mailed: no longer visible"
        FAILED = "failed", "Mail failed"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    event = models.CharField(max_length=40, help_text='What happened, e.g. "comment:12": one notification per event.')
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    mail = models.CharField(max_length=10, choices=Mail.choices, default=Mail.NONE)
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    mail_claimed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event"], name="notification_once_per_event"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created"], name="notification_recipient_new"),
            models.Index(fields=["mail"], condition=Q(mail__in=["pending", "sending", "digest"]),
                         name="notification_mail_queue"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.recipient}"

    def target(self):
        return self.comment or self.answer or self.summary

    def get_target_url(self):
        if self.comment_id:
            return f"{self.summary.paper.get_absolute_url()}#comment-{self.comment_id}"
        if self.answer_id:
            return f"{self.answer.question.get_absolute_url()}#answer-{self.answer_id}"
        return self.summary.get_absolute_url()

    def sentence(self):
        """What happened, in one line (the list, the mail's subject, the feed)."""
        who = self.actor.get_username() if self.actor_id else "Someone"
        if self.kind == self.Kind.COMMENT:
            return f"{who} commented on your summary of “{self.summary.paper.title}”"
        if self.kind == self.Kind.REPLY:
            return f"{who} replied to your comment on “{self.summary.paper.title}”"
        if self.kind == self.Kind.ANSWER:
            return f"{who} answered your question “{self.answer.question.title}”"
        if self.kind == self.Kind.ACCEPTED:
            return f"Your answer to “{self.answer.question.title}” was accepted"
        return f"New summary of “{self.summary.paper.title}” by {self.summary.byline}"


class MailPreferences(models.Model):
    """A user's choices: which kinds of notification are mailed, and whether as one daily digest."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preferences")
    mail_comment = models.BooleanField("Comments on my summaries", default=True)
    mail_reply = models.BooleanField("Replies to my comments", default=True)
    mail_answer = models.BooleanField("Answers to my questions", default=True)
    mail_accepted = models.BooleanField("My answers accepted", default=True)
    mail_summary = models.BooleanField("New summaries of what I follow", default=True)
    daily_digest = models.BooleanField(
        "One daily digest", default=False, help_text="One mail a day with everything, instead of one per event."
    )
    feed_token = models.UUIDField(default=uuid.uuid4, unique=True, help_text="The secret of the private Atom feed.")
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    def __str__(self):
        return f"Mail preferences of {self.user}"

    def mails(self, kind):
        return getattr(self, f"mail_{kind}")

    @classmethod
    def of(cls, user):
        return cls.objects.get_or_create(user=user)[0]

"""Discussion: comments under summaries (one level of replies), questions about papers and their answers.

Every text is Markdown with math, rendered on save by the summaries' renderer (sanitized MathML) and stored beside
its source, as for summaries. Moderators hide; writers delete (a comment or question that others answered stays as
a "deleted" placeholder so the thread still reads).
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from papers.models import Paper
from summaries.models import Summary, visible_summaries_q
from summaries.rendering import render_with_excerpt


def display_name(user):
    """The name a writer chose on their profile, else their full name, else their username (as summaries' bylines)."""
    if user is None:
        return "a deleted user"
    try:
        name = user.profile.display_name
    except ObjectDoesNotExist:
        name = ""
    return name or user.get_full_name() or user.get_username()


def summary_page_url(summary):
    """Where a summary's comments are read: its paper's page, or for a private summary its share page (the only page
    that shows it to others than its writer)."""
    return summary.get_share_url() if summary.is_private else summary.paper.get_absolute_url()


def comments_url(summary):
    return f"{summary_page_url(summary)}#summary-{summary.pk}-comments"


class Written(models.Model):
    """What comments, questions and answers share: a writer, Markdown rendered on save, moderation flags."""

    body = models.TextField(help_text="Markdown with LaTeX math ($…$, $$…$$).")
    body_html = models.TextField(editable=False, help_text="Rendered from the body on save; never edit.")
    excerpt = models.TextField(blank=True, editable=False, help_text="The first words as plain text (mails, admin).")
    is_hidden = models.BooleanField(default=False, help_text="Hidden by a moderator: only moderators see it.")
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.body_html, self.excerpt = render_with_excerpt(self.body) if self.body else ("", "")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_html", "excerpt"}
        super().save(*args, **kwargs)

    @property
    def byline(self):
        return display_name(self.author)

    def can_be_changed_by(self, user):
        """Its writer and moderators may edit or delete it."""
        return user.is_staff or (self.author_id is not None and self.author_id == user.pk)

    @property
    def was_edited(self):
        return (self.updated - self.created).total_seconds() > 60


class CommentQuerySet(models.QuerySet):
    def on_public_summaries(self):
        return self.filter(visible_summaries_q("summary__"))

    def public(self):
        """Comments anyone may read: not hidden, not deleted, under a public summary."""
        return self.on_public_summaries().filter(is_hidden=False, is_deleted=False)

    def for_display(self):
        """With the writers (and the writer quoted by a reply) and their profiles, in the same query."""
        return self.select_related("author__profile", "reply_to__author__profile").order_by("created", "pk")


class Comment(Written):
    """A comment under a summary. `thread` is the top-level comment a reply belongs to (one level of replies); a reply
    to a reply joins the same thread and names whom it answers through `reply_to`."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments",
    )
    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="comments")
    thread = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies",
        help_text="The top-level comment of the thread; empty for a top-level comment.",
    )
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="answered_by",
        help_text="The comment this one answers (the same as the thread, or a reply in it).",
    )
    is_deleted = models.BooleanField(
        default=False, help_text="Deleted by its writer while others had replied: shown as 'comment deleted'."
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["summary", "created"], name="comment_summary_created")]

    def __str__(self):
        return f"Comment {self.pk} by {self.byline} on summary {self.summary_id}"

    def get_absolute_url(self):
        return f"{summary_page_url(self.summary)}#comment-{self.pk}"

    def has_replies(self):
        return Comment.objects.filter(Q(thread=self) | Q(reply_to=self)).exclude(pk=self.pk).exists()


class QuestionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_hidden=False, is_deleted=False)

    def visible_to(self, user):
        """Public questions; moderators see hidden ones, writers their own hidden ones."""
        if user.is_staff:
            return self
        mine = Q(author=user) if user.is_authenticated else Q(pk__in=[])
        return self.filter(Q(is_hidden=False) | mine)

    def with_answer_counts(self):
        public_answers = Answer.objects.public().filter(question=OuterRef("pk"))
        return self.annotate(
            answer_total=models.Count("answers", filter=Q(answers__is_hidden=False), distinct=True),
            has_accepted=Exists(public_answers.filter(is_accepted=True)),
        )


class Question(Written):
    class Category(models.TextChoices):
        CLARIFICATION = "clarification", "Clarification"
        REPRODUCTION = "reproduction", "Reproduction"
        RELATED_WORK = "related", "Related work"
        ERRATA = "errata", "Errata"
        OTHER = "other", "Other"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions",
    )
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="questions")
    title = models.CharField(max_length=200, help_text="The question in one line.")
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.CLARIFICATION)
    is_deleted = models.BooleanField(
        default=False, help_text="Deleted by its writer after it was answered: shown as 'question deleted'."
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["paper", "created"], name="question_paper_created")]

    def __str__(self):
        return self.title or f"Question {self.pk}"

    def get_absolute_url(self):
        return reverse("question_detail", args=[self.pk])


class AnswerQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_hidden=False, question__is_hidden=False)

    def ranked(self):
        """Accepted first, then by score, then oldest first."""
        return self.order_by("-is_accepted", "-score", "created", "pk")


class Answer(Written):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="answers",
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    score = models.IntegerField(default=0, editable=False, help_text="Sum of the +1/-1 votes.")
    is_accepted = models.BooleanField(default=False, help_text="Marked by the asker as the answer to the question.")

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["-is_accepted", "-score", "created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question"], condition=Q(is_accepted=True), name="answer_one_accepted_per_question"
            ),
        ]

    def __str__(self):
        return f"Answer {self.pk} by {self.byline} to question {self.question_id}"

    def get_absolute_url(self):
        return f"{self.question.get_absolute_url()}#answer-{self.pk}"


class AnswerVote(models.Model):
    """One user's +1 or -1 on an answer; Answer.score is the sum, updated in the same transaction."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answer_votes")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=[(1, "+1"), (-1, "-1")])
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "answer"], name="answervote_one_per_user"),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="answervote_plus_or_minus_one"),
        ]

    def __str__(self):
        return f"{self.value:+d} by {self.user_id} on answer {self.answer_id}"


class DiscussionReport(models.Model):
    """A reader's complaint about a comment, question or answer, for the moderators' queue in the admin."""

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_reports")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, blank=True, related_name="reports")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="reports")
    reason = models.TextField(max_length=2000, help_text="What the reader says is wrong.")
    created = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False, help_text="Set when a moderator has dealt with it.")

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(comment__isnull=False, question__isnull=True, answer__isnull=True)
                    | Q(comment__isnull=True, question__isnull=False, answer__isnull=True)
                    | Q(comment__isnull=True, question__isnull=True, answer__isnull=False)
                ),
                name="discussionreport_one_target",
            ),
        ]

    def __str__(self):
        return f"Report on {self.target} by {self.reporter}"

    @property
    def target(self):
        return self.comment or self.question or self.answer


class ReportQueue(DiscussionReport):
    """The admin's combined queue of reports on summaries, comments, questions and answers (discussion.report_queue);
    a proxy so that it has its place in the admin's index and permissions."""

    class Meta:
        proxy = True
        verbose_name = "report of any kind"
        verbose_name_plural = "Reports"

"""User-written summaries of papers, stored as Markdown with their rendered HTML beside it."""

import uuid

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from papers.models import Paper
from summaries.rendering import render_with_excerpt

# Shown when a user's second summary of a paper is refused, whether by validation or by the database constraint.
DUPLICATE_SUMMARY_MESSAGE = "You have already written a summary of this paper."


def visible_summaries_q(prefix=""):
    """Public summaries: neither private nor hidden by a moderator. `prefix` reaches them through a relation."""
    return Q(**{f"{prefix}is_private": False, f"{prefix}is_hidden": False})


class SummaryQuerySet(models.QuerySet):
    def visible(self):
        """Summaries anyone may read: not private, not hidden by a moderator."""
        return self.filter(visible_summaries_q())

    def signed(self):
        """Summaries whose writer is named: not published as "Anonymous" (what profiles show to others)."""
        return self.filter(is_anonymous=False)

    def with_author(self):
        """The writer and their profile, for the byline, in the same query."""
        return self.select_related("author__profile")

    def with_listing_data(self):
        return self.with_author().select_related("paper", "paper__venue")

    def latest(self):
        """Newest first; summaries imported without their date come last, as the oldest."""
        return self.order_by(F("created").desc(nulls_last=True), "-pk")

    def top(self):
        """Highest score first, then the most recent (undated imported summaries as the oldest)."""
        return self.order_by("-score", F("created").desc(nulls_last=True), "-pk")

    def oldest_first(self):
        """Oldest first, beginning with the summaries imported without their date."""
        return self.order_by(F("created").asc(nulls_first=True), "pk")

    def visible_to(self, user):
        """Public summaries, plus the user's own private (or hidden) ones."""
        if user.is_authenticated:
            return self.filter(visible_summaries_q() | Q(author=user))
        return self.visible()

    def openable_by(self, user, shared_tokens=()):
        """What this user may open at all: moderators everything, others what visible_to() lets them see (private
        and hidden summaries of others are a 404, so they do not leak), plus the summaries whose share link they
        opened (`shared_tokens`: summaries.sharing), unless hidden."""
        if user.is_staff:
            return self
        tokens = list(shared_tokens)
        shared = Q(is_hidden=False, share_token__in=tokens) if tokens else Q(pk__in=[])
        if user.is_authenticated:
            return self.filter(visible_summaries_q() | Q(author=user) | shared)
        return self.filter(visible_summaries_q() | shared)


class Summary(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="summaries")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="summaries",
        help_text="Empty for imported summaries; the attribution text then says who wrote it.",
    )
    attribution = models.CharField(
        max_length=200, blank=True, help_text="Shown instead of a user for imported summaries."
    )
    body = models.TextField(help_text="Markdown with LaTeX math ($…$, $$…$$).")
    body_html = models.TextField(editable=False, help_text="Rendered from the body on save; never edit.")
    excerpt = models.TextField(
        blank=True, editable=False, help_text="The first words of the summary as plain text, for lists and feeds."
    )
    is_private = models.BooleanField(
        default=False, help_text="Only its author, and whoever has the share link, can read it."
    )
    share_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    is_hidden = models.BooleanField(
        default=False, help_text="Hidden by a moderator: gone from public pages and feeds, not deleted."
    )
    is_anonymous = models.BooleanField(
        default=False,
        help_text="Published as \"Anonymous\": pages, feeds, the API and search never name its writer; moderators "
        "see the writer here.",
    )
    # Not auto_now_add: an imported summary whose source gave no date keeps it empty instead of the import's date.
    created = models.DateTimeField(
        default=timezone.now, null=True, blank=True, editable=False, db_index=True,
        help_text="When its writer first saved it. Empty for a summary imported without its date: pages, feeds and "
        "the API then say where it was imported from, and it sorts as the oldest.",
    )
    updated = models.DateTimeField(
        auto_now=True, help_text="When it last changed here; for an imported summary, when it was imported."
    )
    imported_from = models.CharField(
        max_length=100, blank=True, editable=False,
        help_text="Where an imported summary was copied from (e.g. shortscience.org); empty when written here.",
    )
    score = models.IntegerField(
        default=0, editable=False, help_text="Sum of the +1/-1 votes, kept up to date by every vote."
    )

    objects = SummaryQuerySet.as_manager()

    class Meta:
        ordering = [F("created").desc(nulls_last=True)]
        verbose_name_plural = "summaries"
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "author"], condition=Q(author__isnull=False), name="summary_one_per_user_per_paper",
                violation_error_message=DUPLICATE_SUMMARY_MESSAGE,
            ),
        ]
        # latest() and top() read (created DESC NULLS LAST, id DESC) and (score DESC, created DESC NULLS LAST, id DESC)
        # on PostgreSQL: SQLite cannot put NULLS LAST in an index, so migration 0005 makes them outside Meta.indexes.
        indexes = [
            models.Index(fields=["paper", "created"], name="summary_paper_created"),
        ]

    def __str__(self):
        return f"Summary of {self.paper} by {self.byline}"

    def save(self, *args, **kwargs):
        # Render once on write so page views only read stored HTML.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.body_html, self.excerpt = render_with_excerpt(self.body)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_html", "excerpt"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.paper.get_absolute_url()}#summary-{self.pk}"

    def get_actions_url(self):
        """Its vote, report and edit controls under it: where a vote brings the reader back to, so that the page
        does not jump to the top of a long summary."""
        return f"{self.paper.get_absolute_url()}#summary-{self.pk}-actions"

    @classmethod
    def from_db(cls, db, field_names, values):
        summary = super().from_db(db, field_names, values)
        summary._loaded_paper_id = summary.__dict__.get("paper_id")  # to recount the old paper when it moves
        summary._loaded_author_id = summary.__dict__.get("author_id")  # to recount the old writer when it changes
        return summary

    def can_be_changed_by(self, user):
        """Its writer and moderators may edit or delete it."""
        return user.is_staff or (self.author_id is not None and self.author_id == user.pk)

    @property
    def named_author(self):
        """The writer readers may see: None for an anonymous or imported summary (no link to a profile)."""
        return None if self.is_anonymous else self.author

    def get_share_url(self):
        return reverse("summary_share", args=[self.share_token])

    @property
    def byline(self):
        """The name the writer chose on their profile, else their full name, else their username; "Anonymous" for a
        summary published anonymously (what every public output shows)."""
        if self.is_anonymous:
            return "Anonymous"
        if not self.author_id:
            return self.attribution or "Anonymous"
        try:
            display_name = self.author.profile.display_name  # loaded with the author by with_author()
        except ObjectDoesNotExist:
            display_name = ""
        return display_name or self.author.get_full_name() or self.author.get_username()


class Vote(models.Model):
    """One user's +1 or -1 on a summary; Summary.score is the sum, updated in the same transaction."""

    class Value(models.IntegerChoices):
        UP = 1, "+1"
        DOWN = -1, "-1"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes")
    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=Value.choices)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "summary"], name="vote_one_per_user_per_summary"),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="vote_value_plus_or_minus_one"),
        ]

    def __str__(self):
        return f"{self.get_value_display()} by {self.user} on {self.summary_id}"


class Report(models.Model):
    """A reader's complaint about a summary, for the moderators' queue in the admin."""

    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports")
    reason = models.TextField(max_length=2000, help_text="What the reader says is wrong.")
    created = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False, help_text="Set when a moderator has dealt with it.")

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["summary", "reporter"], condition=Q(resolved=False), name="report_one_open_per_reporter"
            ),
        ]

    def __str__(self):
        return f"Report on {self.summary_id} by {self.reporter}"

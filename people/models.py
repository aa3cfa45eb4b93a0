"""What the directory of writers reads: each writer's reputation and number of signed public summaries, stored and
kept current by the writes that change them (people.reputation), so that listing and sorting them reads one index."""

from django.conf import settings
from django.db import models
from django.db.models import Q

# Listed in the directory: at least one public summary signed with their name.
LISTED = Q(public_summary_count__gt=0)

# ?sort= values of the directory: label and ordering (each reads one partial index of Writer.Meta.indexes).
WRITER_SORTS = {
    "reputation": ("Reputation", ["-reputation", "sort_name", "user_id"]),
    "name": ("Name", ["sort_name", "user_id"]),
    "newest": ("Newest", ["-joined", "-user_id"]),
}


class WriterQuerySet(models.QuerySet):
    def listed(self):
        """The writers the directory shows."""
        return self.filter(LISTED)

    def sorted_by(self, sort: str):
        return self.order_by(*WRITER_SORTS[sort][1])

    def for_directory(self):
        """With the user and their profile (name, picture) in the same query."""
        return self.select_related("user__profile")


class Writer(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="writer"
    )
    reputation = models.IntegerField(
        default=0, editable=False,
        help_text="Votes on their public summaries (anonymous ones included) and public answers, plus a bonus per "
        "accepted answer; recomputed by every write that changes it (`manage.py recompute_reputation` repairs it).",
    )
    public_summary_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Public summaries signed with their name (anonymous ones not counted)."
    )
    sort_name = models.CharField(
        max_length=150, blank=True, editable=False, help_text="The name readers see, lowercased, for sorting by name."
    )
    joined = models.DateTimeField(editable=False, help_text="When the account was made, for sorting by newest.")

    objects = WriterQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["-reputation", "sort_name", "user"], condition=LISTED, name="writer_listed_reputation"
            ),
            models.Index(fields=["sort_name", "user"], condition=LISTED, name="writer_listed_name"),
            models.Index(fields=["-joined", "-user"], condition=LISTED, name="writer_listed_newest"),
        ]

    def __str__(self):
        return f"{self.user} (reputation {self.reputation})"

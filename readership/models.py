"""Daily view counters of papers and summaries: one row per object and day, no visitor is ever recorded."""

import datetime as dt

from django.db import connection, models, transaction
from django.db.models import Sum
from django.utils import timezone

from papers.models import Paper
from summaries.models import Summary

UPSERT_CHUNK = 500


def last_days(days, *, today=None):
    """The first day of the `days` days that end today (UTC), today included."""
    return (today or timezone.now().date()) - dt.timedelta(days=days - 1)


class DailyViewsQuerySet(models.QuerySet):
    def since(self, first_day):
        return self.filter(day__gte=first_day)

    def total(self):
        return self.aggregate(total=Sum("views"))["total"] or 0

    def add(self, counts):
        """Add {(object id, day): views} to the stored counters: INSERT ... ON CONFLICT DO UPDATE SET views =
        views + EXCLUDED.views, so batches written by several processes add up. (bulk_create(update_conflicts=True)
        would set views = EXCLUDED.views: each process would overwrite the others' counts.)"""
        model = self.model
        table = connection.ops.quote_name(model._meta.db_table)
        key = connection.ops.quote_name(model._meta.get_field(model.counted_field).column)
        rows = sorted(counts.items())  # the same order in every process: no deadlock between two batches
        with transaction.atomic():
            with connection.cursor() as cursor:
                for start in range(0, len(rows), UPSERT_CHUNK):
                    chunk = rows[start:start + UPSERT_CHUNK]
                    values = ", ".join(["(%s, %s, %s)"] * len(chunk))
                    params = [value for (pk, day), views in chunk for value in (pk, day, views)]
                    cursor.execute(
                        f"INSERT INTO {table} ({key}, day, views) VALUES {values} "
                        f"ON CONFLICT ({key}, day) DO UPDATE SET views = {table}.views + EXCLUDED.views",
                        params,
                    )


class DailyViews(models.Model):
    """One object's views on one day (UTC), bots excluded; `counted_field` names the object's foreign key."""

    day = models.DateField()
    views = models.PositiveIntegerField(default=0)
    counted_field = None

    objects = DailyViewsQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.counted_field} {getattr(self, self.counted_field + '_id')} on {self.day}: {self.views}"


class PaperDailyViews(DailyViews):
    """How often a paper's page was shown."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="daily_views")
    counted_field = "paper"

    class Meta:
        verbose_name_plural = "paper daily views"
        constraints = [models.UniqueConstraint(fields=["paper", "day"], name="paper_daily_views_once")]


class SummaryDailyViews(DailyViews):
    """How often a public summary was shown (its paper's page)."""

    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="daily_views")
    counted_field = "summary"

    class Meta:
        verbose_name_plural = "summary daily views"
        constraints = [models.UniqueConstraint(fields=["summary", "day"], name="summary_daily_views_once")]

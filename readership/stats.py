"""What a writer's statistics page reads: their summaries' views per day and per summary."""

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from readership.charts import bar_chart, daily_series
from readership.models import SummaryDailyViews, last_days
from summaries.models import Summary

PERIODS = (7, 30)


def writer_stats(user):
    """Charts of the last 7 and 30 days, and each of the writer's summaries with its views and score."""
    today = timezone.now().date()
    first_day = last_days(max(PERIODS), today=today)
    per_day = dict(
        SummaryDailyViews.objects.filter(summary__author=user).since(first_day)
        .values("day").annotate(views=Sum("views")).values_list("day", "views")
    )
    series = daily_series(per_day, first_day, max(PERIODS))
    charts = [{"days": days, **bar_chart(series[-days:])} for days in PERIODS]
    recent = Q(daily_views__day__gte=first_day)
    summaries = (
        Summary.objects.filter(author=user).select_related("paper")
        .annotate(views_30=Coalesce(Sum("daily_views__views", filter=recent), 0),
                  views_all=Coalesce(Sum("daily_views__views"), 0))
        .order_by("-views_30", "-views_all", "-pk")
    )
    return {"charts": charts, "summaries": summaries}

"""Reading statistics on pages owned by other apps (the paper page is summaries'): templates load them here."""

from django import template

from readership.models import PaperDailyViews, last_days

register = template.Library()

RECENT_DAYS = 30


@register.simple_tag
def paper_recent_views(paper):
    """The paper page's views over the last 30 days (one indexed query)."""
    return PaperDailyViews.objects.filter(paper=paper).since(last_days(RECENT_DAYS)).total()

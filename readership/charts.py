"""Daily views as a bar chart drawn on the server: the geometry here, the SVG markup in the template."""

import datetime as dt
from dataclasses import dataclass

WIDTH, HEIGHT = 600, 160  # the SVG's viewBox; it scales with the page
TOP, BOTTOM = 16, 20  # room for the tallest bar's number and the date labels


@dataclass(frozen=True)
class Bar:
    day: dt.date
    views: int
    x: float
    y: float
    width: float
    height: float
    label_x: float
    show_date: bool


def daily_series(views_by_day, first_day, days):
    """[(day, views)] for each of `days` days from `first_day`, days without views as 0."""
    return [(day, views_by_day.get(day, 0)) for day in (first_day + dt.timedelta(n) for n in range(days))]


def bar_chart(series):
    """The bars of `series` scaled to the chart, with the tallest's value and every few dates labelled."""
    tallest = max((views for _, views in series), default=0)
    slot = WIDTH / max(len(series), 1)
    plot = HEIGHT - TOP - BOTTOM
    every = max(1, len(series) // 7)  # at most about 7 date labels
    bars = []
    for index, (day, views) in enumerate(series):
        height = plot * views / tallest if tallest else 0
        bars.append(Bar(
            day=day, views=views, x=round(index * slot + slot * 0.1, 1), y=round(TOP + plot - height, 1),
            width=round(slot * 0.8, 1), height=round(height, 1), label_x=round(index * slot + slot / 2, 1),
            show_date=(len(series) - 1 - index) % every == 0,
        ))
    return {"bars": bars, "tallest": tallest, "width": WIDTH, "height": HEIGHT, "baseline": HEIGHT - BOTTOM,
            "total": sum(views for _, views in series)}

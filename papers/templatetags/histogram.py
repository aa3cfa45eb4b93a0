"""Bar geometry for the venue histogram, drawn as SVG in a 100-unit-high box (no inline style, so CSP holds)."""

from django import template

register = template.Library()

MIN_VISIBLE = 2  # a year with one paper among thousands still shows a sliver


def _height(count, tallest):
    if not tallest or count <= 0:
        return 0
    return max(MIN_VISIBLE, round(100 * count / tallest, 2))


@register.filter
def bar_height(count, tallest):
    return _height(count, tallest)


@register.filter
def bar_top(count, tallest):
    return round(100 - _height(count, tallest), 2)

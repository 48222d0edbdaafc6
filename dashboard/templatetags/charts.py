"""`{% chart some_chart %}`: render a dashboard.charts chart in a page or a PDF template."""

from django import template

from dashboard.charts import render_chart

register = template.Library()


@register.simple_tag
def chart(value):
    return render_chart(value)


MAX_HEIGHT_TENTHS = 150


# Sizes as classes (static/css/charts.css), never style attributes: the Content-Security-Policy
# refuses inline styles. Widths in whole percents, heights in tenths of a rem.
@register.filter
def chart_width(percent) -> str:
    return f"chart-w-{min(100, max(0, round(float(percent or 0))))}"


@register.filter
def chart_height(rem) -> str:
    return f"chart-h-{min(MAX_HEIGHT_TENTHS, max(0, round(float(rem or 0) * 10)))}"

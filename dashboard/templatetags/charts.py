"""`{% chart some_chart %}`: render a dashboard.charts chart in a page or a PDF template."""

from django import template

from dashboard.charts import height_class, render_chart, width_class

register = template.Library()


@register.simple_tag
def chart(value):
    return render_chart(value)


@register.filter
def chart_width(percent) -> str:
    return width_class(percent)


@register.filter
def chart_height(rem) -> str:
    return height_class(rem)

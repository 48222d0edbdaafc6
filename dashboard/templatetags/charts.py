"""`{% chart some_chart %}`: render a dashboard.charts chart in a page or a PDF template."""

from django import template

from dashboard.charts import render_chart

register = template.Library()


@register.simple_tag
def chart(value):
    return render_chart(value)

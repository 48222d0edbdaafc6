"""Display filters for the workspace pages: functions of `agreement.formatting`, where Python code
calls the same thing."""

from django import template

from agreement import formatting

register = template.Library()

register.filter("quantity", formatting.quantity)
register.filter("filesize", formatting.file_size)

"""The dashboard's figures as charts (dashboard.charts); the PDF report builds the same ones.

Each function takes figures from dashboard.figures and, optionally, `link(**params)` that returns
the URL of the list behind a number; without it (in a PDF) the charts have no links.
"""

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreement.formatting import grouped_number, percent
from dashboard.charts import Bar, BarChart, Column, ColumnChart, Ring, StackedBar
from dashboard.figures import Figures, QuarterCounts, rag
from monitoring.models import Rating
from obligations.models import Status


def _no_link(**params) -> str:
    return ""


def commitment_count(count: int) -> str:
    return ngettext("%(count)s commitment", "%(count)s commitments", count) % {"count": grouped_number(count)}


def party_name(figures: Figures) -> str:
    return figures.party.short_name if figures.party is not None else _("Joint commitments")


def overall_ring(figures: Figures, link=_no_link) -> Ring:
    verified = _("verified %(percent)s") % {"percent": percent(figures.verified)}
    label = f"{commitment_count(figures.total)} · {verified}"
    return Ring(title=_("Overall progress"), percent=figures.progress, tone=figures.rag, label=label, href=link())


def party_progress_chart(per_party: list[Figures], link=_no_link) -> BarChart:
    bars = [
        Bar(
            label=party_name(figures),
            value=figures.progress,
            tone=figures.rag,
            href=link(party=figures.code),
            note=commitment_count(figures.total),
        )
        for figures in per_party
    ]
    return BarChart(title=_("Progress by party"), bars=bars, maximum=100, unit="percent")


def status_chart(figures: Figures, link=_no_link) -> StackedBar:
    parts = [
        Bar(label=str(label), value=figures.by_status.get(value, 0), tone=value, href=link(status=value))
        for value, label in Status.choices
    ]
    return StackedBar(title=_("Commitments by status"), parts=parts)


def rag_chart(figures: Figures) -> StackedBar:
    parts = [
        Bar(label=_("Green"), value=figures.rag_green, tone="green"),
        Bar(label=_("Amber"), value=figures.rag_amber, tone="amber"),
        Bar(label=_("Red"), value=figures.rag_red, tone="red"),
    ]
    return StackedBar(title=_("Commitments by progress band"), parts=parts)


def quarter_chart(quarters: list[QuarterCounts], link=_no_link) -> ColumnChart:
    labels = {"accepted": _("Accepted"), "awaiting": _("Awaiting review"), "returned": _("Returned")}
    columns = []
    for counts in quarters:
        number, year = counts.quarter.short_label
        parts = [
            Bar(labels["accepted"], counts.accepted, "accepted"),
            Bar(labels["awaiting"], counts.awaiting, "submitted"),
            Bar(labels["returned"], counts.returned, "returned"),
        ]
        columns.append(Column(label=number, sublabel=year, parts=parts, href=link(quarter=str(counts.quarter))))
    legend = [
        Bar(labels["accepted"], 0, "accepted"),
        Bar(labels["awaiting"], 0, "submitted"),
        Bar(labels["returned"], 0, "returned"),
    ]
    return ColumnChart(title=_("Entries per quarter (date of the work)"), columns=columns, legend=legend)


def rating_chart(by_rating: dict, link=_no_link) -> StackedBar:
    parts = [
        Bar(label=str(label), value=by_rating.get(value, 0), tone=value, href=link(rating=value))
        for value, label in Rating.choices
    ]
    return StackedBar(title=_("The monitor's ratings"), parts=parts)


def commitment_chart(commitments, link=_no_link) -> BarChart:
    """Each commitment's progress; `link(commitment)` gives its page."""
    bars = [
        Bar(
            label=f"{commitment.number} · {Truncator(commitment.text).chars(44)}",
            value=commitment.progress_reported,
            tone=rag(commitment.progress_reported),
            href=link(commitment),
        )
        for commitment in commitments
    ]
    return BarChart(title=_("Progress by commitment"), bars=bars, maximum=100, unit="percent")


def county_chart(counties, link=_no_link) -> BarChart:
    bars = [
        Bar(label=county.name, value=count, tone="blue", href=link(county=county.code)) for county, count in counties
    ]
    return BarChart(title=_("Entries by county"), bars=bars)

"""The report's charts, drawn by the dashboard's chart code (dashboard.charts) from the snapshot alone."""

import datetime as dt

from django.utils.translation import gettext as _

from agreement.formatting import grouped_number
from agreement.jalali import JALALI_MONTHS_EN, JALALI_MONTHS_FA, to_jalali
from agreement.persian import reading_persian
from dashboard.charts import Bar, BarChart, Column, ColumnChart, Ring, StackedBar
from dashboard.figures import rag


def _months(quarter: dict) -> list[int]:
    first = (quarter["number"] - 1) * 3 + 1
    return [first, first + 1, first + 2]


def _month_of(iso_day: str) -> int:
    return to_jalali(dt.date.fromisoformat(iso_day)).month


def report_charts(report: dict) -> dict:
    """Charts keyed by where the template puts them; call with the report's language active."""
    summary = report["summary"]
    overall = summary["overall"]
    months = _months(report["quarter"])
    names = JALALI_MONTHS_FA if reading_persian() else JALALI_MONTHS_EN
    # Counted from the quarter's full list: the body shows only the latest few of each commitment.
    live = [entry for entry in report["quarter_entries"] if not entry["withdrawn"]]
    accepted = [_month_of(entry["happened_on"]) for entry in live if entry["state"] == "accepted"]
    pending = [(_month_of(entry["happened_on"]), entry["state"]) for entry in live if entry["state"] != "accepted"]
    return {
        "overall": Ring(
            title=_("overall progress, verified"),
            percent=overall["verified_percent"],
            tone=rag(overall["verified_percent"]),
            label=_("%(completed)s of %(count)s commitments completed")
            % {"completed": grouped_number(overall["completed"]), "count": grouped_number(overall["count"])},
        ),
        "by_group": BarChart(
            title=_("Verified progress by party"),
            bars=[
                Bar(label=g["title"], value=g["verified_percent"], tone=rag(g["verified_percent"]))
                for g in summary["groups"]
            ],
            maximum=100,
            unit="percent",
        ),
        "by_status": StackedBar(
            title=_("Commitments by reported status"),
            parts=[Bar(label=item["label"], value=item["count"], tone=item["key"]) for item in summary["by_status"]],
        ),
        "by_rating": StackedBar(
            title=_("Commitments by the monitor's rating"),
            parts=[
                Bar(label=item["label"], value=item["count"], tone="grey" if item["key"] == "none" else item["key"])
                for item in summary["by_rating"]
            ],
        ),
        "entries_by_month": ColumnChart(
            title=_("Entries of the quarter by month"),
            columns=[
                Column(
                    label=names[month - 1],
                    parts=[
                        Bar(label=_("Accepted"), value=accepted.count(month), tone="accepted"),
                        Bar(
                            label=_("Awaiting review"),
                            value=pending.count((month, "submitted")),
                            tone="submitted",
                        ),
                        Bar(label=_("Returned"), value=pending.count((month, "returned")), tone="returned"),
                    ],
                )
                for month in months
            ],
            legend=[
                Bar(label=_("Accepted"), value=0, tone="accepted"),
                Bar(label=_("Awaiting review"), value=0, tone="submitted"),
                Bar(label=_("Returned"), value=0, tone="returned"),
            ],
            area_rem=5.0,
        ),
    }

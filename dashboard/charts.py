"""Charts drawn on the server, shared by the dashboard and the PDF reports.

Every label and number is HTML text; shapes are HTML/CSS boxes or SVG without `<text>`
(WeasyPrint draws Persian inside SVG `<text>` broken). Layout uses flex, never CSS grid
(WeasyPrint does not mirror grid in RTL), so bars fill from the start edge: right in
Persian, left in English. Sizes are explicit so a PDF page lays them out like a browser.

How to use one:

    from dashboard.charts import Bar, BarChart
    chart = BarChart(title=_("Progress by party"), bars=[Bar(label="A", value=40, tone="amber")], maximum=100,
                     unit="percent")

    # in a template:  {% load charts %}{% chart chart %}
    # in Python:      render_chart(chart)  -> safe HTML string

Style: link `static/css/charts.css` (a web page: `{% static 'css/charts.css' %}`; a PDF:
the same file through the static-files URL fetcher). Tones are `green amber red blue grey`
or a commitment status / rating code (`completed`, `at_risk`, `fully_met`, ...).
"""

import math
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

TONES_BY_CODE = {
    # Commitment statuses
    "not_started": "grey",
    "in_progress": "blue",
    "at_risk": "amber",
    "blocked": "red",
    "completed": "green",
    # Review states
    "submitted": "amber",
    "accepted": "green",
    "returned": "red",
    "withdrawn": "grey",
    # Evaluation ratings
    "weak": "red",
    "partly_met": "amber",
    "largely_met": "blue",
    "fully_met": "green",
}


# The same colours as static/css/charts.css, for SVG strokes (a PDF's SVG ignores page CSS).
TONE_HEX = {"green": "#2e8540", "amber": "#d98b00", "red": "#c62f26", "blue": "#2f6db3", "grey": "#9aa3ad"}


def tone_of(code: str) -> str:
    """A colour name for a status, review state or rating code; codes that are tones pass through."""
    return TONES_BY_CODE.get(code, code or "blue")


def _share(value, total) -> float:
    """Percent of `total`, clamped to 0-100, one decimal (a CSS width or height)."""
    if not total or not value:
        return 0.0
    return round(min(100.0, max(0.0, float(value) * 100.0 / float(total))), 1)


@dataclass(frozen=True)
class Bar:
    """One row of a BarChart, one segment of a StackedBar or one part of a Column."""

    label: str
    value: float | int
    tone: str = "blue"
    href: str = ""
    note: str = ""  # a short text after the label, e.g. "12 commitments"


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per row: label, bar on a track, value. `unit="percent"` writes 40٪."""

    title: str
    bars: list[Bar]
    maximum: float | None = None
    unit: str = ""
    caption: str = ""
    template_name: str = field(default="dashboard/charts/bars.html", init=False)

    @property
    def rows(self) -> list[tuple[Bar, float, str]]:
        top = self.maximum if self.maximum is not None else max((b.value for b in self.bars), default=0)
        return [(bar, _share(bar.value, top), tone_of(bar.tone)) for bar in self.bars]


@dataclass(frozen=True)
class StackedBar:
    """One bar split into parts (e.g. commitments by status), with a legend that carries the numbers."""

    title: str
    parts: list[Bar]
    caption: str = ""
    template_name: str = field(default="dashboard/charts/stacked.html", init=False)

    @property
    def total(self):
        return sum(part.value for part in self.parts)

    @property
    def segments(self) -> list[tuple[Bar, float, str]]:
        total = self.total
        return [(part, _share(part.value, total), tone_of(part.tone)) for part in self.parts]


@dataclass(frozen=True)
class Column:
    """One column of a ColumnChart: a label under it and stacked parts (bottom first)."""

    label: str
    parts: list[Bar]
    href: str = ""
    sublabel: str = ""  # a second line under the label, e.g. the year under "Q3"

    @property
    def total(self):
        return sum(part.value for part in self.parts)


@dataclass(frozen=True)
class ColumnChart:
    """Vertical columns in reading order (right to left in Persian), e.g. entries per quarter.

    Heights are rem values computed here (not percentages), so a PDF lays them out exactly.
    """

    title: str
    columns: list[Column]
    legend: list[Bar] = field(default_factory=list)
    caption: str = ""
    area_rem: float = 7.0
    template_name: str = field(default="dashboard/charts/columns.html", init=False)

    @property
    def layout(self) -> list[tuple[Column, float, list[tuple[Bar, float, str]]]]:
        """Each column, the empty space above it and its parts top first (first part at the bottom)."""
        top = max((column.total for column in self.columns), default=0)
        rows = []
        for column in self.columns:
            parts = [
                (part, round(self.area_rem * _share(part.value, top) / 100, 2), tone_of(part.tone))
                for part in column.parts
                if part.value
            ]
            filled = sum(height for _, height, _ in parts)
            rows.append((column, round(max(0.0, self.area_rem - filled), 2), parts[::-1]))
        return rows

    @property
    def legend_items(self) -> list[tuple[Bar, str]]:
        return [(item, tone_of(item.tone)) for item in self.legend]


@dataclass(frozen=True)
class Ring:
    """A progress ring (SVG shapes only) with its percent and label in HTML beside it.

    The arc is an explicit SVG path (not a dash pattern, which renderers start in different
    directions): from the top, clockwise in English and counter-clockwise in Persian.
    """

    title: str
    percent: float | int
    tone: str = "blue"
    label: str = ""
    href: str = ""
    template_name: str = field(default="dashboard/charts/ring.html", init=False)
    radius: float = field(default=15, init=False)

    @property
    def is_full(self) -> bool:
        return _share(self.percent, 100) >= 100

    def _arc(self, clockwise: bool) -> str:
        share = _share(self.percent, 100)
        if share <= 0 or share >= 100:
            return ""
        angle = 2 * math.pi * share / 100
        side = 1 if clockwise else -1
        x = round(18 + side * self.radius * math.sin(angle), 3)
        y = round(18 - self.radius * math.cos(angle), 3)
        large = 1 if share > 50 else 0
        return f"M 18 {18 - self.radius} A {self.radius} {self.radius} 0 {large} {1 if clockwise else 0} {x} {y}"

    @property
    def arc_ltr(self) -> str:
        return self._arc(clockwise=True)

    @property
    def arc_rtl(self) -> str:
        return self._arc(clockwise=False)

    @property
    def hex(self) -> str:
        return TONE_HEX.get(tone_of(self.tone), TONE_HEX["blue"])


Chart = BarChart | StackedBar | ColumnChart | Ring

MAX_HEIGHT_TENTHS = 150


# Sizes as classes (static/css/charts.css), never style attributes: the Content-Security-Policy
# refuses inline styles. Widths in whole percents, heights in tenths of a rem.
def width_class(percent) -> str:
    return f"chart-w-{min(100, max(0, round(float(percent or 0))))}"


def height_class(rem) -> str:
    return f"chart-h-{min(MAX_HEIGHT_TENTHS, max(0, round(float(rem or 0) * 10)))}"


def _bars_html(chart: BarChart) -> SafeString:
    """A BarChart's HTML, written here rather than by a template: the dashboard draws one bar per
    commitment (a few hundred in a large agreement), and a template's loop cost about a millisecond
    per few dozen rows on every fresh render. The same markup the template wrote before."""
    from agreement.formatting import grouped_number, percent

    rows = []
    for bar, width, tone in chart.rows:
        label = format_html('<a href="{}">{}</a>', bar.href, bar.label) if bar.href else conditional_escape(bar.label)
        note = format_html(' <span class="chart-note">{}</span>', bar.note) if bar.note else ""
        value = percent(bar.value) if chart.unit == "percent" else grouped_number(bar.value)
        rows.append(
            format_html(
                '\n    <li class="chart-bar-row">\n      <span class="chart-bar-label">{}{}</span>\n'
                '      <span class="chart-track" aria-hidden="true">'
                '<span class="chart-fill chart-tone-{} {}"></span></span>\n'
                '      <span class="chart-value">{}</span>\n    </li>\n    ',
                label,
                note,
                tone,
                width_class(width),
                value,
            )
        )
    caption = format_html('<p class="chart-caption">{}</p>', chart.caption) if chart.caption else ""
    return format_html(
        '<figure class="chart chart-bars">\n  <figcaption class="chart-title">{}</figcaption>\n'
        '  <ul class="chart-bar-list">\n    {}\n  </ul>\n  {}\n</figure>\n',
        chart.title,
        mark_safe("".join(rows)),  # noqa: S308 - each row is built by format_html
        caption,
    )


def render_chart(chart: Chart) -> SafeString:
    """The chart's HTML, in the active language (call inside translation.override for a PDF)."""
    if isinstance(chart, BarChart):
        return _bars_html(chart)
    return render_to_string(chart.template_name, {"chart": chart})

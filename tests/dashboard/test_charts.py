import re

from django.template import Context, Template
from django.utils import translation

from dashboard.charts import Bar, BarChart, Column, ColumnChart, Ring, StackedBar, render_chart


def _render(chart, language):
    with translation.override(language):
        return str(render_chart(chart))


def test_bar_widths_are_shares_of_the_maximum_and_labels_are_html():
    chart = BarChart(
        title="By party", bars=[Bar("کمیته امداد", 40, "amber", "/x"), Bar("B", 75)], maximum=100, unit="percent"
    )
    html = _render(chart, "fa")
    assert "chart-w-40" in html and "chart-w-75" in html  # classes, not style attributes (CSP)
    assert "۴۰٪" in html and '<a href="/x">کمیته امداد</a>' in html
    assert "40%" in _render(chart, "en")


def test_bars_without_a_maximum_scale_to_the_largest_value():
    chart = BarChart(title="t", bars=[Bar("a", 5), Bar("b", 20), Bar("c", 0)])
    assert [width for _, width, _ in chart.rows] == [25.0, 100.0, 0.0]


def test_stacked_bar_shares_add_up_and_the_legend_carries_numbers():
    chart = StackedBar(
        title="Status", parts=[Bar("Done", 1, "completed"), Bar("Going", 3, "in_progress"), Bar("None", 0)]
    )
    assert [width for _, width, _ in chart.segments] == [25.0, 75.0, 0.0]
    html = _render(chart, "fa")
    assert "chart-tone-green" in html and "chart-tone-blue" in html
    assert html.count('class="chart-segment ') == 2  # empty parts draw nothing but stay in the legend
    assert "None" in html and "۰" in html


def test_columns_get_explicit_heights_with_the_first_part_at_the_bottom():
    chart = ColumnChart(
        title="Entries",
        columns=[Column("Q1", [Bar("ok", 6, "accepted"), Bar("wait", 2, "submitted")]), Column("Q2", [Bar("ok", 2)])],
        area_rem=8,
    )
    (first, spacer1, parts1), (second, spacer2, parts2) = chart.layout
    assert spacer1 == 0 and [height for _, height, _ in parts1] == [2.0, 6.0]  # top first: "wait" over "ok"
    assert spacer2 == 6.0 and [height for _, height, _ in parts2] == [2.0]
    html = _render(chart, "en")
    assert "chart-h-60" in html and "chart-h-80" in html and "ok: 6 · wait: 2" in html


def test_empty_charts_render_without_dividing_by_zero():
    for chart in (BarChart("t", []), StackedBar("t", [Bar("a", 0)]), ColumnChart("t", [Column("Q1", [Bar("a", 0)])])):
        assert "chart" in _render(chart, "fa")


def test_ring_arc_runs_clockwise_in_english_and_counter_clockwise_in_persian():
    ring = Ring(title="Overall", percent=25, tone="green")
    # A quarter of the way round from the top: the 3 o'clock point in English, 9 o'clock in Persian.
    assert ring.arc_ltr.endswith("0 0 1 33.0 18.0")
    assert ring.arc_rtl.endswith("0 0 0 3.0 18.0")
    assert ring.arc_ltr in _render(ring, "en") and ring.arc_rtl in _render(ring, "fa")
    assert Ring(title="t", percent=0).arc_ltr == "" and Ring(title="t", percent=100).is_full


def test_no_chart_puts_text_inside_svg():
    charts = [
        Ring(title="پیشرفت", percent=60),
        BarChart("t", [Bar("a", 1)]),
        StackedBar("t", [Bar("a", 1)]),
        ColumnChart("t", [Column("Q1", [Bar("a", 1)])]),
    ]
    for chart in charts:
        for language in ("fa", "en"):
            html = _render(chart, language)
            for svg in re.findall(r"<svg.*?</svg>", html, flags=re.S):
                assert "<text" not in svg
            assert "grid" not in html


def test_the_chart_tag_renders_a_chart_in_any_template():
    template = Template("{% load charts %}{% chart c %}")
    with translation.override("fa"):
        html = template.render(Context({"c": Ring(title="Overall", percent=50, tone="amber")}))
    assert "<svg" in html and "<title>Overall: ۵۰٪</title>" in html


def test_bars_written_in_python_equal_their_template():
    """dashboard.charts._bars_html writes what templates/dashboard/charts/bars.html writes (the
    template stays as its reference): escaping, links, notes, captions, both units, no bars."""
    from django.template.loader import render_to_string
    from django.utils import translation

    charts = [
        BarChart(title="T & <x>", bars=[Bar("a<b", 3, "red", "/x?a=1&b=2", "n & m"), Bar("c", 0)], caption="c & d"),
        BarChart(
            title="By party", bars=[Bar("کمیته امداد", 40.5, "amber", "/x"), Bar("B", 75)], maximum=100, unit="percent"
        ),
        BarChart(title="Counties", bars=[Bar("قزوین", 1234567, "blue", "/e?county=q")]),
        BarChart(title="Empty", bars=[]),
    ]
    for language in ("fa", "en"):
        with translation.override(language):
            for chart in charts:
                assert render_chart(chart) == render_to_string("dashboard/charts/bars.html", {"chart": chart})

"""Charts drawn on the server as SVG with pygal: no JavaScript, each beside a table of its numbers."""
from __future__ import annotations

import pygal
from flask import Response
from pygal.style import Style

# the app's colours; a chart is an image, so its own inline styles are allowed for it alone
STYLE = Style(background="#ffffff", plot_background="#ffffff", foreground="#0b0c0c", foreground_strong="#0b0c0c",
              foreground_subtle="#505a5f", colors=("#1d70b8", "#00703c", "#d4351c", "#f47738"),
              font_family="Arial, sans-serif", value_font_size=14, label_font_size=14, major_label_font_size=14,
              title_font_size=18)  # every axis number at one size: pygal draws its "major" ones apart
IMAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"


def bar_chart(title: str, labels: list[str], values: list[int], horizontal: bool = False) -> str:
    """A bar chart with each bar's number printed on it, so the picture can be checked against the table."""
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    chart = kind(style=STYLE, js=[], print_values=True, show_legend=False, width=800,
                 height=max(300, 60 + 40 * len(labels)) if horizontal else 400, x_label_rotation=0 if horizontal else 30,
                 truncate_label=-1, no_data_text="0")
    chart.title = title
    chart.x_labels = labels
    chart.add(title, values)
    return chart.render(is_unicode=True)


def transitions_chart(report, title: str, names: dict) -> str:
    changes = report.changes()
    return bar_chart(title, [f"{names[old]} → {names[new]}" for old, new, _ in changes],
                     [n for _, _, n in changes], horizontal=True)


def svg_response(svg: str) -> Response:
    response = Response(svg, mimetype="image/svg+xml")
    # the chart's own <style> needs inline styles; it runs no script and loads nothing
    response.headers["Content-Security-Policy"] = IMAGE_POLICY
    return response

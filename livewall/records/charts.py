"""Charts as SVG drawn on the server: no JavaScript, no chart library, no third-party request.

Every label goes through Django's escaping (format_html), so user-controlled text (a source's
label, a wall's title) cannot break out of the markup. Each chart is an <svg role="img"> with a
<title> and a <desc>; the report prints the same numbers in a table beside it, so nothing is said
by colour or shape alone.
"""

from django.utils.html import format_html, format_html_join

WIDTH = 720
BAR_HEIGHT = 28
LABEL_WIDTH = 200
PLOT_HEIGHT = 220
MARGIN = 40


def _svg(chart_id, title, description, width, height, body):
    return format_html(
        '<svg class="insight-chart" role="img" aria-labelledby="{0}-title {0}-desc" viewBox="0 0 {1} {2}" '
        'width="{1}" height="{2}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{0}-title">{3}</title><desc id="{0}-desc">{4}</desc>{5}</svg>',
        chart_id,
        width,
        height,
        title,
        description,
        body,
    )


def bar_chart(chart_id, title, rows):
    """Horizontal bars, one per (label, value) row, each labelled with its value."""
    top = max((value for _, value in rows), default=0) or 1
    plot = WIDTH - LABEL_WIDTH - 60
    height = max(1, len(rows)) * BAR_HEIGHT + 10
    bars = format_html_join(
        "",
        '<g transform="translate(0 {})"><text x="{}" y="18" text-anchor="end" class="insight-chart__label">{}</text>'
        '<rect x="{}" y="4" width="{}" height="{}" class="insight-chart__bar"></rect>'
        '<text x="{}" y="18" class="insight-chart__value">{}</text></g>',
        (
            (
                index * BAR_HEIGHT + 5,
                LABEL_WIDTH - 8,
                label,
                LABEL_WIDTH,
                round(plot * value / top, 1),
                BAR_HEIGHT - 8,
                LABEL_WIDTH + round(plot * value / top, 1) + 6,
                value,
            )
            for index, (label, value) in enumerate(rows)
        ),
    )
    description = "; ".join(f"{label}: {value}" for label, value in rows) or "No data."
    return _svg(chart_id, title, description, WIDTH, height, bars)


def column_chart(chart_id, title, rows, first_label="", last_label=""):
    """Vertical columns for a time series of (label, value) rows, the axis labelled at both ends."""
    top = max((value for _, value in rows), default=0) or 1
    count = max(1, len(rows))
    step = (WIDTH - 2 * MARGIN) / count
    columns = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" class="insight-chart__bar"><title>{}: {}</title></rect>',
        (
            (
                round(MARGIN + index * step, 2),
                round(MARGIN + PLOT_HEIGHT * (1 - value / top), 2),
                round(max(step - 1, 0.5), 2),
                round(PLOT_HEIGHT * value / top, 2),
                label,
                value,
            )
            for index, (label, value) in enumerate(rows)
        ),
    )
    axis = format_html(
        '<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" class="insight-chart__axis"></line>'
        '<text x="{0}" y="{3}" class="insight-chart__label">{4}</text>'
        '<text x="{2}" y="{3}" text-anchor="end" class="insight-chart__label">{5}</text>'
        '<text x="{0}" y="{6}" class="insight-chart__label">{7} at most</text>',
        MARGIN,
        MARGIN + PLOT_HEIGHT,
        WIDTH - MARGIN,
        MARGIN + PLOT_HEIGHT + 20,
        first_label,
        last_label,
        MARGIN - 12,
        max((value for _, value in rows), default=0),
    )
    total = sum(value for _, value in rows)
    description = (
        f"{total} in all over {len(rows)} intervals, from {first_label} to {last_label}." if rows else "No data."
    )
    return _svg(chart_id, title, description, WIDTH, PLOT_HEIGHT + 2 * MARGIN + 10, format_html("{}{}", columns, axis))

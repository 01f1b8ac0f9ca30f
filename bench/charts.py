"""Charts and tables from a `make bench` document (docs/benchmarks/<date>-<name>.json).

    python -m bench.charts docs/benchmarks/2026-12-07-full.json            # SVGs beside the JSON
    python -m bench.charts docs/benchmarks/2026-12-07-full.json --markdown # and the tables, for docs/performance.md

Hand-written SVG (no plotting library: none is pinned): grouped bars for the tables of figures, points
joined by lines for the cost growth (viewers × posts/s against p99 and the server's CPU). Every bar is a
`<rect class="bar">` and every point a `<circle class="point">`, each with a `<title>` giving its value,
so a screen reader or a test can read the chart back. Files are named <json stem>-<chart>.svg.
"""

import argparse
import json
import math
import sys
from pathlib import Path
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 40, 70
# Distinguishable in colour-blind palettes (Okabe-Ito), with a text legend as well.
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]


def nice_max(value):
    """The axis' top: 1, 2 or 5 times a power of ten, at or above `value`."""
    if not value or value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def number(value):
    if value is None:
        return "n/a"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}"
    return f"{int(value):,}"


def frame(title, y_label, body, legend):
    """The SVG document: title, the y axis' label, the plot body and a legend."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title" '
        'font-family="sans-serif" font-size="12">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="15">{escape(title)}</text>',
        f'<text x="14" y="{TOP + (HEIGHT - TOP - BOTTOM) / 2}" text-anchor="middle" '
        f'transform="rotate(-90 14 {TOP + (HEIGHT - TOP - BOTTOM) / 2})">{escape(y_label)}</text>',
        *body,
    ]
    for index, name in enumerate(legend):
        x = LEFT + index * 150
        parts.append(f'<rect x="{x}" y="{HEIGHT - 22}" width="12" height="12" fill="{COLOURS[index % len(COLOURS)]}"/>')
        parts.append(f'<text x="{x + 16}" y="{HEIGHT - 12}">{escape(name)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def y_axis(top_value):
    plot_height = HEIGHT - TOP - BOTTOM
    lines = []
    for tick in range(5):
        value = top_value * tick / 4
        y = TOP + plot_height - plot_height * tick / 4
        lines.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" stroke="#dddddd"/>')
        lines.append(f'<text x="{LEFT - 6}" y="{y + 4}" text-anchor="end">{number(value)}</text>')
    return lines


def bar_chart(title, y_label, groups, series):
    """Grouped bars: `groups` the labels along x, `series` {name: [value per group]} (None: no bar)."""
    top_value = nice_max(max((v for values in series.values() for v in values if v is not None), default=1))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group_width = plot_width / max(1, len(groups))
    bar_width = group_width * 0.8 / max(1, len(series))
    body = y_axis(top_value)
    for g, label in enumerate(groups):
        x0 = LEFT + g * group_width
        label_x, label_y = x0 + group_width / 2, TOP + plot_height + 16
        body.append(f'<text x="{label_x}" y="{label_y}" text-anchor="middle">{escape(str(label))}</text>')
        for s, (name, values) in enumerate(series.items()):
            value = values[g]
            if value is None:
                continue
            height = plot_height * value / top_value
            x = x0 + group_width * 0.1 + s * bar_width
            body.append(
                f'<rect class="bar" x="{x:.1f}" y="{TOP + plot_height - height:.1f}" width="{bar_width * 0.9:.1f}" '
                f'height="{height:.1f}" fill="{COLOURS[s % len(COLOURS)]}">'
                f"<title>{escape(f'{label}, {name}: {number(value)}')}</title></rect>"
            )
    return frame(title, y_label, body, list(series))


def point_chart(title, x_label, y_label, series, log_x=False):
    """Points joined by lines: `series` {name: [(x, y), ...]}."""
    points = [p for values in series.values() for p in values if p[1] is not None]
    x_values = [x for x, _ in points] or [1]
    top_y = nice_max(max((y for _, y in points), default=1))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    low_x, high_x = min(x_values), max(x_values)
    if log_x:
        low_x, high_x = math.log10(max(low_x, 1e-9)), math.log10(max(high_x, 1e-9))

    def place(x, y):
        x = math.log10(max(x, 1e-9)) if log_x else x
        span = (high_x - low_x) or 1
        return LEFT + plot_width * (x - low_x) / span, TOP + plot_height - plot_height * y / top_y

    body = y_axis(top_y)
    body.append(
        f'<text x="{LEFT + plot_width / 2}" y="{HEIGHT - 36}" text-anchor="middle">{escape(x_label)}'
        f"{' (log scale)' if log_x else ''}</text>"
    )
    for tick in sorted(set(x_values)):
        x, _ = place(tick, 0)
        body.append(f'<text x="{x:.1f}" y="{TOP + plot_height + 16}" text-anchor="middle">{number(tick)}</text>')
    for s, (name, values) in enumerate(series.items()):
        colour = COLOURS[s % len(COLOURS)]
        placed = [(place(x, y), x, y) for x, y in sorted(values) if y is not None]
        if len(placed) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for (px, py), _, _ in placed)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for (px, py), x, y in placed:
            body.append(
                f'<circle class="point" cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{colour}">'
                f"<title>{escape(f'{name}: {number(x)}, {number(y)}')}</title></circle>"
            )
    return frame(title, y_label, body, list(series))


# -- the tables of a bench document -----------------------------------------------------------------
def fanout_lines(document):
    return [line for line in document.get("wall_fanout") or [] if "baseline" in line]


def saturation_table(document):
    lines = fanout_lines(document)
    groups = [f"{line['clients']:,} viewers" for line in lines]
    series = {
        "wall (1 process)": [line["saturation_deliveries_per_s"] for line in lines],
        "stock Channels": [line["baseline"]["saturation_deliveries_per_s"] for line in lines],
        "websockets ceiling": [(line.get("ceiling") or {}).get("saturation_deliveries_per_s") for line in lines],
    }
    if any("scale_out" in line for line in lines):
        series["wall (2 processes)"] = [
            (line.get("scale_out") or {}).get("saturation_deliveries_per_s") for line in lines
        ]
    return groups, series


def latency_series(document):
    """p99 by posts/s for each side, one series per side and client count."""
    series = {}
    for line in fanout_lines(document):
        sides = {"wall": line["rates"], "stock": line["baseline"]["rates"]}
        if line.get("ceiling"):
            sides["ceiling"] = line["ceiling"]["rates"]
        if line.get("scale_out"):
            sides["wall x2"] = line["scale_out"]["rates"]
        for side, rates in sides.items():
            name = f"{side}, {line['clients']:,}"
            series[name] = [(int(rate), step["p99_ms"]) for rate, step in rates.items()]
    return series


def cost_rows(document):
    """Viewers × posts/s (copies offered per second) against the wall's p99 and server CPU."""
    rows = []
    for line in fanout_lines(document):
        for rate, step in line["rates"].items():
            rows.append(
                {
                    "viewers": line["clients"],
                    "posts_per_s": int(rate),
                    "copies_per_s": line["clients"] * int(rate),
                    "p99_ms": step["p99_ms"],
                    "server_cpu_pct": step.get("server_cpu_pct"),
                    "delivered_fraction": step["delivered_fraction"],
                }
            )
    return sorted(rows, key=lambda row: (row["copies_per_s"], row["viewers"]))


def pages_table(document):
    lines = [line for line in document.get("pages") or [] if not line.get("missing")]
    groups = [line["page"] for line in lines]
    series = {}
    for label in ("cache_off_1", "cache_on_1", "cache_on_2"):
        if any(label in line for line in lines):
            series[label.replace("_", " ")] = [(line.get(label) or {}).get("rps") for line in lines]
    return groups, series


def charts(document):
    """{chart name: SVG text} for every table the document has."""
    made = {}
    if fanout_lines(document):
        groups, series = saturation_table(document)
        made["fanout-saturation"] = bar_chart(
            "Deliveries per second at saturation", "copies delivered per second", groups, series
        )
        made["fanout-p99"] = point_chart(
            "p99 latency by posting rate", "posts per second", "p99 (ms)", latency_series(document), log_x=True
        )
        rows = cost_rows(document)
        by_viewers = {}
        for row in rows:
            by_viewers.setdefault(f"{row['viewers']:,} viewers", []).append(row)
        made["cost-p99"] = point_chart(
            "Cost growth: copies offered per second against p99",
            "viewers x posts/s",
            "wall p99 (ms)",
            {name: [(r["copies_per_s"], r["p99_ms"]) for r in group] for name, group in by_viewers.items()},
            log_x=True,
        )
        made["cost-cpu"] = point_chart(
            "Cost growth: copies offered per second against server CPU",
            "viewers x posts/s",
            "server CPU (% of one core)",
            {name: [(r["copies_per_s"], r["server_cpu_pct"]) for r in group] for name, group in by_viewers.items()},
            log_x=True,
        )
    if document.get("pages"):
        groups, series = pages_table(document)
        if groups:
            made["pages-rps"] = bar_chart("Pages: requests per second", "requests per second", groups, series)
    burst = document.get("contribution_burst")
    if burst and burst.get("post_ms"):
        timing = burst["post_ms"]
        made["contribution-burst"] = bar_chart(
            f"Contribution burst: {burst.get('browsers', '?')} browsers, POST latency",
            "milliseconds",
            ["p50", "p99", "max"],
            {"POST through the form": [timing.get("p50"), timing.get("p99"), timing.get("max")]},
        )
    storm = document.get("reconnect_storm")
    if storm and storm.get("seconds_until_all_caught_up") is not None:
        made["reconnect-storm"] = bar_chart(
            f"Reconnect storm: {storm.get('viewers_on_killed_server', '?'):,} viewers on the killed process",
            "seconds",
            ["all reconnected", "all caught up"],
            {"after the restart": [storm.get("seconds_until_all_reconnected"), storm["seconds_until_all_caught_up"]]},
        )
    return made


# -- markdown tables --------------------------------------------------------------------------------
def markdown_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    for row in rows:
        lines.append("| " + " | ".join(cell if isinstance(cell, str) else number(cell) for cell in row) + " |")
    return "\n".join(lines)


def markdown(document, stem, link_prefix=""):
    """The tables as Markdown, each followed by its chart (`link_prefix`: the charts' directory as seen
    from the page that shows them, e.g. "benchmarks/" from docs/performance.md)."""
    stem_link = f"{link_prefix}{stem}"
    out = []
    machine = document.get("machine", {})
    out.append(
        f"`{stem}.json`: {document.get('date')}, commit {str(document.get('git_commit'))[:10]}, "
        f"{machine.get('cpu_model')}, {machine.get('cores')} cores, load average "
        f"{machine.get('loadavg_before')} before and {machine.get('loadavg_after')} after."
    )
    if fanout_lines(document):
        groups, series = saturation_table(document)
        out.append("\n**Saturation** (copies delivered per second)\n")
        out.append(markdown_table(["side", *groups], [[name, *values] for name, values in series.items()]))
        out.append(f"\n![Saturation]({stem_link}-fanout-saturation.svg)\n")
        ratios = [
            [
                f"{line['clients']:,}",
                line.get("saturation_ratio"),
                line.get("wall_share_of_ceiling"),
                line.get("baseline_share_of_ceiling"),
                line.get("p99_ratio"),
                line.get("rss_mb_per_1000_idle"),
                line["baseline"].get("rss_mb_per_1000_idle"),
            ]
            for line in fanout_lines(document)
        ]
        out.append(
            markdown_table(
                [
                    "viewers",
                    "wall / stock",
                    "wall / ceiling",
                    "stock / ceiling",
                    "p99 wall / stock",
                    "wall MiB per 1,000 idle",
                    "stock MiB per 1,000 idle",
                ],
                ratios,
            )
        )
        out.append(f"\n![p99 by rate]({stem_link}-fanout-p99.svg)\n")
        out.append("**Cost growth** (the wall, one process)\n")
        out.append(
            markdown_table(
                ["viewers", "posts/s", "viewers x posts/s", "p99 ms", "server CPU %", "delivered"],
                [
                    [
                        r["viewers"],
                        r["posts_per_s"],
                        r["copies_per_s"],
                        r["p99_ms"],
                        r["server_cpu_pct"],
                        r["delivered_fraction"],
                    ]
                    for r in cost_rows(document)
                ],
            )
        )
        out.append(f"\n![cost: p99]({stem_link}-cost-p99.svg)\n\n![cost: CPU]({stem_link}-cost-cpu.svg)\n")
    if document.get("pages"):
        groups, series = pages_table(document)
        out.append("**Pages** (requests per second)\n")
        rows = [[group, *(values[i] for values in series.values())] for i, group in enumerate(groups)]
        out.append(markdown_table(["page", *series], rows))
        out.append(f"\n![Pages]({stem_link}-pages-rps.svg)\n")
    return "\n".join(out)


def write_charts(json_path, out_dir=None):
    """Write every chart of the document at `json_path`; the paths written."""
    json_path = Path(json_path)
    out_dir = Path(out_dir) if out_dir else json_path.parent
    document = json.loads(json_path.read_text())
    written = []
    for name, svg in charts(document).items():
        target = out_dir / f"{json_path.stem}-{name}.svg"
        target.write_text(svg)
        written.append(target)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("document", help="a bench document (JSON)")
    parser.add_argument("--out", help="directory for the SVGs (default: the document's)")
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    parser.add_argument("--link-prefix", default="", help='the charts\' directory from the page, e.g. "benchmarks/"')
    args = parser.parse_args(argv)
    for path in write_charts(args.document, args.out):
        print(f"wrote {path}", file=sys.stderr)
    if args.markdown:
        document = json.loads(Path(args.document).read_text())
        print(markdown(document, Path(args.document).stem, args.link_prefix))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""bench/charts.py: the SVG charts and Markdown tables made from a `make bench` document."""

import json
import xml.etree.ElementTree as ET

from bench.charts import charts, cost_rows, main, markdown

SVG = "{http://www.w3.org/2000/svg}"


def side(saturation, rates):
    return {
        "saturation_deliveries_per_s": saturation,
        "rates": {str(rate): {"p99_ms": p99, "delivered_fraction": 1.0} for rate, p99 in rates.items()},
        "rss_mb_per_1000_idle": 30.0,
    }


def fanout_line(clients, wall, stock, ceiling, two=None):
    line = {
        "clients": clients,
        "rates": {
            "1": {"p99_ms": 40.0, "server_cpu_pct": 10.0, "delivered_fraction": 1.0},
            "5": {"p99_ms": 80.0, "server_cpu_pct": 45.0, "delivered_fraction": 1.0},
        },
        "saturation_deliveries_per_s": wall,
        "saturation_ratio": round(wall / stock, 2),
        "rss_mb_per_1000_idle": 29.0,
        "baseline": side(stock, {1: 300.0, 2: 600.0}),
        "ceiling": side(ceiling, {1: 10.0, 5: 12.0, 20: 30.0}),
    }
    if two:
        line["scale_out"] = side(two, {1: 50.0})
    return line


SAMPLE = {
    "name": "sample",
    "date": "2026-12-07T23:00:00Z",
    "git_commit": "0123456789abcdef",
    "machine": {"cpu_model": "Test CPU", "cores": 2, "loadavg_before": 0.2, "loadavg_after": 0.9},
    "wall_fanout": [fanout_line(300, 9000.0, 2500.0, 30000.0), fanout_line(1000, 30000.0, 4000.0, 40000.0, 36000.0)],
    "pages": [
        {"page": "home", "cache_off_1": {"rps": 30.0}, "cache_on_1": {"rps": 500.0}},
        {"page": "participant", "cache_off_1": {"rps": 20.0}, "cache_on_1": {"rps": 60.0}},
        {"page": "gone", "missing": True},
    ],
    "contribution_burst": {"browsers": 200, "post_ms": {"p50": 40.0, "p99": 250.0, "max": 300.0}},
    "reconnect_storm": {
        "viewers_on_killed_server": 1000,
        "seconds_until_all_reconnected": 3.1,
        "seconds_until_all_caught_up": 3.4,
    },
}


def parsed(svg):
    root = ET.fromstring(svg)  # raises on anything that is not well-formed XML
    assert root.tag == f"{SVG}svg"
    return root


def marks(root, kind):
    return [element for element in root.iter(f"{SVG}{kind}") if element.get("class") in ("bar", "point")]


def test_every_chart_is_svg_with_one_bar_per_figure():
    made = charts(SAMPLE)
    assert set(made) == {
        "fanout-saturation",
        "fanout-p99",
        "cost-p99",
        "cost-cpu",
        "pages-rps",
        "contribution-burst",
        "reconnect-storm",
    }
    # Saturation: wall, stock and ceiling for both counts, and the two-process wall for 1,000 only.
    bars = marks(parsed(made["fanout-saturation"]), "rect")
    assert len(bars) == 3 + 4
    assert "1,000 viewers, wall (2 processes): 36,000" in [bar.find(f"{SVG}title").text for bar in bars]
    # Pages: two pages (the missing one left out) × two columns.
    assert len(marks(parsed(made["pages-rps"]), "rect")) == 4
    assert len(marks(parsed(made["contribution-burst"]), "rect")) == 3
    assert len(marks(parsed(made["reconnect-storm"]), "rect")) == 2


def test_point_charts_have_one_point_per_step():
    # p99 by rate: wall 2 + stock 2 + ceiling 3 for each count, plus the two-process wall's 1 step.
    assert len(marks(parsed(charts(SAMPLE)["fanout-p99"]), "circle")) == 2 * (2 + 2 + 3) + 1
    # Cost growth: one point per (viewers, rate) of the wall.
    for name in ("cost-p99", "cost-cpu"):
        assert len(marks(parsed(charts(SAMPLE)[name]), "circle")) == 4
    assert [(row["viewers"], row["copies_per_s"]) for row in cost_rows(SAMPLE)] == [
        (300, 300),
        (1000, 1000),
        (300, 1500),
        (1000, 5000),
    ]


def test_text_in_a_chart_is_escaped():
    document = json.loads(json.dumps(SAMPLE))
    document["pages"][0]["page"] = "<script>&"
    root = parsed(charts(document)["pages-rps"])
    labels = [element.text for element in root.iter(f"{SVG}text")]
    assert "<script>&" in labels


def test_command_writes_the_svgs_beside_the_json_and_prints_the_tables(tmp_path, capsys):
    source = tmp_path / "2026-12-07-sample.json"
    source.write_text(json.dumps(SAMPLE))
    assert main([str(source), "--markdown"]) == 0
    written = sorted(path.name for path in tmp_path.glob("*.svg"))
    assert "2026-12-07-sample-fanout-saturation.svg" in written
    assert len(written) == 7
    for path in tmp_path.glob("*.svg"):
        parsed(path.read_text())
    tables = capsys.readouterr().out
    assert "| 1,000 | 7.50 |" in tables
    assert "![Saturation](2026-12-07-sample-fanout-saturation.svg)" in tables
    assert markdown(SAMPLE, "x").startswith("`x.json`: 2026-12-07T23:00:00Z, commit 0123456789, Test CPU, 2 cores")

"""The hostile-input corpus: text files read line by line, Unicode edge cases and what visitors type
into search boxes and query strings in JSON (so that invisible characters are visible in review; a
`{"repeat", "times"}` entry is a long text), and images generated at run time (images.py).

`classes()` counts the entries of each class (docs/reliability.md states the total).
"""

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def lines(name):
    return [line for line in (HERE / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def xss_payloads():
    return lines("xss.txt")


def sql_payloads():
    return lines("sql.txt")


def traversal_slugs():
    return lines("slugs.txt")


def unicode_cases():
    return json.loads((HERE / "unicode.json").read_text(encoding="utf-8"))


def query_texts():
    """What visitors type into a search box or a query string: every query language's syntax
    (SQLite FTS5, PostgreSQL tsquery), NUL, 10,000 characters, right-to-left and combining text."""
    entries = json.loads((HERE / "search.json").read_text(encoding="utf-8"))
    return [entry["repeat"] * entry["times"] if isinstance(entry, dict) else entry for entry in entries]


def classes():
    """{class of hostile input: number of entries}."""
    from .images import corpus

    return {
        "markup and script injection": len(xss_payloads()),
        "SQL-looking text": len(sql_payloads()),
        "path traversal slugs": len(traversal_slugs()),
        "Unicode edge cases": len(unicode_cases()),
        "search and query-string syntax": len(query_texts()),
        "hostile images": len(list(corpus())),
    }

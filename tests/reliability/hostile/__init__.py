"""The hostile-input corpus: text files read line by line, Unicode edge cases in JSON (so that the
invisible characters are visible in review), and images generated at run time (images.py)."""

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

"""Approved conclusions as CSV and JSON (UTF-8, one row a submission). Public: never a contact
e-mail, never an unapproved submission. Columns are defined once here and documented in
docs/hub.md."""

import csv
import io
import json

from django.http import HttpResponse
from django.utils.text import slugify

from .choices import GroupKind, Platform
from .listing import approved_with_cosigners

# (column, what it holds)
COLUMNS = [
    ("id", "The submission's number on this site"),
    ("group", "The group's name, or “a <kind> in <area>” when it asked not to be named"),
    ("kind", "Kind of group: " + ", ".join(GroupKind.values)),
    ("area", "Place name or postcode district"),
    ("people", "About how many people took part in the sending group"),
    ("cosigning_groups", "Other groups that confirmed they agree"),
    ("people_with_cosigners", "People in the sending group and its co-signers together"),
    ("platform", "Where it was discussed: " + ", ".join(Platform.values)),
    ("discussion_link", "Public link to the discussion, if given"),
    ("conclusions", "The conclusions as sent"),
    ("written_in", "The language the conclusions are written in (a code: en, cy, ar)"),
    ("read_by_officials", "Whether the asking body's officials marked it as read"),
    ("received_at", "When it was sent (ISO 8601)"),
]


def rows(discussion):
    for submission in approved_with_cosigners(discussion):
        yield {
            "id": submission.pk,
            "group": submission.public_name,
            "kind": submission.group_kind,
            "area": submission.area,
            "people": submission.people_count,
            "cosigning_groups": submission.cosigners,
            "people_with_cosigners": submission.people_sum,
            "platform": submission.platform,
            "discussion_link": submission.discussion_link,
            "conclusions": submission.conclusions,
            "written_in": submission.written_in,
            "read_by_officials": submission.read_by_officials,
            "received_at": submission.created_at.isoformat(),
        }


def _filename(discussion, extension):
    return f"{slugify(discussion.title) or 'discussion'}-conclusions.{extension}"


def csv_response(discussion):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[name for name, _ in COLUMNS])
    writer.writeheader()
    for row in rows(discussion):
        # A cell starting with = + - @ is a formula to a spreadsheet: quote it as text.
        writer.writerow({k: ("'" + v if isinstance(v, str) and v[:1] in "=+-@" else v) for k, v in row.items()})
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(discussion, "csv")}"'
    return response


def json_response(discussion):
    body = {
        "discussion": discussion.title,
        "question": discussion.question,
        "columns": dict(COLUMNS),
        "submissions": list(rows(discussion)),
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{_filename(discussion, "json")}"'
    return response

"""The directory as CSV, filtered as /groups/ is (the same query string). Public content only:
never a contact e-mail, never an unlisted group, never a name the group chose not to show.
Columns are defined once here and documented in docs/groups.md."""

import csv
import io

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from . import directory
from .choices import GroupSize, ListingKind
from .forms import FilterForm

COLUMNS = [
    ("id", "The listing's number on this site (its page is /groups/<id>/)"),
    ("group", "The group's name, or “a group in <area>” when it gave none or asked not to be named"),
    ("kind", "Kind of group: " + ", ".join(ListingKind.values)),
    ("areas", "Place names or postcode districts, separated by “; ”"),
    ("topics", "Topics from the portal's shared list, separated by “; ”"),
    ("languages", "Languages its members use (codes), separated by “; ”"),
    ("size", "Roughly how many people: " + ", ".join(GroupSize.values)),
    ("description", "What the group does, as it wrote it"),
    ("links", "Its public links, separated by spaces"),
    ("meeting", "Where and when it meets, as it wrote it"),
    ("supported_by", "The supporter organisation it names"),
    ("listed_since", "When it confirmed its listing (ISO 8601)"),
]


def _as_text(value):
    # A cell starting with = + - @ is a formula to a spreadsheet: quote it as text.
    return "'" + value if isinstance(value, str) and value[:1] in "=+-@" else value


def rows(listings):
    for listing in listings:
        yield {
            "id": listing.pk,
            "group": listing.public_name,
            "kind": listing.kind,
            "areas": "; ".join(a.name for a in listing.areas.all()),
            "topics": "; ".join(t.name for t in listing.topics.all()),
            "languages": "; ".join(language.code for language in listing.languages.all()),
            "size": listing.size,
            "description": listing.description,
            "links": " ".join(listing.channel_links()),
            "meeting": listing.meeting,
            "supported_by": listing.supported_by.public_name if listing.supported_by else "",
            "listed_since": listing.confirmed_at.isoformat() if listing.confirmed_at else "",
        }


@require_safe
def csv_response(request):
    filters = FilterForm(request.GET).filters() if request.GET else {}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[name for name, _ in COLUMNS])
    writer.writeheader()
    for row in rows(directory.filtered(filters)):
        writer.writerow({k: _as_text(v) for k, v in row.items()})
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="community-groups.csv"'
    return response

"""The records of a wall in the admin, for its moderators only (livewall.moderate_wall): the CSV and
JSON exports and the insight report (in the admin and as a printable page)."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from livewall.models import Wall
from livewall.moderation import actions
from livewall.records import charts, export, insight

URL_NAMESPACE = "livewall_records"

moderator_required = permission_required(actions.PERMISSION, raise_exception=True)


def _download(body, content_type, wall, extension):
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{wall.slug}-posts-{stamp}.{extension}"'
    return response


@require_GET
@never_cache
@moderator_required
def export_csv(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    return _download(export.export_csv(wall), "text/csv; charset=utf-8", wall, "csv")


@require_GET
@never_cache
@moderator_required
def export_json(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    return _download(export.export_json(wall), "application/json", wall, "json")


def _minutes(seconds):
    if seconds is None:
        return "no decisions yet"
    return f"{seconds / 60:.1f} minutes"


def report_context(wall):
    """The report's charts and tables: each chart is drawn from exactly the rows its table prints."""
    figures = insight.report(wall)
    over_time = [(date_format(timezone.localtime(start), "H:i"), count) for start, count in figures["over_time"]]
    sections = [
        {
            "id": "over-time",
            "title": f"Posts received, per {figures['interval']} minute{'s' if figures['interval'] != 1 else ''}",
            "svg": charts.column_chart(
                "over-time",
                "Posts received over time",
                over_time,
                first_label=over_time[0][0] if over_time else "",
                last_label=over_time[-1][0] if over_time else "",
            ),
            "heading": "Starting at",
            "rows": over_time,
        },
        {"id": "by-source", "title": "Posts by source", "rows": figures["by_source"], "heading": "Source"},
        {"id": "room", "title": "From the room or remote", "rows": figures["room_and_remote"], "heading": "Where"},
        {"id": "status", "title": "Where posts ended up", "rows": figures["by_status"], "heading": "Status"},
        {
            "id": "moderation",
            "title": "Time to a moderator's decision",
            "rows": figures["moderation_waits"],
            "heading": "Decided within",
        },
    ]
    if figures["questions"] is not None:
        sections.append(
            {"id": "questions", "title": "Questions and votes", "rows": figures["questions"], "heading": ""}
        )
    for section in sections:
        section.setdefault("svg", charts.bar_chart(section["id"], section["title"], section["rows"]))
    return {
        "wall": wall,
        "sections": sections,
        "total": figures["total"],
        "median_wait": _minutes(figures["median_wait"]),
        "generated_at": timezone.now(),
    }


@require_GET
@moderator_required
def report(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    context = report_context(wall)
    context.update(page_title=gettext("Insight: %(title)s") % {"title": wall.title}, header_icon="table")
    return TemplateResponse(request, "livewall/admin/insight.html", context)


@require_GET
@moderator_required
def report_print(request, slug):
    wall = get_object_or_404(Wall, slug=slug)
    return TemplateResponse(request, "livewall/records/insight_print.html", report_context(wall))

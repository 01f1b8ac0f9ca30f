"""The organisers' attendee list and its CSV in the Wagtail admin.

Who may see them: anyone who may edit the event page in Wagtail (its editors and the organisers
given edit rights on its part of the tree), and superusers. Everyone else gets 403. The list is
the only place, with the CSV, where attendees' names, e-mails and accessibility needs are shown.
"""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from . import services
from .models import Registration, RegistrationStatus

URL_NAMESPACE = "event_attendees"
CSV_COLUMNS = ["name", "email", "places", "status", "accessibility_needs", "signed_up_at", "promoted_at"]


def admin_url(name, *args):
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


def can_see_attendees(user, event):
    return bool(user.is_authenticated and event.permissions_for_user(user).can_edit())


def _event(request, pk):
    from events.models import EventPage

    event = get_object_or_404(EventPage, pk=pk)
    if not can_see_attendees(request.user, event):
        raise PermissionDenied
    return event


def _registrations(event):
    return (
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .order_by("status", "created_at", "pk")
    )


@require_GET
def attendee_list(request, pk):
    event = _event(request, pk)
    registrations = list(_registrations(event))
    return TemplateResponse(
        request,
        "events/admin/attendees.html",
        {
            "event": event,
            "confirmed": [r for r in registrations if r.status == RegistrationStatus.CONFIRMED],
            "waiting": [r for r in registrations if r.status == RegistrationStatus.WAITING],
            "places_taken": services.places_taken(event),
            "csv_url": admin_url("csv", event.pk),
            "page_title": gettext("Attendees: %(title)s") % {"title": event.title},
            "header_icon": "group",
        },
    )


def _as_text(value):
    # A cell starting with = + - @ is a formula to a spreadsheet: quote it as text.
    return "'" + value if isinstance(value, str) and value[:1] in "=+-@" else value


@require_GET
def attendee_csv(request, pk):
    event = _event(request, pk)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for r in _registrations(event):
        writer.writerow(
            [
                _as_text(r.name),
                _as_text(r.email),
                r.places,
                r.status,
                _as_text(r.accessibility_needs),
                r.created_at.isoformat(),
                r.promoted_at.isoformat() if r.promoted_at else "",
            ]
        )
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(event.title) or "event"}-attendees.csv"'
    response["Cache-Control"] = "private, no-store"
    return response

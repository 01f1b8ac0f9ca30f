"""Events in the Wagtail admin: the attendee list and CSV of an event that takes sign-ups (for those
who may edit the event), reached from a button in the page's header and its listing row."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import Button

from .models import EventPage
from .signup import admin_views


class AttendeesViewSet(ViewSet):
    name = admin_views.URL_NAMESPACE
    url_prefix = "events/attendees"
    icon = "group"

    def get_urlpatterns(self):
        return [
            path("<int:pk>/", admin_views.attendee_list, name="list"),
            path("<int:pk>/attendees.csv", admin_views.attendee_csv, name="csv"),
        ]


@hooks.register("register_admin_viewset")
def register_attendees():
    return AttendeesViewSet()


def _attendee_buttons(page, user):
    page = page.specific_deferred if hasattr(page, "specific_deferred") else page
    if isinstance(page, EventPage) and page.takes_signups and admin_views.can_see_attendees(user, page):
        yield Button("Attendees", admin_views.admin_url("list", page.pk), icon_name="group", priority=60)


@hooks.register("register_page_header_buttons")
def page_header_attendees(page, user, view_name=None, next_url=None):
    yield from _attendee_buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def page_listing_attendees(page, user, next_url=None):
    yield from _attendee_buttons(page, user)

"""Events in the Wagtail admin: the attendee list and CSV of an event that takes sign-ups (for those
who may edit the event), reached from a button in the page's header and its listing row; and the
list of event proposals (who proposed what) for editors with the permission to view them."""

from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button

from .models import EventPage
from .proposals.models import EventProposal
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
        yield Button(gettext("Attendees"), admin_views.admin_url("list", page.pk), icon_name="group", priority=60)


@hooks.register("register_page_header_buttons")
def page_header_attendees(page, user, view_name=None, next_url=None):
    yield from _attendee_buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def page_listing_attendees(page, user, next_url=None):
    yield from _attendee_buttons(page, user)


class EventProposalViewSet(ModelViewSet):
    """Who proposed which event, for the editors who review them: the group, the proposer's name and
    private e-mail (to ask a question before publishing), the outcome. Read-mostly: the outcome is
    set by publishing or rejecting the draft in the moderation workflow, never here. Needs the
    events.view_eventproposal permission (superusers have it)."""

    model = EventProposal
    icon = "form"
    menu_label = _("Event proposals")
    menu_order = 270
    add_to_admin_menu = True
    url_prefix = "events/proposals"
    list_display = ["title", "group_name", "proposer_email", "outcome", "created_at"]
    list_filter = ["outcome"]
    inspect_view_enabled = True
    form_fields = ["group_name", "proposer_name", "proposer_email"]


@hooks.register("register_admin_viewset")
def register_event_proposals():
    return EventProposalViewSet()

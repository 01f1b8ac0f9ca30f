import datetime

import factory
import wagtail_factories
from django.utils import timezone

from events.models import EventIndexPage, EventOrganiser, EventPage
from events.signup.models import Registration

from ..groups.factories import area, topic


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Events"
    slug = "events"

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    """An in-person event tomorrow, 10:00 to 12:00 UTC, published through a revision like an editor's."""

    title = factory.Sequence(lambda n: f"Community meeting {n}")
    summary = "Residents, groups and the council talk about local priorities."
    start = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    )
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=2))
    format = EventPage.Format.IN_PERSON
    venue_name = "Westbury Town Hall"
    venue_address = "High Street\nWestbury"
    venue_postcode = "WS1 1AA"

    class Meta:
        model = EventPage
        # publish() saves a copy made from the revision; saving this instance again would undo it.
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(*extracted)
            if create:
                self.save()

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        """topics=["funding", ...]: shared topics (groups.Topic) by name, made if new."""
        if extracted:
            self.shared_topics.set([topic(name) for name in extracted])
            if create:
                self.save()

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        """areas=["Splott", "CF24"]: shared areas (groups.Area) by name, made if new."""
        if extracted:
            self.shared_areas.set([area(name) for name in extracted])
            if create:
                self.save()

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        """organisers=["Name", ("Name", "https://website")], saved with the revision below."""
        if extracted:
            self.organiser_entries = [
                EventOrganiser(name=entry) if isinstance(entry, str) else EventOrganiser(name=entry[0], url=entry[1])
                for entry in extracted
            ]

    @factory.post_generation
    def publish(self, create, extracted, **kwargs):
        if create and extracted is not False:
            self.save_revision().publish()
            self.refresh_from_db()


def hybrid(**kwargs):
    defaults = {"format": EventPage.Format.HYBRID, "joining_link": "https://meet.example.org/room"}
    return EventPageFactory(**defaults | kwargs)


def online(**kwargs):
    defaults = {
        "format": EventPage.Format.ONLINE,
        "joining_link": "https://meet.example.org/room",
        "venue_name": "",
        "venue_address": "",
        "venue_postcode": "",
    }
    return EventPageFactory(**defaults | kwargs)


def with_signups(capacity=3, **kwargs):
    """An event tomorrow that takes sign-ups on this site, with `capacity` places."""
    return EventPageFactory(**{"takes_signups": True, "capacity": capacity} | kwargs)


class RegistrationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Attendee {n}")
    email = factory.Sequence(lambda n: f"attendee{n}@example.org")
    places = 1
    status = "confirmed"

    class Meta:
        model = Registration


def admin_user(username, edits=None):
    """A user who may open the Wagtail admin and, with `edits`, edit the pages under that page."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    user = get_user_model().objects.create_user(username=username, password="x", email=f"{username}@example.org")
    group = Group.objects.create(name=f"{username} editors")
    group.permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    if edits is not None:
        GroupPagePermission.objects.create(
            group=group, page=edits, permission=Permission.objects.get(codename="change_page")
        )
    user.groups.add(group)
    return user

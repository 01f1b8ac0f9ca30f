"""Factories for the hub tests: pages published like an editor's, submissions made through the real
service (so they are unconfirmed until confirmed), groups for the two roles."""

import datetime

import factory
import wagtail_factories
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from hub.choices import GroupKind, Platform, SubmissionStatus
from hub.models import DiscussionPage, HubIndexPage, Submission

from ..livewall.factories import UserFactory


class HubIndexPageFactory(wagtail_factories.PageFactory):
    title = "Discussion hub"
    slug = "hub"

    class Meta:
        model = HubIndexPage


def today():
    return timezone.localdate()


class DiscussionPageFactory(wagtail_factories.PageFactory):
    """An open discussion: opened a week ago, closes in a fortnight, response due a month later."""

    title = factory.Sequence(lambda n: f"Working together online {n}")
    question = "How can the council and community groups use online tools to work together?"
    asking_body = "Westbury Council"
    readers = "The cabinet member for communities"
    opens_on = factory.LazyFunction(lambda: today() - datetime.timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: today() + datetime.timedelta(days=14))
    response_due_on = factory.LazyAttribute(lambda d: d.closes_on + datetime.timedelta(days=30))

    class Meta:
        model = DiscussionPage
        skip_postgeneration_save = True

    @factory.post_generation
    def publish(self, create, extracted, **kwargs):
        if create and extracted is not False:
            self.save_revision().publish()
            self.refresh_from_db()


def admin_group(name):
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    return group


def member_of(group, **fields):
    user = UserFactory(**fields)
    user.groups.add(group)
    return user


def submission(discussion, status=SubmissionStatus.APPROVED, **fields):
    """A submission row in a given state (the public path is tested through the views)."""
    defaults = {
        "group_name": "Riverside lunch club",
        "group_kind": GroupKind.INFORMAL,
        "people_count": 12,
        "area": "Riverside",
        "platform": Platform.MEETING,
        "conclusions": "Use one shared calendar, and ask us before meetings, not after.",
        "contact_email": "lunchclub@example.org",
        "consent": True,
    }
    defaults.update(fields)
    confirmed = None if status == SubmissionStatus.UNCONFIRMED else timezone.now()
    return Submission.objects.create(discussion=discussion, status=status, confirmed_at=confirmed, **defaults)

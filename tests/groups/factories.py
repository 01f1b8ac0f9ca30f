"""Factories for the directory tests: vocabularies made on demand (transactional tests flush the
data migration's rows), listings in a given state, moderators holding the real permission."""

import factory
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django.utils.text import slugify

from groups.choices import GroupSize, ListingKind, ListingStatus
from groups.models import Area, GroupListing, Language, Topic

from ..livewall.factories import UserFactory


def topic(name):
    return Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]


def area(name):
    return Area.for_name(name)


def language(code, name=None):
    return Language.objects.get_or_create(code=code, defaults={"name": name or code.upper()})[0]


class ListingFactory(factory.django.DjangoModelFactory):
    """A listed group unless `status` says otherwise; `areas`, `topics`, `languages` take names/codes."""

    class Meta:
        model = GroupListing
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Riverside group {n}")
    kind = ListingKind.INFORMAL
    size = GroupSize.TEN_TO_50
    contact_email = factory.Sequence(lambda n: f"group{n}@example.org")
    status = ListingStatus.APPROVED
    confirmed_at = factory.LazyFunction(timezone.now)
    moderated_at = factory.LazyAttribute(lambda o: o.confirmed_at if o.status == ListingStatus.APPROVED else None)

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create:
            self.areas.set([area(name) for name in (extracted or ["Riverside"])])

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set([topic(name) for name in extracted])

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create and extracted:
            self.languages.set([language(code) for code in extracted])


def directory_moderator(**fields):
    group, _ = Group.objects.get_or_create(name="Directory moderators")
    group.permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="moderate_grouplisting", content_type__app_label="groups"),
    )
    user = UserFactory(**fields)
    user.groups.add(group)
    return user


def admin_user_without_permission(**fields):
    group, _ = Group.objects.get_or_create(name="Editors without directory rights")
    group.permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    user = UserFactory(**fields)
    user.groups.add(group)
    return user

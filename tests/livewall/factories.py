"""Factories for the live wall tests (shared by the spine, pages and sources tests)."""

import importlib
import uuid

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from livewall.models import Post, Wall, WallSource

RUN = uuid.uuid4().hex[:8]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


def moderators_group():
    """The "Wall moderators" group of the data migration.

    Transactional tests flush the database (data migrations included), so the group is recreated
    from the migration's own name and permissions when missing.
    """
    migration = importlib.import_module("livewall.migrations.0002_wall_moderator_group")
    group, created = Group.objects.get_or_create(name=migration.GROUP_NAME)
    if created or not group.permissions.exists():
        group.permissions.add(
            Permission.objects.get(codename="moderate_wall", content_type__app_label="livewall"),
            Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        )
    return group


class ModeratorFactory(UserFactory):
    """A user in the "Wall moderators" group (can moderate walls and reach the admin)."""

    username = factory.Sequence(lambda n: f"moderator{n}")

    @factory.post_generation
    def join_moderators(self, create, extracted, **kwargs):
        if create:
            self.groups.add(moderators_group())


class SuperuserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    is_staff = True
    is_superuser = True


class WallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wall
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Wall {n}")
    # Unique per test run: Redis pub/sub channels are shared by every database number and process.
    slug = factory.Sequence(lambda n: f"wall-{RUN}-{n}")
    hashtags = "#FindingOurVoice"
    moderation_mode = Wall.Moderation.POST


class PostFactory(factory.django.DjangoModelFactory):
    """A saved post row, straight into the table: no WallEvent, no broadcast.

    For a post as viewers see it (with its event and cursor) use `livewall.intake.services.accept` or
    `approved_post` below.
    """

    class Meta:
        model = Post

    wall = factory.SubFactory(WallFactory)
    source = Post.Source.CONTRIBUTION
    external_id = factory.Sequence(lambda n: f"ext-{n}")
    author_name = factory.Sequence(lambda n: f"Author {n}")
    text = factory.Sequence(lambda n: f"Post number {n}")
    status = Post.Status.APPROVED


class WallSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WallSource

    wall = factory.SubFactory(WallFactory)
    kind = WallSource.Kind.RSS
    base_url = "http://127.0.0.1:1/feed.xml"


def incoming_post(**fields):
    """An IncomingPost with sensible defaults (a contribution)."""
    from livewall.intake.incoming import IncomingPost

    fields.setdefault("source", Post.Source.CONTRIBUTION)
    fields.setdefault("text", "Hello from the room")
    fields.setdefault("author_name", "Sam")
    return IncomingPost(**fields)


def approved_post(wall, **fields):
    """A post accepted through the real path on a post-moderated wall (saved, evented, broadcast)."""
    from livewall.intake import services

    post = services.accept(wall, incoming_post(**fields))
    assert post.status == Post.Status.APPROVED, post.status
    return post

"""The access-control matrix: every admin and moderation endpoint and every socket action, tried by
anonymous visitors, signed-in viewers, page editors, wall moderators and superusers. Each cell
asserts both ways: allowed roles succeed (and the effect happens), everyone else is refused (and
nothing changes)."""

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import Page

from livewall.intake import services
from livewall.models import ModerationAction, Post, Wall, WallSource
from livewall.moderation import actions
from tests.livewall.factories import (
    ModeratorFactory,
    SuperuserFactory,
    UserFactory,
    WallFactory,
    WallSourceFactory,
    incoming_post,
)
from tests.livewall.sockets import connect, moderator_socket, receive_close, viewer_socket

# The first test of a session also pays for creating (and, for the socket tests, serialising) the test database.
pytestmark = pytest.mark.timeout(600)

ROLES = ["anonymous", "viewer", "editor", "moderator", "superuser"]
ADMIN = {"editor", "moderator", "superuser"}
MODERATORS = {"moderator", "superuser"}
SUPERUSER = {"superuser"}
EVERYONE = set(ROLES)


def make_user(role):
    if role == "anonymous":
        return None
    if role == "viewer":
        return UserFactory()
    if role == "editor":
        # Wagtail's own "Editors" group: the admin and pages, nothing of the live wall.
        # Transactional tests flush the database (and with it the migration's groups): recreate it then.
        editors, created = Group.objects.get_or_create(name="Editors")
        if created:
            editors.permissions.add(Permission.objects.get(codename="access_admin"))
        user = UserFactory()
        user.groups.add(editors)
        return user
    if role == "moderator":
        return ModeratorFactory()
    return SuperuserFactory()


class Scene:
    """A pre-moderated wall with a pending, an approved and a pinned post, and a source."""

    def __init__(self):
        boss = SuperuserFactory(username="scene-boss")
        self.wall = WallFactory(slug="matrix-wall", moderation_mode=Wall.Moderation.PRE)
        self.pending = services.accept(self.wall, incoming_post(text="pending secret"))
        self.approved = actions.approve(services.accept(self.wall, incoming_post(text="approved one")), boss)
        self.pinned = actions.pin(
            actions.approve(services.accept(self.wall, incoming_post(text="pinned one")), boss), boss
        )
        self.source = WallSourceFactory(wall=self.wall, kind=WallSource.Kind.RSS)
        self.page = Page.objects.filter(depth=2).first()
        self.actions_before = ModerationAction.objects.count()

    def status(self, post):
        post.refresh_from_db()
        return post.status, post.pinned


def act(name, post_attr):
    def url(scene):
        return reverse("livewall_moderation:act", args=[scene.wall.slug, getattr(scene, post_attr).pk, name])

    return url


WALL_FORM = {
    "title": "Sneaky",
    "slug": "sneaky",
    "moderation_mode": "post",
    "contributions_open": "on",
    "layout": "grid",
    "theme": "dark",
    "opt_out_tags": "nowall",
    "per_author_cap": "3",
    "per_author_window_minutes": "10",
    "screen_remote_every": "3",
    "screen_author_cap": "3",
}


def source_form(scene):
    """The source form as the scene's source fills it."""
    source = scene.source
    return {
        "wall": scene.wall.pk,
        "kind": source.kind,
        "query": source.query,
        "base_url": source.base_url,
        "interval_seconds": str(source.interval_seconds),
        "enabled": "on",
        "options": "{}",
    }


# (id, method, url(scene), data(scene), allowed roles, effect(scene) -> bool)
HTTP_MATRIX = [
    ("admin-home", "get", lambda s: reverse("wagtailadmin_home"), None, ADMIN, None),
    ("queue-list", "get", lambda s: reverse("livewall_moderation:index"), None, MODERATORS, None),
    (
        "queue",
        "get",
        lambda s: reverse("livewall_moderation:queue", args=[s.wall.slug]),
        None,
        MODERATORS,
        None,
    ),
    (
        "approve",
        "post",
        act("approve", "pending"),
        {},
        MODERATORS,
        lambda s: s.status(s.pending)[0] == Post.Status.APPROVED,
    ),
    ("reject", "post", act("reject", "pending"), {}, MODERATORS, lambda s: s.status(s.pending)[0] == "rejected"),
    ("hide", "post", act("hide", "approved"), {}, MODERATORS, lambda s: s.status(s.approved)[0] == "hidden"),
    ("pin", "post", act("pin", "approved"), {}, MODERATORS, lambda s: s.status(s.approved)[1] is True),
    ("unpin", "post", act("unpin", "pinned"), {}, MODERATORS, lambda s: s.status(s.pinned)[1] is False),
    (
        "bulk-approve",
        "post",
        lambda s: reverse("livewall_moderation:bulk_approve", args=[s.wall.slug]),
        lambda s: {"post": [s.pending.pk]},
        MODERATORS,
        lambda s: s.status(s.pending)[0] == Post.Status.APPROVED,
    ),
    (
        "close-contributions",
        "post",
        lambda s: reverse("livewall_moderation:contributions", args=[s.wall.slug]),
        {"open": "0"},
        MODERATORS,
        lambda s: not Wall.objects.get(pk=s.wall.pk).contributions_open,
    ),
    ("moderation-log", "get", lambda s: reverse("live-wall-moderation-log:index"), None, MODERATORS, None),
    ("walls", "get", lambda s: reverse("live-walls:index"), None, SUPERUSER, None),
    ("wall-edit", "get", lambda s: reverse("live-walls:edit", args=[s.wall.pk]), None, SUPERUSER, None),
    (
        "wall-create",
        "post",
        lambda s: reverse("live-walls:add"),
        WALL_FORM,
        SUPERUSER,
        lambda s: Wall.objects.filter(slug="sneaky").exists(),
    ),
    (
        "wall-edit-post",
        "post",
        lambda s: reverse("live-walls:edit", args=[s.wall.pk]),
        lambda s: {**WALL_FORM, "title": "Renamed", "slug": s.wall.slug},
        SUPERUSER,
        lambda s: Wall.objects.get(pk=s.wall.pk).title == "Renamed",
    ),
    (
        "wall-delete",
        "post",
        lambda s: reverse("live-walls:delete", args=[s.wall.pk]),
        {},
        SUPERUSER,
        lambda s: not Wall.objects.filter(pk=s.wall.pk).exists(),
    ),
    ("sources", "get", lambda s: reverse("wall_sources:index"), None, SUPERUSER, None),
    (
        "source-poll-now",
        "get",
        lambda s: reverse("wall_sources:poll", args=[s.source.pk]),
        None,
        SUPERUSER,
        None,
    ),
    (
        "source-create",
        "post",
        lambda s: reverse("wall_sources:add"),
        lambda s: {**source_form(s), "interval_seconds": "321"},
        SUPERUSER,
        lambda s: WallSource.objects.filter(wall=s.wall, interval_seconds=321).exists(),
    ),
    (
        "source-edit",
        "post",
        lambda s: reverse("wall_sources:edit", args=[s.source.pk]),
        lambda s: {**source_form(s), "interval_seconds": "321"},
        SUPERUSER,
        lambda s: WallSource.objects.get(pk=s.source.pk).interval_seconds == 321,
    ),
    (
        "source-delete",
        "post",
        lambda s: reverse("wall_sources:delete", args=[s.source.pk]),
        {},
        SUPERUSER,
        lambda s: not WallSource.objects.filter(pk=s.source.pk).exists(),
    ),
    (
        "source-poll-now-post",
        "post",
        lambda s: reverse("wall_sources:poll", args=[s.source.pk]),
        {},
        SUPERUSER,
        # Queued for the poller: the source is due now (it never was before).
        lambda s: WallSource.objects.get(pk=s.source.pk).next_poll_at is not None,
    ),
    (
        "page-edit",
        "get",
        lambda s: reverse("wagtailadmin_pages:edit", args=[s.page.pk]),
        None,
        {"editor", "superuser"},
        None,
    ),
    ("django-admin", "get", lambda s: "/django-admin/", None, SUPERUSER, None),
    ("participant", "get", lambda s: reverse("livewall:participant", args=[s.wall.slug]), None, EVERYONE, None),
    ("api", "get", lambda s: reverse("livewall_api:api_posts", args=[s.wall.slug]), None, EVERYONE, None),
]


def refused(response, role):
    if response.status_code == 403:
        return True
    if response.status_code == 302:
        location = response["Location"]
        return "login" in location or location.rstrip("/") in ("/admin", reverse("wagtailadmin_home").rstrip("/"))
    return False


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("endpoint", "method", "url", "data", "allowed", "effect"),
    HTTP_MATRIX,
    ids=[row[0] for row in HTTP_MATRIX],
)
def test_http_matrix(client, role, endpoint, method, url, data, allowed, effect):
    scene = Scene()
    user = make_user(role)
    if user is not None:
        client.force_login(user)
    payload = data(scene) if callable(data) else data
    response = getattr(client, method)(url(scene), payload or {})

    if role in allowed:
        if method == "get":
            assert response.status_code == 200, (endpoint, role, response.status_code, response.get("Location"))
        else:
            assert response.status_code in (200, 302), (endpoint, role, response.status_code)
            assert effect(scene), f"{role} was allowed {endpoint} but nothing happened"
    else:
        assert refused(response, role), (endpoint, role, response.status_code, response.get("Location"))
        if effect is not None:
            assert not effect(scene), f"{role} managed to {endpoint}"
        assert ModerationAction.objects.count() == scene.actions_before
        assert scene.status(scene.pending) == (Post.Status.PENDING, False)
    # Whoever asks, nothing outside the moderation views shows a pending post.
    if endpoint in ("participant", "api"):
        assert "pending secret" not in response.content.decode()


# Socket actions: the moderators' socket by role, and what a viewer socket does with moderation frames.
SOCKET_CLOSE_CODES = {"anonymous": 4001, "viewer": 4003, "editor": 4003}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ROLES)
async def test_moderation_socket_matrix(role):
    scene = await sync_to_async(Scene)()
    user = await sync_to_async(make_user)(role)
    socket = await moderator_socket(scene.wall.slug, user)
    await connect(socket)
    try:
        if role in MODERATORS:
            await socket.send_json_to({"type": "moderate", "action": "approve", "post": scene.pending.pk})
            while True:
                frame = await socket.receive_json_from(timeout=5)
                if frame["type"] == "ack":
                    break
            assert frame["status"] == Post.Status.APPROVED
            assert (await sync_to_async(scene.status)(scene.pending))[0] == Post.Status.APPROVED
        else:
            assert await receive_close(socket) == SOCKET_CLOSE_CODES[role]
            assert (await sync_to_async(scene.status)(scene.pending)) == (Post.Status.PENDING, False)
    finally:
        await socket.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("action", list(actions.ACTIONS))
async def test_viewer_socket_cannot_moderate_or_see_pending_posts(action):
    scene = await sync_to_async(Scene)()
    socket = viewer_socket(scene.wall.slug)
    await connect(socket)
    try:
        snapshot = await socket.receive_json_from(timeout=5)
        assert snapshot["type"] == "snapshot"
        assert scene.pending.pk not in [post["id"] for post in snapshot["posts"]]
        target = scene.pending if action in ("approve", "reject") else scene.approved
        await socket.send_json_to({"type": "moderate", "action": action, "post": target.pk})
        reply = await socket.receive_json_from(timeout=5)
        assert reply["type"] == "error" and reply["code"] == "unknown_type"
        before = (Post.Status.PENDING, False) if target is scene.pending else (Post.Status.APPROVED, False)
        assert (await sync_to_async(scene.status)(target)) == before
    finally:
        await socket.disconnect()

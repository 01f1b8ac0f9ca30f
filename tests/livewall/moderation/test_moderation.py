import pytest
from channels.db import database_sync_to_async
from django.core.exceptions import PermissionDenied

from livewall.consumers.codes import CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED, CLOSE_UNKNOWN_WALL
from livewall.intake import services
from livewall.models import ModerationAction, Post, Wall, WallEvent
from livewall.moderation import actions

from ..factories import ModeratorFactory, SuperuserFactory, UserFactory, WallFactory, incoming_post
from ..sockets import connect, moderator_socket, receive_close, viewer_socket


@pytest.fixture(autouse=True)
def no_oembed(settings):
    settings.LIVEWALL_OEMBED_TIMEOUT = 0


def events(wall):
    return list(WallEvent.objects.filter(wall=wall).values_list("seq", "kind"))


@pytest.mark.django_db
class TestModerationServices:
    def test_approving_a_pending_post_publishes_it(self):
        wall = WallFactory(moderation_mode=Wall.Moderation.PRE)
        moderator = ModeratorFactory()
        post = services.accept(wall, incoming_post())
        actions.approve(post, moderator)
        post.refresh_from_db()
        assert (post.status, post.seq) == (Post.Status.APPROVED, 1)
        assert events(wall) == [(1, "published")]
        action = ModerationAction.objects.get(post=post)
        assert (action.action, action.user) == ("approve", moderator)

    def test_hide_reject_and_source_deletion_remove_a_visible_post(self):
        wall = WallFactory()
        moderator = ModeratorFactory()
        hidden, rejected, deleted = (services.accept(wall, incoming_post(text=t)) for t in ("a", "b", "c"))
        actions.hide(hidden, moderator)
        actions.reject(rejected, moderator)
        actions.remove_at_source(deleted)
        assert events(wall)[3:] == [(4, "removed"), (5, "removed"), (6, "removed")]
        assert set(Post.objects.values_list("status", flat=True)) == {"hidden", "rejected"}
        log = ModerationAction.objects.get(post=deleted)
        assert (log.action, log.user) == ("source_delete", None)

    def test_rejecting_a_pending_post_tells_viewers_nothing(self):
        wall = WallFactory(moderation_mode=Wall.Moderation.PRE)
        post = services.accept(wall, incoming_post())
        actions.reject(post, ModeratorFactory())
        assert events(wall) == []
        assert ModerationAction.objects.filter(post=post, action="reject").exists()

    def test_pin_and_unpin_update_visible_posts(self):
        wall = WallFactory()
        moderator = ModeratorFactory()
        post = services.accept(wall, incoming_post())
        actions.pin(post, moderator)
        actions.pin(post, moderator)  # already pinned: logged, no viewer event
        actions.unpin(post, moderator)
        assert events(wall) == [(1, "published"), (2, "updated"), (3, "updated")]
        assert ModerationAction.objects.filter(post=post).count() == 3

    def test_hiding_unpins(self):
        wall = WallFactory()
        moderator = ModeratorFactory()
        post = services.accept(wall, incoming_post())
        actions.pin(post, moderator)
        actions.hide(post, moderator)
        post.refresh_from_db()
        assert (post.status, post.pinned) == ("hidden", False)

    def test_bulk_approve(self):
        wall = WallFactory(moderation_mode=Wall.Moderation.PRE)
        posts = [services.accept(wall, incoming_post(text=str(n))) for n in range(3)]
        actions.bulk_approve(posts, SuperuserFactory())
        assert events(wall) == [(1, "published"), (2, "published"), (3, "published")]

    @pytest.mark.parametrize("action", ["approve", "reject", "hide", "pin", "unpin"])
    def test_users_without_the_permission_are_refused(self, action):
        wall = WallFactory(moderation_mode=Wall.Moderation.PRE)
        post = services.accept(wall, incoming_post())
        staff_editor = UserFactory(is_staff=True)
        for user in (staff_editor, None):
            with pytest.raises(PermissionDenied):
                getattr(actions, action)(post, user)
        post.refresh_from_db()
        assert (post.status, post.pinned) == ("pending", False)
        assert not ModerationAction.objects.exists()

    def test_moderators_group_can_moderate_but_not_edit_pages(self):
        moderator = ModeratorFactory()
        assert actions.can_moderate(moderator)
        assert moderator.has_perm("wagtailadmin.access_admin")
        assert not moderator.has_perm("wagtailcore.change_page")
        assert not actions.can_moderate(UserFactory())


@pytest.mark.django_db(transaction=True)
class TestModerationSocket:
    async def test_anonymous_visitors_are_closed_with_4001(self):
        wall = await database_sync_to_async(WallFactory)()
        socket = await connect(await moderator_socket(wall.slug))
        assert await receive_close(socket) == CLOSE_UNAUTHENTICATED
        await socket.disconnect()

    async def test_users_without_the_permission_are_closed_with_4003(self):
        wall = await database_sync_to_async(WallFactory)()
        user = await database_sync_to_async(UserFactory)(is_staff=True)
        socket = await connect(await moderator_socket(wall.slug, user))
        assert await receive_close(socket) == CLOSE_FORBIDDEN
        await socket.disconnect()

    async def test_unknown_wall_is_closed_with_4004(self):
        moderator = await database_sync_to_async(ModeratorFactory)()
        socket = await connect(await moderator_socket("no-such-wall", moderator))
        assert await receive_close(socket) == CLOSE_UNKNOWN_WALL
        await socket.disconnect()

    async def test_moderators_see_new_posts_and_act_on_them(self):
        wall = await database_sync_to_async(WallFactory)(moderation_mode=Wall.Moderation.PRE)
        moderator = await database_sync_to_async(ModeratorFactory)()
        moderators = await connect(await moderator_socket(wall.slug, moderator))
        viewers = await connect(viewer_socket(wall.slug))
        await viewers.receive_json_from(timeout=3)

        pending = await database_sync_to_async(services.accept)(wall, incoming_post(text="<b>please</b>"))
        pushed = await moderators.receive_json_from(timeout=3)
        assert pushed["type"] == "post"
        assert (pushed["post"]["id"], pushed["post"]["status"], pushed["post"]["text"]) == (
            pending.pk,
            "pending",
            "<b>please</b>",
        )
        assert await viewers.receive_nothing(timeout=0.3)

        await moderators.send_json_to({"type": "moderate", "action": "approve", "post": pending.pk})
        frames = [await moderators.receive_json_from(timeout=3) for _ in range(2)]
        ack = next(f for f in frames if f["type"] == "ack")
        update = next(f for f in frames if f["type"] == "post")
        assert ack == {"type": "ack", "action": "approve", "post": pending.pk, "status": "approved", "pinned": False}
        assert update["post"]["status"] == "approved"
        assert update["post"]["moderation"]["user"] == moderator.username
        published = await viewers.receive_json_from(timeout=3)
        assert (published["kind"], published["post"]["id"]) == ("published", pending.pk)
        await moderators.disconnect()
        await viewers.disconnect()

    async def test_bad_moderation_frames_get_error_frames(self):
        wall, other = await database_sync_to_async(lambda: (WallFactory(), WallFactory()))()
        elsewhere = await database_sync_to_async(services.accept)(other, incoming_post())
        moderator = await database_sync_to_async(ModeratorFactory)()
        socket = await connect(await moderator_socket(wall.slug, moderator))
        for frame, code in [
            ({"type": "moderate", "action": "delete", "post": elsewhere.pk}, "bad_frame"),
            ({"type": "moderate", "action": "hide", "post": "1"}, "bad_frame"),
            ({"type": "moderate", "action": "hide", "post": elsewhere.pk}, "not_found"),  # another wall's post
            ({"type": "resume", "after": 0}, "unknown_type"),
        ]:
            await socket.send_json_to(frame)
            assert (await socket.receive_json_from(timeout=3))["code"] == code
        assert await database_sync_to_async(lambda: Post.objects.get(pk=elsewhere.pk).status)() == "approved"
        await socket.disconnect()

    async def test_a_moderator_who_loses_the_permission_is_refused(self):
        wall = await database_sync_to_async(WallFactory)(moderation_mode=Wall.Moderation.PRE)
        moderator = await database_sync_to_async(ModeratorFactory)()
        post = await database_sync_to_async(services.accept)(wall, incoming_post())
        socket = await connect(await moderator_socket(wall.slug, moderator))
        await database_sync_to_async(moderator.groups.clear)()
        await socket.send_json_to({"type": "moderate", "action": "approve", "post": post.pk})
        assert (await socket.receive_json_from(timeout=3))["code"] == "forbidden"
        await socket.disconnect()

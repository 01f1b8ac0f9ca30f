"""The moderator socket `ws/moderate/walls/<slug>/`: a live queue of one wall's posts, and
moderation actions taken over the socket (the same `moderation.actions` as the admin views)."""

from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model

from livewall.consumers.base import BaseWallSocket, ClientFrameError, wall_id_for
from livewall.consumers.codes import CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED, CLOSE_UNKNOWN_WALL
from livewall.models import Post
from livewall.moderation import actions
from livewall.stream.groups import moderation_group


def _moderate(wall_id, post_id, action, user):
    # Fresh from the database: the socket's user caches permissions, which may be revoked meanwhile.
    user = get_user_model().objects.filter(pk=user.pk).first()
    post = Post.objects.filter(wall_id=wall_id, pk=post_id).select_related("wall").first()
    if post is None:
        raise ClientFrameError("not_found", "No such post on this wall.")
    try:
        post = actions.ACTIONS[action](post, user)
    except actions.PermissionDenied as error:
        raise ClientFrameError("forbidden", str(error)) from None
    return {"type": "ack", "action": action, "post": post.pk, "status": post.status, "pinned": post.pinned}


class ModerationConsumer(BaseWallSocket):
    """A moderator's live queue for one wall: pushes post changes, takes moderation actions."""

    async def connected(self):
        self.user = self.scope.get("user")
        if not (self.user and self.user.is_authenticated):
            self.close(CLOSE_UNAUTHENTICATED)
            return
        if not await database_sync_to_async(actions.can_moderate)(self.user):
            self.close(CLOSE_FORBIDDEN)
            return
        self.wall_id = await database_sync_to_async(wall_id_for)(self.slug)
        if self.wall_id is None:
            self.close(CLOSE_UNKNOWN_WALL)
            return
        await self.join(moderation_group(self.slug))

    def client_handlers(self):
        return {"moderate": self.moderate}

    async def moderate(self, data):
        action, post_id = data.get("action"), data.get("post")
        if action not in actions.ACTIONS:
            raise ClientFrameError("bad_frame", f'"action" must be one of {", ".join(actions.ACTIONS)}.')
        if isinstance(post_id, bool) or not isinstance(post_id, int):
            raise ClientFrameError("bad_frame", '"post" must be a post id.')
        self.send_frame(await database_sync_to_async(_moderate)(self.wall_id, post_id, action, self.user))

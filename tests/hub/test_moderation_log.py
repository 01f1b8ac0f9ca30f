"""The portal's one moderation log: the hub's decisions and the live wall's land in Wagtail's audit
log side by side, named by place and number, never by a group's name or anyone's words."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from hub import moderation as hub_moderation
from hub.choices import RejectionReason, SubmissionStatus
from livewall.models import Post
from livewall.moderation import actions as wall_actions

from ..livewall.factories import ModeratorFactory, PostFactory, SuperuserFactory, WallFactory
from .factories import member_of, submission

pytestmark = pytest.mark.django_db


def test_wall_and_hub_decisions_share_one_log_in_the_order_taken(client, discussion, moderators):
    wall = WallFactory(title="Town hall wall")
    post = PostFactory(wall=wall, status=Post.Status.PENDING, text="a private thought, later rejected")
    wall_moderator = ModeratorFactory()
    hub_moderator = member_of(moderators, username="rva-volunteer")
    pending = submission(
        discussion, status=SubmissionStatus.PENDING, group_name="Ely Parents' Network", conclusions="Our words"
    )

    wall_actions.reject(post, wall_moderator)
    hub_moderation.act(pending, hub_moderator, hub_moderation.Action.REJECT, reason=RejectionReason.values[0])
    hub_moderation.act(pending, hub_moderator, hub_moderation.Action.APPROVE)

    entries = list(ModelLogEntry.objects.order_by("timestamp", "pk"))
    assert [(e.action, e.user) for e in entries] == [
        ("livewall.reject", wall_moderator),
        ("hub.reject", hub_moderator),
        ("hub.approve", hub_moderator),
    ]
    assert entries[0].label == f"Town hall wall: post {post.pk}"
    assert entries[1].label == f"{discussion.title}: submission {pending.pk}"
    assert entries[1].data["reason"] == RejectionReason.values[0]
    for entry in entries:
        assert "private thought" not in entry.label + str(entry.data)
        assert "Ely Parents" not in entry.label + str(entry.data)
        assert "Our words" not in entry.label + str(entry.data)

    client.force_login(SuperuserFactory())
    history = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Live wall: rejected" in history
    assert "Hub: rejected" in history and "Hub: approved" in history
    assert f"Town hall wall: post {post.pk}" in history


def test_a_refused_action_leaves_nothing_in_the_log(discussion, officials):
    official = member_of(officials, username="council-officer")
    pending = submission(discussion, status=SubmissionStatus.PENDING)
    with pytest.raises(Exception, match="moderating organisation"):
        hub_moderation.act(pending, official, hub_moderation.Action.APPROVE)
    assert not ModelLogEntry.objects.filter(action__startswith="hub.").exists()

"""A discussion linked to an event's wall: conclusions published by the moderators appear on the wall
as posts from the hub, once, without the contact, after the approval commits."""

import pytest

from hub import moderation
from hub.choices import SubmissionStatus
from livewall.models import Post

from ..livewall.factories import SuperuserFactory, WallFactory
from .factories import submission

pytestmark = pytest.mark.django_db


def test_published_conclusions_go_to_the_wall_once(discussion, django_capture_on_commit_callbacks):
    wall = WallFactory(moderation_mode="post")
    discussion.wall = wall
    discussion.save_revision().publish()
    row = submission(
        discussion,
        status=SubmissionStatus.PENDING,
        show_group_name=False,
        area="CF24",
        group_kind="community_group",
        conclusions="Meet us on WhatsApp.",
    )
    boss = SuperuserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.act(row, boss, moderation.Action.APPROVE)
    post = Post.objects.get(wall=wall)
    assert (post.source, post.status) == ("hub", Post.Status.APPROVED)
    assert post.author_name == "A community group in CF24"
    assert post.text == "Meet us on WhatsApp."
    assert post.permalink.endswith(f"#conclusion-{row.pk}")
    assert "@example.org" not in f"{post.author_name} {post.author_handle} {post.text} {post.permalink}"
    with django_capture_on_commit_callbacks(execute=True):
        moderation.act(row, boss, moderation.Action.REJECT, reason="duplicate")
        moderation.act(row, boss, moderation.Action.APPROVE)
    assert Post.objects.filter(wall=wall).count() == 1


def test_nothing_goes_to_a_wall_without_a_link_or_before_approval(discussion, django_capture_on_commit_callbacks):
    wall = WallFactory(moderation_mode="post")
    row = submission(discussion, status=SubmissionStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.act(row, SuperuserFactory(), moderation.Action.APPROVE)
    assert not Post.objects.filter(wall=wall).exists()
    discussion.wall = wall
    discussion.save_revision().publish()
    other = submission(discussion, status=SubmissionStatus.PENDING, contact_email="x@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.act(other, SuperuserFactory(), moderation.Action.REJECT, reason="off_topic")
    assert not Post.objects.filter(wall=wall).exists()

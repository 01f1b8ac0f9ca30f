"""A wall's question sent to a hub discussion: published there as an approved submission marked as
coming from the wall, by someone who moderates both; refused to everyone else."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from hub import tasks
from hub.choices import Platform, SubmissionStatus
from hub.models import Submission
from livewall import hub_link
from livewall.models import ModerationAction, Post

from ..hub.factories import DiscussionPageFactory, HubIndexPageFactory, admin_group, member_of, submission
from .factories import ModeratorFactory, UserFactory, WallFactory, approved_post, moderators_group
from .pages_support import unique_rate_limits  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unique_rate_limits")]


@pytest.fixture
def hub_moderators():
    return admin_group("Riverside Voluntary Action")


@pytest.fixture
def discussion(home, hub_moderators):
    index = HubIndexPageFactory(parent=home)
    officials = admin_group("Officials")
    return DiscussionPageFactory(parent=index, moderating_group=hub_moderators, officials_group=officials)


@pytest.fixture
def both(hub_moderators):
    """Moderates the wall and the discussion."""
    user = member_of(hub_moderators)
    user.groups.add(moderators_group())
    return user


@pytest.fixture
def asked():
    wall = WallFactory(title="Town hall")
    return approved_post(wall, text="Will the <library> stay open?", is_question=True)


def send_url(post):
    return reverse("livewall_moderation:send_to_discussion", args=[post.wall.slug, post.pk])


def test_a_moderator_of_both_sends_the_question(client, discussion, both, asked):
    client.force_login(both)
    page = client.get(send_url(asked)).content.decode()
    assert f'<option value="{discussion.pk}">{discussion.title}</option>' in page
    assert "Will the &lt;library&gt; stay open?" in page
    response = client.post(send_url(asked), {"discussion": discussion.pk})
    assert response.status_code == 302
    row = Submission.objects.get(discussion=discussion)
    assert (row.status, row.platform, row.from_wall, row.contact_email) == (
        SubmissionStatus.APPROVED,
        Platform.LIVE_WALL,
        "Town hall",
        "",
    )
    assert row.conclusions == "Will the <library> stay open?"
    assert row.moderated_by == both and row.confirmed_at is not None
    assert row.actions.get().action == "approve"
    logged = ModerationAction.objects.get(post=asked, action=ModerationAction.Action.SEND_TO_HUB)
    assert logged.user == both and discussion.title in logged.note
    # Published: on the discussion's public page, escaped, under the wall's name.
    public = client.get(discussion.url).content.decode()
    assert "Will the &lt;library&gt; stay open?" in public
    assert "A question from the live wall “Town hall”" in public


def test_nobody_is_emailed_about_a_wall_question(discussion, both, asked):
    hub_link.send_question(asked, discussion, both)
    submission(discussion, contact_email="group@example.org")
    discussion.response = "<p>We will keep it open.</p>"
    discussion.response_published_on = discussion.response_due_on
    discussion.save()
    # One message: the group's; the wall's question has no contact to write to.
    assert tasks.notify_response.enqueue(discussion.pk, discussion.full_url).return_value == 1
    assert [message.to for message in mail.outbox] == [["group@example.org"]]


def test_a_wall_moderator_outside_the_discussion_cannot(client, discussion, asked):
    wall_only = ModeratorFactory()
    with pytest.raises(PermissionDenied):
        hub_link.send_question(asked, discussion, wall_only)
    client.force_login(wall_only)
    page = client.get(send_url(asked)).content.decode()
    assert "You do not moderate any discussion" in page
    response = client.post(send_url(asked), {"discussion": discussion.pk})
    assert response.status_code == 400
    assert not Submission.objects.exists()


def test_a_hub_moderator_who_does_not_moderate_walls_cannot(client, discussion, hub_moderators, asked):
    hub_only = member_of(hub_moderators)
    with pytest.raises(PermissionDenied):
        hub_link.send_question(asked, discussion, hub_only)
    client.force_login(hub_only)
    response = client.post(send_url(asked), {"discussion": discussion.pk})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.post(send_url(asked), {"discussion": discussion.pk})["Location"] == reverse("wagtailadmin_home")
    client.logout()
    assert reverse("wagtailadmin_login") in client.post(send_url(asked), {"discussion": discussion.pk})["Location"]
    assert not Submission.objects.exists()


def test_only_approved_questions_can_be_sent(client, discussion, both):
    wall = WallFactory()
    plain = approved_post(wall, text="Not a question")
    with pytest.raises(hub_link.NotAQuestion):
        hub_link.send_question(plain, discussion, both)
    client.force_login(both)
    assert client.get(send_url(plain)).status_code == 404
    pending = Post.objects.create(wall=wall, source="contribution", text="?", is_question=True)
    assert client.get(send_url(pending)).status_code == 404
    assert not Submission.objects.exists()

"""Moderation and governance: the moderating organisation moderates, the asking body's officials
read and mark as read but never approve or reject, nobody else gets in; every action is logged."""

import pytest
from django.urls import reverse

from hub.choices import SubmissionStatus
from hub.models import SubmissionAction

from ..livewall.factories import SuperuserFactory, UserFactory
from .factories import member_of, submission

pytestmark = pytest.mark.django_db


def act_url(discussion, row, action):
    return reverse("hub_moderation:act", args=[discussion.pk, row.pk, action])


def queue_url(discussion):
    return reverse("hub_moderation:queue", args=[discussion.pk])


@pytest.fixture
def pending(discussion):
    return submission(discussion, status=SubmissionStatus.PENDING)


@pytest.fixture
def people(moderators, officials):
    from .factories import admin_group

    return {
        "moderator": member_of(moderators, username="rva-volunteer"),
        "official": member_of(officials, username="council-officer"),
        "other admin user": member_of(admin_group("Another charity"), username="outsider"),
        "superuser": SuperuserFactory(),
    }


@pytest.mark.parametrize(
    ("who", "queue_status", "approve_status", "read_status"),
    [
        ("moderator", 200, SubmissionStatus.APPROVED, True),
        ("superuser", 200, SubmissionStatus.APPROVED, True),
        ("official", 200, SubmissionStatus.PENDING, True),
        # Wagtail answers a refused admin page with a redirect to the dashboard and a message.
        ("other admin user", 302, SubmissionStatus.PENDING, False),
    ],
)
def test_roles_both_ways(client, discussion, pending, people, who, queue_status, approve_status, read_status):
    client.force_login(people[who])
    queue = client.get(queue_url(discussion))
    assert queue.status_code == queue_status
    assert (pending.conclusions in queue.content.decode()) is (queue_status == 200)
    response = client.post(act_url(discussion, pending, "approve"))
    assert response.status_code in (302, 403)
    client.post(act_url(discussion, pending, "mark_read"))
    pending.refresh_from_db()
    assert pending.status == approve_status
    assert pending.read_by_officials is read_status


def test_anonymous_visitors_are_sent_to_log_in(client, discussion, pending):
    response = client.post(act_url(discussion, pending, "approve"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    pending.refresh_from_db()
    assert pending.status == SubmissionStatus.PENDING


def test_a_plain_user_without_admin_access_is_refused(client, discussion, pending):
    client.force_login(UserFactory(username="resident"))
    response = client.post(act_url(discussion, pending, "approve"))
    assert response.status_code in (302, 403)
    pending.refresh_from_db()
    assert pending.status == SubmissionStatus.PENDING


def test_reject_needs_a_published_reason_and_is_logged(client, discussion, pending, people):
    client.force_login(people["moderator"])
    client.post(act_url(discussion, pending, "reject"), {"reason": "because"})
    pending.refresh_from_db()
    assert pending.status == SubmissionStatus.PENDING
    client.post(act_url(discussion, pending, "reject"), {"reason": "off_topic"})
    pending.refresh_from_db()
    assert pending.status == SubmissionStatus.REJECTED
    assert pending.rejection_reason == "off_topic"
    assert pending.moderated_by == people["moderator"]
    log = SubmissionAction.objects.get()
    assert (log.action, log.reason, log.user) == ("reject", "off_topic", people["moderator"])


def test_unconfirmed_submissions_cannot_be_approved(client, discussion, people):
    row = submission(discussion, status=SubmissionStatus.UNCONFIRMED)
    client.force_login(people["moderator"])
    client.post(act_url(discussion, row, "approve"))
    row.refresh_from_db()
    assert row.status == SubmissionStatus.UNCONFIRMED


def test_the_public_page_shows_only_approved(client, discussion):
    submission(discussion, status=SubmissionStatus.APPROVED, conclusions="Published words")
    submission(discussion, status=SubmissionStatus.PENDING, conclusions="Waiting words")
    submission(discussion, status=SubmissionStatus.REJECTED, conclusions="Refused words", rejection_reason="abusive")
    submission(discussion, status=SubmissionStatus.UNCONFIRMED, conclusions="Unconfirmed words")
    html = client.get(discussion.url).content.decode()
    assert "Published words" in html
    for hidden in ("Waiting words", "Refused words", "Unconfirmed words", "@example.org"):
        assert hidden not in html


def test_the_moderation_report_counts_without_content(client, discussion):
    submission(discussion, status=SubmissionStatus.APPROVED)
    submission(discussion, status=SubmissionStatus.REJECTED, conclusions="Refused words", rejection_reason="abusive")
    submission(discussion, status=SubmissionStatus.UNCONFIRMED)
    html = client.get(f"{discussion.url}moderation-report/").content.decode()
    assert "Refused words" not in html and "@example.org" not in html
    assert "<dt>Received</dt><dd>3</dd>" in html
    assert "<dt>Confirmed by their senders</dt><dd>2</dd>" in html
    assert "<td>Abusive, hateful or discriminatory</td><td>1</td>" in html
    assert "Riverside Voluntary Action" in html


def test_the_queue_list_asks_the_same_number_of_queries_however_many_discussions(
    client, hub_index, moderators, officials, people
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import DiscussionPageFactory

    client.force_login(people["moderator"])

    def queries_for_the_list():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("hub_moderation:index"))
        assert response.status_code == 200
        return len(captured), response.content.decode()

    first = DiscussionPageFactory(parent=hub_index, moderating_group=moderators, officials_group=officials)
    submission(first, status=SubmissionStatus.PENDING)
    client.get(reverse("hub_moderation:index"))  # warm Wagtail's per-process caches
    one, _ = queries_for_the_list()
    for _ in range(4):
        more = DiscussionPageFactory(parent=hub_index, moderating_group=moderators, officials_group=officials)
        submission(more, status=SubmissionStatus.PENDING)
        submission(more, status=SubmissionStatus.PENDING)
    five, html = queries_for_the_list()
    assert five == one
    assert html.count("<td>2</td>") == 4  # each new discussion's two waiting submissions

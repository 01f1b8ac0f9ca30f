"""Co-signing: another group says "we agree", confirmed by e-mail, counted once per group e-mail."""

import re
from urllib.parse import unquote

import pytest
from django.core import mail

from hub.choices import SubmissionStatus
from hub.models import CoSignature

from .factories import submission

pytestmark = pytest.mark.django_db

AGREE = {
    "group_name": "Splott Mosque women's group",
    "show_group_name": "on",
    "group_kind": "community_group",
    "people_count": "30",
    "area": "Splott",
    "contact_email": "Women@Example.org",
}


def agree(client, discussion, target, capture, **changes):
    with capture(execute=True):
        return client.post(f"{discussion.url}submissions/{target.pk}/agree/", {**AGREE, **changes})


def confirm_from_mail(client, message):
    token = re.search(r"http://testserver\S+/confirm/\?token=(\S+)", message.body).group(1)
    return client.post(re.search(r"http://testserver(\S+/confirm/)", message.body).group(1), {"token": unquote(token)})


def test_agreeing_is_counted_once_confirmed_and_once_per_email(client, discussion, django_capture_on_commit_callbacks):
    target = submission(discussion)
    assert agree(client, discussion, target, django_capture_on_commit_callbacks).status_code == 200
    assert target.groups_count() == 1  # not before confirmation
    confirm_from_mail(client, mail.outbox[-1])
    assert target.groups_count() == 2
    assert target.people_total() == 12 + 30
    # Same group e-mail again (different case): confirming says "already counted".
    agree(client, discussion, target, django_capture_on_commit_callbacks, contact_email="women@example.org")
    response = confirm_from_mail(client, mail.outbox[-1])
    assert "Already counted" in response.content.decode()
    assert target.groups_count() == 2
    assert CoSignature.objects.filter(confirmed_at__isnull=False).count() == 1
    page = client.get(discussion.url).content.decode()
    assert "1 other group agrees" in page
    assert "together about 42 people" in page


def test_only_published_conclusions_can_be_agreed_with(client, discussion, django_capture_on_commit_callbacks):
    pending = submission(discussion, status=SubmissionStatus.PENDING)
    assert agree(client, discussion, pending, django_capture_on_commit_callbacks).status_code == 404
    assert not CoSignature.objects.exists()


def test_the_sender_cannot_co_sign_its_own_conclusions(client, discussion, django_capture_on_commit_callbacks):
    target = submission(discussion, contact_email="lunchclub@example.org")
    agree(client, discussion, target, django_capture_on_commit_callbacks, contact_email="LunchClub@example.org")
    confirm_from_mail(client, mail.outbox[-1])
    assert target.groups_count() == 1

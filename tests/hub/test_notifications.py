"""Publishing a response tells every confirmed contact once, through a task, by real SMTP too."""

import datetime

import pytest
from django.core import mail

from hub import tasks
from hub.choices import SubmissionStatus
from hub.models import CoSignature

from ..support.smtp import SmtpServer
from .factories import submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(discussion):
    first = submission(discussion, contact_email="lunchclub@example.org")
    submission(
        discussion, status=SubmissionStatus.REJECTED, contact_email="rejected@example.org", rejection_reason="off_topic"
    )
    submission(discussion, status=SubmissionStatus.UNCONFIRMED, contact_email="never-confirmed@example.org")
    # Same group twice (case differs): one message.
    submission(discussion, contact_email="LunchClub@example.org", conclusions="A second thought")
    from django.utils import timezone

    CoSignature.objects.create(
        submission=first,
        group_name="Faith forum",
        group_kind="community_group",
        people_count=40,
        area="Splott",
        contact_email="forum@example.org",
        confirmed_at=timezone.now(),
    )
    CoSignature.objects.create(
        submission=first,
        group_name="Unconfirmed",
        group_kind="informal",
        people_count=2,
        area="Splott",
        contact_email="unconfirmed-cosigner@example.org",
    )
    return first


def publish_response(discussion, capture):
    discussion.response = "<p>We will hold the next meeting online and in person.</p>"
    discussion.response_published_on = datetime.date.today()
    discussion.responded_by = "Cllr Jones, cabinet member"
    with capture(execute=True):
        discussion.save_revision().publish()


def test_one_message_per_confirmed_contact_even_when_the_task_runs_again(
    discussion, contacts, django_capture_on_commit_callbacks
):
    publish_response(discussion, django_capture_on_commit_callbacks)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    # Confirmed senders (rejected ones took part too, and confirmed) and confirmed co-signers, once each.
    assert recipients == ["forum@example.org", "lunchclub@example.org", "rejected@example.org"]
    assert all(discussion.full_url in message.body for message in mail.outbox)
    # The task run twice, and a second publish: nobody hears twice.
    assert tasks.notify_response.enqueue(discussion.pk, discussion.full_url).return_value == 0
    publish_response(discussion, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3


def test_no_message_before_a_response(discussion, contacts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        discussion.save_revision().publish()
    assert mail.outbox == []


def test_messages_go_through_a_real_smtp_server(discussion, contacts, settings, django_capture_on_commit_callbacks):
    with SmtpServer() as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.DEFAULT_FROM_EMAIL = "hub@portal.example"
        publish_response(discussion, django_capture_on_commit_callbacks)
        from ..support.ports import wait_for

        wait_for(lambda: len(smtp.messages) == 3, timeout=10, message="three messages delivered")
    delivered = sorted(item["to"][0] for item in smtp.messages)
    assert delivered == ["forum@example.org", "lunchclub@example.org", "rejected@example.org"]
    message = smtp.messages[0]["message"]
    assert message["From"] == "hub@portal.example"
    assert "has responded" in message["Subject"]
    assert discussion.full_url in message.get_content()

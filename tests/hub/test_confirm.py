"""Confirmation links: valid, expired, reused, tampered; a GET never confirms (mail scanners)."""

import datetime

import pytest
from django.core import signing
from django.utils import timezone

from hub import tokens
from hub.choices import SubmissionStatus
from hub.models import CoSignature, Submission
from hub.services import delete_unconfirmed

from .factories import submission

pytestmark = pytest.mark.django_db


def confirm_url(discussion, token):
    return f"{discussion.url}confirm/?token={token}"


@pytest.fixture
def unconfirmed(discussion):
    return submission(discussion, status=SubmissionStatus.UNCONFIRMED)


def token_for(row, kind=tokens.SUBMISSION):
    return tokens.make_token(kind, row.pk, row.contact_email)


def test_a_get_only_asks_and_a_post_confirms(client, discussion, unconfirmed):
    url = confirm_url(discussion, token_for(unconfirmed))
    page = client.get(url)
    assert page.status_code == 200
    assert "Yes, confirm" in page.content.decode()
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == SubmissionStatus.UNCONFIRMED
    done = client.post(url)
    assert done.status_code == 200
    assert "confirmed" in done.content.decode().lower()
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == SubmissionStatus.PENDING
    assert unconfirmed.confirmed_at is not None


def test_a_reused_link_changes_nothing(client, discussion, unconfirmed):
    url = confirm_url(discussion, token_for(unconfirmed))
    client.post(url)
    unconfirmed.refresh_from_db()
    first = unconfirmed.confirmed_at
    again = client.post(url)
    assert again.status_code == 200
    assert "Already confirmed" in again.content.decode()
    unconfirmed.refresh_from_db()
    assert unconfirmed.confirmed_at == first


def test_an_expired_link_explains_what_to_do(client, discussion, unconfirmed, monkeypatch):
    token = token_for(unconfirmed)
    later = timezone.now() + datetime.timedelta(days=8)
    monkeypatch.setattr(signing.time, "time", lambda: later.timestamp())
    response = client.post(confirm_url(discussion, token))
    assert response.status_code == 410
    assert "send the form again" in response.content.decode()
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == SubmissionStatus.UNCONFIRMED


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"), lambda t: "x" + t, lambda t: "nonsense"]
)
def test_a_tampered_link_is_refused(client, discussion, unconfirmed, mangle):
    response = client.post(confirm_url(discussion, mangle(token_for(unconfirmed))))
    assert response.status_code == 400
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == SubmissionStatus.UNCONFIRMED


def test_a_link_for_another_address_or_discussion_confirms_nothing(client, discussion, unconfirmed, hub_index):
    from .factories import DiscussionPageFactory

    forged = tokens.make_token(tokens.SUBMISSION, unconfirmed.pk, "someone-else@example.org")
    assert client.post(confirm_url(discussion, forged)).status_code == 404
    other = DiscussionPageFactory(parent=hub_index)
    assert client.post(confirm_url(other, token_for(unconfirmed))).status_code == 404
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == SubmissionStatus.UNCONFIRMED


def test_unconfirmed_rows_are_deleted_after_seven_days(discussion):
    old = submission(discussion, status=SubmissionStatus.UNCONFIRMED)
    Submission.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=7, minutes=1))
    fresh = submission(discussion, status=SubmissionStatus.UNCONFIRMED, contact_email="new@example.org")
    kept = submission(discussion, status=SubmissionStatus.APPROVED, contact_email="kept@example.org")
    Submission.objects.filter(pk=kept.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    old_cosignature = CoSignature.objects.create(
        submission=kept,
        group_name="Late",
        group_kind="informal",
        people_count=3,
        area="Splott",
        contact_email="l@example.org",
    )
    CoSignature.objects.filter(pk=old_cosignature.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    delete_unconfirmed()
    assert set(Submission.objects.values_list("pk", flat=True)) == {fresh.pk, kept.pk}
    assert not CoSignature.objects.exists()


def test_the_cleanup_command_deletes_stale_unconfirmed_rows(discussion):
    from django.core.management import call_command

    old = submission(discussion, status=SubmissionStatus.UNCONFIRMED)
    Submission.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    call_command("hub_cleanup")
    assert not Submission.objects.filter(pk=old.pk).exists()

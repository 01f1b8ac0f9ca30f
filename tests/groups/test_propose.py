"""Listing a group without an account: the form both ways, what is stored (nothing on a refusal, an
unconfirmed listing otherwise), the e-mail with both links (also through a real SMTP server), the
confirmation link, and the guards every public form has."""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from groups import services, tokens
from groups.choices import ListingStatus
from groups.models import GroupListing

from ..support.ports import wait_for
from ..support.smtp import SmtpServer

pytestmark = pytest.mark.django_db

URL = "/groups/new/"


@pytest.fixture
def valid(vocabularies):
    return {
        "name": "Grŵp Cinio Glan-yr-afon",
        "show_name": "on",
        "kind": "informal",
        "description": "Lunch <b>and</b> a chat.",
        "areas": "splott, cf24",
        "topics": [str(vocabularies["older"].pk)],
        "languages": [str(vocabularies["cy"].pk), str(vocabularies["pl"].pk)],
        "size": "10_50",
        "channel_url": "https://www.facebook.com/groups/example-cinio",
        "other_url": "",
        "meeting": "Thursdays 12:30, St Mary's hall",
        "contact_email": "cinio@example.org",
        "consent": "on",
    }


def post(client, capture, data, **changes):
    data = {k: v for k, v in {**data, **changes}.items() if v is not None}
    with capture(execute=True):
        return client.post(URL, data)


def confirm_url_from(body):
    return re.search(r"http://testserver(/groups/confirm/\?token=\S+)", body).group(1)


def manage_url_from(body):
    return re.search(r"http://testserver(/groups/manage/\?token=\S+)", body).group(1)


def test_the_form_is_private_with_csrf_and_honeypot(client, vocabularies):
    page = client.get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in html and 'name="website"' in html
    assert "no-store" in page["Cache-Control"]
    assert "Welsh" in html and "Older people" in html


def test_a_listing_is_stored_unconfirmed_and_both_links_are_mailed(client, valid, django_capture_on_commit_callbacks):
    response = post(client, django_capture_on_commit_callbacks, valid)
    assert response.status_code == 200, response.content.decode()[:3000]
    assert "Check your e-mail" in response.content.decode()
    listing = GroupListing.objects.get()
    assert listing.status == ListingStatus.UNCONFIRMED
    assert [a.name for a in listing.areas.order_by("name")] == ["CF24", "splott"]
    assert {language.code for language in listing.languages.all()} == {"cy", "pl"}
    assert listing.description == "Lunch <b>and</b> a chat."
    (message,) = mail.outbox
    assert message.to == ["cinio@example.org"]
    assert confirm_url_from(message.body) and manage_url_from(message.body)
    # Nothing public before confirmation and moderation.
    assert "Cinio" not in client.get("/groups/").content.decode()
    assert client.get(f"/groups/{listing.pk}/").status_code == 404


def test_confirming_asks_then_confirms_once_and_waits_for_moderation(client, valid, django_capture_on_commit_callbacks):
    post(client, django_capture_on_commit_callbacks, valid)
    url = confirm_url_from(mail.outbox[0].body)
    token = url.split("token=")[1]
    ask = client.get(url)
    assert ask.status_code == 200 and "Yes, confirm" in ask.content.decode()
    assert GroupListing.objects.get().status == ListingStatus.UNCONFIRMED  # a GET (a mail scanner) confirms nothing
    done = client.post(reverse("groups:confirm"), {"token": token.replace("%3A", ":")})
    assert "Thank you: confirmed" in done.content.decode()
    listing = GroupListing.objects.get()
    assert listing.status == ListingStatus.PENDING and listing.confirmed_at
    again = client.post(reverse("groups:confirm"), {"token": token.replace("%3A", ":")})
    assert "Already confirmed" in again.content.decode()
    assert client.get(f"/groups/{listing.pk}/").status_code == 404


def test_an_altered_link_or_a_manage_token_does_not_confirm(client, valid, django_capture_on_commit_callbacks):
    post(client, django_capture_on_commit_callbacks, valid)
    listing = GroupListing.objects.get()
    altered = tokens.make_confirm_token(listing)[:-2] + "xx"
    assert client.post(reverse("groups:confirm"), {"token": altered}).status_code == 400
    other_kind = tokens.make_manage_token(listing)
    assert client.post(reverse("groups:confirm"), {"token": other_kind}).status_code == 400
    assert GroupListing.objects.get().status == ListingStatus.UNCONFIRMED


def test_an_expired_link_explains(client, valid, django_capture_on_commit_callbacks):
    post(client, django_capture_on_commit_callbacks, valid)
    token = tokens.make_confirm_token(GroupListing.objects.get())
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.post(reverse("groups:confirm"), {"token": token})
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert GroupListing.objects.get().status == ListingStatus.UNCONFIRMED


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"areas": ""}, "areas", "roughly where"),
        ({"areas": "CF24 3AA"}, "areas", "first part of the postcode"),
        ({"areas": "a, b, c, d, e, f"}, "areas", "at most 5"),
        ({"meeting": "Ring 029 2046 0000 first"}, "meeting", "phone numbers"),
        ({"description": "Call +44 7700 900123"}, "description", "phone numbers"),
        ({"channel_url": "javascript:alert(1)"}, "channel_url", ""),
        ({"channel_url": "ftp://files.example.org/x"}, "channel_url", "https://"),
        ({"other_url": "https://example.org/" + "a" * 600}, "other_url", "500 characters"),
        ({"description": "x" * 1001}, "description", "1000 characters"),
        ({"name": "x" * 121}, "name", "120 characters"),
        ({"meeting": "x" * 201}, "meeting", "200 characters"),
        ({"areas": "x" * 301}, "areas", "300 characters"),
        ({"contact_email": "not an address"}, "contact_email", ""),
        ({"consent": None}, "consent", "tick to agree"),
        ({"kind": "company"}, "kind", ""),
        ({"languages": ["999999"]}, "languages", ""),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_stored(
    client, valid, django_capture_on_commit_callbacks, changes, field, message
):
    response = post(client, django_capture_on_commit_callbacks, valid, **changes)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in " ".join(response.context["form"].errors[field])
    assert GroupListing.objects.count() == 0
    assert mail.outbox == []


def test_the_honeypot_refuses_and_stores_nothing(client, valid, django_capture_on_commit_callbacks):
    response = post(client, django_capture_on_commit_callbacks, valid, website="http://spam.example")
    assert response.status_code == 400
    assert GroupListing.objects.count() == 0 and mail.outbox == []


def test_csrf_is_enforced():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URL, {"name": "x"})
    assert response.status_code == 403


def test_rate_limited_per_browser(client, valid, settings, django_capture_on_commit_callbacks):
    settings.GROUPS_RATE_PER_BROWSER = (2, 3600)
    for n in range(2):
        assert (
            post(client, django_capture_on_commit_callbacks, valid, contact_email=f"g{n}@example.org").status_code
            == 200
        )
    refused = post(client, django_capture_on_commit_callbacks, valid, contact_email="g3@example.org")
    assert refused.status_code == 429 and refused["Retry-After"]
    assert GroupListing.objects.count() == 2


def test_rate_limited_per_address(client, valid, settings, django_capture_on_commit_callbacks):
    settings.GROUPS_RATE_PER_ADDRESS = (1, 3600)
    assert post(client, django_capture_on_commit_callbacks, valid).status_code == 200
    client.cookies.clear()  # a new browser from the same address
    assert post(client, django_capture_on_commit_callbacks, valid).status_code == 429
    assert GroupListing.objects.count() == 1


def test_unconfirmed_listings_are_forgotten_after_a_week(client, valid, django_capture_on_commit_callbacks):
    post(client, django_capture_on_commit_callbacks, valid)
    GroupListing.objects.update(created_at=timezone.now() - timedelta(days=6))
    assert services.delete_unconfirmed() == 0
    GroupListing.objects.update(created_at=timezone.now() - timedelta(days=8))
    out = io.StringIO()
    call_command("groups_cleanup", stdout=out)
    assert "Deleted 1 unconfirmed listings" in out.getvalue()
    assert GroupListing.objects.count() == 0


def test_the_confirmation_goes_through_a_real_smtp_server(client, valid, settings, django_capture_on_commit_callbacks):
    with SmtpServer() as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        post(client, django_capture_on_commit_callbacks, valid)
        wait_for(lambda: len(smtp.messages) == 1, timeout=10, message="confirmation delivered")
    assert smtp.messages[0]["to"] == ["cinio@example.org"]
    assert "/groups/confirm/?token=" in smtp.messages[0]["message"].get_content()

"""Asking for a listing's private link again (/groups/manage/resend/): the link goes by e-mail (a task
after the commit, also through a real SMTP server) to a confirmed listing's own address only; the
page answers the same whether or not the address is known; CSRF, honeypot, size limit, and rate
limits per browser, per address and per e-mail address."""

import re

import pytest
from django.core import mail
from django.test import Client

from groups.choices import ListingStatus

from ..support.ports import wait_for
from ..support.smtp import SmtpServer
from .factories import ListingFactory

pytestmark = pytest.mark.django_db

URL = "/groups/manage/resend/"


def ask(client, capture, email, **extra):
    with capture(execute=True):
        return client.post(URL, {"contact_email": email, **extra})


def answer(response):
    """The page's main text, without what differs between any two requests (CSRF token, CSP nonce)."""
    html = response.content.decode()
    return re.sub(r'(nonce|value)="[^"]*"', "", html[html.index("<main") : html.index("</main>")])


def test_the_form_is_private_with_csrf_and_honeypot(client):
    page = client.get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in html and 'name="website"' in html
    assert '<label for="id_contact_email">' in html and 'maxlength="254"' in html
    assert "no-store" in page["Cache-Control"] and 'content="noindex"' in html


def test_a_confirmed_listing_gets_its_private_link_at_its_own_address(client, django_capture_on_commit_callbacks):
    listing = ListingFactory(name="Lunch club", contact_email="Lunch.Club@example.org")

    response = ask(client, django_capture_on_commit_callbacks, "lunch.club@EXAMPLE.org")

    assert response.status_code == 200
    assert "If a confirmed listing uses this address" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["Lunch.Club@example.org"]  # the stored address, not the typed one
    assert "Lunch club" in message.body
    manage = re.search(r"http://testserver(/groups/manage/\?token=\S+)", message.body).group(1)
    page = client.get(manage)
    assert page.status_code == 200 and "Update or remove your listing" in page.content.decode()
    assert page.context["listing"] == listing


@pytest.mark.parametrize("status", [ListingStatus.PENDING, ListingStatus.REJECTED])
def test_a_confirmed_listing_not_public_gets_its_link_too(client, django_capture_on_commit_callbacks, status):
    ListingFactory(contact_email="waiting@example.org", status=status)
    ask(client, django_capture_on_commit_callbacks, "waiting@example.org")
    assert [message.to for message in mail.outbox] == [["waiting@example.org"]]


def test_each_listing_with_the_address_gets_its_own_link(client, django_capture_on_commit_callbacks):
    ListingFactory(name="First", contact_email="two@example.org")
    ListingFactory(name="Second", contact_email="two@example.org")
    ask(client, django_capture_on_commit_callbacks, "two@example.org")
    assert sorted(message.body.split('"')[1] for message in mail.outbox) == ["First", "Second"]


def test_the_answer_is_the_same_for_a_known_an_unknown_and_an_unconfirmed_address(
    client, django_capture_on_commit_callbacks
):
    ListingFactory(contact_email="known@example.org")
    ListingFactory(contact_email="unconfirmed@example.org", status=ListingStatus.UNCONFIRMED, confirmed_at=None)

    known = ask(client, django_capture_on_commit_callbacks, "known@example.org")
    unknown = ask(client, django_capture_on_commit_callbacks, "nobody@example.org")
    unconfirmed = ask(client, django_capture_on_commit_callbacks, "unconfirmed@example.org")

    assert known.status_code == unknown.status_code == unconfirmed.status_code == 200
    assert answer(known) == answer(unknown) == answer(unconfirmed)
    for response in (known, unknown, unconfirmed):
        assert "example.org" not in response.content.decode()  # the address is never echoed
    assert [message.to for message in mail.outbox] == [["known@example.org"]]


def test_the_honeypot_refuses_and_sends_nothing(client, django_capture_on_commit_callbacks):
    ListingFactory(contact_email="known@example.org")
    response = ask(client, django_capture_on_commit_callbacks, "known@example.org", website="http://spam.example")
    assert response.status_code == 400
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Please give the e-mail address you listed your group with."),
        ("not an address", "Please give an e-mail address, such as name@example.org."),
        ("a" * 250 + "@example.org", "An e-mail address has at most 254 characters (this one has 262)."),
    ],
)
def test_a_missing_bad_or_oversized_address_is_refused_clearly(
    client, django_capture_on_commit_callbacks, email, message
):
    response = ask(client, django_capture_on_commit_callbacks, email)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert mail.outbox == []


def test_csrf_is_enforced():
    assert Client(enforce_csrf_checks=True).post(URL, {"contact_email": "a@example.org"}).status_code == 403


def test_rate_limited_per_browser(client, settings, django_capture_on_commit_callbacks):
    settings.GROUPS_RESEND_RATE_PER_BROWSER = (2, 3600)
    ListingFactory(contact_email="known@example.org")
    for _ in range(2):
        assert ask(client, django_capture_on_commit_callbacks, "known@example.org").status_code == 200
    refused = ask(client, django_capture_on_commit_callbacks, "known@example.org")
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "Please wait a while" in refused.content.decode()
    assert len(mail.outbox) == 2


def test_rate_limited_per_address(client, settings, django_capture_on_commit_callbacks):
    settings.GROUPS_RESEND_RATE_PER_ADDRESS = (1, 3600)
    ListingFactory(contact_email="known@example.org")
    assert ask(client, django_capture_on_commit_callbacks, "known@example.org").status_code == 200
    client.cookies.clear()  # a new browser from the same address
    assert ask(client, django_capture_on_commit_callbacks, "known@example.org").status_code == 429
    assert len(mail.outbox) == 1


def test_one_address_gets_few_links_whoever_asks_and_the_answer_does_not_change(
    settings, django_capture_on_commit_callbacks
):
    settings.GROUPS_RESEND_PER_EMAIL = (1, 86400)
    ListingFactory(contact_email="known@example.org")
    first = ask(Client(REMOTE_ADDR="192.0.2.1"), django_capture_on_commit_callbacks, "known@example.org")
    second = ask(Client(REMOTE_ADDR="192.0.2.2"), django_capture_on_commit_callbacks, "KNOWN@example.org")
    assert first.status_code == second.status_code == 200
    assert answer(first) == answer(second)
    assert len(mail.outbox) == 1


def test_the_link_goes_through_a_real_smtp_server(client, settings, django_capture_on_commit_callbacks):
    ListingFactory(contact_email="known@example.org")
    with SmtpServer() as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        ask(client, django_capture_on_commit_callbacks, "known@example.org")
        wait_for(lambda: len(smtp.messages) == 1, timeout=10, message="private link delivered")
    assert smtp.messages[0]["to"] == ["known@example.org"]
    assert "/groups/manage/?token=" in smtp.messages[0]["message"].get_content()


def test_the_private_link_pages_lead_to_the_form(client):
    assert 'href="/groups/manage/resend/"' in client.get("/groups/new/").content.decode()
    assert 'href="/groups/manage/resend/"' in client.get("/groups/manage/?token=nonsense").content.decode()

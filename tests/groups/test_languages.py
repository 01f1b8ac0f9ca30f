"""The directory in the visitor's language (docs/languages.md, docs/groups.md): its pages under /cy/
and /ar/ (its feeds and export unprefixed), e-mails in the language the group listed itself in with
links in that language, and listings that keep the language they are written in (lang and dir where
they are shown, xml:lang in Atom, a "written in" filter), distinct from the languages they speak."""

import re

import pytest
from django.core import mail

from groups import moderation
from groups.choices import ListingStatus
from groups.models import GroupListing

from ..support.ports import wait_for
from ..support.smtp import SmtpServer
from .factories import ListingFactory, directory_moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def valid(vocabularies):
    return {
        "name": "Grŵp Cinio Glan-yr-afon",
        "show_name": "on",
        "kind": "informal",
        "description": "Cinio a sgwrs bob dydd Iau.",
        "areas": "Splott",
        "languages": [str(vocabularies["cy"].pk)],
        "size": "10_50",
        "contact_email": "cinio@example.org",
        "consent": "on",
    }


def post(client, capture, path, data):
    with capture(execute=True):
        return client.post(path, data)


def test_the_directory_pages_answer_in_every_language(client, vocabularies):
    listing = ListingFactory(name="Lunch club")
    assert "Community groups directory" in client.get("/groups/").content.decode()
    welsh = client.get("/cy/groups/").content.decode()
    assert "Cyfeiriadur grwpiau cymunedol" in welsh and '<html lang="cy"' in welsh
    assert f'href="/cy/groups/{listing.pk}/"' in welsh and 'href="/cy/groups/new/"' in welsh
    arabic = client.get("/ar/groups/new/").content.decode()
    assert 'dir="rtl"' in arabic and "أدرجوا مجموعتكم" in arabic
    assert client.get(f"/cy/groups/{listing.pk}/").status_code == 200
    assert client.get("/cy/groups/manage/resend/").status_code == 200


def test_feeds_and_export_stay_unprefixed(client, vocabularies):
    for path in ("/groups/feed/rss/", "/groups/feed/atom/", "/groups/export.csv"):
        assert client.get(path).status_code == 200
        assert client.get(f"/cy{path}").status_code == 404
    welsh = client.get("/cy/groups/").content.decode()
    assert 'href="/groups/export.csv"' in welsh and 'href="/groups/feed/rss/"' in welsh


def test_a_welsh_listing_is_confirmed_in_welsh_with_welsh_links(client, valid, django_capture_on_commit_callbacks):
    response = post(client, django_capture_on_commit_callbacks, "/cy/groups/new/", valid)
    assert response.status_code == 200, response.content.decode()[:2000]
    assert "Gwiriwch eich e-bost" in response.content.decode()
    listing = GroupListing.objects.get()
    assert (listing.interface_language, listing.written_in) == ("cy", "cy")
    [message] = mail.outbox
    assert message.subject == "Cadarnhewch restriad eich grŵp"
    assert "Nid yw eich cyfeiriad e-bost byth yn cael ei gyhoeddi." in message.body
    confirm = re.search(r"http://testserver(/cy/groups/confirm/\?token=\S+)", message.body).group(1)
    assert re.search(r"http://testserver/cy/groups/manage/\?token=\S+", message.body)
    assert "Cadarnhewch restriad eich grŵp" in client.get(confirm).content.decode()


def test_the_welsh_confirmation_goes_through_a_real_smtp_server(
    client, valid, settings, django_capture_on_commit_callbacks
):
    with SmtpServer() as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        post(client, django_capture_on_commit_callbacks, "/cy/groups/new/", valid)
        wait_for(lambda: len(smtp.messages) == 1, timeout=10, message="confirmation delivered")
    message = smtp.messages[0]["message"]
    assert message["Subject"].strip() == "Cadarnhewch restriad eich grŵp"
    assert "http://testserver/cy/groups/confirm/?token=" in message.get_content()


def test_the_decision_is_in_the_groups_language_whoever_moderates(client, django_capture_on_commit_callbacks):
    listing = ListingFactory(
        name="Grŵp Garddio", status=ListingStatus.PENDING, contact_email="gardd@example.org", interface_language="cy"
    )
    client.force_login(directory_moderator())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/groups/moderate/{listing.pk}/approve/", {"status": "pending"})
    [message] = mail.outbox
    assert message.subject == "Mae eich grŵp wedi’i restru bellach"
    assert f"http://testserver/cy/groups/{listing.pk}/" in message.body
    assert "http://testserver/cy/groups/manage/?token=" in message.body


def test_a_refusal_gives_its_reason_in_the_groups_language(django_capture_on_commit_callbacks):
    listing = ListingFactory(status=ListingStatus.PENDING, interface_language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.act(
            listing, directory_moderator(), moderation.REJECT, reason="duplicate", urls_for=lambda row: ("/p/", "/m/")
        )
    [message] = mail.outbox
    assert message.subject == "لم تُنشر قائمة مجموعتكم"
    assert "مُدرجة من قبل" in message.body


def test_the_private_link_is_sent_again_in_the_groups_language(client, django_capture_on_commit_callbacks):
    ListingFactory(contact_email="gardd@example.org", interface_language="cy")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/groups/manage/resend/", {"contact_email": "gardd@example.org"})
    [message] = mail.outbox
    assert message.subject == "Eich dolen breifat i restriad eich grŵp"
    assert "http://testserver/cy/groups/manage/?token=" in message.body


def test_a_listing_records_the_language_it_is_written_in(client, valid, django_capture_on_commit_callbacks):
    post(client, django_capture_on_commit_callbacks, "/groups/new/", {**valid, "written_in": "cy"})
    listing = GroupListing.objects.get()
    assert (listing.interface_language, listing.written_in) == ("en", "cy")
    GroupListing.objects.update(status=ListingStatus.APPROVED)
    page = client.get(f"/groups/{listing.pk}/").content.decode()
    assert '<h1 lang="cy" dir="ltr">Grŵp Cinio Glan-yr-afon</h1>' in page
    assert '<p lang="cy" dir="ltr">Cinio a sgwrs bob dydd Iau.</p>' in page
    # The language it is written in links to the other listings written in it.
    assert 'href="/groups/?written_in=cy" lang="cy">Cymraeg</a>' in page
    # The languages its members speak are another thing, named so.
    assert "Languages spoken" in page and "Welsh" in page
    card = client.get("/groups/").content.decode()
    assert f'<a href="/groups/{listing.pk}/" lang="cy" dir="ltr">Grŵp Cinio Glan-yr-afon</a>' in card


def test_an_arabic_listing_is_marked_right_to_left(client, vocabularies):
    listing = ListingFactory(name="جمعية الجالية", written_in="ar", description="نلتقي كل أسبوع")
    page = client.get(f"/groups/{listing.pk}/").content.decode()
    assert '<h1 lang="ar" dir="rtl">جمعية الجالية</h1>' in page
    assert '<p lang="ar" dir="rtl">نلتقي كل أسبوع</p>' in page


def test_a_hidden_name_is_not_marked_with_the_listings_language(client, vocabularies):
    listing = ListingFactory(name="Cudd", show_name=False, written_in="ar", areas=["WS3"])
    page = client.get(f"/groups/{listing.pk}/").content.decode()
    assert "<h1>A group in WS3</h1>" in page


def names(response):
    return sorted(re.findall(r'<h2 id="group-\d+"><a href="[^"]+"[^>]*>([^<]+)</a>', response.content.decode()))


def test_the_written_in_filter_combines_with_the_others_and_is_kept(client, vocabularies):
    ListingFactory(name="Grŵp Splott", written_in="cy", areas=["Splott"])
    ListingFactory(name="Grŵp Grangetown", written_in="cy", areas=["Grangetown"])
    ListingFactory(name="Splott parents", written_in="en", areas=["Splott"], languages=["cy"])
    assert names(client.get("/groups/?written_in=cy")) == ["Grŵp Grangetown", "Grŵp Splott"]
    assert names(client.get("/groups/?written_in=cy&area=splott")) == ["Grŵp Splott"]
    # Speaking Welsh is not writing the listing in Welsh.
    assert names(client.get("/groups/?language=cy")) == ["Splott parents"]
    html = client.get("/cy/groups/?written_in=cy&area=splott").content.decode()
    assert '<option value="cy" selected>Cymraeg</option>' in html
    assert 'href="/groups/export.csv?written_in=cy&amp;area=splott"' in html
    for n in range(21):
        ListingFactory(name=f"Grŵp {n:02d}", written_in="cy")
    assert 'href="?written_in=cy&amp;page=2"' in client.get("/groups/?written_in=cy").content.decode()


@pytest.mark.parametrize("value", ["zz", "cy\x00", "cy' OR '1'='1", '"><script>', "c" * 10_000])
def test_a_written_in_that_is_no_language_is_ignored(client, vocabularies, value):
    ListingFactory(name="Grŵp Splott", written_in="cy")
    response = client.get("/groups/", {"written_in": value})
    assert response.status_code == 200
    assert names(response) == ["Grŵp Splott"]


def test_atom_entries_carry_the_language_they_are_written_in(client, vocabularies):
    ListingFactory(name="Grŵp Splott", written_in="cy")
    ListingFactory(name="جمعية", written_in="ar")
    atom = client.get("/groups/feed/atom/").content.decode()
    assert re.search(r'<entry xml:lang="cy"><title>Grŵp Splott</title>', atom)
    assert re.search(r'<entry xml:lang="ar"><title>جمعية</title>', atom)

"""Attendees' details never leave the admin: not on the event page, the listing, the sign-up pages,
the calendar files, the feed, the JSON-LD or the sitemap. The attendee list and CSV are for those
who may edit the event, and refused to everyone else."""

import pytest

from events.signup.admin_views import admin_url

from .factories import RegistrationFactory, admin_user, with_signups

pytestmark = pytest.mark.django_db

NAME, EMAIL, NEEDS = "Zebedee Quillfeather", "zebedee.private@example.org", "Needs a quiet seat near door 7"


@pytest.fixture
def event(index):
    event = with_signups(parent=index, capacity=1)
    RegistrationFactory(event=event, name=NAME, email=EMAIL, accessibility_needs=NEEDS)
    RegistrationFactory(event=event, name="Waiting Wendy", email="wendy@example.org", status="waiting")
    return event


def test_attendee_details_are_on_no_public_page_or_feed(client, index, event):
    urls = [
        event.url,
        event.url + "signup/",
        event.url + "calendar.ics",
        index.url,
        index.url + "calendar.ics",
        index.url + "feed/",
        "/sitemap.xml",
        "/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in (NAME, EMAIL, NEEDS, "Waiting Wendy", "wendy@example.org"):
            assert secret not in body, (url, secret)


def test_editors_of_the_event_see_and_export_the_attendees(client, index, event):
    client.force_login(admin_user("organiser", edits=index))
    page = client.get(admin_url("list", event.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert NAME in html and EMAIL in html and NEEDS in html and "Waiting Wendy" in html
    csv = client.get(admin_url("csv", event.pk))
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "name,email,places,status,accessibility_needs,signed_up_at,promoted_at"
    assert f"{NAME},{EMAIL},1,confirmed,{NEEDS}" in text
    # The header button on the page's edit view.
    assert admin_url("list", event.pk) in client.get(f"/admin/pages/{event.pk}/edit/").content.decode()


def test_a_formula_in_a_name_is_exported_as_text(client, index, event):
    RegistrationFactory(event=event, name="=HYPERLINK(1)")
    client.force_login(admin_user("organiser", edits=index))
    assert "'=HYPERLINK(1)" in client.get(admin_url("csv", event.pk)).content.decode("utf-8-sig")


def test_other_admin_users_and_visitors_are_refused(client, home, index, event):
    from .factories import EventIndexPageFactory

    elsewhere = EventIndexPageFactory(parent=home, slug="other-events", title="Other events")
    for user in (admin_user("no-pages"), admin_user("other-section", edits=elsewhere)):
        client.force_login(user)
        for url in (admin_url("list", event.pk), admin_url("csv", event.pk)):
            refused = client.get(url)
            # Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message.
            assert (refused.status_code, refused["Location"]) == (302, "/admin/"), user
            assert NAME not in refused.content.decode()
        client.logout()
    anonymous = client.get(admin_url("csv", event.pk))
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]

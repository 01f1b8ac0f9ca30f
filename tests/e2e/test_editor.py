"""The editor's journey: an event published in the Wagtail admin, given a live wall, found by the public."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .helpers import log_in, marker

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

SITE_ZONE = ZoneInfo("Europe/London")  # settings.TIME_ZONE; the admin shows and reads times in it


def admin_time(moment):
    return moment.astimezone(SITE_ZONE).strftime("%Y-%m-%d %H:%M")


def test_editor_publishes_an_event_with_a_wall_and_the_public_finds_it(open_page, portal):
    title = f"Tenants' forum {marker()}"
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    wall_slug = f"wall-{marker()}"
    now = datetime.now(SITE_ZONE)

    editor = log_in(open_page(), portal.admin)
    # From the public listing, as an editor would: its "edit" link leads to the index page in the admin.
    editor.goto("/events/")
    index_id = re.search(r"/admin/pages/(\d+)/", editor.locator("a[href*='/admin/pages/']").first.get_attribute("href"))
    editor.goto(f"/admin/pages/{index_id.group(1)}/add_subpage/")
    editor.wait_for_url(re.compile(r"/admin/pages/add/events/eventpage/\d+/"))

    editor.get_by_label("Title", exact=False).first.fill(title)
    editor.get_by_label("Summary").fill("Residents and the council on repairs, damp and rent.")
    editor.get_by_label("Start").fill(admin_time(now - timedelta(minutes=30)))
    editor.keyboard.press("Escape")
    editor.get_by_label("End").fill(admin_time(now + timedelta(hours=3)))
    editor.keyboard.press("Escape")
    editor.get_by_label("Format").select_option(label="Hybrid")
    editor.get_by_label("Venue name").fill("Eastgate Community Centre")
    editor.get_by_label("Joining link").fill("https://meet.example.org/tenants")
    editor.get_by_label("Hashtag").fill("#TenantsForum")
    editor.get_by_label("Step free access").check()

    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Publish").click()
    expect(editor.locator(".messages")).to_contain_text("published")

    # A wall for it, from the "Live walls" menu.
    editor.get_by_role("button", name="Live walls").click()
    editor.get_by_role("link", name="Walls").click()
    editor.get_by_role("link", name=re.compile("Add")).first.click()
    editor.get_by_label("Title").fill(f"{title}: live wall")
    editor.get_by_label("Slug").fill(wall_slug)
    choose_page(editor, title)
    editor.get_by_label(re.compile("Post-moderated")).check()
    editor.get_by_role("button", name="Save").click()
    expect(editor.locator(".messages")).to_contain_text("created")

    # The public sees it: on the listing, live, with a way to the wall ...
    visitor = open_page("/events/")
    card = visitor.locator(".event-card").filter(has_text=title)
    expect(card).to_have_count(1)
    expect(card.locator(".badge.live")).to_have_text("Live now")
    expect(card).to_contain_text("Eastgate Community Centre and online")
    expect(card.get_by_role("link", name=re.compile("Join the live wall"))).to_have_attribute(
        "href", f"/walls/{wall_slug}/"
    )
    # ... on the home page's "live now" slot ...
    visitor.goto("/")
    live = visitor.locator(".home-live-now li").filter(has_text=title)
    expect(live).to_have_count(1)
    expect(live.get_by_role("link", name=re.compile("Join the live wall"))).to_have_attribute("href", f"/walls/{wall_slug}/")
    # ... and on the event page, which leads to a working wall.
    live.get_by_role("link", name=title).click()
    visitor.wait_for_url(re.compile(rf"/events/{slug}/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    expect(visitor.get_by_text("#tenantsforum")).to_be_visible()
    visitor.get_by_role("link", name="Open the live wall").click()
    visitor.wait_for_url(re.compile(rf"/walls/{wall_slug}/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(f"{title}: live wall")
    expect(visitor.locator("form[data-contribute]")).to_be_visible()


def choose_page(editor, title):
    """Wagtail's page chooser: open it, search for the page, pick it."""
    editor.get_by_role("button", name=re.compile("Choose a page", re.I)).click()
    modal = editor.locator(".modal-dialog")
    modal.get_by_role("textbox").first.fill(title)
    modal.get_by_role("link", name=title).click()
    expect(editor.locator("[data-chooser-title], .chooser__title").filter(has_text=title).first).to_be_visible()

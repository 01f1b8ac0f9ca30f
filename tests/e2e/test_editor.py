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
    # From the public listing, as an editor would: the Wagtail user bar adds a page under it.
    editor.goto("/events/")
    editor.get_by_role("button", name="View Wagtail quick actions").click()
    editor.get_by_role("menuitem", name="Add a child page").click()
    editor.wait_for_url(re.compile(r"/admin/pages/add/events/eventpage/\d+/$"))
    wait_for_change_tracking(editor)

    editor.locator("#id_title").fill(title)
    editor.locator("#id_summary").fill("Residents and the council on repairs, damp and rent.")
    editor.locator("#id_start").fill(admin_time(now - timedelta(minutes=30)))
    editor.keyboard.press("Escape")
    editor.locator("#id_end").fill(admin_time(now + timedelta(hours=3)))
    editor.keyboard.press("Escape")
    editor.locator("#id_format").select_option(label="Hybrid")
    editor.locator("#id_venue_name").fill("Eastgate Community Centre")
    editor.locator("#id_joining_link").fill("https://meet.example.org/tenants")
    editor.locator("#id_hashtag").fill("#TenantsForum")
    editor.locator("#id_step_free_access").select_option(label="Yes")
    wait_for_autosave(editor)
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Publish").click()
    expect(editor.locator(".messages")).to_contain_text(re.compile(rf"Page '{re.escape(title)}' .*published"))

    # A wall for it, from the "Live walls" menu.
    editor.get_by_role("button", name="Live walls").click()
    editor.get_by_role("link", name="Walls", exact=True).click()
    editor.get_by_role("link", name="Add wall").click()
    editor.locator("#id_title").fill(f"{title}: live wall")
    editor.locator("#id_slug").fill(wall_slug)
    editor.get_by_role("button", name="Choose a page (Event page)").click()
    chooser = editor.locator(".modal-dialog")
    chooser.get_by_role("textbox").first.fill(title)
    chooser.get_by_role("link", name=title).click()
    expect(editor.locator("[data-chooser-title]")).to_have_text(title)
    editor.locator("#id_moderation_mode").select_option("post")
    editor.get_by_role("button", name="Create").click()
    expect(editor.locator(".messages")).to_contain_text(f"Wall '{title}: live wall' created.")

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
    expect(live.get_by_role("link", name=re.compile("Join the live wall"))).to_have_attribute(
        "href", f"/walls/{wall_slug}/"
    )
    # ... and on the event page, which leads to a working wall.
    live.get_by_role("link", name=title, exact=True).click()
    visitor.wait_for_url(re.compile(rf"/events/{slug}/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    expect(visitor.locator(".event-facts").get_by_text("#tenantsforum")).to_be_visible()
    visitor.get_by_role("link", name="Open the live wall").click()
    visitor.wait_for_url(re.compile(rf"/walls/{wall_slug}/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(f"{title}: live wall")
    expect(visitor.locator("form[data-contribute]")).to_be_visible()


def wait_for_change_tracking(editor):
    """Wagtail's editor takes the form's starting point 2 s after it appears (w-unsaved's initial
    delay): what is typed before then counts as the starting point, is never seen as a change and
    is never autosaved. A person is slower than that; the test waits as they would."""
    editor.wait_for_function(
        """() => {
            const form = document.querySelector('form[data-controller~="w-unsaved"]');
            const tracker = form && window.wagtail?.app?.getControllerForElementAndIdentifier(form, "w-unsaved");
            return Boolean(tracker && tracker.initialFormData);
        }""",
        timeout=10_000,
    )


def wait_for_autosave(editor):
    """Wagtail 8 saves a draft by itself shortly after each change (the first one creates the page):
    wait for "Saved", as a person would see it, so that Publish does not race the draft's creation."""
    indicator = editor.locator("#w-autosave-indicator")
    if indicator.count():
        expect(indicator).to_have_attribute("data-w-autosave-state-value", "saved")

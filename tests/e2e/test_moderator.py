"""The moderator's journey on a pre-moderated wall, from the Wagtail admin's "Live walls" menu."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import PHONE, QUEUED_WALL, SCREEN, contribute, log_in, marker, wall_post

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def open_queue_from_the_menu(page, slug):
    page.get_by_role("button", name="Live walls").click()
    page.get_by_role("link", name="Moderation queues").click()
    page.wait_for_url(re.compile(r"/admin/live-walls/moderate/$"))
    page.locator(f'a[href$="/live-walls/moderate/{slug}/"]').click()
    page.wait_for_url(re.compile(rf"/admin/live-walls/moderate/{slug}/$"))
    return page


def test_moderator_approves_with_the_keyboard_then_hides(open_page, portal):
    screen = open_page(f"/walls/{QUEUED_WALL}/screen/", **SCREEN)
    queue = open_queue_from_the_menu(log_in(open_page(), portal.moderator), QUEUED_WALL)
    expect(queue.locator(".moderation-post").first).to_be_visible()  # the demo's waiting posts
    pending_before = int(queue.locator('[data-count="pending"]').inner_text())

    phone = open_page(f"/walls/{QUEUED_WALL}/", **PHONE)
    text = f"Can we talk about bus routes? {marker()}"
    contribute(phone, text, name="Ade", attending="I'm in the room")
    expect(phone.locator("[data-form-status]")).to_have_text(
        "Thank you, a moderator will check your message before it appears."
    )

    # The queue shows it without a reload; viewers do not see it yet.
    row = queue.locator(".moderation-post").filter(has_text=text)
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-status", "pending")
    expect(queue.locator(".moderation-post").first).to_have_attribute("data-post-id", row.get_attribute("data-post-id"))
    expect(queue.locator('[data-count="pending"]')).to_have_text(str(pending_before + 1))
    expect(queue.locator("[data-live-status]")).to_have_text("New post from Ade")
    expect(wall_post(screen, text)).to_have_count(0)
    expect(wall_post(phone, text)).to_have_count(0)

    # J moves to the first (newest) post, A approves it: it reaches the open screen.
    queue.keyboard.press("j")
    expect(row).to_be_focused()
    queue.keyboard.press("a")
    expect(row).to_have_attribute("data-status", "approved")
    expect(row.locator('[data-field="status_label"]')).to_have_text("Approved")
    expect(wall_post(screen, text)).to_have_count(1, timeout=2_000)
    expect(wall_post(phone, text)).to_have_count(1, timeout=2_000)

    # Back to it with K, H hides it: it leaves every screen.
    queue.keyboard.press("k")
    expect(row).to_be_focused()
    queue.keyboard.press("h")
    expect(row).to_have_attribute("data-status", "hidden")
    expect(wall_post(screen, text)).to_have_count(0, timeout=2_000)
    expect(wall_post(phone, text)).to_have_count(0, timeout=2_000)

    # Both actions are in the moderation log, with who did them.
    queue.goto("/admin/live-walls/moderate/")
    queue.get_by_role("button", name="Live walls").click()
    queue.get_by_role("link", name="Moderation log").click()
    entries = queue.locator("table tbody tr").filter(has_text=portal.moderator.username)
    expect(entries.filter(has_text=re.compile("approve", re.I)).first).to_be_visible()
    expect(entries.filter(has_text=re.compile("hid", re.I)).first).to_be_visible()

    screen.reload()
    expect(wall_post(screen, text)).to_have_count(0)


def test_a_queue_filtered_by_language_takes_in_only_new_posts_in_that_language(open_page, portal):
    queue = log_in(open_page(), portal.moderator)
    queue.goto(f"/admin/live-walls/moderate/{QUEUED_WALL}/?language=cy")
    expect(queue.get_by_label("Language", exact=True)).to_have_value("cy")
    phone = open_page(f"/walls/{QUEUED_WALL}/", **PHONE)
    expect(phone.get_by_label("Language of your post")).to_have_value("en")  # the page's language

    english = f"Is there parking? {marker()}"
    contribute(phone, english, name="Ade")
    expect(phone.locator("[data-form-status]")).to_contain_text("Thank you")
    welsh = f"Oes lle i barcio? {marker()}"
    contribute(phone, welsh, name="Ade", language="cy")
    # The form is ready for the next post in the same language (the message cleared).
    expect(phone.get_by_label("Your message")).to_have_value("")
    expect(phone.get_by_label("Language of your post")).to_have_value("cy")
    # The Welsh post arrives, marked as Welsh; the English one, sent first, never does.
    row = queue.locator(".moderation-post").filter(has_text=welsh)
    expect(row).to_have_count(1)
    expect(row.locator('[data-field="text"]')).to_have_attribute("lang", "cy")
    expect(queue.locator(".moderation-post").filter(has_text=english)).to_have_count(0)

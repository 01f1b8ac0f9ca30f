"""Journeys of the people in front of a live wall: the remote participant on a phone, the venue's
big screen, someone without JavaScript, and someone trying to inject script."""

import re
import signal

import pytest
from playwright.sync_api import expect

from .helpers import (
    OPEN_WALL,
    PHONE,
    QUEUED_WALL,
    SCREEN,
    XSS_PAYLOADS,
    YOUTUBE_ID,
    YOUTUBE_URL,
    contribute,
    ensure_not_executed,
    fill_contribution,
    log_in,
    marker,
    wall_post,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

THANKS_PUBLISHED = "Thank you, your message is on the wall."
THANKS_QUEUED = "Thank you, a moderator will check your message before it appears."


def test_remote_participant_posts_text_and_a_video_from_a_phone(open_page):
    phone = open_page(f"/walls/{OPEN_WALL}/", **PHONE)
    expect(phone.locator("[data-posts] .wall-post").first).to_be_visible()
    # Mobile first: nothing wider than the phone's screen.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    text = f"Joining from the hills, {marker()}"
    contribute(phone, text, name="Ceri", video_url=YOUTUBE_URL, attending="I'm following remotely")

    expect(phone.locator("[data-form-status]")).to_have_text(THANKS_PUBLISHED)
    assert phone.url.endswith(f"/walls/{OPEN_WALL}/"), "the script posts without leaving the page"
    expect(phone.get_by_label("Your message")).to_have_value("")
    # It arrives over the socket, without a reload, at the top of the unpinned posts.
    post = wall_post(phone, text)
    expect(post).to_have_count(1)
    expect(post.locator(".wall-post__author")).to_have_text("Ceri")
    expect(post.locator(".wall-post__attending")).to_have_text("Remote")
    # No picture from the provider: the portal's own copy once fetched (none here, offline), and
    # until then a plain button. Nothing from YouTube loads before the click.
    expect(post.locator(".wall-video img:not([src^='/media/'])")).to_have_count(0)
    expect(post.locator("iframe")).to_have_count(0)
    expect(phone.locator("[data-posts] .wall-post:not(.is-pinned)").first).to_contain_text(text)

    # Click to play: a youtube-nocookie player replaces the button.
    post.get_by_role("button", name="Play video").click()
    expect(post.locator("iframe")).to_have_attribute(
        "src", re.compile(rf"^https://www\.youtube-nocookie\.com/embed/{re.escape(YOUTUBE_ID)}")
    )


def test_without_javascript_the_form_posts_and_redirects(open_page):
    page = open_page(f"/walls/{OPEN_WALL}/", java_script_enabled=False)
    text = f"No script needed, {marker()}"
    form = fill_contribution(page, text, name="Plain", attending="I'm in the room")
    with page.expect_navigation():
        form.get_by_role("button", name="Post to the wall").click()
    assert re.search(rf"/walls/{OPEN_WALL}/#contribute$", page.url), page.url
    expect(page.get_by_text(THANKS_PUBLISHED)).to_be_visible()
    expect(wall_post(page, text)).to_have_count(1)

    # A mistake the browser cannot see (only spaces) gets the form back with a message, not an error page.
    page.goto(f"/walls/{OPEN_WALL}/post/")
    page.get_by_label("Your message").fill("   ")
    with page.expect_navigation():
        page.get_by_role("button", name="Post to the wall").click()
    expect(page.get_by_role("alert")).to_contain_text("Please correct the errors")
    expect(page.get_by_text("Please write a message before posting.")).to_be_visible()


def test_big_screen_receives_posts_live_keeps_pins_on_top_and_catches_up_after_a_restart(open_page, portal):
    screen = open_page(f"/walls/{OPEN_WALL}/screen/", **SCREEN)
    expect(screen.locator("[data-posts] .wall-post").first).to_be_visible()
    expect(screen.locator(".screen__qr svg")).to_be_visible()
    # A moderator pins an old post: it moves to the top of the open screen.
    queue = log_in(open_page(), portal.moderator)
    pinned_id = pin_oldest_post(queue, OPEN_WALL)
    pinned = screen.locator(f'[data-posts] .wall-post[data-post-id="{pinned_id}"]')
    expect(pinned).to_have_class(re.compile(r"\bis-pinned\b"))
    assert_pins_on_top(screen)

    # A participant posts a video link; the screen shows it without reload, below the pinned post.
    phone = open_page(f"/walls/{OPEN_WALL}/", **PHONE)
    text = f"Live from the back row, {marker()}"
    contribute(phone, text, video_url=YOUTUBE_URL)
    expect(phone.locator("[data-form-status]")).to_have_text(THANKS_PUBLISHED)
    post = wall_post(screen, text)
    expect(post).to_have_count(1, timeout=3_000)
    expect(post.get_by_role("button", name="Play video")).to_be_visible()
    expect(post.locator(".wall-video img:not([src^='/media/'])")).to_have_count(0)
    assert_pins_on_top(screen)
    expect(pinned).to_have_class(re.compile(r"\bis-pinned\b"))
    assert screen.evaluate("performance.getEntriesByType('navigation').length") == 1
    screen.evaluate("window.__sameDocument = true")

    # The server dies; a post is made while the screen is away; the server comes back.
    portal.stop(sig=signal.SIGKILL)
    try:
        expect(screen.locator("[data-connection]")).to_have_text(re.compile("Reconnecting", re.I))
        missed = f"Posted while the screen was away, {marker()}"
        accept_post(portal, OPEN_WALL, missed)
    finally:
        portal.start()  # whatever happened, the next journeys need their server
    expect(wall_post(screen, missed)).to_have_count(1, timeout=45_000)
    expect(screen.locator("[data-connection]")).to_have_text("")
    expect(wall_post(screen, text)).to_have_count(1)  # no duplicate, nothing lost
    assert screen.evaluate("window.__sameDocument") is True, "the screen reloaded instead of resuming"


def test_without_websocket_the_page_polls_the_api_for_the_servers_html(open_page):
    page = open_page()
    page.add_init_script("delete window.WebSocket;")
    page.goto(f"/walls/{OPEN_WALL}/")
    expect(page.locator("[data-posts] .wall-post").first).to_be_visible()
    assert page.evaluate("'WebSocket' in window") is False
    text = f"Seen by polling, {marker()}"
    phone = open_page(f"/walls/{OPEN_WALL}/", **PHONE)
    contribute(phone, text, name="Poll", attending="I'm in the room")
    expect(phone.locator("[data-form-status]")).to_have_text(THANKS_PUBLISHED)
    post = wall_post(page, text)
    expect(post).to_have_count(1, timeout=15_000)
    expect(post.locator(".wall-post__author")).to_have_text("Poll")
    expect(post.locator(".wall-post__attending")).to_have_text("In the room")
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1


@pytest.mark.parametrize("slug", [OPEN_WALL, QUEUED_WALL])
def test_script_in_a_post_is_shown_as_text_everywhere(open_page, portal, slug):
    payload = " ".join(XSS_PAYLOADS) + f" {marker('xss')}"
    screen = open_page(f"/walls/{slug}/screen/", **SCREEN)
    participant = open_page(f"/walls/{slug}/")
    contribute(participant, payload, name='<b onmouseover="window.__xss=1">bold</b>')
    expect(participant.locator("[data-form-status]")).to_contain_text("Thank you")

    queue = open_page()
    log_in(queue, portal.moderator)
    queue.goto(f"/admin/live-walls/moderate/{slug}/?status=all")
    row = queue.locator(".moderation-post").filter(has_text=payload)
    expect(row).to_have_count(1)
    expect(row.locator('[data-field="text"]')).to_have_text(payload)
    if slug == QUEUED_WALL:
        row.get_by_role("button", name=re.compile("^Approve")).click()
        expect(row).to_have_attribute("data-status", "approved")

    for page in (participant, screen):
        post = wall_post(page, payload)
        expect(post).to_have_count(1)  # arrived live: the frame's server HTML, inserted by the script
        expect(post.locator(".wall-post__text")).to_have_text(payload)
        expect(post.locator(".wall-post__author")).to_have_text('<b onmouseover="window.__xss=1">bold</b>')
        page.reload()  # and rendered by the server
        expect(post.locator(".wall-post__text")).to_have_text(payload)
        assert post.locator(".wall-post__text *:not(br), .wall-post__author *").count() == 0
        post.hover()
        ensure_not_executed(page)
    queue.reload()
    expect(row.locator('[data-field="text"]')).to_have_text(payload)
    ensure_not_executed(queue)

    # Every page of the API, following "next" (other journeys have posted on this wall too).
    texts, url = [], f"/api/walls/{slug}/posts/?after=0&limit=200"
    while url:
        api = participant.request.get(url)
        assert api.ok
        assert api.headers["content-type"].startswith("application/json")
        texts += [post.get("text") for post in api.json()["posts"]]
        url = api.json()["next"]
    assert payload in texts


ACCEPT_POST = """
import os
from livewall.intake import services
from livewall.intake.incoming import IncomingPost
from livewall.models import Wall
services.accept(Wall.objects.get(slug=os.environ["E2E_WALL"]),
                IncomingPost(source="contribution", text=os.environ["E2E_TEXT"], author_name="Away"))
"""


def accept_post(portal, slug, text):
    """A post that reaches the database while no server runs (as the source poller would add it)."""
    portal.shell(ACCEPT_POST, E2E_WALL=slug, E2E_TEXT=text)


def pin_oldest_post(queue, slug):
    """Pin the oldest unpinned approved post from the moderation queue; returns its id."""
    queue.goto(f"/admin/live-walls/moderate/{slug}/?status=approved")
    row = queue.locator('.moderation-post[data-pinned="0"]').last
    post_id = row.get_attribute("data-post-id")
    row.get_by_role("button", name=re.compile("^Pin")).click()
    expect(queue.locator(f'.moderation-post[data-post-id="{post_id}"]')).to_have_attribute("data-pinned", "1")
    return post_id


def assert_pins_on_top(page):
    order = page.locator("[data-posts] .wall-post").evaluate_all(
        "posts => posts.map(post => post.classList.contains('is-pinned'))"
    )
    assert True in order, "no pinned post shown"
    assert order == sorted(order, reverse=True), f"a pinned post is below an unpinned one: {order}"

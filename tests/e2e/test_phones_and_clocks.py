"""What attendees, moderators and editors meet in a real browser (issue 14): one clock on every
live-wall view, pages that fit a 320 px phone, a contribution form that remembers where you are and
says thank you where your focus is, and live moderation rows that are the page's own rows.

Run at the three phone widths (320, 360, 390 px) and the projector size (1920 x 1080)."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .helpers import OPEN_WALL, QUEUED_WALL, SCREEN, contribute, fill_contribution, log_in, marker, wall_post

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def phone(width):
    return {"viewport": {"width": width, "height": 780}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


PHONES = {"320px": phone(320), "360px": phone(360), "390px": phone(390)}
SIZES = {**PHONES, "projector": SCREEN}
# A follower abroad whose browser speaks 12-hour American time.
NEW_YORK = {"timezone_id": "America/New_York", "locale": "en-US"}
EVENT_ZONE = ZoneInfo("Europe/London")  # the site's TIME_ZONE in the e2e settings
WALL_TIME = re.compile(r"^\d\d:\d\d$")

THANKS_PUBLISHED = "Thank you, your message is on the wall."
THANKS_QUEUED = "Thank you, a moderator will check your message before it appears."


def event_clock_now():
    """The event's wall-clock minute now and a minute either side (a post may cross a minute)."""
    now = datetime.now(EVENT_ZONE)
    return {(now + timedelta(minutes=delta)).strftime("%H:%M") for delta in (-1, 0, 1)}


@pytest.mark.parametrize("size", list(SIZES))
def test_every_time_on_a_wall_is_the_events_24_hour_clock(open_page, size):
    """A follower in New York with a 12-hour browser sees London's 24-hour times, live posts included."""
    viewer = open_page(f"/walls/{OPEN_WALL}/", **SIZES[size], **NEW_YORK)
    screen = open_page(f"/walls/{OPEN_WALL}/screen/", **SIZES[size], **NEW_YORK)
    expect(viewer.locator("[data-posts] .wall-post").first).to_be_visible()
    text = f"What time is it? {marker()}"
    contribute(viewer, text, name="Bea")
    expect(viewer.locator("[data-form-status]")).to_have_text(THANKS_PUBLISHED)
    for page in (viewer, screen):
        live_time = wall_post(page, text).locator("time")
        expect(live_time).to_have_count(1)
        assert live_time.inner_text() in event_clock_now()
        times = page.locator("[data-posts] time").all_inner_texts()
        assert times and all(WALL_TIME.match(when) for when in times), times


@pytest.mark.parametrize("size", list(PHONES))
def test_no_public_page_scrolls_sideways(open_page, size):
    pages = [
        "/",
        "/events/",
        "/events/finding-our-voice/",
        "/resources/",
        "/hub/",
        "/hub/online-tools-working-together/",
        "/hub/online-tools-working-together/send/",
        f"/walls/{OPEN_WALL}/",
        f"/walls/{OPEN_WALL}/post/",
        f"/walls/{OPEN_WALL}/screen/",
        "/search/?q=wall",
        "/privacy/",
    ]
    page = open_page("/resources/", **PHONES[size])
    first_resource = page.locator('main a[href^="/resources/"]:not([href="/resources/"])').first.get_attribute("href")
    pages.append(first_resource)
    too_wide = []
    for path in pages:
        page.goto(path)
        for extras in page.locator("details.wall-extras summary").all():
            extras.click()  # "Add a video link or a photo" open: the widest state of the form
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > page.viewport_size["width"]:
            too_wide.append(f"{path}: {width}px")
    assert not too_wide, f"wider than {page.viewport_size['width']}px: {too_wide}"


@pytest.mark.parametrize("size", list(PHONES))
def test_the_form_remembers_where_you_are_and_thanks_you_where_your_focus_is(open_page, size):
    page = open_page(f"/walls/{OPEN_WALL}/", **PHONES[size])
    form = page.locator("form[data-contribute]")
    first = f"First from the room {marker()}"
    contribute(page, first, name="Dai", attending="I'm in the room")
    status = page.locator("[data-form-status]")
    expect(status).to_have_text(THANKS_PUBLISHED)
    expect(status).to_be_focused()  # not the top of the page: the thank-you line, read out
    expect(form.get_by_label("Your message")).to_have_value("")
    expect(form.get_by_label("I'm in the room")).to_be_checked()
    expect(form.get_by_label(re.compile("your name", re.I))).to_have_value("Dai")

    second = f"Second from the room {marker()}"
    fill_contribution(page, second)
    form.get_by_role("button", name="Post to the wall").click()
    expect(status).to_have_text(THANKS_PUBLISHED)
    expect(wall_post(page, second).locator(".wall-post__attending")).to_have_text("In the room")

    # A new visit from the same phone starts with the same answer.
    page.reload()
    expect(page.locator("form[data-contribute]").get_by_label("I'm in the room")).to_be_checked()


def without_request_fields(html):
    html = re.sub(r'\s*<input type="hidden" name="(csrfmiddlewaretoken|next)" value="[^"]*">', "", html)
    return re.sub(r'\s*class="moderation-post(?: is-new| is-current)*"', ' class="moderation-post"', html)


def test_a_live_moderation_row_is_the_row_the_page_renders(open_page, portal):
    queue = log_in(open_page(**SCREEN), portal.moderator)
    # The dashboard lists the walls open now, with their queues.
    queue.locator(f'#live-walls-open-now-section a[href$="/live-walls/moderate/{QUEUED_WALL}/"]').click()
    queue.wait_for_url(re.compile(rf"/admin/live-walls/moderate/{QUEUED_WALL}/$"))
    attendee = open_page(f"/walls/{QUEUED_WALL}/", **PHONES["360px"])
    text = f"Is there step-free access? {marker()}"
    contribute(attendee, text, name="Efa", attending="I'm following remotely")
    expect(attendee.locator("[data-form-status]")).to_have_text(THANKS_QUEUED)

    row = queue.locator(".moderation-post").filter(has_text=text)
    expect(row).to_have_count(1)
    post_id = row.get_attribute("data-post-id")
    expect(queue.get_by_label(re.compile(r"^Select post from Efa: Is there step-free access"))).to_have_count(1)
    expect(row.locator('[data-field="attending"]')).to_have_text("Following remotely")
    assert "999999999" not in row.evaluate("node => node.outerHTML")
    live = row.evaluate("node => node.outerHTML")
    # Its forms work: the page's CSRF token was filled in, so "Approve" is accepted.
    row.get_by_role("button", name=re.compile("^Approve")).click()
    expect(row).to_have_attribute("data-status", "approved")

    queue.reload()
    queue.goto(f"/admin/live-walls/moderate/{QUEUED_WALL}/?status=all")
    reloaded = queue.locator(f'.moderation-post[data-post-id="{post_id}"]')
    expect(reloaded).to_have_count(1)
    # The live row (before approval) and the page's row (after) differ only in status and the last action.
    page_html = without_request_fields(reloaded.evaluate("node => node.outerHTML"))
    live_html = without_request_fields(live)
    page_html = re.sub(r'<p class="moderation-post__extra">Last: .*?</p>', "", page_html)
    page_html = page_html.replace('data-status="approved"', 'data-status="pending"').replace(">Approved<", ">Pending<")
    assert page_html == live_html


class StallingNetwork:
    """Every wall socket goes through here; `stall()` silences the open ones in both directions
    without closing them, as venue Wi-Fi does."""

    def __init__(self, page):
        self.sockets = []
        page.route_web_socket(re.compile(r".*/ws/walls/.*"), self.connect)

    def connect(self, page_side):
        state = {"stalled": False, "url": page_side.url}
        server_side = page_side.connect_to_server()
        page_side.on_message(lambda message: None if state["stalled"] else server_side.send(message))
        server_side.on_message(lambda message: None if state["stalled"] else page_side.send(message))
        page_side.on_close(lambda code, reason: None)  # the stalled network never carries the close
        self.sockets.append(state)

    def stall(self):
        for state in self.sockets:
            state["stalled"] = True


HEARTBEAT_S, PONG_TIMEOUT_S = 25, 10  # livewall/static/livewall/wall/socket.js


@pytest.mark.parametrize("size", ["320px", "projector"])
def test_a_stalled_screen_says_so_and_reconnects_at_the_first_missed_pong(open_page, size):
    path = f"/walls/{OPEN_WALL}/screen/" if size == "projector" else f"/walls/{OPEN_WALL}/"
    page = open_page(**SIZES[size])
    network = StallingNetwork(page)
    # Every text the connection notice shows, however briefly.
    page.add_init_script(
        """window.__notices = [];
        // From the mutation records, not the node's text when the callback runs: a notice shown
        // and cleared in the same turn (the new socket opens at once) is still seen.
        new MutationObserver((records) => {
          const inNotice = (node) => node && node.closest && node.closest("[data-connection]");
          for (const record of records) {
            const target = record.target.nodeType === 3 ? record.target.parentElement : record.target;
            if (!inNotice(target)) continue;
            if (record.oldValue) window.__notices.push(record.oldValue);
            for (const node of [...record.addedNodes, ...record.removedNodes]) {
              if (node.textContent) window.__notices.push(node.textContent);
            }
            if (target.textContent) window.__notices.push(target.textContent);
          }
        }).observe(document, {subtree: true, childList: true, characterData: true, characterDataOldValue: true});
        // Sockets the page saw open: the heartbeat starts at open, so the clock may only run after.
        window.__opened = 0;
        const PageWebSocket = window.WebSocket;
        window.WebSocket = class extends PageWebSocket {
          constructor(...args) {
            super(...args);
            this.addEventListener("open", () => { window.__opened += 1; });
          }
        };"""
    )
    page.clock.install()
    page.goto(path)
    expect(page.locator("[data-posts] .wall-post").first).to_be_visible()
    for _ in range(100):  # the page is drawn by the server before its socket opens
        if page.evaluate("() => window.__opened"):
            break
        page.wait_for_timeout(100)
    assert page.evaluate("() => window.__opened") == 1
    assert len(network.sockets) == 1

    network.stall()
    page.clock.run_for((HEARTBEAT_S + PONG_TIMEOUT_S + 1) * 1000)
    assert "Reconnecting…" in page.evaluate("() => window.__notices")  # said at once
    for _ in range(50):  # a new socket, without waiting for the old one's close
        if len(network.sockets) > 1:
            break
        page.wait_for_timeout(100)
    assert len(network.sockets) == 2
    expect(page.locator("[data-connection]")).to_have_text("")  # and it is open
    assert "after=" in network.sockets[1]["url"]  # resumes by cursor, no whole snapshot

    # Posts reach it over the new socket.
    text = f"Back on the Wi-Fi {marker()}"
    contribute(open_page(f"/walls/{OPEN_WALL}/", **PHONES["360px"]), text)
    expect(wall_post(page, text)).to_have_count(1)


# The demo's YouTube video's thumbnail is "ready" but its file is gone: it cannot load, as at a venue
# without internet whose media were not synced.
BROKEN_THUMBNAIL = """
from livewall.models import Post, VideoThumbnail
thumbnail, _ = VideoThumbnail.objects.update_or_create(
    provider="youtube",
    video_id="aqz-KE-bpKQ",
    defaults={"image": "wall/thumbnails/gone-offline.jpg", "status": "ready"},
)
Post.objects.filter(video_provider="youtube", video_id="aqz-KE-bpKQ").update(cached_thumbnail=thumbnail)
"""


@pytest.fixture(scope="module")
def broken_thumbnail(portal):
    portal.shell(BROKEN_THUMBNAIL)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.usefixtures("broken_thumbnail")
def test_video_cards_name_their_video_and_show_a_placeholder_without_a_thumbnail(open_page, size):
    path = f"/walls/{OPEN_WALL}/screen/" if size == "projector" else f"/walls/{OPEN_WALL}/"
    page = open_page(path, **SIZES[size])
    # A video shared now, so it is on the screen however many posts earlier journeys made (the demo's
    # own video cards may have scrolled off the big screen's last places by then).
    sharer = f"Rhiannon {size}"
    contribute(
        open_page(f"/walls/{OPEN_WALL}/", **PHONES["360px"]),
        f"Worth a watch {marker()}",
        name=sharer,
        video_url="https://www.youtube.com/watch?v=aqz-KE-bpKQ",
    )
    expect(page.get_by_role("button", name=f"Play video shared by {sharer} (YouTube)")).to_have_count(1)
    cards = page.locator("[data-posts] .wall-video")
    expect(cards.first).to_be_visible()
    buttons = page.locator("[data-posts] .wall-video__play")
    names = [button.evaluate("node => node.textContent.replace(/\\s+/g, ' ').trim()") for button in buttons.all()]
    assert len(names) >= 3, names
    assert all(re.search(r"Play video shared by \S+", name) for name in names), names
    # Every card without a loadable thumbnail is the designed placeholder: no broken image left.
    for card in cards.all():
        card.scroll_into_view_if_needed()
        expect(card).to_have_attribute("data-placeholder", "")
        expect(card.locator("img")).to_have_count(0)
        expect(card.locator(".wall-video__provider")).to_be_visible()

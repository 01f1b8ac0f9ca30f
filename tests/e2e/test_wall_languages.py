"""The live wall in Welsh and right-to-left Arabic in the browser: axe-core finds no serious or
critical problem on the participant page and the big screen under /cy/ and /ar/; under /ar/ both
are laid out right to left and a post made from an Arabic phone arrives live on the Arabic screen;
the scripts speak the page's language (the JavaScript catalog): "Reconnecting…" in Welsh."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .helpers import OPEN_WALL, PHONE, SCREEN, marker, wall_post
from .test_accessibility import BLOCKING_IMPACTS, describe

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

WALL_PAGES = {
    "Welsh participant page": (f"/cy/walls/{OPEN_WALL}/", PHONE),
    "Arabic participant page": (f"/ar/walls/{OPEN_WALL}/", PHONE),
    "Welsh screen": (f"/cy/walls/{OPEN_WALL}/screen/", SCREEN),
    "Arabic screen": (f"/ar/walls/{OPEN_WALL}/screen/", SCREEN),
}


@pytest.mark.parametrize("name", list(WALL_PAGES))
def test_no_serious_accessibility_violations_on_the_wall_in_welsh_and_arabic(open_page, name):
    path, options = WALL_PAGES[name]
    page = open_page(path, **options)
    expect(page.locator("[data-posts] .wall-post").first).to_be_visible()
    assert page.locator("html").get_attribute("lang") == path.split("/")[1]
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{name} ({path}):\n{describe(blocking)}"


ARABIC_WHERE = re.compile(r"^(في القاعة|عن بُعد|المكان: غير محدد)$")  # in the room, remote, not said


def test_an_arabic_phone_posts_and_the_arabic_screen_shows_it_live(open_page):
    screen = open_page(f"/ar/walls/{OPEN_WALL}/screen/", **SCREEN)
    phone = open_page(f"/ar/walls/{OPEN_WALL}/", **PHONE)
    for page in (screen, phone):
        expect(page.locator("[data-posts] .wall-post").first).to_be_visible()
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # Nothing pushes the phone's page sideways (an element off-screen to the left scrolls in rtl).
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The screen's rail (title, QR code) is on the right, where an Arabic line starts.
    title = screen.locator(".screen__title").bounding_box()
    assert title["x"] > SCREEN["viewport"]["width"] / 2
    expect(screen.locator(".screen__url-path")).to_have_text(f"/ar/walls/{OPEN_WALL}")

    text = f"مرحبًا من القاعة {marker()}"
    form = phone.locator("form[data-contribute]")
    form.get_by_label("رسالتك").fill(text)
    form.get_by_role("button", name="انشر على الجدار").press("Enter")
    expect(phone.locator("[data-form-status]")).to_have_text("شكرًا لك، رسالتك الآن على الجدار.")
    assert phone.url.endswith(f"/ar/walls/{OPEN_WALL}/")
    expect(wall_post(phone, text)).to_have_count(1)
    expect(wall_post(screen, text)).to_have_count(1)
    # The live post's own labels are Arabic on both (each page's socket asks for its language).
    for page in (phone, screen):
        expect(wall_post(page, text).locator(".wall-post__attending")).to_have_text(ARABIC_WHERE)


def test_the_welsh_page_says_reconnecting_in_welsh(open_page):
    page = open_page(**PHONE)
    # Every socket the page opens is closed at once, as by a venue network that drops it.
    page.route_web_socket(re.compile(r".*/ws/walls/.*"), lambda socket: socket.close())
    page.goto(f"/cy/walls/{OPEN_WALL}/")
    expect(page.locator("[data-connection]")).to_have_text("Yn ailgysylltu…")

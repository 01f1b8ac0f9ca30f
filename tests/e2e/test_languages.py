"""Welsh and right-to-left Arabic in the browser: axe-core finds no serious or critical problem on
the home page (the demo's Welsh translation under /cy/) and an untranslated event page under /cy/ and
/ar/, nor on the demo's Welsh event; the Arabic page is laid out right to left; the switcher takes the
visitor to the same event in the chosen language, its translation when there is one."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .test_accessibility import BLOCKING_IMPACTS, describe

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

EVENT = "/events/finding-our-voice/"
PAGES = ["/cy/", "/ar/", f"/cy{EVENT}", f"/ar{EVENT}", "/cy/events/cymhorthfa-ariannu-grantiau-bach/"]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations_in_welsh_and_arabic(open_page, path):
    page = open_page(path)
    expect(page.locator("h1").first).to_be_visible()
    assert page.locator("html").get_attribute("lang") == path.split("/")[1]
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{path}:\n{describe(blocking)}"


def test_arabic_lays_out_right_to_left(open_page):
    page = open_page("/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The site name starts at the right-hand edge of the header.
    name = page.locator(".site-name").bounding_box()
    header = page.locator(".header-inner").bounding_box()
    assert name["x"] + name["width"] > header["x"] + header["width"] / 2


def test_switcher_keeps_the_event(open_page):
    page = open_page(EVENT)
    switcher = page.get_by_role("navigation", name="Language")
    expect(switcher.get_by_role("link", name="English")).to_have_attribute("aria-current", "true")
    switcher.get_by_role("link", name="Cymraeg").click()
    expect(page).to_have_url(re.compile(rf"/cy{EVENT}$"))
    expect(page.locator(".untranslated-notice")).to_contain_text("Cymraeg")
    expect(page.get_by_role("navigation", name="Iaith").get_by_role("link", name="Cymraeg")).to_have_attribute(
        "aria-current", "true"
    )


def test_switcher_leads_to_the_welsh_translation_of_an_event_and_back(open_page):
    # load_demo translates this event into Welsh (events/demo.py): the switcher goes to the translation.
    page = open_page("/events/funding-surgery-small-grants/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Cymraeg").click()
    expect(page).to_have_url(re.compile(r"/cy/events/cymhorthfa-ariannu-grantiau-bach/$"))
    expect(page.locator("h1")).to_have_text("Cymhorthfa ariannu: grantiau bach i grwpiau cymunedol")
    expect(page.locator(".untranslated-notice")).to_have_count(0)
    page.get_by_role("navigation", name="Iaith").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/events/funding-surgery-small-grants/$"))
    expect(page.locator("h1")).to_have_text("Funding surgery: small grants for community groups")

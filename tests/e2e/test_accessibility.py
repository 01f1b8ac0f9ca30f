"""Accessibility in the browser: axe-core finds no serious or critical problem on the public pages,
and the contribution form can be used with the keyboard alone."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .helpers import OPEN_WALL, PHONE, SCREEN, marker, wall_post

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

BLOCKING_IMPACTS = {"serious", "critical"}
PAGES = {
    "home page": ("/", {}),
    "events listing": ("/events/", {}),
    "event page": ("/events/finding-our-voice/", {}),
    "resources library": ("/resources/", {}),
    "participant view (phone)": (f"/walls/{OPEN_WALL}/", PHONE),
    "screen view": (f"/walls/{OPEN_WALL}/screen/", SCREEN),
    "hub index": ("/hub/", {}),
    "hub discussion (phone)": ("/hub/online-tools-working-together/", PHONE),
    "hub form": ("/hub/online-tools-working-together/send/", {}),
    "hub answered discussion": ("/hub/community-centre-opening-hours/", {}),
    "search results": ("/search/?query=community", {}),
}


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(open_page, name):
    path, options = PAGES[name]
    page = open_page(path, **options)
    expect(page.locator("h1").first).to_be_visible()
    if "/walls/" in path:
        expect(page.locator("[data-posts] .wall-post").first).to_be_visible()
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{name} ({path}):\n{describe(blocking)}"


def test_search_results_have_no_accessibility_violations_at_all(open_page):
    # Heading order and roles on headings are "moderate" and "minor" to axe: held to none here.
    page = open_page("/search/?query=community")
    expect(page.locator(".search-result").first).to_be_visible()
    violations = Axe().run(page).response["violations"]
    assert not violations, describe(violations)


def has_focus_indicator(page):
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
        }"""
    )


def tab_to(page, target, limit=40):
    """Press Tab until `target` has the focus; fail if it never does (unreachable by keyboard)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("node => node === document.activeElement"):
            assert has_focus_indicator(page), f"no visible focus on {target}"
            return
    raise AssertionError(f"{target} cannot be reached with the Tab key")


def test_contribution_form_works_with_the_keyboard_alone(open_page):
    page = open_page(f"/walls/{OPEN_WALL}/")
    form = page.locator("form[data-contribute]")
    text = f"Typed without a mouse, {marker()}"

    tab_to(page, form.get_by_label(re.compile("your name", re.I)))
    page.keyboard.type("Kay")
    tab_to(page, form.get_by_label("Your message"))
    page.keyboard.type(text)
    tab_to(page, form.get_by_label("I'm in the room"))
    page.keyboard.press("ArrowDown")  # arrows move through a radio group
    expect(form.get_by_label("I'm following remotely")).to_be_checked()
    summary = form.locator("details.wall-extras summary")
    tab_to(page, summary)
    page.keyboard.press("Enter")
    video = form.get_by_label(re.compile("video link", re.I))
    tab_to(page, video)
    page.keyboard.type("https://youtu.be/M7lc1UVf-VE")
    tab_to(page, form.get_by_role("button", name="Post to the wall"))
    page.keyboard.press("Enter")

    expect(form.locator("[data-form-status]")).to_have_text("Thank you, your message is on the wall.")
    post = wall_post(page, text)
    expect(post).to_have_count(1)
    expect(post.locator(".wall-post__attending")).to_have_text("Remote")
    # The video on the post plays from the keyboard too.
    play = post.get_by_role("button", name="Play video")
    play.focus()
    page.keyboard.press("Enter")
    expect(post.locator("iframe")).to_be_focused()

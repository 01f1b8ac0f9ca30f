"""`make screenshots`: pictures of the portal for the README, taken from a real server with the demo
content (the same set-up as the browser journeys) into docs/screenshots/.

    python -m tests.e2e.screenshots [--out docs/screenshots]
"""

import argparse
import os
import re
import sys
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from .helpers import OPEN_WALL, QUEUED_WALL, log_in
from .server import CHROMIUM, PROJECT_DIR, PortalServer, chromium_available, is_loopback, launch_chromium

DESKTOP = {"viewport": {"width": 1280, "height": 860}}
BIG_SCREEN = {"viewport": {"width": 1920, "height": 1080}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def keep_local(route):
    if is_loopback(route.request.url):
        route.continue_()
    else:
        route.abort()


def new_page(browser, server, **options):
    # Still frames: no animation half-way; nothing fetched from outside the portal.
    context = browser.new_context(base_url=server.url, reduced_motion="reduce", **options)
    context.route(
        re.compile(r".*"), lambda route: route.continue_() if is_loopback(route.request.url) else route.abort()
    )
    return context.new_page()


def settle(page):
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")


def take(browser, server, out):
    shots = []

    page = new_page(browser, server, **DESKTOP)
    page.goto("/")
    settle(page)
    shots.append(("home.png", page))

    page = new_page(browser, server, **DESKTOP)
    page.goto("/events/finding-our-voice/")
    settle(page)
    shots.append(("event.png", page))

    page = new_page(browser, server, **BIG_SCREEN)
    page.goto(f"/walls/{OPEN_WALL}/screen/")
    expect(page.locator("[data-posts] .wall-post").first).to_be_visible()
    settle(page)
    shots.append(("big-screen.png", page))

    page = new_page(browser, server, **PHONE)
    page.goto(f"/walls/{OPEN_WALL}/")
    expect(page.locator("[data-posts] .wall-post").first).to_be_visible()
    settle(page)
    shots.append(("phone-participant.png", page))

    page = new_page(browser, server, **DESKTOP)
    page.goto("/hub/community-centre-opening-hours/")  # answered: the response and its commitments
    settle(page)
    shots.append(("hub-discussion.png", page))

    page = new_page(browser, server, **DESKTOP)
    page.goto("/groups/")
    settle(page)
    shots.append(("groups-directory.png", page))

    page = log_in(new_page(browser, server, **DESKTOP), server.moderator)
    page.goto(f"/admin/live-walls/moderate/{QUEUED_WALL}/")
    expect(page.locator(".moderation-post").first).to_be_visible()
    page.keyboard.press("j")  # show the current-post highlight the shortcuts act on
    settle(page)
    shots.append(("moderation-queue.png", page))

    out.mkdir(parents=True, exist_ok=True)
    for name, page in shots:
        page.screenshot(path=str(out / name))
        print(f"wrote {out / name}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "docs" / "screenshots")
    args = parser.parse_args(argv)
    if not chromium_available():
        sys.exit(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    server = PortalServer(keep_dir=os.environ.get("PORTAL_E2E_KEEP_DIR"))
    try:
        server.prepare().start()
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            take(browser, server, args.out)
            browser.close()
    finally:
        server.close()


if __name__ == "__main__":
    main()

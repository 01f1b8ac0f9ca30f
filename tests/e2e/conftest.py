"""Fixtures for the browser journeys: one real portal (uvicorn, as in production, with its own
database and the demo content) and one Chromium for the whole run, a fresh browser context per page a test opens.

Every page refuses requests that leave the machine (there is no internet at a venue, nor here)
and a test fails if a page tried to load a script, stylesheet, font or image from elsewhere (no CDN) or
threw an uncaught JavaScript error."""

import os
import re

import pytest

from tests.conftest import missing_service

from .server import CHROMIUM, PortalServer, chromium_available, is_loopback, launch_chromium

# Images too: a wall's video thumbnails are served by the portal, never by the provider.
ASSET_TYPES = {"script", "stylesheet", "font", "image", "media"}


@pytest.fixture(scope="session")
def chromium_path():
    if not chromium_available():
        missing_service(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def portal(chromium_path):
    server = PortalServer(keep_dir=os.environ.get("PORTAL_E2E_KEEP_DIR"))
    try:
        server.prepare().start()
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


class PageWatch:
    """What a page did that it should not: outside requests and uncaught script errors."""

    def __init__(self):
        self.outside_requests = []
        self.errors = []

    def problems(self):
        assets = [f"{kind} {url}" for kind, url in self.outside_requests if kind in ASSET_TYPES]
        return [f"asset from outside the portal: {a}" for a in assets] + [f"JS error: {e}" for e in self.errors]


@pytest.fixture
def open_page(browser, portal):
    """open_page(path="/", **context_options) -> a Playwright page in a fresh context (own cookies)."""
    contexts = []

    def _open(path=None, **options):
        context = browser.new_context(base_url=portal.url, **options)
        context.set_default_timeout(10_000)
        watch = PageWatch()

        def guard(route):
            request = route.request
            if is_loopback(request.url):
                route.continue_()
            else:
                watch.outside_requests.append((request.resource_type, request.url))
                route.abort()

        context.route(re.compile(r".*"), guard)
        page = context.new_page()
        page.on("pageerror", lambda error: watch.errors.append(str(error)))
        contexts.append((context, watch))
        if path is not None:
            page.goto(path)
        return page

    yield _open
    problems = []
    for context, watch in contexts:
        problems += watch.problems()
        context.close()
    assert not problems, "\n".join(problems)

"""The control room in a real browser: the kill switch blanks an open big screen at once and brings
it back; the banner shows on the screen too. One server (the harness's portal)."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import LAPTOP, OPEN_WALL, SCREEN, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def test_the_kill_switch_blanks_an_open_screen_and_restores_it(open_page, portal):
    screen = open_page(f"/walls/{OPEN_WALL}/screen/", **SCREEN)
    posts = screen.locator("[data-posts]")
    holding = screen.locator("[data-holding]")
    expect(posts).to_be_visible()
    expect(holding).to_be_hidden()

    room = log_in(open_page(**LAPTOP), portal.moderator)
    room.goto("/admin/live-walls/moderate/")
    room.locator(f'a[href$="/live-walls/control/{OPEN_WALL}/"]').click()
    room.wait_for_url(re.compile(rf"/admin/live-walls/control/{OPEN_WALL}/$"))
    try:
        room.get_by_role("button", name="Show the holding slide now").click()
        expect(room.get_by_text("Every screen now shows the holding slide.")).to_be_visible()
        expect(holding).to_be_visible(timeout=2_000)
        expect(posts).to_be_hidden()
        expect(screen.locator("#wall-root")).to_have_attribute("data-blanked", "")

        room.get_by_label("Message on every screen").fill("Lunch until 13:30")
        room.get_by_role("button", name="Show the message").click()
        expect(screen.locator("[data-banner]")).to_have_text("Lunch until 13:30", timeout=2_000)

        room.get_by_role("button", name="Bring the wall back").click()
        expect(holding).to_be_hidden(timeout=2_000)
        expect(posts).to_be_visible()
        expect(screen.locator("[data-banner]")).to_be_visible()
    finally:
        room.get_by_label("Message on every screen").fill("")
        room.get_by_role("button", name="Show the message").click()
        if room.get_by_role("button", name="Bring the wall back").count():
            room.get_by_role("button", name="Bring the wall back").click()
    expect(screen.locator("[data-banner]")).to_be_hidden(timeout=2_000)

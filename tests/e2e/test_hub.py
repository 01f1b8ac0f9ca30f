"""The hub's journey in a browser: a group sends conclusions without an account, confirms from the
e-mail (printed on the server's console, as in `make run`), a moderator publishes them in the admin,
and they appear on the discussion page and in the CSV export."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from tests.support.ports import wait_for

from .helpers import marker

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

OPEN_DISCUSSION = "/hub/online-tools-working-together/"


def confirmation_link(portal, address):
    """The link in the console e-mail to `address` (the server's log holds what it printed)."""
    found = {}

    def arrived():
        text = portal.log_path.read_text(errors="replace")
        blocks = text.split(f"To: {address}")
        if len(blocks) < 2:
            return False
        # Quoted-printable may wrap long lines with "=\n"; undo it before reading the link.
        body = blocks[-1].replace("=\n", "")
        match = re.search(r"(http://\S+/confirm/\?token=\S+)", body)
        if match:
            found["url"] = match.group(1).replace("=3D", "=")
        return bool(match)

    wait_for(arrived, timeout=20, message=f"confirmation e-mail to {address}")
    return found["url"]


def test_send_confirm_moderate_publish_export(open_page, portal):
    words = marker("conclusion")
    address = f"{marker('group')}@example.org"
    visitor = open_page(OPEN_DISCUSSION)
    expect(visitor.locator("h1")).to_have_text("Working together online")
    visitor.get_by_role("link", name="Send your group's conclusions").click()
    visitor.get_by_label("Your group's name").fill("Grŵp Garddio Glan-yr-afon")
    visitor.get_by_label("What kind of group are you?").select_option("informal")
    visitor.get_by_label("About how many people took part?").fill("9")
    visitor.get_by_label("Where is your group?").fill("CF24")
    visitor.get_by_label("Where did you discuss it?").select_option("whatsapp")
    visitor.get_by_label("Your conclusions").fill(f"Ask us on WhatsApp first. {words}")
    visitor.get_by_label("Your e-mail address").fill(address)
    visitor.get_by_label("We agree to our conclusions being published on this site").check()
    visitor.get_by_role("button", name="Send our conclusions").click()
    expect(visitor.locator("h1")).to_have_text("Check your e-mail")

    # Not public yet.
    visitor.goto(OPEN_DISCUSSION)
    expect(visitor.get_by_text(words)).to_have_count(0)

    visitor.goto(confirmation_link(portal, address))
    visitor.get_by_role("button", name="Yes, confirm").click()
    expect(visitor.locator("h1")).to_have_text("Thank you: confirmed")

    from .helpers import log_in

    moderator = log_in(open_page(), portal.admin)
    moderator.goto("/admin/hub/moderate/")
    moderator.get_by_role("link", name="Working together online").click()
    card = moderator.locator(".hub-admin-submission", has_text=words)
    card.get_by_role("button", name="Publish", exact=True).click()
    expect(moderator.get_by_text("Published.")).to_be_visible()

    visitor.goto(OPEN_DISCUSSION)
    expect(visitor.get_by_text(words)).to_be_visible()
    assert address not in visitor.content()

    export = visitor.request.get(OPEN_DISCUSSION + "export/csv/")
    assert export.ok
    rows = list(csv.DictReader(io.StringIO(export.body().decode("utf-8-sig"))))
    mine = [row for row in rows if words in row["conclusions"]]
    assert len(mine) == 1 and mine[0]["group"] == "Grŵp Garddio Glan-yr-afon" and mine[0]["area"] == "CF24"
    assert address not in export.body().decode("utf-8-sig")
    report = visitor.request.get(OPEN_DISCUSSION + "moderation-report/").text()
    assert "Published" in report

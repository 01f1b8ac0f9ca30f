"""The directory's journey in a browser: a group lists itself without an account, confirms from the
e-mail (printed on the server's console, as in `make run`), a moderator lists it in the admin, it is
found by area and language, its hub conclusions appear on its page, and it removes itself through
its private link. And axe finds no serious problem on /groups/."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.support.ports import wait_for

from .helpers import PHONE, log_in, marker
from .test_accessibility import BLOCKING_IMPACTS, describe
from .test_hub import OPEN_DISCUSSION, confirmation_link

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def links_in_mail(portal, address):
    """(confirmation link, private link) from the console e-mail to `address`."""
    found = {}

    def arrived():
        blocks = portal.log_path.read_text(errors="replace").split(f"To: {address}")
        if len(blocks) < 2:
            return False
        body = blocks[1].replace("=\n", "").replace("=3D", "=")
        confirm = re.search(r"(http://\S+/groups/confirm/\?token=\S+)", body)
        manage = re.search(r"(http://\S+/groups/manage/\?token=\S+)", body)
        if confirm and manage:
            found.update(confirm=confirm.group(1), manage=manage.group(1))
        return bool(found)

    wait_for(arrived, timeout=20, message=f"listing e-mail to {address}")
    return found["confirm"], found["manage"]


def test_list_confirm_approve_find_link_remove(open_page, portal):
    name = f"Grŵp {marker('garddio')}"
    area = marker("area")[:20]
    address = f"{marker('group')}@example.org"

    visitor = open_page("/groups/")
    visitor.get_by_role("link", name="List your group").click()
    visitor.get_by_label("Your group's name (optional)").fill(name)
    visitor.get_by_label("What kind of group are you?").select_option("informal")
    visitor.get_by_label("Where is your group?").fill(f"{area}, CF24")
    visitor.get_by_label("Welsh (Cymraeg)").check()
    visitor.get_by_label("Roughly how many people?").select_option("under_10")
    visitor.get_by_label("Where people can find you online (optional)").fill("https://social.example.org/@garddio")
    visitor.get_by_label("Your e-mail address").fill(address)
    visitor.get_by_label("We agree to this listing being published on this site").check()
    visitor.get_by_role("button", name="List our group").click()
    expect(visitor.locator("h1")).to_have_text("Check your e-mail")

    confirm, manage = links_in_mail(portal, address)
    visitor.goto(confirm)
    visitor.get_by_role("button", name="Yes, confirm").click()
    expect(visitor.locator("h1")).to_have_text("Thank you: confirmed")
    visitor.goto("/groups/?q=" + name.split()[-1])
    expect(visitor.get_by_text(name)).to_have_count(0)  # not before moderation

    moderator = log_in(open_page(), portal.admin)
    moderator.goto("/admin/groups/moderate/")
    moderator.locator(".groups-admin-listing", has_text=name).get_by_role("button", name="List this group").click()
    expect(moderator.get_by_text("Listed.")).to_be_visible()

    visitor.goto(f"/groups/?area={area}&language=cy")
    visitor.get_by_role("link", name=name).click()
    expect(visitor.locator("h1")).to_have_text(name)
    assert address not in visitor.content()
    group_page = visitor.url

    # The group sends conclusions to the hub, saying it is listed.
    words = marker("conclusion")
    hub = open_page(OPEN_DISCUSSION + "send/")
    hub.get_by_label("Your group's name").fill(name)
    hub.get_by_label("What kind of group are you?").select_option("informal")
    hub.get_by_label("About how many people took part?").fill("6")
    hub.get_by_label("Where is your group?").fill("CF24")
    hub.get_by_label("Where did you discuss it?").select_option("meeting")
    hub.get_by_label("Your conclusions").fill(f"Ask us in Welsh. {words}")
    hub.get_by_label("Your e-mail address").fill(address)
    hub.get_by_label("We are listed in the community groups directory").check()
    hub.get_by_label("We agree to our conclusions being published on this site").check()
    hub.get_by_role("button", name="Send our conclusions").click()
    expect(hub.locator("h1")).to_have_text("Check your e-mail")
    hub.goto(confirmation_link(portal, address))
    hub.get_by_role("button", name="Yes, confirm").click()
    moderator.goto("/admin/hub/moderate/")
    moderator.get_by_role("link", name="Working together online").click()
    moderator.locator(".hub-admin-submission", has_text=words).get_by_role("button", name="Publish", exact=True).click()
    expect(moderator.get_by_text("Published.")).to_be_visible()

    visitor.goto(group_page)
    expect(visitor.get_by_text(words)).to_be_visible()

    # Removal through the private link: the listing goes, the conclusions stay, anonymous.
    visitor.goto(manage)
    visitor.get_by_label("Yes, remove our listing").check()
    visitor.get_by_role("button", name="Remove the listing").click()
    expect(visitor.locator("h1")).to_have_text("Your listing has been removed")
    assert visitor.goto(group_page).status == 404
    visitor.goto(OPEN_DISCUSSION)
    expect(visitor.get_by_text(words)).to_be_visible()
    assert name not in visitor.content()


@pytest.mark.parametrize("options", [{}, PHONE], ids=["laptop", "phone"])
def test_no_serious_accessibility_violations_on_the_directory(open_page, options):
    for path in ["/groups/", "/groups/new/"]:
        page = open_page(path, **options)
        expect(page.locator("h1")).to_be_visible()
        results = Axe().run(page)
        blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, f"{path}:\n{describe(blocking)}"
    page = open_page("/groups/?q=Riverside+lunch+club", **options)
    page.get_by_role("link", name="Riverside lunch club").click()
    expect(page.locator("h1")).to_have_text("Riverside lunch club")
    blocking = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"a group's page:\n{describe(blocking)}"


@pytest.mark.parametrize("options", [{}, PHONE], ids=["laptop", "phone"])
def test_the_welsh_directory_works_and_has_no_serious_accessibility_violations(open_page, options):
    page = open_page("/cy/groups/", **options)
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator("h1")).to_have_text("Cyfeiriadur grwpiau cymunedol")
    blocking = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"/cy/groups/:\n{describe(blocking)}"
    # The "written in" filter, in Welsh, keeps the visitor under /cy/ and combines with a search.
    page.locator("#id_q").fill("Riverside lunch club")
    page.get_by_label("Iaith y rhestriad").select_option("en")
    page.get_by_role("button", name="Dod o hyd i grwpiau").click()
    expect(page).to_have_url(re.compile(r"/cy/groups/\?.*written_in=en"))
    group = page.get_by_role("link", name="Riverside lunch club")
    expect(group).to_have_attribute("lang", "en")
    group.click()
    expect(page).to_have_url(re.compile(r"/cy/groups/\d+/$"))
    expect(page.locator("h1")).to_have_text("Riverside lunch club")
    blocking = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"a group's page in Welsh:\n{describe(blocking)}"
    page.get_by_role("link", name="Cyfeiriadur grwpiau cymunedol").click()
    page.get_by_role("link", name="Rhestrwch eich grŵp").click()
    expect(page).to_have_url(re.compile(r"/cy/groups/new/$"))
    expect(page.get_by_label("Yr iaith y mae’r rhestriad hwn wedi’i ysgrifennu ynddi")).to_have_value("cy")
    blocking = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"/cy/groups/new/:\n{describe(blocking)}"

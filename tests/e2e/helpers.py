"""Steps the journeys share: signing in, posting to a wall, finding posts on a page."""

import re
import uuid

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
LAPTOP = {"viewport": {"width": 1280, "height": 900}}
SCREEN = {"viewport": {"width": 1920, "height": 1080}}

# The demo walls (livewall/demo.py).
OPEN_WALL = "finding-our-voice"  # post-moderated
QUEUED_WALL = "community-voices"  # pre-moderated

YOUTUBE_ID = "M7lc1UVf-VE"
YOUTUBE_URL = f"https://www.youtube.com/watch?v={YOUTUBE_ID}"

# Any of these running would set window.__xss (or open a dialog, which the page refuses).
XSS_PAYLOADS = (
    "<script>window.__xss = 'script'</script>",
    "<img src=x onerror=\"window.__xss = 'img'\">",
    "<svg onload=\"window.__xss = 'svg'\"></svg>",
)


def marker(prefix="e2e"):
    """A word no other post contains, to find this test's post among the demo ones."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def log_in(page, account):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(account.username)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def wall_post(page, text):
    """The post on a wall view (participant or screen) whose text contains `text`."""
    return page.locator("[data-posts] .wall-post").filter(has=page.locator(".wall-post__text", has_text=text))


def fill_contribution(page, text, name="", video_url="", attending=None, language=None):
    form = page.locator("form[data-contribute]")
    if name:
        form.get_by_label(re.compile("your name", re.I)).fill(name)
    form.get_by_label("Your message").fill(text)
    if language:
        form.get_by_label("Language of your post").select_option(language)
    if attending:
        form.get_by_label(attending).check()
    if video_url:
        extras = form.locator("details.wall-extras")
        if extras.get_attribute("open") is None:
            extras.locator("summary").click()
        form.get_by_label(re.compile("video link", re.I)).fill(video_url)
    return form


def contribute(page, text, **fields):
    """Post through the form on the page; with JavaScript the page stays and says thank you."""
    form = fill_contribution(page, text, **fields)
    # From the keyboard, as a keyboard or switch user posts: the button is focused and activated
    # wherever the page has scrolled meanwhile (live posts, counts and questions move the form).
    form.get_by_role("button", name="Post to the wall").press("Enter")
    return form


def ensure_not_executed(page):
    assert page.evaluate("window.__xss") is None, "a payload in a post ran as script"

"""Questions for the panel, in real browsers: a remote participant asks, others vote (each once),
and the big screen's questions view reorders live, and is rebuilt from the snapshot a long-away
screen gets; the text view and a contributor's status page; the live count of held-back posts."""

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .helpers import OPEN_WALL, PHONE, QUEUED_WALL, SCREEN, fill_contribution, log_in, marker

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

BLOCKING = {"serious", "critical"}  # axe-core impacts that fail a page


def ask(page, text):
    form = fill_contribution(page, text, attending="I'm following remotely")
    form.get_by_label("This is a question for the panel").check()
    form.get_by_role("button", name="Post to the wall").click()
    expect(page.locator("[data-form-status]")).to_have_text("Thank you, your message is on the wall.")


def open_question(page, text):
    return page.locator("[data-questions] .wall-post").filter(has_text=text)


def vote_for(page, text):
    question = open_question(page, text)
    question.get_by_role("button", name="Vote for this question").click()
    expect(question.get_by_role("button", name=re.compile("^Voted"))).to_be_disabled()


VOTE_AGAIN = """(id) => {
  const root = document.getElementById("wall-root");
  const url = root.dataset.voteUrl.replace(/\\/0\\/vote\\/$/, "/" + id + "/vote/");
  return fetch(url, {
    method: "POST",
    headers: { Accept: "application/json", "X-CSRFToken": root.dataset.csrf },
    credentials: "same-origin",
  }).then((response) => response.json());
}"""


def test_remote_participants_ask_and_vote_and_the_screen_reorders_live(open_page):
    first, second = f"First question {marker()}?", f"Second question {marker()}?"
    asker = open_page(f"/walls/{OPEN_WALL}/", **PHONE)
    ask(asker, first)
    ask(asker, second)
    # The asker's own page lists both, live, with the earlier one first while votes are equal.
    expect(open_question(asker, first)).to_have_count(1)
    expect(open_question(asker, second)).to_have_count(1)

    screen = open_page(f"/walls/{OPEN_WALL}/screen/?layout=questions", **SCREEN)
    expect(screen.locator("#wall-root")).to_have_attribute("data-layout", "questions")
    expect(screen.locator(".screen__main")).to_be_hidden()
    questions = screen.locator("[data-questions] .wall-post")
    expect(questions.filter(has_text=first)).to_be_visible()
    own = screen.locator("[data-questions] .wall-post").filter(has_text=re.compile("(First|Second) question e2e"))
    expect(own.first).to_contain_text(first)

    # Two other people, each in their own browser.
    for _ in range(2):
        voter = open_page(f"/walls/{OPEN_WALL}/", **PHONE)
        vote_for(voter, second)
    voter.reload()
    expect(open_question(voter, second).get_by_role("button", name=re.compile("^Voted"))).to_be_disabled()
    # Sent again anyway (as a script would): the server counts this browser once.
    again = voter.evaluate(VOTE_AGAIN, open_question(voter, second).get_attribute("data-post-id"))
    assert (again["counted"], again["votes"]) == (False, 2)

    # The screen moved the second question above the first without a reload, showing its votes.
    expect(own.first).to_contain_text(second)
    expect(own.first.locator("[data-votes-count]")).to_have_text("2")
    expect(own.nth(1)).to_contain_text(first)
    # Nobody votes on a projector.
    expect(own.first.locator(".wall-post__vote")).to_be_hidden()
    # The asker's phone reorders too.
    expect(
        asker.locator("[data-questions] .wall-post").filter(has_text=re.compile("question e2e")).first
    ).to_contain_text(second)


def test_the_text_view_reads_out_new_posts_and_the_contributor_follows_theirs(open_page):
    reader = open_page(f"/walls/{OPEN_WALL}/text/")
    expect(reader.locator("h1")).to_contain_text("text view")
    posts = reader.locator("ol[data-posts][aria-live='polite']")
    expect(posts.locator(".wall-post").first).to_be_visible()

    phone = open_page(f"/walls/{OPEN_WALL}/", **PHONE)
    text = f"A video for the text view {marker()}"
    form = fill_contribution(phone, text, video_url="https://vimeo.com/76979871")
    form.get_by_role("button", name="Post to the wall").click()
    link = phone.locator("[data-status-link-box] a[data-status-link]")
    expect(link).to_have_text("Follow your post: see whether it is shown")

    # Live, at the top of the live region, without animation; the video as its link.
    arrived = posts.locator(".wall-post:not(.is-pinned)").first
    expect(arrived).to_contain_text(text)
    expect(arrived.get_by_role("link", name="Watch the video")).to_have_attribute("href", "https://vimeo.com/76979871")
    assert arrived.evaluate("(node) => getComputedStyle(node).animationName") == "none"
    expect(arrived.locator(".wall-video")).to_be_hidden()
    results = Axe().run(reader)
    assert not [v for v in results.response["violations"] if v["impact"] in BLOCKING], results.response["violations"]

    # The contributor's private page: their post, shown.
    link.click()
    expect(phone.locator("[data-post-status]")).to_have_attribute("data-post-status", "shown")
    expect(phone.locator("blockquote")).to_contain_text(text)
    for page in (phone, open_page(f"/walls/{OPEN_WALL}/screen/?layout=questions", **SCREEN)):
        results = Axe().run(page)
        assert not [v for v in results.response["violations"] if v["impact"] in BLOCKING], page.url


# Three questions on the open wall, asked through the one way in (as the form does).
ASK_THREE = """
import json, os
from livewall.intake import services
from livewall.intake.incoming import IncomingPost
from livewall.models import Wall
wall = Wall.objects.get(slug=os.environ["WALL"])
ids = [
    services.accept(wall, IncomingPost(source="contribution", text=text, is_question=True, attending="remote")).pk
    for text in json.loads(os.environ["TEXTS"])
]
print(json.dumps(ids))
"""

# While the screen is away: one question hidden, one answered, and more changes than a catch-up
# replays (livewall.stream.catchup.MAX_CATCH_UP), so the screen gets a fresh snapshot when it returns.
CHANGE_WHILE_AWAY = """
import os
from django.contrib.auth import get_user_model
from django.db import transaction
from livewall.models import Post, Wall, WallEvent
from livewall.moderation import actions
from livewall.stream import publisher
from livewall.stream.catchup import MAX_CATCH_UP
moderator = get_user_model().objects.filter(is_superuser=True).first()
actions.hide(Post.objects.get(pk=int(os.environ["HIDE"])), moderator)
actions.answer(Post.objects.get(pk=int(os.environ["ANSWER"])), moderator)
wall = Wall.objects.get(slug=os.environ["WALL"])
kept = Post.objects.get(pk=int(os.environ["KEEP"]))
with transaction.atomic():
    for _ in range(MAX_CATCH_UP + 1):
        publisher.append_event(wall, kept, WallEvent.Kind.UPDATED)
"""


class SilenceableNetwork:
    """Every wall socket goes through here; `silence()` drops what either side sends, `drop()` then
    closes the page's end (the page reconnects by itself, resuming by cursor)."""

    def __init__(self, page):
        self.sockets = []
        page.route_web_socket(re.compile(r".*/ws/walls/.*"), self.connect)

    def connect(self, page_side):
        state = {"silent": False, "url": page_side.url, "page_side": page_side}
        server_side = page_side.connect_to_server()
        page_side.on_message(lambda message: None if state["silent"] else server_side.send(message))
        server_side.on_message(lambda message: None if state["silent"] else page_side.send(message))
        self.sockets.append(state)

    def silence(self):
        for state in self.sockets:
            state["silent"] = True

    def drop(self):
        for state in self.sockets:
            state["page_side"].close()


def listed_ids(page):
    """The questions view's open and answered lists, as post ids in order."""
    return [
        page.locator(f"[data-questions-view] {selector} > .wall-post").evaluate_all(
            "(nodes) => nodes.map((node) => node.dataset.postId)"
        )
        for selector in ("[data-questions]", "[data-answered]")
    ]


def test_a_screen_back_after_a_long_gap_shows_the_questions_a_fresh_page_shows(open_page, portal):
    texts = [f"Away question {n} {marker()}?" for n in range(3)]
    hidden, answered, kept = json.loads(portal.shell(ASK_THREE, WALL=OPEN_WALL, TEXTS=json.dumps(texts)))
    screen = open_page(**SCREEN)
    network = SilenceableNetwork(screen)
    screen.goto(f"/walls/{OPEN_WALL}/screen/?layout=questions")
    open_list = screen.locator("[data-questions-view] [data-questions]")
    answered_list = screen.locator("[data-questions-view] [data-answered]")
    for post_id in (hidden, answered, kept):
        expect(open_list.locator(f'.wall-post[data-post-id="{post_id}"]')).to_have_count(1)
    expect(screen.locator("[data-connection]")).to_have_text("")

    network.silence()
    portal.shell(CHANGE_WHILE_AWAY, WALL=OPEN_WALL, HIDE=str(hidden), ANSWER=str(answered), KEEP=str(kept))
    network.drop()

    # Back with a fresh snapshot: the hidden question is gone, the answered one moved.
    expect(open_list.locator(f'.wall-post[data-post-id="{hidden}"]')).to_have_count(0)
    expect(open_list.locator(f'.wall-post[data-post-id="{answered}"]')).to_have_count(0)
    expect(answered_list.locator(f'.wall-post[data-post-id="{answered}"]')).to_have_count(1)
    expect(open_list.locator(f'.wall-post[data-post-id="{kept}"]')).to_have_count(1)
    assert len(network.sockets) == 2 and "after=" in network.sockets[1]["url"]
    fresh = open_page(f"/walls/{OPEN_WALL}/screen/?layout=questions", **SCREEN)
    assert listed_ids(screen) == listed_ids(fresh)


def test_the_held_back_count_moves_live_and_shows_only_the_number(open_page, portal):
    phone = open_page(f"/walls/{QUEUED_WALL}/", **PHONE)
    count = phone.locator("[data-held-back] [data-held-back-count]")
    before = int(count.inner_text())
    expect(phone.locator("[data-connection]")).to_have_text("")
    secret = f"Not for the wall {marker()}"
    form = fill_contribution(phone, secret)
    form.get_by_role("button", name="Post to the wall").click()
    expect(phone.locator("[data-form-status]")).to_contain_text("a moderator will check")

    # A moderator rejects it in the queue: viewers never saw it, yet the count moves on their page.
    queue = log_in(open_page(), portal.moderator)
    queue.goto(f"/admin/live-walls/moderate/{QUEUED_WALL}/")
    row = queue.locator(".moderation-post").filter(has_text=secret)
    row.get_by_role("button", name=re.compile("^Reject")).click()
    expect(row).to_have_attribute("data-status", "rejected")
    expect(count).to_have_text(str(before + 1))
    assert secret not in phone.content()

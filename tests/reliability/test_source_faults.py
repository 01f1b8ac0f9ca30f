"""A source API that hangs, returns garbage or answers 429 for several polls in a row: the other
sources and the wall keep going, and the admin's source list shows each error.

Real HTTP servers on loopback (pytest-httpserver), the real poll command (`livewall_poll --once`)."""

import html
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_httpserver import HTTPServer
from werkzeug import Response

from livewall.models import Post, Wall, WallEvent, WallSource
from tests.livewall.factories import WallFactory, WallSourceFactory, approved_post

pytestmark = [pytest.mark.reliability, pytest.mark.django_db, pytest.mark.timeout(180)]

ROUNDS = 3
HANG_SECONDS = 3
TIMEOUT_SECONDS = 1


def rss(items):
    body = "".join(
        f"<item><guid>https://blog.example.org/{n}</guid><title>Good news number {n}</title>"
        f"<link>https://blog.example.org/{n}</link><pubDate>Tue, 24 Nov 2026 10:00:{n:02d} GMT</pubDate></item>"
        for n in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>{body}</channel></rss>'


def test_hanging_garbage_and_rate_limited_sources_do_not_stop_the_wall(admin_client, settings, httpserver):
    settings.LIVEWALL_HTTP_TIMEOUT = TIMEOUT_SECONDS
    settings.LIVEWALL_OEMBED_TIMEOUT = 0
    wall = WallFactory(slug="faulty-sources", moderation_mode=Wall.Moderation.POST, per_author_cap=0)

    published = []
    httpserver.expect_request("/good.xml").respond_with_handler(
        lambda request: Response(rss(published), content_type="application/rss+xml")
    )
    httpserver.expect_request("/garbage.xml").respond_with_data(
        b"\x00\xff<html><body>Oops {not: a feed}", content_type="text/html"
    )
    httpserver.expect_request("/limited.xml").respond_with_data(
        "Too many requests", status=429, headers={"Retry-After": "600"}
    )

    def hang(request):
        time.sleep(HANG_SECONDS)
        return Response(rss([99]), content_type="application/rss+xml")

    with HTTPServer(host="127.0.0.1", port=0) as hanging_server:
        hanging_server.expect_request("/slow.xml").respond_with_handler(hang)
        options = {"initial_items": 100}
        good = WallSourceFactory(wall=wall, base_url=httpserver.url_for("/good.xml"), options=options)
        hanging = WallSourceFactory(wall=wall, base_url=hanging_server.url_for("/slow.xml"), options=options)
        garbage = WallSourceFactory(wall=wall, base_url=httpserver.url_for("/garbage.xml"), options=options)
        limited = WallSourceFactory(wall=wall, base_url=httpserver.url_for("/limited.xml"), options=options)

        for round_ in range(ROUNDS):
            published.extend([2 * round_, 2 * round_ + 1])
            started = time.monotonic()
            out = StringIO()
            call_command("livewall_poll", "--once", "--all", stdout=out)
            # One hanging source costs its timeout, not the hang: the pass is bounded.
            assert time.monotonic() - started < TIMEOUT_SECONDS + 5, out.getvalue()
            assert "Polled 4 source(s), 3 failed." in out.getvalue()
            # The wall goes on: a contribution in between is published as usual.
            approved_post(wall, text=f"A contribution during round {round_}")

    for source in (good, hanging, garbage, limited):
        source.refresh_from_db()
    assert good.last_error == "" and good.consecutive_failures == 0
    assert good.posts_fetched == 2 * ROUNDS
    assert Post.objects.filter(wall=wall, source=Post.Source.RSS).count() == 2 * ROUNDS
    assert not Post.objects.filter(wall=wall, text__contains="Oops").exists()

    assert hanging.consecutive_failures == ROUNDS
    assert "no answer within" in hanging.last_error
    assert garbage.consecutive_failures == ROUNDS
    assert "not a readable RSS/Atom feed" in garbage.last_error
    assert limited.consecutive_failures == ROUNDS
    assert "429" in limited.last_error or "rate" in limited.last_error.lower()
    # The source said when to come back: no poll before then.
    assert limited.next_poll_at >= timezone.now() + timedelta(seconds=590)
    assert hanging.next_poll_at > timezone.now()

    wall.refresh_from_db()
    seqs = list(WallEvent.objects.filter(wall=wall).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 3 * ROUNDS + 1)) == list(range(1, wall.last_seq + 1))

    listing = admin_client.get(reverse("wall_sources:index"))
    assert listing.status_code == 200
    page = html.unescape(listing.content.decode())
    for source in (hanging, garbage, limited):
        assert source.last_error[:60] in page, source.last_error
    assert f"({ROUNDS} in a row)" in page
    assert WallSource.objects.filter(wall=wall, consecutive_failures=0).count() == 1

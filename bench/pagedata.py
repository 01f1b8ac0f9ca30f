"""Content for bench/pages.py, created inside a Django process: events, resources and wall posts
(posts and their events bulk-created), and the database queries each page runs.

Run by bench/pages.py in a child process with the benchmark's database: `main(stage, ...)` prints
one JSON object on stdout.
"""

import datetime
import json
import sys

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

WALL_SLUG = "bench-wall"


def home_page():
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific


def index_page(home, model, slug, title):
    existing = model.objects.child_of(home).first()
    return existing or home.add_child(instance=model(title=title, slug=slug))


def add_events(index, first, count):
    from events.models import EventPage

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for number in range(first, first + count):
        # Spread over a year, a month of it past, so listings have past and upcoming events.
        start = now + datetime.timedelta(days=number % 365 - 30, hours=number % 9)
        index.add_child(
            instance=EventPage(
                title=f"Community event {number}",
                slug=f"community-event-{number}",
                summary="Residents, groups and the council talk about local priorities.",
                start=start,
                end=start + datetime.timedelta(hours=2),
                venue_name="Westbury Town Hall",
                venue_postcode="WS1 1AA",
            )
        )


def add_resources(index, first, count):
    from resources.models import ResourcePage

    for number in range(first, first + count):
        index.add_child(
            instance=ResourcePage(
                title=f"Guide {number}",
                slug=f"guide-{number}",
                summary="How to run a community meeting that everybody can join.",
                link_url=f"https://example.org/guides/{number}",
                for_community_groups=True,
            )
        )


def add_posts(wall, first, count):
    from livewall.models import Post, WallEvent

    now = timezone.now()
    posts = Post.objects.bulk_create(
        Post(
            wall=wall,
            source=Post.Source.CONTRIBUTION,
            external_id=f"bench-{number}",
            author_name=f"Participant {number % 97}",
            text=f"Post number {number}: a good point about local buses and the library hours.",
            status=Post.Status.APPROVED,
            attending=Post.Attending.IN_ROOM if number % 2 else Post.Attending.REMOTE,
            created_at=now - datetime.timedelta(seconds=count - number),
            seq=number + 1,
        )
        for number in range(first, first + count)
    )
    if any(post.pk is None for post in posts):  # backends that do not return ids from bulk_create
        posts = list(Post.objects.filter(wall=wall, seq__gt=first).order_by("seq"))
    WallEvent.objects.bulk_create(
        WallEvent(wall=wall, seq=post.seq, kind=WallEvent.Kind.PUBLISHED, post=post) for post in posts
    )
    wall.last_seq = first + count
    wall.save(update_fields=["last_seq"])


def load(events, resources, posts, have):
    """Top the content up to the given counts (`have`: what an earlier stage created)."""
    from events.models import EventIndexPage, EventPage
    from livewall.models import Wall
    from resources.models import ResourceIndexPage

    home = home_page()
    with transaction.atomic():
        event_index = index_page(home, EventIndexPage, "events", "Events")
        resource_index = index_page(home, ResourceIndexPage, "resources", "Resources")
        add_events(event_index, have["events"], events - have["events"])
        add_resources(resource_index, have["resources"], resources - have["resources"])
        event = EventPage.objects.order_by("pk").first()
        wall, _ = Wall.objects.get_or_create(
            slug=WALL_SLUG, defaults={"title": "Benchmark wall", "event": event, "moderation_mode": "post"}
        )
        add_posts(wall, have["posts"], posts - have["posts"])
    return {
        "home": home.url,
        "events": event_index.url,
        "event": event.url,
        "resources": resource_index.url,
        "participant": f"/walls/{WALL_SLUG}/",
        # Issue 15, target 5: the big screen and the contribution page are first visits too.
        "screen": f"/walls/{WALL_SLUG}/screen/",
        "contribute": f"/walls/{WALL_SLUG}/post/",
        "posts_api": f"/api/walls/{WALL_SLUG}/posts/",
    }


def count_queries(paths):
    """Queries per page for an anonymous visitor (second visit: the first creates settings rows)."""
    client = Client(HTTP_HOST="127.0.0.1")
    counts, statuses = {}, {}
    for name, path in paths.items():
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        statuses[name] = response.status_code
        counts[name] = len(queries)
    return counts, statuses


def main(events, resources, posts, have_events=0, have_resources=0, have_posts=0):
    have = {"events": have_events, "resources": have_resources, "posts": have_posts}
    paths = load(events, resources, posts, have)
    counts, statuses = count_queries(paths)
    sys.stdout.write(json.dumps({"paths": paths, "queries": counts, "status": statuses}) + "\n")

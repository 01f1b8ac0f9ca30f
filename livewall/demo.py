"""Demo walls (called by `manage.py load_demo`, after the events demo).

- `finding-our-voice`: the wall of the running demo event, post-moderated, a few dozen varied
  posts (text, YouTube/Vimeo links, two photos drawn here with Pillow, in the room and remote),
  one pinned.
- `community-voices`: a pre-moderated wall with posts waiting in its moderation queue.

Every post goes through `services.accept` with a stable external id, so a second run finds the
posts already there and creates nothing. Walls are created only when missing: an organiser's
changes are left alone. `reset` removes both walls, their posts and images, and the demo moderator.
"""

import datetime
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from events.models import EventPage
from livewall.intake import services
from livewall.intake.incoming import IncomingPost
from livewall.models import Post, Wall
from livewall.moderation import actions
from livewall.stream.embeds import Video, thumbnail_url
from portal.public_input import images

LIVE_WALL = "finding-our-voice"
QUEUE_WALL = "community-voices"
EVENT_SLUG = "finding-our-voice"
DEMO_MODERATOR = "demo-moderator"
IN_ROOM, REMOTE = Post.Attending.IN_ROOM, Post.Attending.REMOTE

# (minutes ago, author, attending, text, extra): extra is {"video": (provider, id, url)} or {"image": colour}.
LIVE_POSTS = [
    (95, "Aisha", IN_ROOM, "Good morning from the Hub! Packed room already and the coffee is excellent ☕", {}),
    (92, "Tom (Westbury Allotments)", REMOTE, "Watching the stream from the allotment shed. Hello everyone!", {}),
    (90, "", IN_ROOM, "First time at one of these. Nervous but glad I came.", {}),
    (
        87,
        "Priya",
        IN_ROOM,
        "Love that there are BSL interpreters on stage for every talk. More events like this please.",
        {},
    ),
    (85, "Gareth", REMOTE, "The captions on the stream are spot on. Thank you to whoever is doing them.", {}),
    (
        82,
        "Westbury Food Bank",
        IN_ROOM,
        "Our volunteers are here: come and find us at the stall by the café #FindingOurVoice",
        {},
    ),
    (
        80,
        "Mo",
        REMOTE,
        "Question for the panel: how do small groups with no comms person keep up with five platforms?",
        {},
    ),
    (77, "Jen", IN_ROOM, "Great tip from the first talk: write for one person, not for 'the public'.", {}),
    (
        75,
        "Sam",
        REMOTE,
        "Here's the short film the speaker mentioned: https://www.youtube.com/watch?v=aqz-KE-bpKQ",
        {"video": ("youtube", "aqz-KE-bpKQ")},
    ),
    (72, "Kofi", IN_ROOM, "Alt text matters. Half of our members use screen readers. Describe your images!", {}),
    (70, "", REMOTE, "Joining from Leeds, great to see a council doing this in the open.", {}),
    (68, "Lena", IN_ROOM, "View from the back row", {"image": ("#0b5c7a", "#ffbf47")}),
    (
        65,
        "Raj",
        IN_ROOM,
        "Plain English guide they talked about: https://westshire-portal.example/resources/plain-english",
        {},
    ),
    (
        63,
        "Hannah (Tenants' Association)",
        REMOTE,
        "We went from 40 to 400 followers by posting meeting notes every week. Consistency wins.",
        {},
    ),
    (60, "Dev", IN_ROOM, "Workshop room 2 is full, but they're streaming it to the café screen.", {}),
    (
        57,
        "Chloe",
        REMOTE,
        "Our lunch club's video diary, made on a phone: https://vimeo.com/1084537",
        {"video": ("vimeo", "1084537")},
    ),
    (55, "Ben", IN_ROOM, "Safety session was brilliant: two-factor on every shared account, today.", {}),
    (52, "Fatima", IN_ROOM, "Sketch notes from the morning talks", {"image": ("#a4161a", "#ffffff")}),
    (50, "", REMOTE, "Is there a recording of the first session for those who joined late?", {}),
    (
        47,
        "Westshire Council",
        IN_ROOM,
        "Slides and recordings will be on the portal's resources page after the event.",
        {},
    ),
    (45, "Olu", IN_ROOM, "Met three groups working on the same park. We're going to share one newsletter!", {}),
    (42, "Marta", REMOTE, "Question: can community groups use the council's Canva templates?", {}),
    (40, "Ian", IN_ROOM, "Lunch is vegan, gluten-free options on the left table. Thanks to the café team!", {}),
    (37, "Grace", REMOTE, "Watching with my mum who runs the knitting circle: she says hello 👋", {}),
    (
        35,
        "Theo",
        IN_ROOM,
        "Useful talk on accessible PDFs (or rather: don't use PDFs). https://youtu.be/aqz-KE-bpKQ",
        {"video": ("youtube", "aqz-KE-bpKQ")},
    ),
    (
        32,
        "Nadia",
        IN_ROOM,
        "Top quote so far: \u201cthe best channel is the one your neighbours already use\u201d.",
        {},
    ),
    (30, "", REMOTE, "Can we have the panel's book recommendations on the wall?", {}),
    (27, "Luis", IN_ROOM, "Afternoon workshops starting: storytelling in room 1, data basics in room 2.", {}),
    (24, "Kemi", REMOTE, "Really appreciate the hybrid format: I couldn't have travelled today.", {}),
    (20, "Ruth", IN_ROOM, "Our youth group made a 60-second intro for the wall!", {}),
    (16, "Ahmed", REMOTE, "Tip: schedule posts the night before, then reply live on the day.", {}),
    (12, "Sophie", IN_ROOM, "Last talk: how to measure what matters, not just likes.", {}),
    (8, "", IN_ROOM, "Thank you organisers, this has been a great day ❤", {}),
]
PINNED = "Welcome to Finding Our Voice! Post from the room or from home: use the form on this page or #FindingOurVoice."

QUEUE_POSTS = [
    (30, "Beth", REMOTE, "Will the community voices fund open again this year?"),
    (25, "", IN_ROOM, "The bus to the Hub was late again: can the council talk to the operator?"),
    (20, "Yusuf", IN_ROOM, "Our mosque is running a warm space every Tuesday, all welcome."),
    (15, "Carol", REMOTE, "Great meeting last week, minutes please!"),
    (10, "Dan", IN_ROOM, "Could the library stay open later on Thursdays?"),
    (5, "", REMOTE, "Proposal: a shared calendar for every group in the borough."),
]
QUEUE_APPROVED = [
    (60, "Westshire Voluntary Action", REMOTE, "Community voices is open: tell us what matters to you this winter."),
]


def _moderators_group():
    # Found by its permission so that the group's name is written in one place (migration 0002).
    return Group.objects.filter(
        permissions__codename="moderate_wall", permissions__content_type__app_label="livewall"
    ).first()


def demo_moderator():
    """A moderator account with no usable password: it only signs the demo's moderation actions."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=DEMO_MODERATOR, defaults={"email": ""})
    if created:
        user.set_unusable_password()
        user.save()
        group = _moderators_group()
        if group:
            user.groups.add(group)
    return User.objects.get(pk=user.pk)  # fresh instance: no stale permission cache


def demo_image(background, foreground, label):
    """A small picture drawn here (no file on disk, no network), validated like any upload."""
    picture = Image.new("RGB", (1200, 800), background)
    draw = ImageDraw.Draw(picture)
    for i in range(0, 1200, 80):
        draw.ellipse((i, 250 + (i % 240), i + 160, 410 + (i % 240)), outline=foreground, width=8)
    draw.rectangle((60, 60, 1140, 180), fill=foreground)
    draw.text((90, 100), label, fill=background, font_size=56)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return images.process_upload(ContentFile(out.getvalue(), name="demo.png"))


def _accept(wall, key, minutes_ago, author, attending, text, extra=None):
    """Accept one demo post unless it is already there; returns (post, created)."""
    external_id = f"demo-{wall.slug}-{key}"
    existing = Post.objects.filter(wall=wall, source=Post.Source.CONTRIBUTION, external_id=external_id).first()
    if existing:
        return existing, False
    extra = extra or {}
    video = None
    if "video" in extra:
        provider, video_id = extra["video"]
        video = Video(provider=provider, id=video_id)
        video.thumbnail = thumbnail_url(video)  # known without the network for YouTube
    image = demo_image(*extra["image"], "Finding Our Voice") if "image" in extra else None
    incoming = IncomingPost(
        source=Post.Source.CONTRIBUTION,
        external_id=external_id,
        text=text,
        author_name=author,
        attending=attending,
        video=video,
        image=image,
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )
    return services.accept(wall, incoming), True


DEMO_RULES = """Be kind: talk about ideas, not about people.
No adverts, no personal details (yours or anyone else's).
Volunteers from Westshire Voluntary Action moderate; they may leave a post out without saying why."""


def _event():
    return EventPage.objects.filter(slug=EVENT_SLUG).first()


def build_live_wall(command):
    event = _event()
    wall, created = Wall.objects.get_or_create(
        slug=LIVE_WALL,
        defaults={
            "title": "Finding Our Voice: live wall",
            "description": "Questions, ideas and photos from the room and from home.",
            "hashtags": "#FindingOurVoice",
            "moderation_mode": Wall.Moderation.POST,
            "contributions_open": True,
            "theme": Wall.Theme.DARK,
            "layout": Wall.Layout.GRID,
            "rules": DEMO_RULES,
        },
    )
    if event is not None and wall.event_id is None and not Wall.objects.filter(event=event).exists():
        wall.event = event
        wall.save(update_fields=["event", "updated_at"])
    added = 0
    for index, (minutes, author, attending, text, extra) in enumerate(LIVE_POSTS):
        added += _accept(wall, index, minutes, author, attending, text, extra)[1]
    welcome, created_welcome = _accept(wall, "welcome", 100, "Westshire Voluntary Action", IN_ROOM, PINNED)
    added += created_welcome
    if created_welcome and welcome.status == Post.Status.APPROVED:
        actions.pin(welcome, demo_moderator())
    command.stdout.write(f"Live wall '{LIVE_WALL}': {added} demo posts added.")
    return wall


def build_queue_wall(command):
    wall, _ = Wall.objects.get_or_create(
        slug=QUEUE_WALL,
        defaults={
            "title": "Community voices",
            "description": "Tell the council and local groups what matters to you. A moderator reads every post first.",
            "hashtags": "#WestshireVoices",
            "moderation_mode": Wall.Moderation.PRE,
            "contributions_open": True,
            "theme": Wall.Theme.LIGHT,
            "layout": Wall.Layout.CASCADE,
            "rules": DEMO_RULES,
        },
    )
    added = 0
    for index, (minutes, author, attending, text) in enumerate(QUEUE_APPROVED):
        post, created = _accept(wall, f"approved-{index}", minutes, author, attending, text)
        if created and post.status == Post.Status.PENDING:
            actions.approve(post, demo_moderator())
        added += created
    for index, (minutes, author, attending, text) in enumerate(QUEUE_POSTS):
        added += _accept(wall, f"queue-{index}", minutes, author, attending, text)[1]
    command.stdout.write(f"Pre-moderated wall '{QUEUE_WALL}': {added} demo posts added.")
    return wall


def build(command):
    build_live_wall(command)
    build_queue_wall(command)


def reset(command):
    for post in Post.objects.filter(wall__slug__in=[LIVE_WALL, QUEUE_WALL]).exclude(image=""):
        post.image.delete(save=False)
    Wall.objects.filter(slug__in=[LIVE_WALL, QUEUE_WALL]).delete()
    get_user_model().objects.filter(username=DEMO_MODERATOR).delete()

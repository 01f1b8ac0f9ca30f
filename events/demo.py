"""Demo content for events (called by `manage.py load_demo`): /events/ and ten events around "now".

Times are relative to when load_demo runs, so there is always something past, upcoming and live.
An event is created only if its slug is missing. On a later run, an event that no editor has
touched (every revision made by the demo, nothing unpublished) and that has drifted out of its
role (the live one has finished, an upcoming one has started) is moved back to its place;
anything an editor has edited is left alone."""

import datetime
import hashlib
import io
import random

from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageColor, ImageDraw, ImageFilter
from wagtail.images import get_image_model

from portal.demo import delete_translations, demo_image, ensure_page, ensure_translation, home_page

from .models import EventIndexPage, EventOrganiser, EventPage
from .signup.models import Registration, RegistrationStatus

INDEX_SLUG = "events"
LIVE_SLUG = "finding-our-voice"
HUB = {
    "venue_name": "Westshire Community Hub",
    "venue_address": "12 Market Street\nWestbury",
    "venue_postcode": "WS1 2AB",
}
ALL_ACCESS = {
    "step_free_access": True,
    "accessible_toilet": True,
    "hearing_loop": True,
    "bsl_interpretation": True,
    "live_captions": True,
    "quiet_room": True,
}


# One event translated into Welsh (docs/languages.md), as an editor would with wagtail-localize.
WELSH_EVENT_SLUG = "funding-surgery-small-grants"
WELSH_EVENT = {
    "slug": "cymhorthfa-ariannu-grantiau-bach",
    "title": "Cymhorthfa ariannu: grantiau bach i grwpiau cymunedol",
    "summary": "Dewch â’ch syniad a chwrdd â’r bobl sy’n rhedeg cynlluniau grantiau bach y sir: cyngor un-i-un ar "
    "gymhwysedd, cyllidebau ac ysgrifennu cais cyntaf.",
    "venue_name": "Llyfrgell Northfield",
    "accessibility_notes": "Dau le parcio i bobl anabl o flaen y brif fynedfa.",
}


def _p(*paragraphs):
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}


# role: "live" (running now), "upcoming" or "past"; day: days from today; at/until: local times.
# A repeating event's role is its first date's; a sign-up event gets SIGNUP_DEMO_PLACES taken.
REPAIR_CAFE_SLUG = "monthly-repair-cafe"
SIGNUP_SLUG = "digital-skills-drop-in"
SIGNUP_DEMO_PLACES = ["Aled Price", "Bethan Morgan", "Chidi Okafor", "Dana Kowalski"]
EVENTS = [
    {
        "slug": REPAIR_CAFE_SLUG,
        "role": "upcoming",
        "day": 2,
        "at": (18, 30),
        "until": (20, 30),
        "title": "Repair café",
        "summary": "Bring something broken (a lamp, a jumper, a bike) and fix it with volunteer repairers. "
        "Every month on the same weekday; tea and cake while you wait.",
        "format": EventPage.Format.IN_PERSON,
        **HUB,
        "step_free_access": True,
        "accessible_toilet": True,
        "repeat": "monthly_weekday",
        "repeat_count": 12,
        "organisers": "Westbury Repair Café",
        "tags": ["repair", "climate"],
        "colour": "#2b6a3f",
    },
    {
        "slug": SIGNUP_SLUG,
        "role": "upcoming",
        "day": 5,
        "at": (10, 0),
        "until": (12, 0),
        "title": "Digital skills drop-in: video calls with confidence",
        "summary": "A small, friendly session: set up video calls on your own phone or tablet with a volunteer "
        "beside you. Five places; sign up here, no account needed.",
        "format": EventPage.Format.IN_PERSON,
        **HUB,
        "step_free_access": True,
        "hearing_loop": True,
        "capacity": 5,
        "takes_signups": True,
        "organisers": "Westshire Voluntary Action",
        "tags": ["digital skills"],
        "colour": "#1d4e89",
    },
    {
        "slug": LIVE_SLUG,
        "role": "live",
        "title": "Finding Our Voice: community organisations online",
        "summary": "A day of talks and workshops on how small groups can be heard online: social media without "
        "a comms team, accessible posts, and staying safe. Join us in the Hub or from home.",
        "format": EventPage.Format.HYBRID,
        **HUB,
        "joining_link": "https://meet.westshire-portal.example/finding-our-voice",
        **ALL_ACCESS,
        "accessibility_notes": "BSL interpreters and live captions for every talk. The quiet room is on the "
        "ground floor next to the café. Assistance dogs welcome.",
        "capacity": 120,
        "registration_link": "https://westshire-portal.example/register/finding-our-voice",
        "organisers": "Westshire Voluntary Action, Westshire Council",
        "hashtag": "#FindingOurVoice",
        "tags": ["digital inclusion", "communications"],
        "colour": "#0b5c7a",
        "body": [
            _p(
                "Most community groups have something important to say and no time to learn how to say it online. "
                "This day is for the volunteers who run the Facebook page, write the newsletter or would like to "
                "start.",
                "Post your questions to the live wall from the room or from home: the panel answers them "
                "after each session.",
            ),
            {"type": "heading", "value": {"text": "Programme", "level": "h2"}},
            _p(
                "Welcome and the story of the Northfield Warm Welcome. Writing posts that everyone can read. "
                "Staying safe online: moderation for small groups. Panel: what councils can do to listen better."
            ),
        ],
    },
    {
        "slug": "funding-surgery-small-grants",
        "role": "upcoming",
        "day": 3,
        "at": (10, 0),
        "until": (12, 30),
        "title": "Funding surgery: small grants for community groups",
        "summary": "Bring your idea and meet the people who run the county's small grants schemes: one-to-one "
        "advice on eligibility, budgets and writing a first application.",
        "format": EventPage.Format.IN_PERSON,
        "venue_name": "Northfield Library",
        "venue_address": "Church Lane\nNorthfield\nWestbury",
        "venue_postcode": "WS4 7JD",
        "step_free_access": True,
        "accessible_toilet": True,
        "hearing_loop": True,
        "parking": True,
        "accessibility_notes": "Two disabled parking bays at the front entrance.",
        "capacity": 20,
        "organisers": "Westshire Community Foundation",
        "tags": ["funding"],
        "colour": "#7a4b0b",
    },
    {
        "slug": "warm-spaces-winter-planning",
        "role": "upcoming",
        "day": 8,
        "at": (14, 0),
        "until": (15, 30),
        "title": "Warm spaces network: planning for winter",
        "summary": "Libraries, churches, mosques and community centres running warm spaces share what worked "
        "last winter and plan opening hours together so no part of the county is left out.",
        "format": EventPage.Format.ONLINE,
        "joining_link": "https://meet.westshire-portal.example/warm-spaces",
        "live_captions": True,
        "organisers": "Westshire Council Communities Team",
        "hashtag": "warmspaceswestshire",
        "tags": ["cost of living", "warm spaces"],
        "colour": "#a4161a",
    },
    {
        "slug": "health-care-partnership-open-board",
        "role": "upcoming",
        "day": 15,
        "at": (18, 0),
        "until": (20, 0),
        "title": "Health and Care Partnership: open board meeting",
        "summary": "The partnership board meets in public. Residents and groups can ask questions in person or "
        "online; the papers are published a week before.",
        "format": EventPage.Format.HYBRID,
        "venue_name": "Westbury Town Hall, Council Chamber",
        "venue_address": "High Street\nWestbury",
        "venue_postcode": "WS1 1AA",
        "joining_link_later": True,
        "step_free_access": True,
        "accessible_toilet": True,
        "hearing_loop": True,
        "bsl_interpretation": True,
        "live_captions": True,
        "registration_link": "https://westshire-portal.example/register/open-board",
        "organisers": "Westshire Health and Care Partnership",
        "tags": ["health", "governance"],
        "colour": "#1e6b34",
    },
    {
        "slug": "safeguarding-basics-for-volunteers",
        "role": "upcoming",
        "day": 22,
        "at": (19, 0),
        "until": (20, 30),
        "title": "Safeguarding basics for volunteers",
        "summary": "An introduction to safeguarding children and adults at risk for volunteers in small groups. "
        "Cancelled: a new date will be announced.",
        "status": EventPage.Status.CANCELLED,
        "format": EventPage.Format.ONLINE,
        "joining_link": "https://meet.westshire-portal.example/safeguarding",
        "live_captions": True,
        "organisers": "Westshire Voluntary Action",
        "tags": ["training", "safeguarding"],
    },
    {
        "slug": "community-asset-transfer-guide",
        "role": "upcoming",
        "day": 30,
        "at": (13, 30),
        "until": (16, 0),
        "title": "Community asset transfer: taking on a building",
        "summary": "What it takes for a group to take over a community centre, a pavilion or a library from the "
        "council: the process, the costs and stories from groups who have done it.",
        "status": EventPage.Status.POSTPONED,
        "format": EventPage.Format.IN_PERSON,
        "venue_name": "Eastgate Community Centre",
        "venue_address": "4 Mill Road\nEastgate",
        "venue_postcode": "WS7 3PL",
        "step_free_access": True,
        "accessible_toilet": True,
        "organisers": "Westshire Council Property Services, Locality",
        "tags": ["buildings", "governance"],
    },
    {
        "slug": "youth-voice-forum",
        "role": "upcoming",
        "day": 40,
        "at": (17, 0),
        "until": (18, 30),
        "title": "Youth voice forum",
        "summary": "Young people aged 13 to 25 tell councillors what matters to them. Moved online after the "
        "venue flooded: the same time, now on video.",
        "status": EventPage.Status.MOVED_ONLINE,
        "format": EventPage.Format.HYBRID,
        "venue_name": "Westbury Youth Centre",
        "venue_address": "Station Road\nWestbury",
        "venue_postcode": "WS2 5QT",
        "joining_link": "https://meet.westshire-portal.example/youth-voice",
        "live_captions": True,
        "organisers": "Westshire Youth Council",
        "hashtag": "westshireyouthvoice",
        "tags": ["young people"],
    },
    {
        "slug": "westshire-compact-annual-review",
        "role": "past",
        "day": -20,
        "at": (10, 0),
        "until": (13, 0),
        "title": "Westshire Compact annual review",
        "summary": "The yearly public review of the Westshire Compact: which commitments were kept, which were "
        "not, and what changes next year.",
        "format": EventPage.Format.HYBRID,
        **HUB,
        "joining_link": "https://meet.westshire-portal.example/compact-review",
        **ALL_ACCESS,
        "organisers": "Westshire Council, Westshire Voluntary Action",
        "hashtag": "westshirecompact",
        "tags": ["partnership", "governance"],
        "colour": "#073f54",
    },
    {
        "slug": "digital-skills-drop-in-eastgate",
        "role": "past",
        "day": -45,
        "at": (10, 0),
        "until": (12, 0),
        "title": "Digital skills drop-in at Eastgate Library",
        "summary": "Bring your phone, tablet or laptop: volunteers help with email, video calls, online forms "
        "and staying safe from scams.",
        "format": EventPage.Format.IN_PERSON,
        "venue_name": "Eastgate Library",
        "venue_address": "The Parade\nEastgate",
        "venue_postcode": "WS7 1AB",
        "step_free_access": True,
        "hearing_loop": True,
        "organisers": "Westshire Libraries, Age UK Westshire",
        "tags": ["digital inclusion"],
    },
    {
        "slug": "cost-of-living-what-we-are-hearing",
        "role": "past",
        "day": -70,
        "at": (12, 30),
        "until": (13, 30),
        "title": "Cost of living: what we are hearing",
        "summary": "A lunchtime briefing from food banks, advice services and the council on the pressures "
        "families are facing and where to refer people for help.",
        "format": EventPage.Format.ONLINE,
        "joining_link": "https://meet.westshire-portal.example/cost-of-living",
        "live_captions": True,
        "organisers": "Citizens Advice Westshire",
        "tags": ["cost of living"],
    },
]
PAGE_FIELDS = {field.name for field in EventPage._meta.get_fields() if getattr(field, "concrete", False)} - {
    "start",
    "end",
    "tags",
    "image",
}


def schedule(spec, now):
    """(start, end) for this demo event, placed relative to `now` in the site's time zone."""
    if spec["role"] == "live":
        # Started up to an hour ago on the half hour, running for four more hours.
        start = now.replace(second=0, microsecond=0) - datetime.timedelta(minutes=30 + now.minute % 30)
        return start, start + datetime.timedelta(hours=4)
    local_day = timezone.localtime(now).date() + datetime.timedelta(days=spec["day"])
    start = timezone.make_aware(datetime.datetime.combine(local_day, datetime.time(*spec["at"])))
    end = timezone.make_aware(datetime.datetime.combine(local_day, datetime.time(*spec["until"])))
    return start, end


def role_at(event, now):
    if event.start <= now < event.end:
        return "live"
    return "upcoming" if event.start > now else "past"


def banner_png(title, colour, width=1200, height=675):
    """An abstract banner in the event's colour (PNG bytes), so the demo has real images. No text: the page
    shows the title already, and the pattern is seeded by the title so each event keeps its own picture."""
    rng = random.Random(hashlib.sha256(title.encode()).digest())
    base = ImageColor.getrgb(colour)

    def shade(factor):
        # factor < 1 darkens towards black, > 1 lightens towards white.
        if factor <= 1:
            return tuple(round(c * factor) for c in base)
        return tuple(round(c + (255 - c) * (factor - 1)) for c in base)

    # A diagonal wash from a deep shade to a lighter one.
    image = Image.new("RGB", (width, height))
    dark, light = shade(0.55), shade(1.25)
    diagonal = int((width**2 + height**2) ** 0.5) + 2
    gradient = Image.linear_gradient("L").resize((diagonal, diagonal)).rotate(55)
    left, top = (diagonal - width) // 2, (diagonal - height) // 2
    gradient = gradient.crop((left, top, left + width, top + height))
    image.paste(Image.composite(Image.new("RGB", image.size, light), Image.new("RGB", image.size, dark), gradient))

    # Soft overlapping discs (the portal's three-circle mark, scattered), then a few fine rings on top.
    discs = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(discs)
    accents = [(127, 209, 238), (255, 255, 255), shade(1.7), shade(1.4)]
    for _ in range(7):
        radius = rng.randint(height // 6, height // 2)
        x, y = rng.randint(width // 3, width + radius // 2), rng.randint(-radius // 2, height + radius // 2)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*rng.choice(accents), rng.randint(28, 70)))
    image = Image.alpha_composite(image.convert("RGBA"), discs.filter(ImageFilter.GaussianBlur(2)))

    rings = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(rings)
    cx, cy = rng.randint(width // 2, width), rng.randint(height // 4, 3 * height // 4)
    for step in range(2, 8):
        radius = step * height // 8
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=(255, 255, 255, 36), width=3)
    image = Image.alpha_composite(image, rings)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()


def event_image(spec):
    if "colour" not in spec:
        return None
    title = f"Event banner: {spec['title']}"
    return demo_image(title, f"event-{spec['slug']}.png", banner_png(spec["title"], spec["colour"]))


def make_event(spec, now):
    def make():
        start, end = schedule(spec, now)
        page = EventPage(start=start, end=end, image=event_image(spec))
        for name, value in spec.items():
            if name in PAGE_FIELDS:
                setattr(page, name, value)
        page.tags.add(*spec.get("tags", []))
        page.organiser_entries = [
            # Made-up organisations of the demo county: each gets a website on the reserved .example domain.
            EventOrganiser(name=name.strip(), url=f"https://{slugify(name)}.example/")
            for name in spec.get("organisers", "").split(",")
            if name.strip()
        ]
        return page

    return make


def untouched_by_editors(event):
    return not event.has_unpublished_changes and not event.revisions.exclude(user=None).exists()


def ensure_index(home):
    existing = EventIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    index, _ = ensure_page(
        home,
        INDEX_SLUG,
        lambda: EventIndexPage(
            title="Events",
            show_in_menus=True,
            search_description="Partnership meetings, training and community events across Westshire.",
            intro="<p>Open meetings, training and community events across Westshire, in person and online. "
            "Every event lists its access information, and most have a live wall where you can ask questions "
            "from the room or from home.</p>",
        ),
    )
    return index


def build(command):
    _site, home = home_page()
    index = ensure_index(home)
    now = timezone.now()
    created = moved = 0
    for spec in EVENTS:
        event, was_created = ensure_page(index, spec["slug"], make_event(spec, now))
        if was_created:
            created += 1
        elif role_at(event, now) != spec["role"] and untouched_by_editors(event):
            event.start, event.end = schedule(spec, now)
            event.save_revision().publish()
            reschedule_translations(event)
            moved += 1
        if spec["slug"] == WELSH_EVENT_SLUG:
            ensure_translation(event, "cy", WELSH_EVENT)
    fill_signup_demo(index)
    command.stdout.write(f"  events: {index.get_url()} with {created} new and {moved} rescheduled demo events")


def reschedule_translations(event):
    """A rescheduled demo event's translations move with it, unless an editor has changed them."""
    for translation in EventPage.objects.filter(translation_key=event.translation_key, alias_of__isnull=True):
        if translation.pk != event.pk and untouched_by_editors(translation):
            translation.start, translation.end = event.start, event.end
            translation.save_revision().publish()


def fill_signup_demo(index):
    """Four of the drop-in's five places taken (made-up people, reserved example.org addresses): the
    next sign-up fills it, the one after is wait-listed. Only when nobody has signed up yet."""
    event = EventPage.objects.child_of(index).filter(slug=SIGNUP_SLUG).first()
    if event is None or Registration.objects.filter(event=event).exists():
        return
    Registration.objects.bulk_create(
        Registration(
            event=event,
            name=name,
            email=f"{slugify(name)}@example.org",
            status=RegistrationStatus.CONFIRMED,
        )
        for name in SIGNUP_DEMO_PLACES
    )


def reset(command):
    _site, home = home_page()
    for index in EventIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG):
        for event in EventPage.objects.child_of(index):
            delete_translations(event)
        delete_translations(index)
        index.delete()
    for image in get_image_model().objects.filter(title__startswith="Event banner: "):
        image.file.delete(save=False)
        image.delete()

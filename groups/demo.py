"""Demo content for the directory (called by `manage.py load_demo`, after the hub's): about 15
listed groups of every kind (several informal, one unnamed, two supporter organisations) using
several languages, linked to the hub's demo conclusions from the same groups, and a "Directory
moderators" Wagtail group holding the moderation permission.

Idempotent: a listing is made only if no listing has its demo e-mail. A group that sent demo
conclusions is listed with that submission's (made-up) e-mail, as it would be in life, and its
conclusions are linked to it."""

from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django.utils.text import slugify

from events.models import EventPage
from hub.models import CoSignature, Submission
from resources.models import ResourcePage

from . import links
from .choices import GroupSize, ListingKind, ListingStatus
from .models import Area, GroupListing, Language, Topic

MODERATORS = "Directory moderators"
SUPPORTERS = {
    "Westshire Voluntary Action": {
        "description": "The council for voluntary service for Westshire: funding advice, governance, volunteers, "
        "and help for small groups to be heard by public bodies.",
        "areas": ["Westshire"],
        "topics": ["Funding", "Governance", "Volunteering", "Partnership"],
        "languages": ["en", "cy"],
        "size": GroupSize.TEN_TO_50,
        "channel_url": "https://westshire-va.example.org/",
        "meeting": "Drop-in Tuesdays 10:00 to 13:00, 12 High Street, Westbury",
    },
    "Westshire Digital Champions": {
        "description": "Volunteer ICT champions: we help groups get online, run video meetings and keep data safe.",
        "areas": ["Westshire"],
        "topics": ["Digital inclusion", "Volunteering"],
        "languages": ["en", "pl", "ar"],
        "size": GroupSize.UNDER_10,
        "channel_url": "https://social.example.org/@westshiredigital",
    },
}

# (name, show name, kind, areas, topics, languages, size, link, meeting, supporter, description)
GROUPS = [
    (
        "Riverside lunch club",
        True,
        ListingKind.INFORMAL,
        ["Riverside"],
        ["Older people", "Cost of living"],
        ["en", "cy"],
        GroupSize.TEN_TO_50,
        "",
        "Thursdays 12:30, St Mary's church hall, Riverside",
        "Westshire Voluntary Action",
        "A hot lunch and a chat every week; most of us are over seventy.",
    ),
    (
        "Westbury Mosque sisters' circle",
        True,
        ListingKind.COMMUNITY_GROUP,
        ["WS2", "Westbury"],
        ["Health and care", "Children and families"],
        ["ur", "ar", "en"],
        GroupSize.TEN_TO_50,
        "",
        "",
        "",
        "Women of the mosque community meeting after Friday prayers and online in the evening.",
    ),
    (
        "Tenants of Elm Court",
        True,
        ListingKind.INFORMAL,
        ["WS1"],
        ["Housing"],
        ["en", "so"],
        GroupSize.UNDER_10,
        "https://www.facebook.com/groups/example-elm-court",
        "",
        "",
        "",
    ),
    (
        "Polish Saturday school parents",
        True,
        ListingKind.COMMUNITY_GROUP,
        ["Westbury"],
        ["Children and families"],
        ["pl", "en"],
        GroupSize.TEN_TO_50,
        "",
        "Saturdays 9:30, Westbury Primary School",
        "Westshire Digital Champions",
        "Parents of the Polish Saturday school.",
    ),
    (
        "Men's shed",
        True,
        ListingKind.INFORMAL,
        ["Eastfield"],
        ["Health and care", "Older people"],
        ["en"],
        GroupSize.UNDER_10,
        "",
        "Weekdays 10:00 to 15:00, the shed behind Eastfield library",
        "",
        "",
    ),
    (
        "Youth forum",
        True,
        ListingKind.COMMUNITY_GROUP,
        ["Riverside"],
        ["Young people"],
        ["en", "cy"],
        GroupSize.TEN_TO_50,
        "https://social.example.org/@riversideyouth",
        "",
        "Westshire Voluntary Action",
        "",
    ),
    (
        "Allotment WhatsApp",
        True,
        ListingKind.INFORMAL,
        ["WS3"],
        ["Environment and green spaces"],
        ["en", "pa"],
        GroupSize.TEN_TO_50,
        "",
        "The allotments, Sunday mornings",
        "",
        "",
    ),
    (
        "Westbury Food Bank",
        True,
        ListingKind.CHARITY,
        ["Westbury"],
        ["Cost of living"],
        ["en"],
        GroupSize.FIFTY_TO_200,
        "https://westbury-foodbank.example.org/",
        "",
        "Westshire Voluntary Action",
        "",
    ),
    (
        "Friday coffee morning",
        True,
        ListingKind.INFORMAL,
        ["Riverside"],
        ["Older people"],
        ["en"],
        GroupSize.UNDER_10,
        "",
        "Fridays 10:30, Riverside community café",
        "",
        "",
    ),
    (
        "Eastfield over-60s",
        True,
        ListingKind.COMMUNITY_GROUP,
        ["Eastfield"],
        ["Older people", "Transport"],
        ["en", "gu"],
        GroupSize.TEN_TO_50,
        "",
        "",
        "Westshire Digital Champions",
        "",
    ),
    (
        "Somali Women's Association",
        True,
        ListingKind.COMMUNITY_GROUP,
        ["WS2"],
        ["Refugees and migrants", "Health and care"],
        ["so", "ar", "en"],
        GroupSize.FIFTY_TO_200,
        "https://somali-women.example.org/",
        "",
        "Westshire Voluntary Action",
        "",
    ),
    (
        "Ukrainian families network",
        True,
        ListingKind.INFORMAL,
        ["Westbury", "Eastfield"],
        ["Refugees and migrants", "Children and families"],
        ["uk", "en"],
        GroupSize.TEN_TO_50,
        "https://t.example.org/ukrainian-families-westshire",
        "",
        "",
        "",
    ),
    (
        "Grŵp Cymraeg Glan-yr-afon",
        True,
        ListingKind.INFORMAL,
        ["Riverside"],
        ["Environment and green spaces"],
        ["cy"],
        GroupSize.UNDER_10,
        "",
        "Nos Fercher, Tafarn y Bont / Wednesday evenings, the Bridge pub",
        "",
        "Sgwrs a garddio yn Gymraeg. Welsh speakers and learners gardening together.",
    ),
    (
        "Kurdish parents",
        False,
        ListingKind.INFORMAL,
        ["WS3"],
        ["Children and families", "Refugees and migrants"],
        ["ku", "fa"],
        GroupSize.UNDER_10,
        "",
        "",
        "",
        "Parents who want to be asked, in Kurdish, about the schools.",
    ),
]


def _listing(n, name, show_name, kind, spec):
    """The demo listing `n`, made if missing (its e-mail is the hub's demo e-mail for the group)."""
    sent = Submission.objects.filter(group_name=name).order_by("pk").first()
    cosigned = CoSignature.objects.filter(group_name=name).order_by("pk").first()
    contact = (sent or cosigned).contact_email if (sent or cosigned) else f"demo-listing-{n}@example.org"
    existing = GroupListing.objects.filter(contact_email__iexact=contact).first()
    if existing:
        return existing, False
    now = timezone.now() - timezone.timedelta(days=30 - n)
    listing = GroupListing.objects.create(
        name=name,
        show_name=show_name,
        kind=kind,
        description=spec.get("description", ""),
        size=spec["size"],
        channel_url=spec.get("channel_url", ""),
        meeting=spec.get("meeting", ""),
        supported_by=spec.get("supported_by"),
        contact_email=contact,
        status=ListingStatus.APPROVED,
        created_at=now,
        updated_at=now,
        confirmed_at=now,
        moderated_at=now,
    )
    listing.areas.set([Area.for_name(area) for area in spec["areas"]])
    listing.topics.set(Topic.objects.filter(name__in=spec["topics"]))
    listing.languages.set(Language.objects.filter(code__in=spec["languages"]))
    # The demo groups said "we are listed" when they sent their conclusions.
    for model in links.LINKED_MODELS:
        model.objects.filter(contact_email__iexact=contact, confirmed_at__isnull=False).update(we_are_listed=True)
    links.link_contributions(listing)
    return listing, True


def _moderators():
    group, _ = Group.objects.get_or_create(name=MODERATORS)
    group.permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="moderate_grouplisting", content_type__app_label="groups"),
    )
    return group


def build(command):
    _moderators()
    made = 0
    supporters = {}
    for n, (name, spec) in enumerate(SUPPORTERS.items()):
        supporters[name], created = _listing(100 + n, name, True, ListingKind.SUPPORTER, spec)
        made += created
    for n, (name, show, kind, areas, topics, languages, size, link, meeting, supporter, text) in enumerate(GROUPS):
        spec = {
            "areas": areas,
            "topics": topics,
            "languages": languages,
            "size": size,
            "channel_url": link,
            "meeting": meeting,
            "description": text,
            "supported_by": supporters.get(supporter),
        }
        made += _listing(n, name, show, kind, spec)[1]
    # The supporters publish some of the library's resources (only those nobody has attributed yet).
    resources = list(ResourcePage.objects.filter(published_by__isnull=True).order_by("path")[:4])
    for resource, supporter in zip(resources, [*supporters.values(), *supporters.values()], strict=False):
        resource.published_by = supporter
        resource.save(update_fields=["published_by"])
    shared = _shared_vocabularies_on_demo_pages()
    command.stdout.write(
        f"  groups: /groups/ with {GroupListing.objects.listed().count()} listed groups ({made} new); "
        f"shared topics or areas given to {shared} demo pages"
    )


def _shared_vocabularies_on_demo_pages():
    """The library's and the events' demo pages are made with tags, but their public filters use the
    shared topics: each page with no shared topic gets those named like its tags (as the data
    migration groups/0002 did for the pages of the time), and each event with no shared area the
    areas named in its venue. Published through a revision, so the editor shows them too."""
    areas = list(Area.objects.all())
    changed = 0
    for model in (ResourcePage, EventPage):
        for page in model.objects.filter(shared_topics__isnull=True).prefetch_related("tags"):
            topics = [_topic(tag.name) for tag in page.tags.all()]
            venue = f"{getattr(page, 'venue_name', '')} {getattr(page, 'venue_address', '')}".lower()
            in_venue = [area for area in areas if model is EventPage and area.name.lower() in venue]
            if not topics and not in_venue:
                continue
            page.shared_topics.set(topics)
            if in_venue:
                page.shared_areas.set(in_venue)
            page.save_revision().publish()
            changed += 1
    return changed


def _topic(name):
    name = " ".join(name.split())
    topic = Topic.objects.filter(slug=slugify(name)[:80]).first()
    return topic or Topic.objects.create(name=name[:1].upper() + name[1:80], slug=slugify(name)[:80])


def reset(command):
    GroupListing.objects.filter(contact_email__startswith="demo-").delete()

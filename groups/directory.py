"""What the public sees of the directory: the filtered list of /groups/ and a group's page.

Listed (approved) listings only. Every query here has a fixed count whatever the number of
listings (the vocabularies are prefetched). Searching matches a name only where the group shows it.
"""

from django.db.models import Q
from django.utils import timezone

from events.listing import listed_events
from events.models import EventPage
from events.proposals.models import ProposalOutcome
from home.languages import originals
from hub.choices import SubmissionStatus
from livewall.models import Post
from resources.models import ResourcePage

from .choices import ListingKind
from .models import GroupListing

WALL_POST_APPROVED = Post.Status.APPROVED
HUB_POST_PREFIX = "hub-submission-"  # hub.wall_feed's external id for a conclusion sent to a wall


def filtered(filters):
    """Listed groups matching the FilterForm's valid filters, newest listing first."""
    listings = GroupListing.objects.listed().select_related("supported_by").with_vocabularies()
    if filters.get("area"):
        listings = listings.filter(areas__slug=filters["area"])
    if filters.get("topic"):
        listings = listings.filter(topics__slug=filters["topic"])
    if filters.get("language"):
        listings = listings.filter(languages__code=filters["language"])
    if filters.get("written_in"):
        listings = listings.filter(written_in=filters["written_in"])
    if filters.get("kind"):
        listings = listings.filter(kind=filters["kind"])
    query = " ".join(filters.get("q", "").split())
    if query:
        listings = listings.filter(
            Q(name__icontains=query, show_name=True)
            | Q(description__icontains=query)
            | Q(meeting__icontains=query)
            | Q(areas__name__icontains=query)
            | Q(topics__name__icontains=query)
        )
    # Joins through several areas or topics would repeat a listing; the ids keep each once.
    return (
        GroupListing.objects.filter(pk__in=listings.values("pk"))
        .listed()
        .select_related("supported_by")
        .with_vocabularies()
        .order_by("-confirmed_at", "-pk")
    )


def approved_submissions(listing):
    return (
        listing.submissions.filter(status=SubmissionStatus.APPROVED)
        .select_related("discussion")
        .order_by("-created_at")
    )


def cosigned_submissions(listing):
    return (
        listing.cosignatures.filter(confirmed_at__isnull=False, submission__status=SubmissionStatus.APPROVED)
        .select_related("submission__discussion")
        .order_by("-created_at")
    )


def events_proposed(listing):
    """Published events the group proposed ("Add your event"), linked by the listing's confirmed
    e-mail. The proposer's e-mail is not confirmed by a link, but an editor reviewed and published
    each of these events, so a stranger cannot put an event on a group's page unseen."""
    return list(
        EventPage.objects.live()
        .filter(
            proposal__outcome=ProposalOutcome.PUBLISHED,
            proposal__proposer_email__iexact=listing.contact_email,
        )
        .order_by("-start")
    )


AREA_EVENTS_SHOWN = 5


def upcoming_events_in_areas(listing, now=None):
    """The next few published events (or dates of repeating ones) in the listing's areas (the
    events' shared areas): a fixed number of queries, whatever the number of events or areas."""
    area_ids = [area.pk for area in listing.areas.all()]  # prefetched with the listing
    if not area_ids:
        return []
    in_areas = EventPage.shared_areas.through.objects.filter(area_id__in=area_ids).values("eventpage_id")
    events = originals(EventPage.objects.live().public().filter(pk__in=in_areas))
    return listed_events(events, now or timezone.now(), show_past=False, limit=AREA_EVENTS_SHOWN)


def wall_contributions_count(listing):
    """Approved wall posts that came from the group's published hub conclusions.

    Only those: a wall post has no e-mail, so a contribution sent from a phone cannot soundly be
    tied to a group. The hub's posts carry the submission's id (hub.wall_feed), which can.
    """
    ids = [f"{HUB_POST_PREFIX}{pk}" for pk in approved_submissions(listing).values_list("pk", flat=True)]
    if not ids:
        return 0
    return Post.objects.filter(source=Post.Source.HUB, external_id__in=ids, status=WALL_POST_APPROVED).count()


def supported_groups(listing):
    if listing.kind != ListingKind.SUPPORTER:
        return GroupListing.objects.none()
    return listing.supported_groups.listed().with_vocabularies().order_by("name")


def published_resources(listing):
    """The resources library's live pages this supporter organisation published."""
    if listing.kind != ListingKind.SUPPORTER:
        return []
    return originals(ResourcePage.objects.live().public().filter(published_by=listing)).order_by("-date")

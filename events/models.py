from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Max
from django.utils import timezone
from django.utils.http import http_date
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.languages import original_page
from portal.canonical import CanonicalUrlMixin
from portal.http_methods import READ_AND_POST
from portal.topic_links import old_topic_redirect

from .choices import EventFormat, EventStatus
from .feeds import UpcomingEventsFeed
from .freshness import last_modified
from .ics import RECENT_DAYS, calendar_response, subscription_events
from .listing import build_listing
from .recurrence import MAX_COUNT, Repeat, next_occurrences
from .recurrence import description as recurrence_description
from .structured_data import event_json_ld


def normalise_hashtag(value):
    """'#FindingOurVoice' and 'findingourvoice' are the same tag: stored bare and lower-case."""
    return (value or "").strip().lstrip("#").strip().lower()


class EventIndexPage(CanonicalUrlMixin, RoutablePageMixin, Page):
    # Reading, and "Add your event" (the propose/ route) posting back.
    allowed_http_methods = READ_AND_POST
    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    events_per_page = 12

    def events(self):
        """Every published, public event under this index (no ordering or time filter)."""
        return EventPage.objects.child_of(self).live().public()

    @path("")
    def index_route(self, request, *args, **kwargs):
        # Links from before the shared topic list name a tag: sent on to the matching shared topic.
        topic_model = EventPage._meta.get_field("shared_topics").related_model
        return old_topic_redirect(request, topic_model) or super().index_route(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(build_listing(self, request))
        calendar_url = self.calendar_url(request)
        context["calendar_url"] = calendar_url
        # webcal:// opens the calendar program to subscribe (it fetches over https or http).
        context["webcal_url"] = "webcal://" + calendar_url.split("://", 1)[1]
        return context

    # Reached as <index url>calendar.ics through events.urls (Wagtail's own URL pattern refuses dots).
    @re_path(r"^calendar\.ics/$", name="calendar")
    def calendar_feed(self, request):
        return calendar_response(
            request,
            subscription_events(self),
            filename=f"{self.slug}.ics",
            title=self.title,
            attachment=False,
            last_modified=last_modified(self.events(), kept_for=timedelta(days=RECENT_DAYS)),
        )

    @path("feed/", name="feed")
    def rss_feed(self, request):
        response = UpcomingEventsFeed(self)(request)
        # The framework's own Last-Modified is the newest item's date, which stays put when an
        # event ends and leaves the feed.
        response["Last-Modified"] = http_date(last_modified(self.events()).timestamp())
        return response

    @path("propose/", name="propose")
    def propose(self, request):
        from .proposals.views import propose

        return propose(request, self)

    def calendar_url(self, request):
        return f"{self.get_full_url(request)}calendar.ics"

    def get_sitemap_urls(self, request=None):
        # The listing changes whenever an event under it is published, so its lastmod follows them.
        urls = super().get_sitemap_urls(request)
        latest_event = self.events().aggregate(latest=Max("last_published_at"))["latest"]
        for url in urls:
            if latest_event and (url["lastmod"] is None or latest_event > url["lastmod"]):
                url["lastmod"] = latest_event
        return urls


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey("events.EventPage", related_name="tagged_items", on_delete=models.CASCADE)


ACCESS_FEATURES = [
    "step_free_access",
    "accessible_toilet",
    "hearing_loop",
    "bsl_interpretation",
    "live_captions",
    "quiet_room",
    "parking",
]


def access_feature(verbose_name):
    return models.BooleanField(
        verbose_name,
        null=True,
        blank=True,
        default=None,
        help_text=_("Leave “Not known” unless the venue or the organisers have confirmed it."),
    )


class AccessAnswerSelect(forms.NullBooleanSelect):
    """Not known / Yes / No, in words an editor reads as an answer (Django says "Unknown")."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("Not known")), ("true", _("Yes")), ("false", _("No"))]


class EventPage(CanonicalUrlMixin, RoutablePageMixin, Page):
    # Reading, and sign-up (the signup/ and signup/cancel/ routes) posting back.
    allowed_http_methods = READ_AND_POST
    Status = EventStatus
    Format = EventFormat

    summary = models.TextField(max_length=500, help_text="One or two sentences for listings and search results.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    start = models.DateTimeField(help_text="Local time in the site's time zone.")
    end = models.DateTimeField()
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.IN_PERSON)

    repeat = models.CharField(
        max_length=20,
        choices=Repeat.choices,
        default=Repeat.NEVER,
        blank=True,
        help_text="The first occurrence is the start and end above; each repeat keeps the same local time.",
    )
    repeat_until = models.DateField(
        "Repeat until", null=True, blank=True, help_text="The last day an occurrence may fall on."
    )
    repeat_count = models.PositiveSmallIntegerField(
        "Number of occurrences", null=True, blank=True, help_text="Or: how many times in all, the first included."
    )

    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.TextField(blank=True)
    venue_postcode = models.CharField(max_length=12, blank=True)

    joining_link = models.URLField(blank=True, help_text="Where online participants join.")
    joining_link_later = models.BooleanField(
        default=False, help_text="Tick if the joining link will be sent to registered participants later."
    )

    # Each access feature is yes / no / not known (None, the default): an unticked box used to be
    # published as "not available" although nobody had said so.
    step_free_access = access_feature(_("step-free access"))
    accessible_toilet = access_feature(_("accessible toilet"))
    hearing_loop = access_feature(_("hearing loop"))
    bsl_interpretation = access_feature(_("BSL interpretation"))
    live_captions = access_feature(_("live captions"))
    quiet_room = access_feature(_("quiet room"))
    parking = access_feature(_("parking"))
    accessibility_notes = models.TextField(blank=True)

    capacity = models.PositiveIntegerField(null=True, blank=True)
    registration_link = models.URLField(blank=True)
    takes_signups = models.BooleanField(
        "Take sign-ups on this site",
        default=False,
        help_text="People sign up here without an account, up to the capacity; then they join a waiting list.",
    )
    price = models.DecimalField(
        "Price (£)", max_digits=7, decimal_places=2, null=True, blank=True, help_text="Leave empty for a free event."
    )
    hashtag = models.CharField(max_length=100, blank=True, help_text="With or without #; stored lower-case.")
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    body = StreamField(BaseStreamBlock(), blank=True)
    # The old free tags: kept (not shown, not filtered on) until editors have moved to shared topics.
    tags = ClusterTaggableManager(through=EventPageTag, blank=True)
    # The portal's shared topic list and areas (groups.Topic, groups.Area snippets), as resources,
    # the hub and the directory use: the listing filters by the topics; a group's page in the
    # directory lists the upcoming events in its areas.
    shared_topics = ParentalManyToManyField("groups.Topic", blank=True, related_name="events")
    shared_areas = ParentalManyToManyField("groups.Area", blank=True, related_name="events")

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("venue_name"),
        index.FilterField("start"),
        index.FilterField("format"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("status"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading="When"),
        MultiFieldPanel(
            [
                FieldPanel("repeat"),
                FieldRowPanel([FieldPanel("repeat_until"), FieldPanel("repeat_count")]),
                InlinePanel(
                    "occurrence_changes",
                    label="Change to one date",
                    heading="Cancel or move single dates",
                    help_text="The other dates are not touched.",
                ),
            ],
            heading="Repeats",
        ),
        FieldPanel("format"),
        MultiFieldPanel(
            [FieldPanel("venue_name"), FieldPanel("venue_address"), FieldPanel("venue_postcode")], heading="Venue"
        ),
        MultiFieldPanel([FieldPanel("joining_link"), FieldPanel("joining_link_later")], heading="Online"),
        MultiFieldPanel(
            [
                *[FieldPanel(name, widget=AccessAnswerSelect) for name in ACCESS_FEATURES],
                FieldPanel("accessibility_notes"),
            ],
            heading="Accessibility",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_link"), FieldPanel("price")]),
                FieldPanel("takes_signups"),
            ],
            heading="Places",
        ),
        InlinePanel("organiser_entries", label="Organiser", heading="Organised by"),
        FieldPanel("hashtag"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel(
            "shared_topics",
            widget=forms.CheckboxSelectMultiple,
            heading="Topics",
            help_text="From the portal's shared topic list (Snippets, Topics): the listing's topic filter uses these.",
        ),
        FieldPanel(
            "shared_areas",
            widget=forms.CheckboxSelectMultiple,
            heading="Areas",
            help_text="Neighbourhoods or postcode districts it is for (Snippets, Areas): groups listed there see it.",
        ),
        FieldPanel("tags", heading="Old tags", help_text="No longer shown or filtered on; choose topics above."),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    def clean(self):
        super().clean()
        errors = {}
        self.hashtag = normalise_hashtag(self.hashtag)
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The event must end after it starts.")
        if self.format in (self.Format.ONLINE, self.Format.HYBRID) and not (
            self.joining_link or self.joining_link_later
        ):
            errors["joining_link"] = _(
                "An online or hybrid event needs a joining link, or tick 'joining link sent later'."
            )
        if self.format in (self.Format.IN_PERSON, self.Format.HYBRID) and not self.venue_name:
            errors["venue_name"] = _("An in-person or hybrid event needs a venue.")
        if self.takes_signups and not self.capacity:
            errors["capacity"] = _("Sign-ups on this site need a capacity (the number of places).")
        if self.takes_signups and self.repeat:
            errors["takes_signups"] = _("Sign-ups on this site are for one-off events, not repeating ones.")
        errors.update(self.repeat_errors())
        if errors:
            raise ValidationError(errors)

    def repeat_errors(self):
        if not self.repeat:
            return {}
        if bool(self.repeat_until) == bool(self.repeat_count):
            return {
                "repeat_until": _("A repeating event needs either an end date or a number of occurrences (not both).")
            }
        if self.repeat_count and self.repeat_count > MAX_COUNT:
            return {"repeat_count": _("At most %(most)d occurrences.") % {"most": MAX_COUNT}}
        if self.repeat_until and self.start and self.repeat_until < timezone.localtime(self.start).date():
            return {"repeat_until": _("The end date must be on or after the first occurrence.")}
        return {}

    def save(self, *args, **kwargs):
        self.hashtag = normalise_hashtag(self.hashtag)
        super().save(*args, **kwargs)

    def is_live(self, now=None):
        """Running from the start instant (inclusive) to the end instant (exclusive).
        A cancelled or postponed event is never live: its times are the old plan."""
        now = now or timezone.now()
        return self.status in (self.Status.SCHEDULED, self.Status.MOVED_ONLINE) and self.start <= now < self.end

    def signup_open(self, now=None):
        """Taking sign-ups here: enabled with a capacity, not cancelled or postponed, not started."""
        now = now or timezone.now()
        return (
            self.takes_signups
            and bool(self.capacity)
            and self.status in (self.Status.SCHEDULED, self.Status.MOVED_ONLINE)
            and now < self.start
        )

    @property
    def is_online(self):
        return self.format in (self.Format.ONLINE, self.Format.HYBRID) or self.status == self.Status.MOVED_ONLINE

    @property
    def has_venue(self):
        return self.format != self.Format.ONLINE and self.status != self.Status.MOVED_ONLINE and bool(self.venue_name)

    @property
    def openstreetmap_url(self):
        """A search on openstreetmap.org for the venue: a plain link, no embedded third-party map."""
        query = ", ".join(part.strip() for part in [self.venue_name, self.venue_address, self.venue_postcode] if part)
        return "https://www.openstreetmap.org/search?" + urlencode({"query": " ".join(query.split())})

    @property
    def live_wall(self):
        """The event's live wall (livewall.Wall.event, related_name "wall"), or None. A translation (the
        Welsh page) has its original's: one wall per event, whatever the language."""
        try:
            return original_page(self).wall
        except ObjectDoesNotExist:
            return None

    @property
    def accessibility_features(self):
        """(label, True | False | None) for each access feature, in panel order; None: not known."""
        return [
            (capfirst(str(self._meta.get_field(name).verbose_name)), getattr(self, name)) for name in ACCESS_FEATURES
        ]

    @property
    def known_access_features(self):
        """(label, True | False) for the features the editor answered: the only ones published."""
        return [(label, answer) for label, answer in self.accessibility_features if answer is not None]

    @property
    def organiser_list(self):
        """The organisers in the editor's order (EventOrganiser rows)."""
        return list(self.organiser_entries.all())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["now"] = timezone.now()
        context["json_ld"] = event_json_ld(self, request)
        if self.repeat:
            context["repeat_text"] = recurrence_description(self)
            context["next_dates"] = next_occurrences(self, context["now"])
        return context

    # Reached as <event url>calendar.ics through events.urls.
    @re_path(r"^calendar\.ics/$", name="calendar")
    def calendar_feed(self, request):
        return calendar_response(
            request,
            [self],
            filename=f"{self.slug}.ics",
            title=self.title,
            attachment=True,
            last_modified=last_modified(),
        )

    @path("signup/", name="signup")
    def signup(self, request):
        from .signup.views import signup

        return signup(request, original_page(self))  # one list of places, whatever the language

    # The token travels in the query string: Wagtail's page paths allow only [\w-] segments.
    @path("signup/cancel/", name="signup_cancel")
    def signup_cancel(self, request):
        from .signup.views import cancel

        return cancel(request, original_page(self), request.POST.get("token") or request.GET.get("token", ""))


class EventOccurrenceChange(Orderable):
    """One date of a repeating event cancelled, or moved, with a note; the other dates are untouched."""

    page = ParentalKey(EventPage, related_name="occurrence_changes", on_delete=models.CASCADE)
    occurrence_date = models.DateField(help_text="The date the occurrence was planned for (site's local date).")
    cancelled = models.BooleanField(default=False)
    new_start = models.DateTimeField(null=True, blank=True, help_text="Moved: the new start (local time).")
    new_end = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True, help_text="Shown with the date, e.g. why it changed.")

    panels = [
        FieldPanel("occurrence_date"),
        FieldPanel("cancelled"),
        FieldRowPanel([FieldPanel("new_start"), FieldPanel("new_end")]),
        FieldPanel("note"),
    ]

    def clean(self):
        super().clean()
        if self.cancelled == bool(self.new_start):
            raise ValidationError({"new_start": _("Either tick 'cancelled' or give the new start time.")})
        if self.new_start and self.new_end and self.new_end <= self.new_start:
            raise ValidationError({"new_end": _("The occurrence must end after it starts.")})

    def __str__(self):
        return f"{self.occurrence_date}: {'cancelled' if self.cancelled else 'moved'}"


class EventOrganiser(Orderable):
    """Who runs an event, with their website: search engines show an organiser with a URL."""

    page = ParentalKey(EventPage, related_name="organiser_entries", on_delete=models.CASCADE)
    name = models.CharField(max_length=200)
    url = models.URLField("Website", blank=True)

    panels = [FieldPanel("name"), FieldPanel("url")]

    def __str__(self):
        return self.name


# Sign-up's and proposals' models live in their own packages; imported here so Django registers it with this app.
from .proposals.models import EventProposal  # noqa: E402, F401
from .signup.models import Registration  # noqa: E402, F401

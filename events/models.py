from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BaseStreamBlock


def normalise_hashtag(value):
    """'#FindingOurVoice' and 'findingourvoice' are the same tag: stored bare and lower-case."""
    return (value or "").strip().lstrip("#").strip().lower()


class EventIndexPage(Page):
    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey("events.EventPage", related_name="tagged_items", on_delete=models.CASCADE)


class EventPage(Page):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        POSTPONED = "postponed", "Postponed"
        MOVED_ONLINE = "moved_online", "Moved online"

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        HYBRID = "hybrid", "Hybrid"

    summary = models.TextField(max_length=500, help_text="One or two sentences for listings and search results.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    start = models.DateTimeField(help_text="Local time in the site's time zone.")
    end = models.DateTimeField()
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.IN_PERSON)

    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.TextField(blank=True)
    venue_postcode = models.CharField(max_length=12, blank=True)

    joining_link = models.URLField(blank=True, help_text="Where online participants join.")
    joining_link_later = models.BooleanField(
        default=False, help_text="Tick if the joining link will be sent to registered participants later."
    )

    step_free_access = models.BooleanField(default=False)
    accessible_toilet = models.BooleanField(default=False)
    hearing_loop = models.BooleanField(default=False)
    bsl_interpretation = models.BooleanField("BSL interpretation", default=False)
    live_captions = models.BooleanField(default=False)
    quiet_room = models.BooleanField(default=False)
    parking = models.BooleanField(default=False)
    accessibility_notes = models.TextField(blank=True)

    capacity = models.PositiveIntegerField(null=True, blank=True)
    registration_link = models.URLField(blank=True)
    organisers = models.CharField(max_length=255, blank=True, help_text="Who runs the event, comma separated.")
    hashtag = models.CharField(max_length=100, blank=True, help_text="With or without #; stored lower-case.")
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    body = StreamField(BaseStreamBlock(), blank=True)
    tags = ClusterTaggableManager(through=EventPageTag, blank=True)

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
        FieldPanel("format"),
        MultiFieldPanel(
            [FieldPanel("venue_name"), FieldPanel("venue_address"), FieldPanel("venue_postcode")], heading="Venue"
        ),
        MultiFieldPanel([FieldPanel("joining_link"), FieldPanel("joining_link_later")], heading="Online"),
        MultiFieldPanel(
            [
                FieldPanel("step_free_access"),
                FieldPanel("accessible_toilet"),
                FieldPanel("hearing_loop"),
                FieldPanel("bsl_interpretation"),
                FieldPanel("live_captions"),
                FieldPanel("quiet_room"),
                FieldPanel("parking"),
                FieldPanel("accessibility_notes"),
            ],
            heading="Accessibility",
        ),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_link")], heading="Places"),
        FieldPanel("organisers"),
        FieldPanel("hashtag"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    def clean(self):
        super().clean()
        errors = {}
        self.hashtag = normalise_hashtag(self.hashtag)
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "The event must end after it starts."
        if self.format in (self.Format.ONLINE, self.Format.HYBRID) and not (
            self.joining_link or self.joining_link_later
        ):
            errors["joining_link"] = (
                "An online or hybrid event needs a joining link, or tick 'joining link sent later'."
            )
        if self.format in (self.Format.IN_PERSON, self.Format.HYBRID) and not self.venue_name:
            errors["venue_name"] = "An in-person or hybrid event needs a venue."
        if errors:
            raise ValidationError(errors)

    def is_live(self, now=None):
        now = now or timezone.now()
        return self.status != self.Status.CANCELLED and self.start <= now < self.end

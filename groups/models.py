"""The directory's listings and the portal's shared vocabularies.

Topic, Area and Language are editor-managed snippets: one topic list and one area model for
resources, events, the hub and the directory. A GroupListing is an ordinary model (not a page): it
arrives from the public, waits for e-mail confirmation, then for a directory moderator. Private:
contact_email (never on a page, feed, export or API).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from hub.areas import DISTRICT

from .choices import GroupSize, ListingKind, ListingStatus, RejectionReason

MAX_NAME_LENGTH = 120
MAX_DESCRIPTION_LENGTH = 1000
MAX_MEETING_LENGTH = 200
# Unconfirmed listings are deleted after this long (as new ones arrive, and by groups_cleanup).
UNCONFIRMED_RETENTION = timedelta(days=7)


class Topic(index.Indexed, models.Model):
    """One entry of the portal's shared topic list."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Area(index.Indexed, models.Model):
    """A postcode district ("CF24") or a named neighbourhood ("Splott"): never a full postcode."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("Postcode district")
        NEIGHBOURHOOD = "neighbourhood", _("Named neighbourhood")

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEIGHBOURHOOD)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def for_name(cls, name):
        """The area called `name` (already cleaned by hub.areas.clean_area), made if it is new."""
        slug = slugify(name)[:80] or "area"
        kind = cls.Kind.DISTRICT if DISTRICT.match(name) else cls.Kind.NEIGHBOURHOOD
        area = cls.objects.filter(models.Q(slug=slug) | models.Q(name__iexact=name)).first()
        return area or cls.objects.create(name=name, slug=slug, kind=kind)


class Language(models.Model):
    """A language a group's members use (ISO 639-1 code where there is one)."""

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=80, help_text=_("In English, e.g. “Welsh”."))
    native_name = models.CharField(max_length=80, blank=True, help_text=_("In the language itself, e.g. “Cymraeg”."))

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("native_name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        if self.native_name and self.native_name != self.name:
            return f"{self.name} ({self.native_name})"
        return self.name


class ListingQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(status=ListingStatus.APPROVED)

    def with_vocabularies(self):
        """Areas, topics and languages in three more queries, whatever the number of listings."""
        return self.prefetch_related("areas", "topics", "languages")


class GroupListing(models.Model):
    """One group in the directory. Public only when APPROVED; contact_email is never published."""

    name = models.CharField(max_length=MAX_NAME_LENGTH, blank=True)
    show_name = models.BooleanField(default=True)
    kind = models.CharField(max_length=20, choices=ListingKind.choices)
    description = models.TextField(max_length=MAX_DESCRIPTION_LENGTH, blank=True)
    # The language the listing's own text (name, description, meeting place) is written in, chosen
    # by the group (a settings.LANGUAGES code). Not `languages`, the languages the group speaks.
    written_in = models.CharField(max_length=10, default="en")
    areas = models.ManyToManyField(Area, related_name="listings")
    topics = models.ManyToManyField(Topic, related_name="listings", blank=True)
    languages = models.ManyToManyField(Language, related_name="listings", blank=True)
    size = models.CharField(max_length=20, choices=GroupSize.choices)
    # How to reach the group on its own channels: public links and a meeting place, never a phone.
    channel_url = models.URLField(max_length=500, blank=True)
    other_url = models.URLField(max_length=500, blank=True)
    meeting = models.CharField(max_length=MAX_MEETING_LENGTH, blank=True)
    supported_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supported_groups",
        limit_choices_to={"kind": ListingKind.SUPPORTER},
    )
    contact_email = models.EmailField()
    # The interface language the group used to list itself: every e-mail to it is in that language.
    interface_language = models.CharField(max_length=10, default="en")

    status = models.CharField(
        max_length=20, choices=ListingStatus.choices, default=ListingStatus.UNCONFIRMED, db_index=True
    )
    rejection_reason = models.CharField(max_length=20, choices=RejectionReason.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ListingQuerySet.as_manager()

    class Meta:
        ordering = ["-confirmed_at", "-pk"]
        indexes = [models.Index(fields=["status", "kind"])]
        permissions = [("moderate_grouplisting", "Can moderate the community groups directory")]

    def __str__(self):
        return self.public_name

    def area_names(self):
        return ", ".join(area.name for area in self.areas.all())

    @property
    def public_name(self):
        """Its name, or "a group in <area>" when it gave none or asked not to be named."""
        if self.show_name and self.name:
            return self.name
        areas = self.area_names()
        return _("A group in %(areas)s") % {"areas": areas} if areas else _("A group")

    @property
    def is_supporter(self):
        return self.kind == ListingKind.SUPPORTER

    def channel_links(self):
        return [url for url in (self.channel_url, self.other_url) if url]

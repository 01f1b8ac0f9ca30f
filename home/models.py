from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.http import Http404
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index
from wagtail.url_routing import RouteResult

from portal.canonical import CanonicalUrlMixin
from portal.http_methods import READ

from .blocks import BaseStreamBlock
from .languages import original_page


class HomePage(CanonicalUrlMixin, Page):
    allowed_http_methods = READ
    hero_heading = models.CharField(max_length=200, default="Where councils and communities meet")
    hero_text = models.TextField(blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    intro = RichTextField(blank=True)
    cta_heading = models.CharField(max_length=200, blank=True, default="Run a community group?")
    cta_text = models.TextField(blank=True)
    cta_page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    cta_label = models.CharField(max_length=100, blank=True, default="Get involved")

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_text"), FieldPanel("hero_image")], heading="Hero"
        ),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("cta_heading"), FieldPanel("cta_text"), PageChooserPanel("cta_page"), FieldPanel("cta_label")],
            heading="Call to action for community groups",
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("hero_text"), index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def route(self, request, path_components):
        """Once the home page is translated (e.g. into Welsh), Wagtail routes that language's addresses
        (/cy/…) from the translation, whose tree holds only translated pages and the aliases above them.
        Any other address is routed in the original tree, as it is for a language without a home page of
        its own: the original's translation when one is published, else the original (with the notice)."""
        original = original_page(self)
        if original.pk == self.pk:
            return super().route(request, path_components)
        try:
            found = super().route(request, path_components)
        except Http404:
            found = None
        if found is not None and found[0].alias_of_id is None:
            return found
        page, args, kwargs = original.route(request, path_components)
        translation = page.get_translation_or_none(self.locale)
        if translation is not None and translation.live and translation.alias_of_id is None:
            page = translation.specific
        return RouteResult(page, args, kwargs)


class StandardPage(CanonicalUrlMixin, Page):
    allowed_http_methods = READ
    introduction = models.TextField(blank=True)
    body = StreamField(BaseStreamBlock(), blank=True)

    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]


class SiteSettingOrDefault:
    """`for_request_or_default`: a setting of the request's site, or its defaults (unsaved) when no
    Site serves the request (a host no Site names, a database whose Site was removed), so a page
    still renders instead of failing on the footer."""

    @classmethod
    def for_request_or_default(cls, request):
        if request is None or Site.find_for_request(request) is None:
            return cls()
        return cls.for_request(request)


@register_setting(icon="site")
class PortalSettings(SiteSettingOrDefault, BaseSiteSetting):
    organisation_name = models.CharField(max_length=200, default="Community Portal")
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_address = models.TextField(blank=True)
    mastodon_url = models.URLField(blank=True)
    bluesky_url = models.URLField(blank=True)
    x_url = models.URLField("X (Twitter) URL", blank=True)
    facebook_url = models.URLField(blank=True)
    linkedin_url = models.URLField(blank=True)

    panels = [
        FieldPanel("organisation_name"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("contact_address")], heading="Contact"
        ),
        MultiFieldPanel(
            [
                FieldPanel("mastodon_url"),
                FieldPanel("bluesky_url"),
                FieldPanel("x_url"),
                FieldPanel("facebook_url"),
                FieldPanel("linkedin_url"),
            ],
            heading="Social links",
        ),
    ]


@register_setting(icon="lock")
class PrivacyNotice(SiteSettingOrDefault, BaseSiteSetting):
    """The privacy notice at /privacy/ (home.views.privacy_notice), linked from every page's footer
    and the contribution form. Left empty, the standard notice describes what this software
    collects; editors replace it when their organisation keeps more, or says it differently."""

    body = RichTextField(
        blank=True,
        help_text=(
            "Leave empty to show the standard notice (what the portal collects, why, how long, and "
            "who to contact). Write your own to replace it."
        ),
    )
    contact_email = models.EmailField(
        "Contact for personal data",
        blank=True,
        help_text="Who answers questions and removal requests. Defaults to the site's contact e-mail.",
    )
    last_updated = models.DateField(null=True, blank=True, help_text="Shown on the notice.")

    panels = [FieldPanel("contact_email"), FieldPanel("last_updated"), FieldPanel("body")]

    class Meta:
        verbose_name = "privacy notice"


@register_setting(icon="list-ul")
class MainMenu(BaseSiteSetting, ClusterableModel):
    panels = [InlinePanel("items", label="Menu item")]


def validate_menu_url(value):
    """A path on this site ("/events/") or a full http(s) address."""
    if value.startswith("/") and not value.startswith("//"):
        if any(char.isspace() for char in value):
            raise ValidationError("A path cannot contain spaces.")
        return
    URLValidator(schemes=["http", "https"])(value)


class MainMenuItem(Orderable):
    menu = ParentalKey(MainMenu, related_name="items", on_delete=models.CASCADE)
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    url = models.CharField(
        "URL",
        max_length=500,
        blank=True,
        validators=[validate_menu_url],
        help_text="Instead of a page: a path on this site (/events/) or a full address (https://…).",
    )
    label = models.CharField(max_length=60, blank=True, help_text="Defaults to the page title.")

    panels = [PageChooserPanel("page"), FieldPanel("url"), FieldPanel("label")]

    def clean(self):
        super().clean()
        if not self.page_id and not self.url:
            raise ValidationError("Choose a page or enter a URL.")
        if not self.page_id and not self.label:
            raise ValidationError({"label": "A link to a URL needs a label."})

    @property
    def title(self):
        return self.label or (self.page.title if self.page else self.url)

    @property
    def href(self):
        return self.page.url if self.page else self.url

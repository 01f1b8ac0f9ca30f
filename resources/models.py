"""The resources library: an index page that filters, searches and paginates, and one page per resource."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BaseStreamBlock
from home.languages import original_page
from portal.canonical import CanonicalUrlMixin
from portal.http_methods import READ
from portal.topic_links import old_topic_redirect

# (URL value, model field, label, short label for badges). The URL value is what ?audience= takes.
AUDIENCES = [
    ("public-sector", "for_public_sector", _("Public sector"), _("Public sector")),
    (
        "voluntary-sector",
        "for_voluntary_sector",
        _("Voluntary and community organisations"),
        _("Voluntary sector"),
    ),
    ("community-groups", "for_community_groups", _("Informal community groups"), _("Community groups")),
]
AUDIENCE_FIELDS = {value: field for value, field, _label, _short in AUDIENCES}

RESULTS_PER_PAGE = 12


def shared_topic_model():
    """groups.Topic, found through the field: the library does not import the directory."""
    return ResourcePage._meta.get_field("shared_topics").related_model


def for_audience(audience):
    """Resources that help this audience: those ticked for it and those with no audience ticked,
    which are for everyone and so belong in every audience's results."""
    for_everyone = models.Q(**{field: False for field in AUDIENCE_FIELDS.values()})
    return models.Q(**{AUDIENCE_FIELDS[audience]: True}) | for_everyone


class ResourceIndexPage(CanonicalUrlMixin, Page):
    allowed_http_methods = READ
    intro = RichTextField(blank=True)

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ResourcePage"]
    max_count_per_parent = 1

    def resources(self):
        """Live, public resources in this library, newest first, with what a listing shows prefetched.
        A translated library (e.g. the Welsh one) lists its original's resources."""
        return (
            ResourcePage.objects.child_of(original_page(self))
            .live()
            .public()
            .select_related("document")
            .prefetch_related("shared_topics")
            .order_by("-date", "-first_published_at", "-pk")
        )

    def topics(self):
        """Shared topics (groups.Topic) in use on this library's live resources, for the topic filter."""
        in_use = ResourcePage.shared_topics.through.objects.filter(
            resourcepage__in=ResourcePage.objects.child_of(original_page(self)).live().public()
        ).values("topic_id")
        return shared_topic_model().objects.filter(pk__in=in_use).order_by(Lower("name"))

    def serve(self, request, *args, **kwargs):
        # Links from before the shared topic list name a tag: sent on to the matching shared topic.
        return old_topic_redirect(request, shared_topic_model()) or super().serve(request, *args, **kwargs)

    def filter_resources(self, data):
        """Apply the filter form to the library. Returns (form, results) where results is a queryset
        or Wagtail search results; fields that do not validate are ignored (and reported by the form)."""
        form = ResourceFilterForm(data, topics=self.topics())
        form.is_valid()
        cleaned = getattr(form, "cleaned_data", {})
        results = self.resources()
        audience = cleaned.get("audience")
        if audience:
            results = results.filter(for_audience(audience))
        topic = cleaned.get("topic")
        if topic:
            # Wagtail search cannot filter on related fields, so the topic narrows the ids instead.
            through = ResourcePage.shared_topics.through
            tagged = through.objects.filter(topic__slug=topic).values_list("resourcepage_id", flat=True)
            results = results.filter(pk__in=list(tagged))
        query = cleaned.get("q")
        if query:
            results = results.search(query, operator="and")
        return form, results

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form, results = self.filter_resources(request.GET)
        paginator = Paginator(results, RESULTS_PER_PAGE)
        resources = paginator.get_page(request.GET.get("page"))
        context.update(
            filter_form=form,
            resources=resources,
            result_count=paginator.count,
            is_filtered=any(form.cleaned_data.values()) if hasattr(form, "cleaned_data") else False,
        )
        return context


class SearchInput(forms.TextInput):
    input_type = "search"


class ResourceFilterForm(forms.Form):
    q = forms.CharField(label=_("Keywords"), required=False, max_length=200, widget=SearchInput)
    audience = forms.ChoiceField(
        label=_("Who it is for"),
        required=False,
        choices=[("", _("Everyone"))] + [(value, label) for value, _field, label, _short in AUDIENCES],
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("All topics"))] + [(topic.slug, topic.name) for topic in topics]
        self.fields["q"].widget.attrs.update(autocomplete="off")

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())


class ResourcePageTag(TaggedItemBase):
    content_object = ParentalKey("resources.ResourcePage", related_name="tagged_items", on_delete=models.CASCADE)


class ResourcePage(CanonicalUrlMixin, Page):
    allowed_http_methods = READ
    summary = models.TextField(max_length=500, help_text="One or two sentences for listings and search results.")
    date = models.DateField(default=datetime.date.today, help_text="When the resource was published or last reviewed.")
    body = StreamField(BaseStreamBlock(), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A file to download (PDF, ODT, spreadsheet…).",
    )
    link_url = models.URLField("External link", blank=True, help_text="Where the resource lives on another site.")
    link_text = models.CharField(max_length=100, blank=True, help_text="Defaults to “Visit the resource”.")
    for_public_sector = models.BooleanField("Public sector", default=False)
    for_voluntary_sector = models.BooleanField("Voluntary and community organisations", default=False)
    for_community_groups = models.BooleanField("Informal community groups", default=False)
    # The old free tags: kept (not shown, not filtered on) until editors have moved to shared topics.
    tags = ClusterTaggableManager("Topics", through=ResourcePageTag, blank=True)
    # The portal's shared topic list (groups.Topic snippets), as events, the hub and the directory
    # use: what the page shows and the library filters by.
    shared_topics = ParentalManyToManyField("groups.Topic", blank=True, related_name="resources")
    published_by = models.ForeignKey(
        "groups.GroupListing",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
        limit_choices_to={"kind": "supporter"},
        help_text="The supporter organisation in the groups directory that publishes it, if any.",
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.RelatedFields("shared_topics", [index.SearchField("name", boost=2)]),
        index.FilterField("date"),
        index.FilterField("for_public_sector"),
        index.FilterField("for_voluntary_sector"),
        index.FilterField("for_community_groups"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("date"),
        MultiFieldPanel(
            [FieldPanel("for_public_sector"), FieldPanel("for_voluntary_sector"), FieldPanel("for_community_groups")],
            heading="Who it is for",
            help_text="Tick every audience it helps. Leave all unticked if it is for everyone.",
        ),
        FieldPanel(
            "shared_topics",
            widget=forms.CheckboxSelectMultiple,
            heading="Topics",
            help_text="From the portal's shared topic list (Snippets, Topics): the library's topic filter uses these.",
        ),
        FieldPanel("tags", heading="Old tags", help_text="No longer shown or filtered on; choose topics above."),
        FieldPanel("published_by"),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("link_url"), FieldPanel("link_text")], heading="Download or link"
        ),
        FieldPanel("body"),
    ]

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    @property
    def audiences(self):
        """Labels of the audiences ticked, in a fixed order."""
        return [label for _value, field, label, _short in AUDIENCES if getattr(self, field)]

    @property
    def audience_badges(self):
        """Short labels of the audiences ticked, for cards."""
        return [short for _value, field, _label, short in AUDIENCES if getattr(self, field)]

    def clean(self):
        super().clean()
        if not (self.document_id or self.link_url or (self.body and len(self.body))):
            raise ValidationError(
                "A resource needs something to offer: a document, an external link or some body content."
            )

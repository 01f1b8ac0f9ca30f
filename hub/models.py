"""Hub pages and what groups send to them.

A DiscussionPage is the question; its response and commitments are page fields editors fill in after
it closes. Submissions and co-signatures are ordinary models (not pages): they arrive from the
public, wait for e-mail confirmation and then for the discussion's moderating organisation.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.languages import original_page
from portal.canonical import CanonicalUrlMixin
from portal.http_methods import READ, READ_AND_POST

from .choices import CommitmentStatus, DiscussionStatus, GroupKind, Platform, RejectionReason, SubmissionStatus

MAX_CONCLUSIONS_LENGTH = 5000
# Unconfirmed submissions and co-signatures are deleted after this long (hub.tasks / the command).
UNCONFIRMED_RETENTION = timedelta(days=7)


class HubIndexPage(CanonicalUrlMixin, RoutablePageMixin, Page):
    allowed_http_methods = READ
    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["hub.DiscussionPage"]
    max_count_per_parent = 1

    def discussions(self):
        return DiscussionPage.objects.child_of(self).live().public().order_by("-closes_on")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        discussions = list(self.discussions())
        context["open_discussions"] = [d for d in discussions if d.status(today) == DiscussionStatus.OPEN]
        context["other_discussions"] = [d for d in discussions if d.status(today) != DiscussionStatus.OPEN]
        context["today"] = today
        return context

    @path("responses/feed/", name="responses_feed")
    def responses_feed(self, request):
        from .feeds import ResponsesFeed

        return ResponsesFeed(self)(request)

    @path("topics/<slug:topic>/responses/feed/", name="topic_responses_feed")
    def topic_responses_feed(self, request, topic):
        from .feeds import ResponsesFeed

        return ResponsesFeed(self, topic_slug=topic)(request)

    @path("dates/", name="calendar")
    def calendar(self, request):
        from .feeds import calendar_response

        return calendar_response(request, self)


class DiscussionPage(CanonicalUrlMixin, RoutablePageMixin, Page):
    allowed_http_methods = READ_AND_POST
    question = models.TextField(help_text=_("The question groups are asked to discuss, in plain words."))
    background = RichTextField(blank=True, help_text=_("What groups need to know to discuss it."))
    asking_body = models.CharField(max_length=200, help_text=_("Who is asking, e.g. “Cardiff Council”."))
    readers = models.CharField(max_length=255, help_text=_("Who will read the conclusions, e.g. “The cabinet member”."))
    opens_on = models.DateField()
    closes_on = models.DateField()
    response_due_on = models.DateField(help_text=_("The date the asking body promises to respond by."))
    topics = models.CharField(max_length=255, blank=True, help_text=_("Comma separated, e.g. “transport, housing”."))
    area = models.CharField(max_length=120, blank=True, help_text=_("The area the question is about."))
    # The portal's shared topic list (groups.Topic snippets); `topics` above is the free-text label.
    shared_topics = ParentalManyToManyField("groups.Topic", blank=True, related_name="discussions")
    # The portal's shared areas (groups.Area snippets): the discussion page links to the groups there.
    shared_areas = ParentalManyToManyField("groups.Area", blank=True, related_name="discussions")
    moderating_group = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The organisation that moderates conclusions (its members, and superusers, may)."),
    )
    officials_group = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Officials of the asking body: they read conclusions and respond, but do not moderate."),
    )

    wall = models.ForeignKey(
        "livewall.Wall",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An event's live wall: conclusions published here are sent to it as posts from the hub."),
    )

    response = RichTextField(blank=True, help_text=_("“You said, we did”: published with the date below."))
    response_published_on = models.DateField(null=True, blank=True)
    responded_by = models.CharField(max_length=200, blank=True, help_text=_("Who answered, with their role."))

    search_fields = Page.search_fields + [
        index.SearchField("question"),
        index.SearchField("background"),
        index.SearchField("response"),
        index.FilterField("closes_on"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("question"),
        FieldPanel("background"),
        MultiFieldPanel([FieldPanel("asking_body"), FieldPanel("readers")], heading=_("Who asks, who reads")),
        FieldRowPanel(
            [FieldPanel("opens_on"), FieldPanel("closes_on"), FieldPanel("response_due_on")], heading=_("Dates")
        ),
        FieldRowPanel([FieldPanel("topics"), FieldPanel("area")]),
        FieldRowPanel([FieldPanel("shared_topics"), FieldPanel("shared_areas")]),
        MultiFieldPanel([FieldPanel("moderating_group"), FieldPanel("officials_group")], heading=_("Governance")),
        FieldPanel("wall", heading=_("Live wall")),
        MultiFieldPanel(
            [
                FieldPanel("response"),
                FieldRowPanel([FieldPanel("response_published_on"), FieldPanel("responded_by")]),
                InlinePanel("commitments", label=_("What changed because of it")),
            ],
            heading=_("Response"),
        ),
    ]
    parent_page_types = ["hub.HubIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("discussion")

    # --- dates and status ----------------------------------------------------------------------

    def has_response(self):
        return bool(self.response_published_on and self.response)

    def status(self, today=None):
        today = today or timezone.localdate()
        if self.has_response():
            return DiscussionStatus.RESPONDED
        if today < self.opens_on:
            return DiscussionStatus.UPCOMING
        if today <= self.closes_on:
            return DiscussionStatus.OPEN
        return DiscussionStatus.CLOSED

    def status_label(self, today=None):
        return DiscussionStatus(self.status(today)).label

    def is_open(self, today=None):
        return self.status(today) == DiscussionStatus.OPEN

    def overdue_days(self, today=None):
        """Days past the response due date without a response (0 when not overdue).

        The due date itself is not overdue: a response published on the day is on time.
        """
        today = today or timezone.localdate()
        if self.has_response() or today <= self.response_due_on:
            return 0
        return (today - self.response_due_on).days

    def topic_list(self):
        return [topic.strip() for topic in self.topics.split(",") if topic.strip()]

    # --- what the public sees ------------------------------------------------------------------

    def approved_submissions(self):
        return self.submissions.filter(status=SubmissionStatus.APPROVED)

    def original_discussion(self):
        """The discussion whose conclusions this page shows and takes: a translation (the Welsh page)
        shares its original's, so that what groups send in either language is read together."""
        return original_page(self)

    def get_context(self, request, *args, **kwargs):
        from .listing import public_conclusions

        context = super().get_context(request, *args, **kwargs)
        context.update(public_conclusions(self.original_discussion(), request))
        context["today"] = timezone.localdate()
        return context

    @path("send/", name="submit")
    def submit(self, request):
        from .views import submit

        return submit(request, self.original_discussion())

    @path("submissions/<int:submission_id>/agree/", name="cosign")
    def cosign(self, request, submission_id):
        from .views import cosign

        return cosign(request, self.original_discussion(), submission_id)

    @path("submissions/<int:submission_id>/attachment/", name="attachment")
    def attachment(self, request, submission_id):
        from .views import attachment

        return attachment(request, self.original_discussion(), submission_id)

    # The token travels in the query string: Wagtail's page paths allow only [\w-] segments.
    @path("confirm/", name="confirm")
    def confirm(self, request):
        from .views import confirm

        return confirm(request, self.original_discussion(), request.POST.get("token") or request.GET.get("token", ""))

    @path("export/csv/", name="export_csv")
    def export_csv(self, request):
        from .exports import csv_response

        return csv_response(self.original_discussion())

    @path("export/json/", name="export_json")
    def export_json(self, request):
        from .exports import json_response

        return json_response(self.original_discussion())

    @path("moderation-report/", name="report")
    def report(self, request):
        from .views import report

        return report(request, self.original_discussion())


class Commitment(Orderable):
    discussion = ParentalKey(DiscussionPage, on_delete=models.CASCADE, related_name="commitments")
    text = models.CharField(max_length=500, help_text=_("What the asking body will do (or did)."))
    status = models.CharField(max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.PLANNED)
    reason = models.CharField(max_length=500, blank=True, help_text=_("Why not, when it was not done."))

    panels = [FieldPanel("text"), FieldRowPanel([FieldPanel("status"), FieldPanel("reason")])]

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.status == CommitmentStatus.NOT_DONE and not self.reason.strip():
            raise ValidationError({"reason": _("Say why it was not done: people who took part will read it.")})


# How a group that asked not to be named is shown, by kind (whole sentences: each language says
# "a charity in …" its own way).
ANONYMOUS_NAMES = {
    GroupKind.CHARITY: _("A registered charity in %(area)s"),
    GroupKind.COMMUNITY_GROUP: _("A community group in %(area)s"),
    GroupKind.INFORMAL: _("An informal network in %(area)s"),
    GroupKind.INDIVIDUAL: _("Someone in %(area)s"),
}


class Submission(models.Model):
    """One group's conclusions. Private: contact_email. Public only when APPROVED."""

    discussion = models.ForeignKey(DiscussionPage, on_delete=models.CASCADE, related_name="submissions")
    group_name = models.CharField(max_length=120)
    show_group_name = models.BooleanField(default=True)
    group_kind = models.CharField(max_length=20, choices=GroupKind.choices)
    people_count = models.PositiveIntegerField()
    area = models.CharField(max_length=80)
    platform = models.CharField(max_length=20, choices=Platform.choices)
    discussion_link = models.URLField(max_length=500, blank=True)
    conclusions = models.TextField(max_length=MAX_CONCLUSIONS_LENGTH)
    # The language the conclusions are written in (the writer's choice; a settings.LANGUAGES code):
    # pages mark the text with it, and ?lang= filters by it. Not the language they are e-mailed in.
    written_in = models.CharField(max_length=10, default="en")
    attachment = models.FileField(upload_to="hub/%Y/%m/", blank=True)
    attachment_type = models.CharField(max_length=10, blank=True)  # "pdf" or "jpeg", by content
    contact_email = models.EmailField()
    # The interface language the sender used (active when they sent the form): e-mails to them use it.
    interface_language = models.CharField(max_length=10, default="en")
    consent = models.BooleanField(default=False)
    # "We are listed": once confirmed, linked to the directory listing with the same confirmed e-mail.
    we_are_listed = models.BooleanField(default=False)
    listing = models.ForeignKey(
        "groups.GroupListing", null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )

    status = models.CharField(
        max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.UNCONFIRMED, db_index=True
    )
    rejection_reason = models.CharField(max_length=20, choices=RejectionReason.choices, blank=True)
    read_by_officials = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response_notified_at = models.DateTimeField(null=True, blank=True)
    # The live wall a question came from (its title), sent by a moderator; "" for a group's own
    # conclusions. Such a row has no contact (contact_email ""): nobody is e-mailed about it.
    from_wall = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["discussion", "status"])]

    def __str__(self):
        return f"{self.public_name} on {self.discussion}"

    @property
    def public_name(self):
        """What the public sees in place of the group: its name, or only its kind and area."""
        if self.show_group_name:
            return self.group_name
        template = ANONYMOUS_NAMES.get(self.group_kind, ANONYMOUS_NAMES[GroupKind.COMMUNITY_GROUP])
        return template % {"area": self.area}

    def confirmed_cosignatures(self):
        return self.cosignatures.filter(confirmed_at__isnull=False)

    def groups_count(self):
        """Groups this conclusion speaks for: the sender and every confirmed co-signer."""
        return 1 + self.confirmed_cosignatures().count()

    def people_total(self):
        cosigners = self.confirmed_cosignatures().aggregate(total=Sum("people_count"))["total"] or 0
        return self.people_count + cosigners


class CoSignature(models.Model):
    """Another group saying "we agree" with a submission. Counted once per group e-mail."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="cosignatures")
    group_name = models.CharField(max_length=120)
    show_group_name = models.BooleanField(default=True)
    group_kind = models.CharField(max_length=20, choices=GroupKind.choices)
    people_count = models.PositiveIntegerField()
    area = models.CharField(max_length=80)
    contact_email = models.EmailField()
    # The interface language the co-signer used: the e-mails to them are in it.
    interface_language = models.CharField(max_length=10, default="en")
    we_are_listed = models.BooleanField(default=False)
    listing = models.ForeignKey(
        "groups.GroupListing", null=True, blank=True, on_delete=models.SET_NULL, related_name="cosignatures"
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    response_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # One confirmed co-signature per group e-mail per submission (case-insensitive).
            models.UniqueConstraint(
                models.functions.Lower("contact_email"),
                "submission",
                condition=Q(confirmed_at__isnull=False),
                name="one_confirmed_cosignature_per_email",
            )
        ]

    def __str__(self):
        return f"{self.group_name} agrees with submission {self.submission_id}"


class SubmissionAction(models.Model):
    """Who did what to a submission, when: the hub's moderation log (never shown publicly by row)."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")
        MARK_READ = "mark_read", _("Marked as read by officials")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="actions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=20, choices=Action.choices)
    reason = models.CharField(max_length=20, choices=RejectionReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_action_display()} submission {self.submission_id}"

"""The live wall's data: walls, posts, the per-wall event sequence, sources and the moderation log.

A client's cursor is `WallEvent.seq`: every change a viewer can see (published, removed,
updated) appends one event with the wall's next sequence number. See docs/architecture.md.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


def split_tags(value):
    """'#FindingOurVoice, fov2026' -> ['findingourvoice', 'fov2026']"""
    tags = []
    for raw in (value or "").replace(",", " ").split():
        tag = raw.strip().lstrip("#").lower()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def split_lines(value):
    return [line.strip().lower() for line in (value or "").splitlines() if line.strip()]


DEFAULT_HOLDING_MESSAGE = "We will be back shortly."


class Wall(models.Model):
    class Moderation(models.TextChoices):
        PRE = "pre", "Pre-moderated: every post waits in the queue"
        POST = "post", "Post-moderated: published at once, removed later if needed"

    class Layout(models.TextChoices):
        GRID = "grid", "Grid"
        CASCADE = "cascade", "Cascade"

    class ScreenLayout(models.TextChoices):
        """What every open big screen shows, switched live from the control room (`data-layout`)."""

        GRID = "grid", "Grid of posts"
        SINGLE = "single", "One post at a time, in large type"
        QUESTIONS = "questions", "Questions"
        TICKER = "ticker", "Video stream with a ticker of posts"

    class Theme(models.TextChoices):
        LIGHT = "light", "Light"
        DARK = "dark", "Dark"
        CONTRAST = "contrast", "High contrast"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, allow_unicode=False)
    event = models.OneToOneField(
        "events.EventPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="wall"
    )
    description = models.TextField(blank=True)
    hashtags = models.CharField(max_length=255, blank=True, help_text="Space or comma separated, with or without #.")
    moderation_mode = models.CharField(max_length=4, choices=Moderation.choices, default=Moderation.PRE)
    contributions_open = models.BooleanField(default=True)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    blocked_words = models.TextField(blank=True, help_text="One word or phrase per line. A match goes to the queue.")
    blocked_authors = models.TextField(blank=True, help_text="One name or handle per line. A match goes to the queue.")

    layout = models.CharField(max_length=10, choices=Layout.choices, default=Layout.GRID)
    theme = models.CharField(max_length=10, choices=Theme.choices, default=Theme.DARK)
    show_qr_code = models.BooleanField(default=True)
    show_source_icons = models.BooleanField(default=True)

    # The control room (livewall.moderation.control): the state every screen opens and reconnects
    # with. screen_version moves on with each change, so a screen keeps the newest state whatever
    # order a snapshot and a live change reach it in.
    screen_layout = models.CharField(max_length=10, choices=ScreenLayout.choices, default=ScreenLayout.GRID)
    screen_blanked = models.BooleanField(default=False, help_text="Kill switch: screens show the holding slide.")
    screen_banner = models.CharField(
        max_length=200, blank=True, help_text="Shown on every screen, e.g. Lunch until 13:30."
    )
    holding_message = models.CharField(
        max_length=200,
        blank=True,
        default=DEFAULT_HOLDING_MESSAGE,
        help_text="The holding slide's text (the kill switch's). Empty: the default.",
    )
    stream_url = models.URLField(
        max_length=500, blank=True, help_text="YouTube or Vimeo address of the live stream the ticker layout shows."
    )
    # The stream's video as parsed from stream_url (livewall.intake.video_links) by the control room.
    stream_provider = models.CharField(max_length=20, blank=True, editable=False)
    stream_video_id = models.CharField(max_length=64, blank=True, editable=False)
    screen_version = models.PositiveBigIntegerField(default=0, editable=False)

    # Retention (livewall.records.retention): contributors' personal data is deleted this long after
    # the wall closed; anonymous counts stay.
    retention_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=(
            "Delete contributors' names, handles, avatars and images this many days after the wall "
            "closes (its closing time). Empty: keep them."
        ),
    )

    # Source-facing options (see livewall/sources/).
    include_retweets = models.BooleanField(default=False)
    allow_content_warnings = models.BooleanField(default=False)
    opt_out_tags = models.CharField(max_length=255, default="nowall nobot")
    require_opt_in = models.BooleanField(default=False)
    opt_in_account = models.CharField(
        max_length=100, blank=True, help_text="Handle posts must mention when opt-in is required."
    )
    excluded_hashtags = models.CharField(max_length=255, blank=True, help_text="Posts carrying these tags are skipped.")
    per_author_cap = models.PositiveIntegerField(default=3, help_text="At most this many posts per author ...")
    per_author_window_minutes = models.PositiveIntegerField(default=10, help_text="... within this many minutes.")

    # Fair screen time (livewall.stream.fairness): what the big screen shows of the posts it has.
    screen_remote_every = models.PositiveSmallIntegerField(
        default=3,
        help_text="At least one of every this many posts on the screen is from someone following remotely, "
        "when there are any. 0: no reserved share.",
    )
    screen_author_cap = models.PositiveSmallIntegerField(
        default=3, help_text="At most this many posts from one author on the screen at once. 0: no cap."
    )
    # Published on the participant page and each contributor's status page.
    rules = models.TextField(
        blank=True,
        help_text="The wall's rules in plain words: what is shown, what is not, who decides. One per line.",
    )

    # Last WallEvent.seq handed out; incremented under a row lock.
    last_seq = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("moderate_wall", "Can moderate live walls")]

    def __str__(self):
        return self.title

    @property
    def hashtag_list(self):
        return split_tags(self.hashtags)

    @property
    def rule_list(self):
        return [line.strip() for line in self.rules.splitlines() if line.strip()]

    @property
    def blocked_word_list(self):
        return split_lines(self.blocked_words)

    @property
    def blocked_author_list(self):
        return split_lines(self.blocked_authors)

    @property
    def holding_text(self):
        return self.holding_message or DEFAULT_HOLDING_MESSAGE

    def is_closed(self, now=None):
        """Closed for good: its closing time has passed (then its public archive is open)."""
        return bool(self.closes_at and (now or timezone.now()) >= self.closes_at)

    def is_accepting_contributions(self, now=None):
        now = now or timezone.now()
        if not self.contributions_open:
            return False
        if self.opens_at and now < self.opens_at:
            return False
        if self.closes_at and now >= self.closes_at:
            return False
        return True


class VideoThumbnail(models.Model):
    """One video's thumbnail, fetched once from its provider and served from the portal's media.

    Every post of the video shares the row, so a room full of viewers and a dozen posts of the same
    video cost the provider one request, made server-side (`livewall.intake.thumbnails`).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Not fetched yet"
        FETCHING = "fetching", "Being fetched"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    provider = models.CharField(max_length=20)
    video_id = models.CharField(max_length=64)
    # Where the provider keeps it: fetched from, never shown to a viewer.
    source_url = models.URLField(max_length=500, blank=True)
    image = models.ImageField(upload_to="wall/thumbnails/", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempted_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "video_id"], name="unique_thumbnail_per_video"),
        ]

    def __str__(self):
        return f"{self.provider} {self.video_id} ({self.status})"

    @property
    def url(self):
        """The portal's address of the picture, or "" while there is none."""
        return self.image.url if self.status == self.Status.READY and self.image else ""


class PostQuerySet(models.QuerySet):
    def in_language(self, tag):
        """Posts written in `tag` (normalised, portal.language_tags): exactly, or in any regional form
        when it names a language only ("cy" takes in "cy-GB"; "en-GB" is only "en-GB")."""
        if not tag:
            return self
        if "-" in tag:
            return self.filter(language=tag)
        return self.filter(models.Q(language=tag) | models.Q(language__startswith=f"{tag}-"))


class Post(models.Model):
    class Source(models.TextChoices):
        CONTRIBUTION = "contribution", "Contribution"
        MASTODON = "mastodon", "Mastodon"
        X = "x", "X / Twitter"
        BLUESKY = "bluesky", "Bluesky"
        RSS = "rss", "RSS / Atom"
        REPLAY = "replay", "Replay"
        HUB = "hub", "Discussion hub"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        HIDDEN = "hidden", "Hidden"

    class Attending(models.TextChoices):
        IN_ROOM = "in_room", "In the room"
        REMOTE = "remote", "Following remotely"
        UNKNOWN = "", "Unknown"

    wall = models.ForeignKey(Wall, on_delete=models.CASCADE, related_name="posts")
    source = models.CharField(max_length=20, choices=Source.choices)
    external_id = models.CharField(max_length=255, default="", blank=True)
    author_name = models.CharField(max_length=120, blank=True)
    author_handle = models.CharField(max_length=255, blank=True)
    avatar_url = models.URLField(max_length=500, blank=True)
    text = models.TextField()
    links = models.JSONField(default=list, blank=True)
    permalink = models.URLField(max_length=500, blank=True)
    video_provider = models.CharField(max_length=20, blank=True)
    video_id = models.CharField(max_length=64, blank=True)
    # The provider's address of the thumbnail (where it is fetched from); viewers get cached_thumbnail.
    video_thumbnail = models.URLField(max_length=500, blank=True)
    cached_thumbnail = models.ForeignKey(
        VideoThumbnail, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    image = models.ImageField(upload_to="wall/%Y/%m/", blank=True)
    image_url = models.URLField(max_length=500, blank=True)
    # The image's description as its author wrote it (alt text); empty when they gave none.
    image_alt = models.CharField(max_length=1500, blank=True)
    # Shown instead of the post until a viewer asks (only on walls that allow content warnings).
    content_warning = models.CharField(max_length=500, blank=True)
    # A post this one quotes (author_name, author_handle, text, permalink: plain text); {} when none.
    quote = models.JSONField(default=dict, blank=True)
    attending = models.CharField(max_length=10, choices=Attending.choices, default=Attending.UNKNOWN, blank=True)
    # The language the post is written in, a BCP 47 tag ("cy", "en-GB"; portal.language_tags.normalise):
    # the platform's own where it gives one, else the writer's choice on the form; "" when unknown.
    language = models.CharField(max_length=12, blank=True, default="")
    # The video's title from its provider (oEmbed), for the text view; "" when unknown.
    video_title = models.CharField(max_length=300, blank=True)
    # A question for the panel (a contribution its author marked so); votes counted in QuestionVote.
    is_question = models.BooleanField(default=False)
    vote_count = models.PositiveIntegerField(default=0)
    answered_at = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    pinned = models.BooleanField(default=False)
    # When retention deleted its contributor's personal data (livewall.records.retention).
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Sequence number of the last WallEvent that changed this post (the client cursor).
    seq = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["wall", "source", "external_id"], name="unique_post_per_wall_source"),
        ]
        indexes = [models.Index(fields=["wall", "status", "-created_at"])]

    def __str__(self):
        return f"{self.get_source_display()}: {self.text[:40]}"

    def save(self, *args, **kwargs):
        if not self.external_id:
            self.external_id = uuid.uuid4().hex
        super().save(*args, **kwargs)


class QuestionVote(models.Model):
    """One browser's up-vote of a question: the browser's cookie id (portal.public_input.browser),
    nothing personal. Unique per question, so a vote counts once."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "voter"], name="one_vote_per_browser_and_question")]

    def __str__(self):
        return f"vote on {self.post_id}"


class WallEvent(models.Model):
    class Kind(models.TextChoices):
        PUBLISHED = "published", "Published"
        REMOVED = "removed", "Removed"
        UPDATED = "updated", "Updated"

    wall = models.ForeignKey(Wall, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["wall", "seq"]
        constraints = [models.UniqueConstraint(fields=["wall", "seq"], name="unique_event_seq_per_wall")]

    def __str__(self):
        return f"{self.wall_id}#{self.seq} {self.kind}"


class WallSource(models.Model):
    class Kind(models.TextChoices):
        MASTODON = "mastodon", "Mastodon"
        X = "x", "X / Twitter"
        BLUESKY = "bluesky", "Bluesky"
        RSS = "rss", "RSS / Atom feed"
        REPLAY = "replay", "Replay (rehearsal file)"

    wall = models.ForeignKey(Wall, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    query = models.CharField(
        max_length=255,
        blank=True,
        help_text=(
            'X and Bluesky: a search in the platform\'s own syntax (#tags, "quoted phrases", from:handle, OR). '
            "Mastodon: the #hashtags to follow. Empty: the wall's hashtags."
        ),
    )
    base_url = models.URLField(
        max_length=500,
        blank=True,
        help_text="Instance, API or feed URL; for a replay, the http(s) URL of the rehearsal file.",
    )
    interval_seconds = models.PositiveIntegerField(default=60)
    enabled = models.BooleanField(default=True)
    options = models.JSONField(default=dict, blank=True)

    # Poller state: written only by the poller, shown read-only in the admin.
    cursor = models.JSONField(default=dict, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    posts_fetched = models.PositiveIntegerField(default=0, editable=False)
    next_poll_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["wall", "kind"]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.wall}"


class ModerationAction(models.Model):
    class Action(models.TextChoices):
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"
        HIDE = "hide", "Hidden"
        PIN = "pin", "Pinned"
        UNPIN = "unpin", "Unpinned"
        DELETE_AT_SOURCE = "source_delete", "Deleted at source"
        AUTO_QUEUE = "auto_queue", "Held by blocklist"
        ANSWER = "answer", "Marked answered"
        SEND_TO_HUB = "send_to_hub", "Sent to a discussion"

    wall = models.ForeignKey(Wall, on_delete=models.CASCADE, related_name="moderation_actions")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="moderation_actions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=20, choices=Action.choices)
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_action_display()} by {self.user or 'system'}"

"""The hub's fixed vocabularies, defined once: forms, pages, exports and the report use these."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupKind(models.TextChoices):
    CHARITY = "charity", _("Registered charity")
    COMMUNITY_GROUP = "community_group", _("Community group")
    INFORMAL = "informal", _("Informal network")
    INDIVIDUAL = "individual", _("Individual")


class Platform(models.TextChoices):
    MEETING = "meeting", _("A meeting in person")
    WHATSAPP = "whatsapp", _("WhatsApp")
    FACEBOOK = "facebook", _("Facebook")
    MASTODON = "mastodon", _("Mastodon")
    EMAIL = "email", _("E-mail")
    OTHER = "other", _("Somewhere else")
    LIVE_WALL = "live_wall", _("A question on the event's live wall")


class SubmissionStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Published")
    REJECTED = "rejected", _("Not published")


class RejectionReason(models.TextChoices):
    """The published list a moderator picks from (shown on the moderation report, with counts)."""

    OFF_TOPIC = "off_topic", _("Not about the question asked")
    PERSONAL_DATA = "personal_data", _("Contains someone's personal details")
    ABUSIVE = "abusive", _("Abusive, hateful or discriminatory")
    DUPLICATE = "duplicate", _("Sent twice")
    ADVERTISING = "advertising", _("Advertising or spam")
    UNLAWFUL = "unlawful", _("Unlawful or defamatory")


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")


class DiscussionStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Opens soon")
    OPEN = "open", _("Open for conclusions")
    CLOSED = "closed", _("Closed, response to come")
    RESPONDED = "responded", _("Response published")

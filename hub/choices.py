"""The hub's fixed vocabularies, defined once: forms, pages, exports and the report use these."""

from django.db import models


class GroupKind(models.TextChoices):
    CHARITY = "charity", "Registered charity"
    COMMUNITY_GROUP = "community_group", "Community group"
    INFORMAL = "informal", "Informal network"
    INDIVIDUAL = "individual", "Individual"


class Platform(models.TextChoices):
    MEETING = "meeting", "A meeting in person"
    WHATSAPP = "whatsapp", "WhatsApp"
    FACEBOOK = "facebook", "Facebook"
    MASTODON = "mastodon", "Mastodon"
    EMAIL = "email", "E-mail"
    OTHER = "other", "Somewhere else"
    LIVE_WALL = "live_wall", "A question on the event's live wall"


class SubmissionStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Waiting for e-mail confirmation"
    PENDING = "pending", "Waiting for moderation"
    APPROVED = "approved", "Published"
    REJECTED = "rejected", "Not published"


class RejectionReason(models.TextChoices):
    """The published list a moderator picks from (shown on the moderation report, with counts)."""

    OFF_TOPIC = "off_topic", "Not about the question asked"
    PERSONAL_DATA = "personal_data", "Contains someone's personal details"
    ABUSIVE = "abusive", "Abusive, hateful or discriminatory"
    DUPLICATE = "duplicate", "Sent twice"
    ADVERTISING = "advertising", "Advertising or spam"
    UNLAWFUL = "unlawful", "Unlawful or defamatory"


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Not done"


class DiscussionStatus(models.TextChoices):
    UPCOMING = "upcoming", "Opens soon"
    OPEN = "open", "Open for conclusions"
    CLOSED = "closed", "Closed, response to come"
    RESPONDED = "responded", "Response published"

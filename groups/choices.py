"""The directory's fixed vocabularies. A listing's kind is one of the hub's group kinds (a group, not
an individual) or a supporter organisation (a council for voluntary service, an ICT champion, an
infrastructure body), so the hub and the directory speak of groups the same way."""

from django.db import models

from hub.choices import GroupKind


class ListingKind(models.TextChoices):
    INFORMAL = GroupKind.INFORMAL.value, GroupKind.INFORMAL.label
    COMMUNITY_GROUP = GroupKind.COMMUNITY_GROUP.value, GroupKind.COMMUNITY_GROUP.label
    CHARITY = GroupKind.CHARITY.value, GroupKind.CHARITY.label
    SUPPORTER = "supporter", "Supporter organisation (helps other groups)"


class GroupSize(models.TextChoices):
    UNDER_10 = "under_10", "Fewer than 10 people"
    TEN_TO_50 = "10_50", "10 to 50 people"
    FIFTY_TO_200 = "50_200", "50 to 200 people"
    OVER_200 = "over_200", "More than 200 people"


class ListingStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Waiting for e-mail confirmation"
    PENDING = "pending", "Waiting for moderation"
    APPROVED = "approved", "Listed"
    REJECTED = "rejected", "Not listed"


class RejectionReason(models.TextChoices):
    NOT_A_GROUP = "not_a_group", "Not a community group or supporter organisation"
    PERSONAL_DATA = "personal_data", "Contains someone's personal details"
    ABUSIVE = "abusive", "Abusive, hateful or discriminatory"
    DUPLICATE = "duplicate", "Listed already"
    ADVERTISING = "advertising", "Advertising or spam"

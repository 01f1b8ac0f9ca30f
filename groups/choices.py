"""The directory's fixed vocabularies. A listing's kind is one of the hub's group kinds (a group, not
an individual) or a supporter organisation (a council for voluntary service, an ICT champion, an
infrastructure body), so the hub and the directory speak of groups the same way."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.choices import GroupKind


class ListingKind(models.TextChoices):
    INFORMAL = GroupKind.INFORMAL.value, GroupKind.INFORMAL.label
    COMMUNITY_GROUP = GroupKind.COMMUNITY_GROUP.value, GroupKind.COMMUNITY_GROUP.label
    CHARITY = GroupKind.CHARITY.value, GroupKind.CHARITY.label
    SUPPORTER = "supporter", _("Supporter organisation (helps other groups)")


class GroupSize(models.TextChoices):
    UNDER_10 = "under_10", _("Fewer than 10 people")
    TEN_TO_50 = "10_50", _("10 to 50 people")
    FIFTY_TO_200 = "50_200", _("50 to 200 people")
    OVER_200 = "over_200", _("More than 200 people")


class ListingStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Listed")
    REJECTED = "rejected", _("Not listed")


class RejectionReason(models.TextChoices):
    NOT_A_GROUP = "not_a_group", _("Not a community group or supporter organisation")
    PERSONAL_DATA = "personal_data", _("Contains someone's personal details")
    ABUSIVE = "abusive", _("Abusive, hateful or discriminatory")
    DUPLICATE = "duplicate", _("Listed already")
    ADVERTISING = "advertising", _("Advertising or spam")

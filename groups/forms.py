"""The directory's public forms: list a group (no account) and, through the private link, update
it; ask for the private link again; and the filter form of /groups/.

A listing shows only what the group chooses to publish, so the form refuses what would make it a
private record: full postcodes (hub.areas), phone numbers, links other than http(s).
"""

import re

from django import forms
from django.core.validators import URLValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hub.areas import clean_area
from hub.languages import active_language, known_language, language_choices
from portal.public_input.fields import HoneypotForm, PlainTextField

from .choices import GroupSize, ListingKind
from .models import MAX_DESCRIPTION_LENGTH, MAX_MEETING_LENGTH, MAX_NAME_LENGTH, Area, GroupListing, Language, Topic

MAX_AREAS = 5
MAX_SEARCH_LENGTH = 100
MAX_EMAIL_LENGTH = 254  # RFC 5321's longest forward path, less the angle brackets
# Nine or more digits, maybe with spaces, dots, dashes, brackets or a leading +: a phone number.
PHONE_NUMBER = re.compile(r"\+?\(?\d[\d\s().\-]{7,}\d")
PHONE_MESSAGE = _(
    "Please leave out phone numbers: everything here is published. Give a public link or a meeting "
    "place instead, and we keep your e-mail address private."
)
WEB_ONLY = URLValidator(
    schemes=["http", "https"], message=_("Please give a web address starting with https:// or http://.")
)


def refuse_phone_numbers(text):
    if PHONE_NUMBER.search(text or ""):
        raise forms.ValidationError(PHONE_MESSAGE, code="phone_number")
    return text


def link_field(label, help_text):
    return forms.URLField(
        label=label,
        required=False,
        assume_scheme="https",
        max_length=500,
        validators=[WEB_ONLY],
        help_text=help_text,
        error_messages={
            "max_length": _("Please keep the address to %(limit_value)d characters."),
            "invalid": WEB_ONLY.message,
        },
    )


class ListingFields(HoneypotForm):
    """What a group publishes about itself (both when listing and when updating)."""

    name = PlainTextField(
        label=_("Your group's name (optional)"),
        required=False,
        max_length=MAX_NAME_LENGTH,
        help_text=_("Leave it empty to be listed as “a group in <your area>”."),
        error_messages={"max_length": _("Please keep the name to %(limit_value)d characters (it has %(show_value)d).")},
    )
    show_name = forms.BooleanField(label=_("Show our group's name"), required=False, initial=True)
    kind = forms.ChoiceField(label=_("What kind of group are you?"), choices=ListingKind.choices)
    description = PlainTextField(
        label=_("What your group does (optional)"),
        required=False,
        max_length=MAX_DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_DESCRIPTION_LENGTH}),
        help_text=format_lazy(_("Up to {limit} characters."), limit=f"{MAX_DESCRIPTION_LENGTH:,}"),
        error_messages={"max_length": _("Please keep this to %(limit_value)d characters (it has %(show_value)d).")},
    )
    written_in = forms.ChoiceField(
        label=_("The language this listing is written in"),
        choices=language_choices,
        required=False,  # not given (an older form): the interface language it was sent in
        help_text=_(
            "The language of your group's name, description and meeting place here; the page marks them "
            "with it. The languages your members speak are below."
        ),
    )
    areas = forms.CharField(
        label=_("Where is your group?"),
        max_length=300,
        error_messages={
            "required": _("Please say roughly where your group is, e.g. “Splott” or “CF24”."),
            "max_length": _("Please keep the areas to %(limit_value)d characters in all (they have %(show_value)d)."),
        },
        help_text=format_lazy(
            _(
                "Up to {limit} place names or first parts of postcodes, separated by commas, "
                "e.g. “Splott, CF24”. Never a full postcode."
            ),
            limit=MAX_AREAS,
        ),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics your group cares about"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages your members speak"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    size = forms.ChoiceField(label=_("Roughly how many people?"), choices=GroupSize.choices)
    channel_url = link_field(
        _("Where people can find you online (optional)"),
        _("A public link: a Facebook group, a Mastodon account, a website."),
    )
    other_url = link_field(_("Another public link (optional)"), "")
    meeting = PlainTextField(
        label=_("Where and when you meet (optional)"),
        required=False,
        max_length=MAX_MEETING_LENGTH,
        help_text=_("e.g. “Thursdays 12:30, St Mary's church hall”. Never a private address or phone number."),
        error_messages={"max_length": _("Please keep this to %(limit_value)d characters (it has %(show_value)d).")},
    )
    supported_by = forms.ModelChoiceField(
        label=_("A supporter organisation that helps you (optional)"),
        queryset=GroupListing.objects.listed().filter(kind=ListingKind.SUPPORTER).order_by("name"),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "written_in" not in self.initial:
            self.fields["written_in"].initial = active_language()

    def clean_written_in(self):
        return self.cleaned_data.get("written_in") or active_language()

    def clean_name(self):
        return refuse_phone_numbers(self.cleaned_data.get("name", ""))

    def clean_description(self):
        return refuse_phone_numbers(self.cleaned_data.get("description", ""))

    def clean_meeting(self):
        return refuse_phone_numbers(self.cleaned_data.get("meeting", ""))

    def clean_areas(self):
        names = [part for part in (self.cleaned_data.get("areas") or "").split(",") if part.strip()]
        if not names:
            raise forms.ValidationError(_("Please say roughly where your group is, e.g. “Splott” or “CF24”."))
        if len(names) > MAX_AREAS:
            raise forms.ValidationError(
                _("Please give at most %(limit)d areas.") % {"limit": MAX_AREAS}, code="too_many"
            )
        cleaned = []
        for name in names:
            area = clean_area(name)
            if area.lower() not in {c.lower() for c in cleaned}:
                cleaned.append(area)
        return cleaned

    def clean(self):
        data = super().clean()
        if data.get("kind") == ListingKind.SUPPORTER and data.get("supported_by"):
            self.add_error("supported_by", _("A supporter organisation is not listed as supported by another."))
        return data


class ListingForm(ListingFields):
    contact_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("Never published. We send a link to confirm, and a private link to update or remove the listing."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_("We agree to this listing being published on this site"),
        error_messages={"required": _("The listing is published: please tick to agree, or do not send it.")},
    )


class UpdateForm(ListingFields):
    """The same fields, without the e-mail (the private link is tied to it)."""

    @classmethod
    def for_listing(cls, listing, data=None):
        initial = {
            "name": listing.name,
            "show_name": listing.show_name,
            "kind": listing.kind,
            "description": listing.description,
            "written_in": known_language(listing.written_in) or active_language(),
            "areas": ", ".join(a.name for a in listing.areas.all()),
            "topics": list(listing.topics.all()),
            "languages": list(listing.languages.all()),
            "size": listing.size,
            "channel_url": listing.channel_url,
            "other_url": listing.other_url,
            "meeting": listing.meeting,
            "supported_by": listing.supported_by,
        }
        form = cls(data, initial=initial)
        form.fields["supported_by"].queryset = form.fields["supported_by"].queryset.exclude(pk=listing.pk)
        return form


class ResendLinkForm(HoneypotForm):
    """Ask for a listing's private link again: only the contact e-mail it was listed with."""

    contact_email = forms.EmailField(
        label=_("Your group's contact e-mail address"),
        max_length=MAX_EMAIL_LENGTH,
        help_text=_("The address you gave when you listed the group. It is never published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "maxlength": MAX_EMAIL_LENGTH}),
        error_messages={
            "required": _("Please give the e-mail address you listed your group with."),
            "invalid": _("Please give an e-mail address, such as name@example.org."),
            "max_length": _("An e-mail address has at most %(limit_value)d characters (this one has %(show_value)d)."),
        },
    )


class FilterForm(forms.Form):
    """/groups/'s filters; every choice is optional and an unknown value is ignored, not an error."""

    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_SEARCH_LENGTH)
    area = forms.ChoiceField(label=_("Area"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of group"), required=False, choices=[("", _("All kinds")), *ListingKind.choices]
    )
    # Two different languages: the ones the group's members speak (the shared Language list), and
    # the one its listing is written in (settings.LANGUAGES).
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    written_in = forms.ChoiceField(
        label=_("Listing written in"), required=False, choices=[("", _("Any language")), *language_choices()]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        listed = GroupListing.objects.listed()
        self.fields["area"].choices = [("", _("All areas"))] + list(
            Area.objects.filter(listings__in=listed).distinct().values_list("slug", "name")
        )
        self.fields["topic"].choices = [("", _("All topics"))] + list(Topic.objects.values_list("slug", "name"))
        self.fields["language"].choices = [("", _("All languages"))] + [
            (language.code, str(language)) for language in Language.objects.filter(listings__in=listed).distinct()
        ]

    def filters(self):
        """The valid filters only: a stale or altered value is dropped rather than refused."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}

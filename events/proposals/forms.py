"""The "Add your event" form: an event page's fields, minus what only editors set (status, image,
hashtag, tags, repeats, sign-up), and who proposes it. Honeypot and size limits as every public form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.choices import EventFormat
from portal.public_input.fields import HoneypotForm, PlainTextField

MAX_DESCRIPTION_LENGTH = 5000
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ProposalForm(HoneypotForm):
    title = PlainTextField(label=_("Event title"), max_length=255)
    summary = PlainTextField(
        label=_("Summary"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        help_text=_("One or two sentences for listings."),
        error_messages={"max_length": _("Please keep the summary to %(limit_value)d characters.")},
    )
    description = PlainTextField(
        label=_("More about the event (optional)"),
        required=False,
        max_length=MAX_DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": MAX_DESCRIPTION_LENGTH}),
        error_messages={"max_length": _("Please keep this to %(limit_value)d characters (it has %(show_value)d).")},
    )
    start = forms.DateTimeField(label=_("Starts (local time)"), widget=DATETIME_INPUT)
    end = forms.DateTimeField(label=_("Ends (local time)"), widget=DATETIME_INPUT)
    format = forms.ChoiceField(label=_("Format"), choices=EventFormat.choices)
    venue_name = PlainTextField(label=_("Venue (for in-person or hybrid events)"), max_length=200, required=False)
    venue_address = PlainTextField(
        label=_("Venue address"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    venue_postcode = PlainTextField(label=_("Postcode"), max_length=12, required=False)
    joining_link = forms.URLField(
        label=_("Joining link (for online or hybrid events)"), required=False, assume_scheme="https", max_length=500
    )
    joining_link_later = forms.BooleanField(
        label=_("We will send the joining link to participants later"), required=False
    )
    accessibility_notes = PlainTextField(
        label=_("Accessibility: step-free access, hearing loop, BSL, quiet room..."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    capacity = forms.IntegerField(label=_("Number of places (optional)"), required=False, min_value=1, max_value=100000)
    group_name = PlainTextField(label=_("Your group's name"), max_length=120)
    proposer_name = PlainTextField(
        label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    proposer_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("Never published. We tell you when an editor publishes or declines your event."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

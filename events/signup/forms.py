"""The public sign-up form: no account, a honeypot, size limits with clear messages."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.public_input.fields import HoneypotForm, PlainTextField

from .models import MAX_NAME_LENGTH, MAX_NEEDS_LENGTH


class SignupForm(HoneypotForm):
    name = PlainTextField(
        label=_("Your name"),
        max_length=MAX_NAME_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"max_length": _("Please keep your name to %(limit_value)d characters.")},
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("Never published. We send your confirmation, a link to cancel and a reminder the day before."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    places = forms.TypedChoiceField(label=_("How many places?"), coerce=int, initial=1)
    accessibility_needs = PlainTextField(
        label=_("Anything we should know to make the event accessible to you? (optional)"),
        required=False,
        max_length=MAX_NEEDS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_NEEDS_LENGTH}),
        help_text=_("Only the organisers see this."),
        error_messages={"max_length": _("Please keep this to %(limit_value)d characters (it has %(show_value)d).")},
    )

    field_order = ["name", "email", "places", "accessibility_needs"]

    def __init__(self, *args, max_places=4, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["places"].choices = [(n, str(n)) for n in range(1, max_places + 1)]
        self.fields["places"].error_messages["invalid_choice"] = gettext("Please choose from 1 to %(most)d places.") % {
            "most": max_places
        }

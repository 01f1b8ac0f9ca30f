"""Form fields every public form uses: cleaned plain text and the honeypot."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .text import clean_text

# Bots fill every field they see; people never see this one (hidden by CSS and from assistive tech).
HONEYPOT_FIELD = "website"


class PlainTextField(forms.CharField):
    """A CharField that cleans text (controls, bidi overrides, NUL) *before* validation, so a
    stray control character is silently removed instead of failing the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # clean_text already removes NUL, so Django's "Null characters are not allowed" cannot trigger.
        self.validators = [v for v in self.validators if v.__class__.__name__ != "ProhibitNullCharactersValidator"]

    def to_python(self, value):
        return clean_text(super().to_python(value))


class HoneypotForm(forms.Form):
    """Base for public forms: a field people never see, and `is_bot()` to test it after is_valid()."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self):
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

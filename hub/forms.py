"""The public forms of the hub: sending conclusions and agreeing with someone else's.

Both are open to anyone without an account, so both carry a honeypot, size limits with a clear
message, and a contact e-mail that is only ever used to confirm and to say when the response is out.
"""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.public_input.fields import HoneypotForm, PlainTextField

from .areas import MAX_AREA_LENGTH, clean_area
from .attachments import AttachmentRejected, process_attachment
from .choices import GroupKind, Platform
from .languages import active_language, language_choices
from .models import MAX_CONCLUSIONS_LENGTH

MAX_GROUP_NAME_LENGTH = 120
MAX_PEOPLE = 1_000_000


class GroupFields(HoneypotForm):
    group_name = PlainTextField(label=_("Your group's name"), max_length=MAX_GROUP_NAME_LENGTH)
    show_group_name = forms.BooleanField(
        label=_("Show our group's name"),
        required=False,
        initial=True,
        help_text=_("Untick to be shown only as “a community group in <area>”."),
    )
    group_kind = forms.ChoiceField(label=_("What kind of group are you?"), choices=GroupKind.choices)
    people_count = forms.IntegerField(
        label=_("About how many people took part?"),
        min_value=1,
        max_value=MAX_PEOPLE,
        error_messages={"min_value": _("At least one person took part: please give a number from 1.")},
    )
    area = forms.CharField(
        label=_("Where is your group?"),
        max_length=MAX_AREA_LENGTH,
        help_text=_("A place name or the first part of a postcode (e.g. “CF24”), never a full postcode."),
    )
    we_are_listed = forms.BooleanField(
        label=_("We are listed in the community groups directory"),
        required=False,
        help_text=_(
            "Use the e-mail address of your listing and show your name: what you send is then shown "
            "on your group's page."
        ),
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("Never published. We send a link to confirm, and tell you when the response is out."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_area(self):
        return clean_area(self.cleaned_data.get("area"))


class SubmissionForm(GroupFields):
    platform = forms.ChoiceField(label=_("Where did you discuss it?"), choices=Platform.choices)
    discussion_link = forms.URLField(
        label=_("Link to the public discussion (optional)"),
        required=False,
        assume_scheme="https",
        max_length=500,
        help_text=_("Only if it is public, e.g. a Mastodon thread."),
    )
    conclusions = PlainTextField(
        label=_("Your conclusions"),
        max_length=MAX_CONCLUSIONS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": MAX_CONCLUSIONS_LENGTH}),
        help_text=format_lazy(_("Up to {limit} characters."), limit=f"{MAX_CONCLUSIONS_LENGTH:,}"),
        error_messages={
            "required": _("Please write your group's conclusions."),
            "max_length": _("Please keep your conclusions to %(limit_value)d characters (they have %(show_value)d)."),
        },
    )
    written_in = forms.ChoiceField(
        label=_("Language they are written in"),
        choices=language_choices,
        required=False,  # not given (an older form): the interface language it was sent in
        help_text=_(
            "The language of the conclusions above: the page marks them with it, so that screen readers read "
            "them right."
        ),
    )
    attachment = forms.FileField(
        label=_("Attach a document or photo (optional)"),
        required=False,
        help_text=_("A PDF or a photo (JPEG, PNG, WebP), up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
    )
    consent = forms.BooleanField(
        label=_("We agree to our conclusions being published on this site"),
        error_messages={"required": _("Conclusions are published: please tick to agree, or do not send them.")},
    )

    field_order = [
        "group_name",
        "show_group_name",
        "group_kind",
        "people_count",
        "area",
        "platform",
        "discussion_link",
        "conclusions",
        "written_in",
        "attachment",
        "contact_email",
        "we_are_listed",
        "consent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["written_in"].initial = active_language()

    def clean_written_in(self):
        return self.cleaned_data.get("written_in") or active_language()

    def clean_conclusions(self):
        text = self.cleaned_data["conclusions"]
        if not text:
            raise forms.ValidationError(_("Please write your group's conclusions."), code="required")
        return text

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        try:
            return process_attachment(upload)
        except AttachmentRejected as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc


class CoSignForm(GroupFields):
    pass

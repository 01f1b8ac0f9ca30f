"""The public forms of the hub: sending conclusions and agreeing with someone else's.

Both are open to anyone without an account, so both carry a honeypot, size limits with a clear
message, and a contact e-mail that is only ever used to confirm and to say when the response is out.
"""

from django import forms

from portal.public_input.fields import HoneypotForm, PlainTextField

from .areas import MAX_AREA_LENGTH, clean_area
from .attachments import AttachmentRejected, process_attachment
from .choices import GroupKind, Platform
from .models import MAX_CONCLUSIONS_LENGTH

MAX_GROUP_NAME_LENGTH = 120
MAX_PEOPLE = 1_000_000


class GroupFields(HoneypotForm):
    group_name = PlainTextField(label="Your group's name", max_length=MAX_GROUP_NAME_LENGTH)
    show_group_name = forms.BooleanField(
        label="Show our group's name",
        required=False,
        initial=True,
        help_text="Untick to be shown only as “a community group in <area>”.",
    )
    group_kind = forms.ChoiceField(label="What kind of group are you?", choices=GroupKind.choices)
    people_count = forms.IntegerField(
        label="About how many people took part?",
        min_value=1,
        max_value=MAX_PEOPLE,
        error_messages={"min_value": "At least one person took part: please give a number from 1."},
    )
    area = forms.CharField(
        label="Where is your group?",
        max_length=MAX_AREA_LENGTH,
        help_text="A place name or the first part of a postcode (e.g. “CF24”), never a full postcode.",
    )
    we_are_listed = forms.BooleanField(
        label="We are listed in the community groups directory",
        required=False,
        help_text="Use the e-mail address of your listing and show your name: what you send is then shown "
        "on your group's page.",
    )
    contact_email = forms.EmailField(
        label="Your e-mail address",
        help_text="Never published. We send a link to confirm, and tell you when the response is out.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_area(self):
        return clean_area(self.cleaned_data.get("area"))


class SubmissionForm(GroupFields):
    platform = forms.ChoiceField(label="Where did you discuss it?", choices=Platform.choices)
    discussion_link = forms.URLField(
        label="Link to the public discussion (optional)",
        required=False,
        assume_scheme="https",
        max_length=500,
        help_text="Only if it is public, e.g. a Mastodon thread.",
    )
    conclusions = PlainTextField(
        label="Your conclusions",
        max_length=MAX_CONCLUSIONS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": MAX_CONCLUSIONS_LENGTH}),
        help_text=f"Up to {MAX_CONCLUSIONS_LENGTH:,} characters.",
        error_messages={
            "required": "Please write your group's conclusions.",
            "max_length": "Please keep your conclusions to %(limit_value)d characters (they have %(show_value)d).",
        },
    )
    attachment = forms.FileField(
        label="Attach a document or photo (optional)",
        required=False,
        help_text="A PDF or a photo (JPEG, PNG, WebP), up to 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
    )
    consent = forms.BooleanField(
        label="We agree to our conclusions being published on this site",
        error_messages={"required": "Conclusions are published: please tick to agree, or do not send them."},
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
        "attachment",
        "contact_email",
        "we_are_listed",
        "consent",
    ]

    def clean_conclusions(self):
        text = self.cleaned_data["conclusions"]
        if not text:
            raise forms.ValidationError("Please write your group's conclusions.", code="required")
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

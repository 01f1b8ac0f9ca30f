"""The contribution form: what a participant may send to a wall, and how it is cleaned."""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from livewall.intake.incoming import IncomingPost
from livewall.intake.video_links import parse_video_link
from livewall.models import Post
from portal.public_input import images
from portal.public_input.fields import HoneypotForm, PlainTextField
from portal.public_input.text import extract_links

MAX_TEXT_LENGTH = 500
MAX_NAME_LENGTH = 60
MAX_IMAGE_ALT_LENGTH = 300


class LanguageSelect(forms.Select):
    """Each language is named in its own words, so each option says which language it is in."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


def page_language():
    """The language the page is shown in (one of settings.LANGUAGES): the form's default."""
    try:
        return translation.get_supported_language_variant(translation.get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


class ContributionForm(HoneypotForm):
    author_name = PlainTextField(
        label=_("Your name or a pseudonym (optional)"),
        required=False,
        max_length=MAX_NAME_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    text = PlainTextField(
        label=_("Your message"),
        max_length=MAX_TEXT_LENGTH,
        error_messages={
            "required": _("Please write a message before posting."),
            "max_length": _("Please keep your message to %(limit_value)d characters (it has %(show_value)d)."),
        },
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT_LENGTH}),
        help_text=format_lazy(
            _("Up to {limit} characters. Web addresses you include become links."), limit=MAX_TEXT_LENGTH
        ),
    )
    # Not required: a post sent without it (an older page, a script) is saved with no language.
    language = forms.ChoiceField(
        label=_("Language of your post"),
        required=False,
        choices=settings.LANGUAGES,
        widget=LanguageSelect,
        error_messages={"invalid_choice": _("Please choose one of the languages listed.")},
    )
    video_url = forms.URLField(
        label=_("Video link (optional)"),
        required=False,
        assume_scheme="https",
        help_text=_("A YouTube or Vimeo link."),
        widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://youtu.be/…"}),
    )
    image = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 10 MB. Location data is removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    image_alt = PlainTextField(
        label=_("Describe your photo (optional)"),
        required=False,
        max_length=MAX_IMAGE_ALT_LENGTH,
        widget=forms.TextInput(),
        help_text=_("A sentence for people who cannot see it, e.g. “Volunteers planting trees by the library”."),
    )
    attending = forms.ChoiceField(
        label=_("Where are you?"),
        required=False,
        choices=[(Post.Attending.IN_ROOM, _("I'm in the room")), (Post.Attending.REMOTE, _("I'm following remotely"))],
        widget=forms.RadioSelect,
    )
    is_question = forms.BooleanField(
        label=_("This is a question for the panel"),
        required=False,
        help_text=_("Other people can vote for it; the most wanted questions go first on the screen."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = page_language()

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text:
            raise forms.ValidationError(_("Please write a message before posting."), code="required")
        return text

    def clean_video_url(self):
        url = self.cleaned_data.get("video_url", "")
        if url and not parse_video_link(url):
            raise forms.ValidationError(_("Please paste a YouTube or Vimeo link."), code="video")
        return url

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        try:
            return images.process_upload(upload)
        except images.ImageRejected as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc

    def image_too_large(self):
        return any(error.code == "too_large" for error in self.errors.as_data().get("image", []))

    def to_incoming(self):
        data = self.cleaned_data
        links = extract_links(data["text"])
        video = None
        if data.get("video_url"):
            video = parse_video_link(data["video_url"])
            if data["video_url"] not in links:
                links.append(data["video_url"])
        return IncomingPost(
            source=Post.Source.CONTRIBUTION,
            text=data["text"],
            author_name=data.get("author_name", ""),
            links=links,
            video=video,
            image=data.get("image"),
            image_alt=data.get("image_alt", "") if data.get("image") else "",
            attending=data.get("attending", ""),
            is_question=bool(data.get("is_question")),
            language=data.get("language", ""),
        )

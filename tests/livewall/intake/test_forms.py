"""The contribution form: required text, length, cleaning, video links, images, honeypot."""

import re

import pytest
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from livewall.intake.forms import MAX_TEXT_LENGTH, ContributionForm
from livewall.models import Post

from ..pages_support import image_bytes, upload


def form(files=None, **data):
    data.setdefault("text", "Hello wall")
    return ContributionForm(data, MultiValueDict({k: [v] for k, v in (files or {}).items()}))


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t", "\x00\x07\u202e"])
def test_empty_text_is_a_form_error(text):
    f = form(text=text)
    assert not f.is_valid()
    assert f.errors["text"] == ["Please write a message before posting."]


def test_text_over_the_limit_is_a_form_error_with_the_count():
    f = form(text="x" * (MAX_TEXT_LENGTH + 1))
    assert not f.is_valid()
    assert f.errors["text"] == ["Please keep your message to 500 characters (it has 501)."]


def test_text_at_the_limit_is_fine():
    assert form(text="x" * MAX_TEXT_LENGTH).is_valid()


def test_control_and_bidi_characters_are_stripped_not_refused():
    f = form(text="Hel\x00lo\x07 \u202ewall\u202c\r\nsecond line", author_name="  Sam\x1b[31m  ")
    assert f.is_valid(), f.errors
    assert f.cleaned_data["text"] == "Hello wall\nsecond line"
    assert f.cleaned_data["author_name"] == "Sam[31m"


def test_control_characters_do_not_count_towards_the_limit():
    assert form(text="x" * MAX_TEXT_LENGTH + "\x07" * 20).is_valid()


def test_name_is_optional_and_limited():
    assert form(author_name="").is_valid()
    f = form(author_name="n" * 61)
    assert not f.is_valid() and "author_name" in f.errors


@pytest.mark.parametrize(
    "url,provider,video_id",
    [
        ("https://www.youtube.com/watch?v=aqz-KE-bpKQ", "youtube", "aqz-KE-bpKQ"),
        ("https://youtu.be/aqz-KE-bpKQ", "youtube", "aqz-KE-bpKQ"),
        ("vimeo.com/1084537", "vimeo", "1084537"),
    ],
)
def test_video_link_becomes_a_video(url, provider, video_id):
    f = form(video_url=url)
    assert f.is_valid(), f.errors
    incoming = f.to_incoming()
    assert (incoming.video.provider, incoming.video.id) == (provider, video_id)
    assert f.cleaned_data["video_url"] in incoming.links


@pytest.mark.parametrize("url", ["https://example.org/not-a-video", "javascript:alert(1)", "not a url"])
def test_other_video_links_are_refused(url):
    f = form(video_url=url)
    assert not f.is_valid()
    assert "video_url" in f.errors


def test_links_in_the_text_are_kept_as_links():
    f = form(text="Slides at https://example.org/slides.")
    assert f.is_valid()
    incoming = f.to_incoming()
    assert incoming.links == ["https://example.org/slides"]
    assert incoming.source == Post.Source.CONTRIBUTION


@pytest.mark.parametrize("attending", [Post.Attending.IN_ROOM, Post.Attending.REMOTE, ""])
def test_attending_choices(attending):
    f = form(attending=attending)
    assert f.is_valid()
    assert f.to_incoming().attending == attending


def test_unknown_attending_is_refused():
    assert "attending" in form(attending="backstage").errors


def test_valid_image_is_processed_into_the_incoming_post():
    f = form(files={"image": upload(image_bytes("PNG", size=(2400, 1200)), "photo.png", "image/png")})
    assert f.is_valid(), f.errors
    image = f.to_incoming().image
    assert image.name.endswith(".jpg")


def test_bad_image_is_a_form_error():
    f = form(files={"image": upload(b"GIF89a not really", "photo.jpg")})
    assert not f.is_valid()
    assert f.errors["image"] == ["This file is not an image we can read (JPEG, PNG or WebP)."]
    assert not f.image_too_large()


def test_honeypot():
    assert not form().is_bot()
    f = form(website="http://spam.example")
    assert f.is_valid()
    assert f.is_bot()


def test_a_photo_keeps_the_description_its_author_wrote():
    f = form(
        files={"image": upload(image_bytes("PNG", size=(400, 300)), "photo.png", "image/png")},
        image_alt="  Our banner at the\x00 march  ",
    )
    assert f.is_valid(), f.errors
    assert f.to_incoming().image_alt == "Our banner at the march"


def test_a_description_without_photo_is_dropped():
    f = form(image_alt="A photo I forgot to attach")
    assert f.is_valid(), f.errors
    assert f.to_incoming().image_alt == ""


def test_a_too_long_description_is_a_form_error():
    f = form(image_alt="x" * 301)
    assert "image_alt" in f.errors


@pytest.mark.parametrize("language", ["en", "cy", "ar"])
def test_the_writer_says_which_language_the_post_is_in(language):
    f = form(language=language)
    assert f.is_valid(), f.errors
    assert f.to_incoming().language == language


@pytest.mark.parametrize("language", ["fr", "en-GB", "und", "cy\x00", '"><script>', "c" * 10_000])
def test_a_language_not_offered_is_refused(language):
    f = form(language=language)
    with translation.override("en"):
        assert not f.is_valid()
        assert f.errors["language"] == ["Please choose one of the languages listed."]


def test_a_post_sent_without_a_language_has_none():
    f = form()
    assert f.is_valid(), f.errors
    assert f.to_incoming().language == ""


@pytest.mark.parametrize(("active", "chosen"), [("en", "en"), ("cy", "cy"), ("ar", "ar"), ("fr", "en")])
def test_the_page_language_is_chosen_until_the_writer_chooses_another(active, chosen):
    with translation.override(active):
        html = ContributionForm()["language"].as_widget()
    selected = re.findall(r'<option value="(\w+)" selected lang="\w+">', html)
    assert selected == [chosen]
    # Each language named in its own words, and marked as being in that language.
    assert re.findall(r'<option value="(\w+)"(?: selected)? lang="(\w+)">', html) == [
        ("en", "en"),
        ("cy", "cy"),
        ("ar", "ar"),
    ]


@pytest.mark.parametrize(("active", "label"), [("en", "Language of your post"), ("cy", "Iaith eich neges")])
def test_the_language_question_is_asked_in_the_pages_language(active, label):
    with translation.override(active):
        assert str(ContributionForm()["language"].label) == label

"""Property-based tests (hypothesis) for the two parsers every hostile string goes through:
the text normaliser and the video-link parser. They run in `make test` too (fast, no services)."""

import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from livewall.intake.video_links import parse_video_link
from livewall.stream.embeds import embed_url, thumbnail_url
from portal.public_input.text import clean_text, extract_links

# Characters that must never survive: C0/C1 controls other than the newline, and the bidi
# embeddings/overrides/isolates of "Trojan Source".
BIDI_CONTROLS = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}

# Text that leans on the awkward corners of Unicode rather than on random code points only.
edgy_chars = st.sampled_from(
    [
        "\u202e",  # RIGHT-TO-LEFT OVERRIDE
        "\u2066",  # LEFT-TO-RIGHT ISOLATE
        "\u200b",  # ZERO WIDTH SPACE
        "\u200d",  # ZERO WIDTH JOINER
        "\ufeff",  # BYTE ORDER MARK
        "\u0301",  # COMBINING ACUTE
        "\u0338",  # COMBINING LONG SOLIDUS OVERLAY
        "e",
        "\x00",
        "\x1b",
        "\x85",
        "\r",
        "\r\n",
        "\n",
        "\t",
        " ",
        "\u2028",
        "\u2029",
        "👩‍👩‍👧",
        "🏳️‍🌈",
        "<script>",
        "&amp;",
        "\ud800",  # a lone surrogate (can arrive from JSON)
    ]
)
hostile_text = st.one_of(
    st.text(),
    st.lists(edgy_chars | st.text(max_size=3), max_size=60).map("".join),
)


@settings(max_examples=400, deadline=None, database=None)
@given(value=hostile_text, max_length=st.none() | st.integers(min_value=0, max_value=600))
@example(value="e\x00\u0301", max_length=None)
@example(value="\u202eevil\u202c text", max_length=None)
@example(value="a" * 501, max_length=500)
def test_clean_text_output_is_safe_plain_text(value, max_length):
    cleaned = clean_text(value, max_length=max_length)

    assert isinstance(cleaned, str)
    assert not any(char in BIDI_CONTROLS for char in cleaned)
    assert all(char == "\n" or unicodedata.category(char) not in ("Cc", "Cs") for char in cleaned)
    assert "\n\n\n" not in cleaned
    assert cleaned == cleaned.strip()
    if max_length is not None:
        assert len(cleaned) <= max_length
    # Stored text is NFC so equal-looking posts compare equal (blocklist, duplicates).
    assert unicodedata.is_normalized("NFC", cleaned)


@settings(max_examples=400, deadline=None, database=None)
@given(value=hostile_text)
@example(value="e\x00\u0301")
def test_clean_text_is_idempotent(value):
    once = clean_text(value)
    assert clean_text(once) == once


@settings(max_examples=200, deadline=None, database=None)
@given(words=st.lists(st.from_regex(r"[A-Za-z0-9.,!?'()-]{1,12}", fullmatch=True), min_size=1, max_size=30))
def test_clean_text_keeps_ordinary_text_unchanged(words):
    text = " ".join(words)
    assert clean_text(text) == text


@settings(max_examples=300, deadline=None, database=None)
@given(value=hostile_text)
def test_extract_links_returns_only_http_urls_found_in_the_text(value):
    for link in extract_links(value):
        assert re.match(r"^https?://", link, re.IGNORECASE)
        assert link in value
        assert not any(char.isspace() or char in "<>\"'`" for char in link)


youtube_ids = st.from_regex(r"[A-Za-z0-9_-]{11}", fullmatch=True)
vimeo_ids = st.from_regex(r"[1-9][0-9]{0,11}", fullmatch=True)
schemes = st.sampled_from(["http", "https", "HTTPS"])
extra_query = st.sampled_from(["", "&t=42s", "&list=PL123&index=2", "&feature=share"])


@settings(max_examples=300, deadline=None, database=None)
@given(video_id=youtube_ids, scheme=schemes, query=extra_query, form=st.integers(min_value=0, max_value=6))
def test_every_documented_youtube_form_parses_to_its_id(video_id, scheme, query, form):
    url = [
        f"{scheme}://www.youtube.com/watch?v={video_id}{query}",
        f"{scheme}://youtube.com/watch?feature=x&v={video_id}",
        f"{scheme}://m.youtube.com/shorts/{video_id}",
        f"{scheme}://www.YouTube.com/embed/{video_id}?start=3",
        f"{scheme}://www.youtube.com/live/{video_id}",
        f"{scheme}://youtu.be/{video_id}?si=abc{query}",
        f"{scheme}://www.youtube-nocookie.com/embed/{video_id}",
    ][form]
    video = parse_video_link(url)
    assert video is not None, url
    assert (video.provider, video.id) == ("youtube", video_id)
    assert embed_url(video) == f"https://www.youtube-nocookie.com/embed/{video_id}"
    assert thumbnail_url(video) == f"https://i.ytimg.com/vi/{video_id}/hqdefault.jpg"


@settings(max_examples=200, deadline=None, database=None)
@given(video_id=vimeo_ids, scheme=schemes, form=st.integers(min_value=0, max_value=2))
def test_every_documented_vimeo_form_parses_to_its_id(video_id, scheme, form):
    url = [
        f"{scheme}://vimeo.com/{video_id}",
        f"{scheme}://player.vimeo.com/video/{video_id}?h=abc",
        f"{scheme}://vimeo.com/channels/staffpicks/{video_id}",
    ][form]
    video = parse_video_link(url)
    assert video is not None, url
    assert (video.provider, video.id) == ("vimeo", video_id)
    assert embed_url(video) == f"https://player.vimeo.com/video/{video_id}"


@settings(max_examples=500, deadline=None, database=None)
@given(url=st.one_of(st.text(), st.from_regex(r"(https?|javascript|data|ftp)://[^\s]{0,60}", fullmatch=True)))
@example(url="javascript://www.youtube.com/watch?v=dQw4w9WgXcQ")
@example(url="https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ")
@example(url="https://evil.example/youtu.be/dQw4w9WgXcQ")
@example(url='https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>alert(1)</script>')
@example(url="https://youtu.be/../../etc/passwd")
@example(url="http://[::1")
@example(url="https://player.vimeo.com/video/1%22onload=alert(1)")
def test_parse_video_link_never_raises_and_only_trusts_known_hosts(url):
    video = parse_video_link(url)
    if video is None:
        return
    # Whatever it was given, a recognised video has a known provider and an id safe to put in a URL.
    assert video.provider in ("youtube", "vimeo")
    if video.provider == "youtube":
        assert re.fullmatch(r"[A-Za-z0-9_-]{11}", video.id)
    else:
        assert re.fullmatch(r"[0-9]{1,12}", video.id)
    host = re.match(r"^[a-zA-Z]+://([^/?#]*)", url.strip()).group(1).rsplit("@", 1)[-1].split(":")[0].lower()
    assert host in {
        "youtube.com",
        "www.youtube.com",
        "m.youtube.com",
        "music.youtube.com",
        "youtu.be",
        "www.youtu.be",
        "youtube-nocookie.com",
        "www.youtube-nocookie.com",
        "vimeo.com",
        "www.vimeo.com",
        "player.vimeo.com",
    }
    assert url.strip().lower().startswith(("http://", "https://"))


@settings(max_examples=200, deadline=None, database=None)
@given(
    value=st.lists(st.sampled_from(["\u200b", "\u200e", "\u200f", "\u2060", "\u202e", " ", "\n", "\x00"]), max_size=20)
)
def test_text_of_invisible_marks_only_is_empty(value):
    """A post that would show nothing (zero-width and direction marks only) is no post at all."""
    assert clean_text("".join(value)) == ""

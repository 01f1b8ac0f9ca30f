"""Text from a source (Mastodon statuses, feed titles and summaries) -> plain text plus its links.

HTML: nh3 (the Rust `ammonia` sanitiser) first reduces the fragment to a few harmless tags, so the
parser below only ever sees paragraphs, line breaks, spans and links. The text is stored and shown
as plain text (never as HTML), so what matters here is reading order and keeping the links.

Feeds declare what their text is (`readable_text`): Atom's type="text" is plain text, and "if a<b
then b>a" must stay as written rather than lose `<b then b>` as a tag. RSS descriptions are HTML by
the spec, but publishers routinely put plain text there, so HTML is only assumed when the text
shows markup (a closing tag, an entity reference, a line break or paragraph tag).
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import nh3

KEPT_TAGS = {"a", "p", "br", "span", "li", "div", "blockquote"}
BLOCK_TAGS = {"p", "li", "div", "blockquote"}
# Mastodon marks mention and hashtag links with these classes: they are not links to show.
NON_CONTENT_LINK_CLASSES = {"mention", "hashtag"}
PLAIN_TEXT = "text/plain"
_MARKUP = re.compile(r"</[a-z][a-z0-9]*\s*>|&(#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);|<(br|p|img|hr)\b[^<>]*>", re.I)


def sanitise(html):
    return nh3.clean(
        html or "",
        tags=KEPT_TAGS,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href", "class"}, "span": {"class"}},
        url_schemes={"http", "https"},
        link_rel=None,
    )


class _TextAndLinks(HTMLParser):
    def __init__(self, base_url=None):
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.chunks = []
        self.links = []
        self._link_stack = []  # (href, is_content_link, collected text) per open <a>

    def _write(self, text):
        if self._link_stack:
            self._link_stack[-1][2].append(text)
        else:
            self.chunks.append(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "br":
            self._write("\n")
        elif tag in BLOCK_TAGS:
            self._write("\n\n")
        elif tag == "a":
            classes = set((attrs.get("class") or "").split())
            href = attrs.get("href") or ""
            if href and self.base_url:
                href = urljoin(self.base_url, href)
            self._link_stack.append((href, bool(href) and not classes & NON_CONTENT_LINK_CLASSES, []))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._write("\n\n")
        elif tag == "a" and self._link_stack:
            href, is_content_link, parts = self._link_stack.pop()
            label = "".join(parts)
            if is_content_link:
                if href not in self.links:
                    self.links.append(href)
                # Mastodon shortens the visible URL with hidden spans; show the whole address instead.
                label = href if _looks_like_url(label) or not label.strip() else f"{label} ({href})"
            self._write(label)

    def handle_data(self, data):
        self._write(data)

    def close(self):
        super().close()
        while self._link_stack:  # an unclosed <a>: keep its text
            self.handle_endtag("a")


def _looks_like_url(label):
    label = label.strip().lower()
    return label.startswith(("http://", "https://", "www.")) or "…" in label or "/" in label and " " not in label


def _tidy(text):
    """Spaces collapsed within lines, line breaks kept, runs of blank lines made one."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    paragraphs, blank = [], False
    for line in lines:
        if line:
            paragraphs.append(line)
            blank = False
        elif not blank and paragraphs:
            paragraphs.append("")
            blank = True
    return "\n".join(paragraphs).strip()


def html_to_text(html, base_url=None):
    """(plain text, [links]) from an HTML fragment; relative links resolved against `base_url`."""
    parser = _TextAndLinks(base_url)
    parser.feed(sanitise(html))
    parser.close()
    return _tidy("".join(parser.chunks)), parser.links


def looks_like_html(text):
    return bool(_MARKUP.search(text or ""))


def readable_text(value, content_type, base_url=None):
    """(plain text, [links]) from a feed's text, read as its content type says ("text/plain",
    "text/html", "application/xhtml+xml"); HTML without any markup is read as the text it is."""
    value = value or ""
    is_html = "html" in (content_type or PLAIN_TEXT)
    if is_html and ("xhtml" in content_type or looks_like_html(value)):
        return html_to_text(value, base_url)
    return _tidy(value.replace("\r\n", "\n")), []

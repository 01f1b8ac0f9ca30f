"""Plain-text hygiene for posts, whatever their source.

Posts are stored and sent as plain text; HTML is never built from them on the server (templates
escape, the browser uses textContent). What is removed here are characters that cannot be shown
safely even as text: control characters, and the bidi overrides/embeddings/isolates that can make a
post render in a misleading order ("Trojan Source").
"""

import re
import unicodedata

# Explicit bidi embeddings/overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI),
# plus the byte-order mark and the interlinear annotation characters.
_INVISIBLE_FORMAT = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB],
)
_BLANK_LINE_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?'\"»”’…"
ELLIPSIS = "…"


def _strip_controls(value):
    out = []
    for char in value:
        if char == "\n":
            out.append(char)
        elif char == "\t":
            out.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cs"):
            continue  # C0/C1 controls and lone surrogates
        else:
            out.append(char)
    return "".join(out)


def clean_text(value, max_length=None):
    """Normalise user or source text to safe plain text.

    NFC, newlines unified, control and bidi-override characters removed, runs of blank lines
    collapsed to one, trailing spaces and surrounding whitespace trimmed. With `max_length` the
    result is cut to at most that many characters, ending with an ellipsis when cut.
    """
    if value is None:
        return ""
    text = str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.translate(_INVISIBLE_FORMAT)
    text = _strip_controls(text)
    # NFC after the removals: a removed character may have separated a letter from its accent.
    text = unicodedata.normalize("NFC", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BLANK_LINE_RUNS.sub("\n\n", text)
    text = text.strip()
    if not any(not char.isspace() and unicodedata.category(char) != "Cf" for char in text):
        return ""  # only invisible marks (ZWSP, RLM, ...): nothing a reader could see
    if max_length is not None and len(text) > max_length:
        text = text[: max(max_length - 1, 0)].rstrip() + ELLIPSIS if max_length > 0 else ""
    return text


def _trim_url(url):
    # "(see https://x.org/a)." -> "https://x.org/a": drop trailing punctuation and an unbalanced ")".
    while url:
        last = url[-1]
        if last in _TRAILING_PUNCTUATION:
            url = url[:-1]
        elif last == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        else:
            break
    return url


def extract_links(text):
    """The http(s) URLs in `text`, in order of appearance, without duplicates."""
    links = []
    for match in _URL.finditer(text or ""):
        url = _trim_url(match.group(0))
        if len(url) > len("https://") and url not in links:
            links.append(url)
    return links

"""Validate and re-encode a contributed image (and a video thumbnail fetched from its provider).

The upload is trusted for nothing: not its name, not its content type. It must decode fully with
Pillow as JPEG, PNG or WebP, stay under a pixel budget (decompression bombs), and is then
re-encoded from pixels alone, which drops EXIF (GPS location), comments and anything appended
to the file (polyglots), and resized to at most MAX_EDGE pixels on its longest side.
"""

import io
import uuid
import warnings

from django.core.files.base import ContentFile
from django.utils.translation import gettext
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_EDGE = 1600
# 40 megapixels covers any phone camera; a larger header is almost certainly a bomb.
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
JPEG_QUALITY = 85


class ImageRejected(ValueError):
    """The upload is not an image we accept; `code` is a stable machine-readable reason."""

    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


def _read(upload):
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ImageRejected(gettext("The image is larger than 10 MB. Please choose a smaller one."), code="too_large")
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImageRejected(gettext("The image is larger than 10 MB. Please choose a smaller one."), code="too_large")
    if not data:
        raise ImageRejected(gettext("The image file is empty."), code="empty")
    return data


def _decode(data):
    """Open and fully decode, treating Pillow's bomb *warning* as an error too."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise ImageRejected(gettext("Only JPEG, PNG and WebP images can be posted."), code="format")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageRejected(gettext("The image has too many pixels to be processed."), code="bomb")
            image.load()  # decodes every byte: a truncated or corrupt file fails here
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(gettext("The image has too many pixels to be processed."), code="bomb") from exc
    except UnidentifiedImageError as exc:
        message = gettext("This file is not an image we can read (JPEG, PNG or WebP).")
        raise ImageRejected(message, code="format") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        message = gettext("The image is damaged or incomplete. Please try another one.")
        raise ImageRejected(message, code="corrupt") from exc
    return image


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def process_upload(upload):
    """Return a ContentFile with a clean re-encoded image, or raise ImageRejected."""
    return clean_image(_read(upload))


def clean_image(data, max_edge=MAX_EDGE):
    """The image in `data` (bytes) re-encoded from its pixels, at most `max_edge` pixels on its longest
    side, as a ContentFile; or raise ImageRejected. Fetched video thumbnails go through this too."""
    image = _decode(data)
    try:
        image = ImageOps.exif_transpose(image)  # keep the picture upright once EXIF is gone
    except Exception:  # noqa: BLE001 - a broken orientation tag is not worth refusing the image
        pass
    keep_alpha = _has_alpha(image)
    image = image.convert("RGBA" if keep_alpha else "RGB")
    image.thumbnail((max_edge, max_edge), Image.Resampling.LANCZOS)
    # A fresh image carries pixels only: no EXIF, ICC, XMP or text chunks can leak through.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    out = io.BytesIO()
    if keep_alpha:
        clean.save(out, format="WEBP", quality=JPEG_QUALITY, method=4)
        extension = "webp"
    else:
        clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        extension = "jpg"
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")

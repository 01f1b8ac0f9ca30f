"""Helpers for the live wall page tests: real image files made in memory, and request helpers."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825


def image_bytes(fmt="JPEG", size=(640, 480), mode="RGB", colour=(200, 40, 40), gps=False, **save_options):
    picture = Image.new(mode, size, colour if mode != "RGBA" else (*colour, 128))
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        gps_ifd = exif.get_ifd(GPS_IFD)
        gps_ifd.update({1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)})
        save_options["exif"] = exif.tobytes()
    out = io.BytesIO()
    picture.save(out, format=fmt, **save_options)
    return out.getvalue()


def has_gps(data):
    with Image.open(io.BytesIO(data)) as picture:
        exif = picture.getexif()
        return bool(exif.get_ifd(GPS_IFD)) or GPS_IFD in exif


def png_bomb(width, height):
    """A tiny PNG whose header claims width x height pixels (the decompression-bomb shape)."""
    data = bytearray(image_bytes("PNG", size=(1, 1)))
    # The IHDR chunk starts at byte 8: length(4) type(4) width(4) height(4) ... crc(4).
    struct.pack_into(">II", data, 16, width, height)
    ihdr = bytes(data[12:29])
    struct.pack_into(">I", data, 29, zlib.crc32(ihdr) & 0xFFFFFFFF)
    return bytes(data)


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'


@pytest.fixture
def unique_rate_limits(settings, request):
    """Each test counts from zero, even on a shared Redis cache (no flush of anyone else's keys)."""
    import uuid

    settings.PORTAL_RATELIMIT_PREFIX = f"test-{uuid.uuid4().hex}"
    settings.LIVEWALL_OEMBED_TIMEOUT = 0

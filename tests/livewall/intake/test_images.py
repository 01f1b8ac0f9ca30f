"""Uploaded images are decoded, checked and re-encoded: real files made in the test."""

import io

import pytest
from PIL import Image

from portal.public_input import images

from ..pages_support import SVG, has_gps, image_bytes, png_bomb, upload


def processed(data, name="photo.jpg"):
    result = images.process_upload(upload(data, name))
    return Image.open(io.BytesIO(result.read())), result


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_valid_images_are_re_encoded_and_resized(fmt):
    picture, result = processed(image_bytes(fmt, size=(3200, 2000)))
    assert picture.format == "JPEG"
    assert result.name.endswith(".jpg")
    assert max(picture.size) == images.MAX_EDGE
    assert picture.size == (1600, 1000)


def test_small_images_keep_their_size():
    picture, _ = processed(image_bytes("PNG", size=(300, 200)))
    assert picture.size == (300, 200)


def test_exif_location_is_stripped():
    original = image_bytes("JPEG", gps=True)
    assert has_gps(original)  # the test image really carries a location
    picture, result = processed(original)
    result.seek(0)
    assert not has_gps(result.read())
    assert not picture.getexif()
    assert "exif" not in picture.info


def test_transparent_png_becomes_webp_with_alpha():
    picture, result = processed(image_bytes("PNG", mode="RGBA"), name="logo.png")
    assert picture.format == "WEBP"
    assert result.name.endswith(".webp")
    assert picture.mode == "RGBA"


def test_appended_payload_is_dropped_by_re_encoding():
    polyglot = image_bytes("JPEG") + b"<script>alert(1)</script>"
    _, result = processed(polyglot)
    result.seek(0)
    assert b"<script>" not in result.read()


def rejected(data, name="photo.jpg"):
    with pytest.raises(images.ImageRejected) as error:
        images.process_upload(upload(data, name))
    return error.value


def test_truncated_file_is_refused():
    data = image_bytes("JPEG", size=(800, 600), colour=(10, 120, 30), quality=95)
    error = rejected(data[: len(data) // 2])
    assert error.code == "corrupt"
    assert "damaged" in error.message


def test_truncated_png_is_refused():
    data = image_bytes("PNG", size=(800, 600))
    assert rejected(data[: len(data) - 40], name="x.png").code in ("corrupt", "format")


@pytest.mark.parametrize("size", [(30000, 30000), (8000, 8000)])
def test_decompression_bomb_is_refused(size):
    # 900 MP trips Pillow's own bomb error; 64 MP is under Pillow's limit but over ours.
    error = rejected(png_bomb(*size), name="bomb.png")
    assert error.code == "bomb"
    assert "too many pixels" in error.message


@pytest.mark.parametrize(
    "data,name",
    [
        (image_bytes("GIF"), "animated.gif"),
        (image_bytes("GIF"), "renamed.jpg"),
        (image_bytes("BMP"), "picture.jpg"),
        (SVG, "drawing.svg"),
        (SVG, "drawing.jpg"),
        (b"just some text, honestly a JPEG", "notes.jpg"),
    ],
)
def test_other_types_are_refused_whatever_their_name(data, name):
    error = rejected(data, name=name)
    assert error.code == "format"
    assert "JPEG, PNG" in error.message


def test_over_ten_megabytes_is_refused_before_decoding():
    data = image_bytes("PNG", size=(10, 10)) + b"\0" * (images.MAX_BYTES + 1)
    error = rejected(data, name="huge.png")
    assert error.code == "too_large"


def test_size_is_checked_on_the_bytes_not_only_the_declared_size():
    data = b"\xff" * (images.MAX_BYTES + 10)
    with pytest.raises(images.ImageRejected) as error:
        images.process_upload(io.BytesIO(data))  # a stream that does not tell its size
    assert error.value.code == "too_large"


def test_empty_file_is_refused():
    assert rejected(b"").code == "empty"

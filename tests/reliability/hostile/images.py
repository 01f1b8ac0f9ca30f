"""Hostile uploads, generated at run time (nothing binary is committed): decompression bombs,
polyglots, SVG, truncated and mislabelled files. Each entry: (name, filename, content type, bytes,
expected outcome) where the outcome is "refused" or "re-encoded" (accepted, payload stripped)."""

import io
import struct
import zlib

from PIL import Image

SCRIPT = b"<script>alert(document.domain)</script>"


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_header_bomb(width=50_000, height=50_000):
    """A PNG that claims 2.5 gigapixels in its header; a few hundred bytes on disk."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width * 3 + 1) * 4, 9)  # a few rows only: the header is the bomb
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", rows) + _png_chunk(b"IEND", b"")


def png_pixel_bomb():
    """A real 1-bit image of 12,000 x 12,000 (144 megapixels) that compresses to a few KB."""
    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, format="PNG", optimize=True)
    return out.getvalue()


def small_jpeg(size=(64, 48), colour=(200, 30, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG", quality=80)
    return out.getvalue()


def jpeg_html_polyglot():
    """A valid JPEG with an HTML page appended (served as text/html by a careless server)."""
    return small_jpeg() + b"<!DOCTYPE html><html><body>" + SCRIPT + b"</body></html>"


def jpeg_with_script_comment():
    """A JPEG whose COM segment carries a script."""
    data = small_jpeg()
    comment = b"\xff\xfe" + struct.pack(">H", len(SCRIPT) + 2) + SCRIPT
    return data[:2] + comment + data[2:]


def gif_js_polyglot():
    """GIF89a header that is also JavaScript: GIF is not an accepted format anyway."""
    return b"GIF89a/*\x01\x00\x01\x00\x00\xff\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x00;*/=alert(1);"


def svg_with_script():
    return b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def truncated_png():
    out = io.BytesIO()
    Image.new("RGB", (300, 300), (10, 120, 200)).save(out, format="PNG")
    data = out.getvalue()
    return data[: len(data) // 2]


def pdf_named_jpeg():
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"


def html_named_png():
    return b"<!DOCTYPE html><html><body>" + SCRIPT + b"</body></html>"


def tiff_image():
    out = io.BytesIO()
    Image.new("RGB", (32, 32)).save(out, format="TIFF")
    return out.getvalue()


def corpus():
    return [
        ("png_header_bomb", "bomb.png", "image/png", png_header_bomb(), "refused"),
        ("png_pixel_bomb", "big.png", "image/png", png_pixel_bomb(), "refused"),
        ("gif_js_polyglot", "cat.gif", "image/gif", gif_js_polyglot(), "refused"),
        ("svg_script", "logo.svg", "image/svg+xml", svg_with_script(), "refused"),
        ("svg_as_png", "logo.png", "image/png", svg_with_script(), "refused"),
        ("truncated_png", "half.png", "image/png", truncated_png(), "refused"),
        ("pdf_as_jpeg", "scan.jpg", "image/jpeg", pdf_named_jpeg(), "refused"),
        ("html_as_png", "page.png", "image/png", html_named_png(), "refused"),
        ("tiff", "photo.tiff", "image/tiff", tiff_image(), "refused"),
        ("empty", "empty.jpg", "image/jpeg", b"", "refused"),
        ("jpeg_html_polyglot", "holiday.jpg", "image/jpeg", jpeg_html_polyglot(), "re-encoded"),
        ("jpeg_script_comment", "comment.jpg", "image/jpeg", jpeg_with_script_comment(), "re-encoded"),
    ]

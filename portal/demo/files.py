"""Small, real files for the demo content, made in code (no downloads): PDF, ODT, CSV and PNG.

The PDF writer is deliberately tiny: Helvetica text on A4 pages, wrapped, with a correct
cross-reference table, so any PDF reader opens it."""

import csv
import io
import textwrap
import zipfile
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFont

# Typographic characters that the standard PDF fonts cannot show in WinAnsi as written here.
_ASCII = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "•": "-"})


def _pdf_text(value):
    value = value.translate(_ASCII).encode("latin-1", "replace").decode("latin-1")
    return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(title, paragraphs):
    """A valid multi-page PDF (bytes) with a title and wrapped paragraphs."""
    lines = [("title", title), ("gap", "")]
    for paragraph in paragraphs:
        if paragraph.startswith("## "):
            lines += [("heading", paragraph[3:]), ("gap", "")]
            continue
        lines += [("text", line) for line in textwrap.wrap(paragraph, 88)] + [("gap", "")]

    pages, current, y = [], [], 780
    for kind, text in lines:
        step = {"title": 30, "heading": 20, "text": 15, "gap": 8}[kind]
        if y - step < 60:
            pages.append(current)
            current, y = [], 780
        y -= step
        if kind == "gap":
            continue
        font, size = {"title": ("F2", 20), "heading": ("F2", 13), "text": ("F1", 11)}[kind]
        current.append(f"BT /{font} {size} Tf 56 {y} Td ({_pdf_text(text)}) Tj ET")
    pages.append(current)

    objects = []  # object n is objects[n - 1]

    def add(body):
        objects.append(body)
        return len(objects)

    catalog = add(None)
    pages_obj = add(None)
    regular = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    info = add(f"<< /Title ({_pdf_text(title)}) /Producer (Community Portal demo) >>".encode("latin-1"))
    kids = []
    for number, page_lines in enumerate(pages, start=1):
        footer = f"BT /F1 9 Tf 56 36 Td ({_pdf_text(title)} - page {number} of {len(pages)}) Tj ET"
        stream = "\n".join(page_lines + [footer]).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                (
                    f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 595 842] "
                    f"/Resources << /Font << /F1 {regular} 0 R /F2 {bold} 0 R >> >> /Contents {content} 0 R >>"
                ).encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode()
    objects[pages_obj - 1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{kid} 0 R' for kid in kids)}] /Count {len(kids)} >>".encode()
    )

    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, catalog, info, xref)
    )
    return out.getvalue()


def make_odt(title, paragraphs):
    """A valid OpenDocument text file (bytes): LibreOffice and Word open it."""
    body = [f'<text:h text:outline-level="1">{escape(title)}</text:h>']
    for paragraph in paragraphs:
        if paragraph.startswith("## "):
            body.append(f'<text:h text:outline-level="2">{escape(paragraph[3:])}</text:h>')
        else:
            body.append(f"<text:p>{escape(paragraph)}</text:p>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        f"<office:body><office:text>{''.join(body)}</office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as odt:
        # The mimetype entry must come first and be stored uncompressed.
        odt.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        odt.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        odt.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def make_csv(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def make_partnership_png(labels, width=1200, height=720):
    """Three overlapping circles, one per sector, on a light background (PNG bytes)."""
    image = Image.new("RGB", (width, height), "#f3f5f7")
    layer = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    radius = int(height * 0.3)
    centres = [
        (int(width * 0.39), int(height * 0.36)),
        (int(width * 0.61), int(height * 0.36)),
        (int(width * 0.50), int(height * 0.68)),
    ]
    colours = [(11, 92, 122, 150), (224, 168, 0, 150), (179, 38, 30, 130)]
    for (x, y), colour in zip(centres, colours, strict=True):
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    image.paste(layer, (0, 0), layer)
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.load_default(size=30)
    except TypeError:  # Pillow without scalable default font
        font = ImageFont.load_default()
    offsets = [(-0.55, -0.35), (0.55, -0.35), (0, 0.62)]
    for (x, y), (dx, dy), label in zip(centres, offsets, labels, strict=True):
        draw.text((x + dx * radius, y + dy * radius), label, fill="#1b1f24", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def as_content_file(data, name):
    return ContentFile(data, name=name)


def as_image_file(data, name):
    return ImageFile(io.BytesIO(data), name=name)

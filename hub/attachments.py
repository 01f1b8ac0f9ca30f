"""An optional attachment to a submission: a PDF or an image, recognised by its content (never by
its name or declared type), limited in size. Images are re-encoded by the portal's one image
re-encoder; PDFs are kept as sent and only ever served as downloads (see views.attachment)."""

import uuid

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from portal.public_input import images

MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


class AttachmentRejected(Exception):
    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


def process_attachment(upload):
    """(ContentFile, kind) for an acceptable upload, where kind is "pdf" or "image"."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise AttachmentRejected(_("That file is too large: attachments can be up to 10 MB."), "too_large")
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head == PDF_MAGIC:
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise AttachmentRejected(_("That file is too large: attachments can be up to 10 MB."), "too_large")
        if b"%%EOF" not in data[-2048:]:
            raise AttachmentRejected(_("That PDF looks incomplete: please save it again and re-attach it."), "pdf")
        return ContentFile(data, name=f"{uuid.uuid4().hex}.pdf"), "pdf"
    try:
        return images.process_upload(upload), "image"
    except images.ImageRejected as exc:
        if exc.code != "format":
            raise AttachmentRejected(exc.message, exc.code) from exc
        raise AttachmentRejected(
            _("Please attach a PDF or a photo (JPEG, PNG or WebP); that file is neither."), "type"
        ) from exc

"""Sending conclusions without an account: the form both ways, what is stored (nothing on a refusal,
an unconfirmed row otherwise), the confirmation e-mail, and the guards every public form has."""

import io
import re

import pytest
from django.core import mail
from PIL import Image

from hub.choices import SubmissionStatus
from hub.models import Submission
from tests.support.windows import wait_for_room_in_window

pytestmark = pytest.mark.django_db

VALID = {
    "group_name": "Grŵp Cinio Glan-yr-afon",
    "show_group_name": "on",
    "group_kind": "informal",
    "people_count": "14",
    "area": "cf24",
    "platform": "whatsapp",
    "discussion_link": "",
    "conclusions": "We would use a shared calendar <b>if</b> it worked on phones.",
    "contact_email": "cinio@example.org",
    "consent": "on",
}


def send_url(discussion):
    return discussion.url + "send/"


def post(client, discussion, capture, **changes):
    data = {**VALID, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    with capture(execute=True):
        return client.post(send_url(discussion), data)


def test_the_form_page_is_private_and_has_csrf_and_honeypot(client, discussion):
    page = client.get(send_url(discussion))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="website"' in html
    assert "no-store" in page["Cache-Control"]
    assert discussion.question in html


def test_a_valid_submission_is_stored_unconfirmed_and_a_link_is_mailed(
    client, discussion, django_capture_on_commit_callbacks
):
    response = post(client, discussion, django_capture_on_commit_callbacks)
    assert response.status_code == 200, response.content.decode()[:2000]
    assert "Check your e-mail" in response.content.decode()
    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.UNCONFIRMED
    assert submission.area == "CF24"
    assert submission.group_name == "Grŵp Cinio Glan-yr-afon"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["cinio@example.org"]
    assert re.search(rf"http://testserver{discussion.url}confirm/\?token=\S+", message.body)
    # Not public before confirmation and moderation.
    assert "shared calendar" not in client.get(discussion.url).content.decode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"conclusions": ""}, "conclusions"),
        ({"conclusions": "x" * 5001}, "conclusions"),
        ({"area": "CF24 3AA"}, "area"),
        ({"contact_email": "not an address"}, "contact_email"),
        ({"consent": None}, "consent"),
        ({"people_count": "0"}, "people_count"),
        ({"group_kind": "company"}, "group_kind"),
        ({"discussion_link": "javascript:alert(1)"}, "discussion_link"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(
    client, discussion, django_capture_on_commit_callbacks, changes, field
):
    response = post(client, discussion, django_capture_on_commit_callbacks, **changes)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert Submission.objects.count() == 0
    assert mail.outbox == []


def test_the_honeypot_stores_nothing(client, discussion, django_capture_on_commit_callbacks):
    response = post(client, discussion, django_capture_on_commit_callbacks, website="http://spam.example")
    assert response.status_code == 400
    assert Submission.objects.count() == 0


def test_a_closed_discussion_refuses(client, discussion, django_capture_on_commit_callbacks):
    import datetime

    discussion.closes_on = discussion.opens_on = discussion.closes_on - datetime.timedelta(days=60)
    discussion.save_revision().publish()
    response = post(client, discussion, django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert Submission.objects.count() == 0


def test_rate_limited_per_browser_then_per_address(client, discussion, settings, django_capture_on_commit_callbacks):
    settings.HUB_RATE_PER_BROWSER = (2, 3600)
    settings.HUB_RATE_PER_ADDRESS = (3, 3600)
    wait_for_room_in_window(3600, needed=60)
    assert post(client, discussion, django_capture_on_commit_callbacks).status_code == 200
    assert post(client, discussion, django_capture_on_commit_callbacks).status_code == 200
    limited = post(client, discussion, django_capture_on_commit_callbacks)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    # Another browser on the same address gets one more, then the address limit applies.
    from django.test import Client

    other = Client()
    assert post(other, discussion, django_capture_on_commit_callbacks).status_code == 200
    assert post(Client(), discussion, django_capture_on_commit_callbacks).status_code == 429
    assert Submission.objects.count() == 3


def test_user_text_is_escaped_once_published(client, discussion, django_capture_on_commit_callbacks):
    post(client, discussion, django_capture_on_commit_callbacks, conclusions="<script>alert(1)</script> ok")
    Submission.objects.update(status=SubmissionStatus.APPROVED)
    html = client.get(discussion.url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ok" in html
    assert "<script>alert(1)" not in html


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, format="PNG")
    return out.getvalue()


def upload(data, name, content_type):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def test_a_pdf_is_kept_and_served_only_as_a_download(client, discussion, django_capture_on_commit_callbacks):
    response = post(
        client,
        discussion,
        django_capture_on_commit_callbacks,
        attachment=upload(pdf_bytes(), "notes.pdf", "application/pdf"),
    )
    assert response.status_code == 200
    submission = Submission.objects.get()
    assert submission.attachment_type == "pdf"
    url = f"{discussion.url}submissions/{submission.pk}/attachment/"
    assert client.get(url).status_code == 404  # not before it is approved
    Submission.objects.update(status=SubmissionStatus.APPROVED)
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"


def test_an_image_is_re_encoded(client, discussion, django_capture_on_commit_callbacks):
    post(
        client, discussion, django_capture_on_commit_callbacks, attachment=upload(png_bytes(), "photo.png", "image/png")
    )
    submission = Submission.objects.get()
    assert submission.attachment_type == "image"
    assert submission.attachment.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (b"<html><script>alert(1)</script></html>", "notes.pdf", "application/pdf"),
        (b"MZ\x90\x00 not a picture", "photo.jpg", "image/jpeg"),
        (b"%PDF-1.4\n truncated", "cut.pdf", "application/pdf"),
    ],
)
def test_other_files_are_refused_by_content_not_name(
    client, discussion, django_capture_on_commit_callbacks, data, name, content_type
):
    response = post(client, discussion, django_capture_on_commit_callbacks, attachment=upload(data, name, content_type))
    assert response.status_code == 400
    assert response.context["form"].errors["attachment"]
    assert Submission.objects.count() == 0


def test_an_attachment_over_the_limit_is_413(client, discussion, django_capture_on_commit_callbacks):
    big = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n"
    response = post(
        client, discussion, django_capture_on_commit_callbacks, attachment=upload(big, "big.pdf", "application/pdf")
    )
    assert response.status_code == 413
    assert "10 MB" in response.content.decode()
    assert Submission.objects.count() == 0

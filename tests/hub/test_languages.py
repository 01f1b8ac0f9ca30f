"""The hub in the visitor's language (docs/languages.md, docs/hub.md): a form sent under /cy/ is
answered, and later written to, in Welsh with links under /cy/; conclusions keep the language they
are written in (lang and dir where they are shown, ?lang= to filter by it)."""

import re
from urllib.parse import unquote

import pytest
from django.core import mail

from hub import tasks
from hub.choices import SubmissionStatus
from hub.languages import known_language
from hub.models import CoSignature, Submission

from ..support.ports import wait_for
from ..support.smtp import SmtpServer
from .factories import submission
from .test_notifications import publish_response

pytestmark = pytest.mark.django_db

VALID = {
    "group_name": "Grŵp Cinio Glan-yr-afon",
    "show_group_name": "on",
    "group_kind": "informal",
    "people_count": "14",
    "area": "cf24",
    "platform": "whatsapp",
    "conclusions": "Byddem yn defnyddio calendr a rennir pe bai’n gweithio ar ffonau.",
    "contact_email": "cinio@example.org",
    "consent": "on",
}


def send(client, capture, path, **changes):
    data = {k: v for k, v in {**VALID, **changes}.items() if v is not None}
    with capture(execute=True):
        return client.post(path, data)


def test_the_welsh_form_is_in_welsh_and_offers_the_language_of_the_text(client, discussion):
    html = client.get(f"/cy{discussion.url}send/").content.decode()
    assert "Anfon casgliadau eich grŵp" in html
    assert "Yr iaith y maent wedi’u hysgrifennu ynddi" in html
    # The active language is the default choice of the text's language.
    assert re.search(r'<option value="cy"[^>]*selected', html)


def test_a_welsh_submission_gets_its_confirmation_in_welsh_with_a_welsh_link(
    client, discussion, django_capture_on_commit_callbacks
):
    response = send(client, django_capture_on_commit_callbacks, f"/cy{discussion.url}send/")
    assert response.status_code == 200
    assert "Gwiriwch eich e-bost" in response.content.decode()
    row = Submission.objects.get()
    assert (row.interface_language, row.written_in) == ("cy", "cy")
    [message] = mail.outbox
    assert message.subject == f"Cadarnhewch gasgliadau eich grŵp ar “{discussion.title}”"
    assert "Agorwch y ddolen hon o fewn 7 diwrnod i gadarnhau:" in message.body
    link = re.search(rf"http://testserver(/cy{discussion.url}confirm/\?token=\S+)", message.body).group(1)
    # The link opens the Welsh confirmation page, and confirms.
    assert "Cadarnhewch mai chi anfonodd hwn" in client.get(link).content.decode()
    token = unquote(link.split("token=")[1])
    assert "Diolch: wedi’i gadarnhau" in client.post(link, {"token": token}).content.decode()
    assert Submission.objects.get().status == SubmissionStatus.PENDING


def test_an_english_submission_stays_in_english(client, discussion, django_capture_on_commit_callbacks):
    send(client, django_capture_on_commit_callbacks, f"{discussion.url}send/")
    assert Submission.objects.get().interface_language == "en"
    assert mail.outbox[0].subject.startswith("Please confirm your group's conclusions")
    assert f"http://testserver{discussion.url}confirm/?token=" in mail.outbox[0].body


def test_the_welsh_confirmation_goes_through_a_real_smtp_server(
    client, discussion, settings, django_capture_on_commit_callbacks
):
    with SmtpServer() as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        send(client, django_capture_on_commit_callbacks, f"/cy{discussion.url}send/")
        wait_for(lambda: len(smtp.messages) == 1, timeout=10, message="confirmation delivered")
    message = smtp.messages[0]["message"]
    assert message["Subject"].strip() == f"Cadarnhewch gasgliadau eich grŵp ar “{discussion.title}”"
    body = message.get_content()
    assert "Agorwch y ddolen hon o fewn 7 diwrnod i gadarnhau:" in body
    assert f"http://testserver/cy{discussion.url}confirm/?token=" in body


def test_an_arabic_co_signature_is_confirmed_in_arabic(client, discussion, django_capture_on_commit_callbacks):
    published = submission(discussion)
    response = send(
        client,
        django_capture_on_commit_callbacks,
        f"/ar{discussion.url}submissions/{published.pk}/agree/",
        group_name="منتدى النساء",
        contact_email="forum@example.org",
    )
    assert response.status_code == 200
    assert CoSignature.objects.get().interface_language == "ar"
    [message] = mail.outbox
    assert message.subject == "يُرجى تأكيد أن منتدى النساء يوافق"
    assert f"http://testserver/ar{discussion.url}confirm/?token=" in message.body


def test_the_response_reaches_each_person_in_their_language(discussion, django_capture_on_commit_callbacks):
    submission(discussion, contact_email="cymraeg@example.org", interface_language="cy")
    submission(discussion, contact_email="english@example.org")
    publish_response(discussion, django_capture_on_commit_callbacks)
    by_address = {message.to[0]: message for message in mail.outbox}
    welsh, english = by_address["cymraeg@example.org"], by_address["english@example.org"]
    assert welsh.subject == f"Mae {discussion.asking_body} wedi ymateb: “{discussion.title}”"
    assert f"/cy{discussion.url}" in welsh.body
    assert english.subject == f"{discussion.asking_body} has responded: “{discussion.title}”"
    assert f"/cy{discussion.url}" not in english.body and discussion.full_url in english.body


def test_a_submission_records_the_language_its_text_is_written_in(
    client, discussion, django_capture_on_commit_callbacks
):
    send(client, django_capture_on_commit_callbacks, f"{discussion.url}send/", written_in="ar", conclusions="نريد")
    row = Submission.objects.get()
    assert (row.interface_language, row.written_in) == ("en", "ar")
    Submission.objects.update(status=SubmissionStatus.APPROVED)
    html = client.get(discussion.url).content.decode()
    assert '<p class="hub-conclusion__text" lang="ar" dir="rtl">نريد</p>' in html
    assert f'<h3 id="conclusion-{row.pk}-name" lang="ar" dir="rtl">' in html


def test_a_language_not_offered_is_refused(client, discussion, django_capture_on_commit_callbacks):
    response = send(client, django_capture_on_commit_callbacks, f"{discussion.url}send/", written_in="xx")
    assert response.status_code == 400
    assert Submission.objects.count() == 0


def test_conclusions_are_filtered_by_the_language_they_are_written_in(client, discussion):
    submission(discussion, conclusions="Mae angen bws hwyrach.", written_in="cy")
    submission(discussion, conclusions="We need a later bus.", written_in="en")
    welsh_only = client.get(f"{discussion.url}?lang=cy").content.decode()
    assert "Mae angen bws hwyrach." in welsh_only and "We need a later bus." not in welsh_only
    assert '<option value="cy" lang="cy" selected>Cymraeg</option>' in welsh_only
    english_text = '<p class="hub-conclusion__text" lang="en" dir="ltr">We need a later bus.</p>'
    assert english_text in client.get(f"/cy{discussion.url}").content.decode()


@pytest.mark.parametrize("value", ["zz", "cy\x00", "cy' OR '1'='1", '"><script>', "c" * 10_000, ""])
def test_a_lang_that_is_no_language_filters_nothing(client, discussion, value):
    submission(discussion, conclusions="Mae angen bws hwyrach.", written_in="cy")
    response = client.get(discussion.url, {"lang": value})
    assert response.status_code == 200
    assert "Mae angen bws hwyrach." in response.content.decode()
    assert known_language(value) == ""


def test_the_discussion_page_keeps_the_visitor_in_welsh(client, discussion):
    published = submission(discussion)
    html = client.get(f"/cy{discussion.url}").content.decode()
    assert "Beth ddywedodd grwpiau" in html
    assert f'href="/cy{discussion.url}send/"' in html
    assert f'href="/cy{discussion.url}submissions/{published.pk}/agree/"' in html


def test_the_task_answers_in_english_when_the_language_is_unknown(discussion):
    row = submission(discussion, status=SubmissionStatus.UNCONFIRMED, interface_language="xx")
    tasks.send_confirmation.enqueue("submission", row.pk, "http://testserver/x/")
    assert mail.outbox[0].subject.startswith("Please confirm")


def test_the_exports_say_which_language_each_conclusion_is_written_in(client, discussion):
    submission(discussion, conclusions="Mae angen bws hwyrach.", written_in="cy")
    body = client.get(f"{discussion.url}export/json/").json()
    assert [row["written_in"] for row in body["submissions"]] == ["cy"]
    assert "written_in" in client.get(f"{discussion.url}export/csv/").content.decode("utf-8-sig").splitlines()[0]


def test_the_shared_guard_refuses_a_welsh_form_in_welsh(client, discussion, django_capture_on_commit_callbacks):
    # portal.public_input.gate's refusals follow the page the form was sent from.
    response = send(
        client, django_capture_on_commit_callbacks, f"/cy{discussion.url}send/", website="http://spam.example"
    )
    assert response.status_code == 400
    assert "Nid oedd modd anfon eich ffurflen. Rhowch gynnig arall arni." in response.content.decode()
    assert Submission.objects.count() == 0

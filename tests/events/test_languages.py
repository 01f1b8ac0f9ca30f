"""Events in Welsh and Arabic (docs/languages.md): the pages under /cy/ and /ar/ in the visitor's
language, dates in the language's own words and formats, a sign-up's and a proposal's e-mails in
the language the person used (sent at once, later by a task, or by the reminder command), and the
machine formats (.ics, JSON-LD) identical under every prefix."""

import datetime
import re

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from events.models import EventPage
from events.proposals.models import EventProposal
from events.signup.emails import cancel_url
from events.signup.models import Registration

from .factories import EventPageFactory, with_signups
from .test_proposals import VALID as PROPOSAL

pytestmark = pytest.mark.django_db

# 7 December 2027, 19:00 to 21:00 in London (GMT in winter): a Tuesday.
DECEMBER_START = datetime.datetime(2027, 12, 7, 19, 0, tzinfo=datetime.UTC)
SIGNUP = {"name": "Siân Roberts", "email": "sian@example.org", "places": "2", "accessibility_needs": ""}


@pytest.fixture
def december_event(index):
    return EventPageFactory(
        parent=index,
        title="Winter fair",
        slug="winter-fair",
        start=DECEMBER_START,
        end=DECEMBER_START + datetime.timedelta(hours=2),
        step_free_access=True,
        capacity=40,
        registration_link="https://tickets.example.org/fair",
        price="5.50",
    )


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def json_ld(html):
    return re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)


def test_the_event_page_in_welsh_has_welsh_words_and_a_welsh_date(client, december_event):
    html = page(client, "/cy" + december_event.url)
    assert '<html lang="cy"' in html
    when = html[html.index("<dt>Pryd</dt>") :]
    when = when[: when.index("</dd>")]
    assert "Dydd Mawrth 7 Rhagfyr 2027, 19:00" in when and "tan" in when
    assert "Hygyrchedd" in html and "Mynediad heb risiau: <strong>oes</strong>" in html
    assert "40 lle" in html and "£5.50" in html
    assert "Ychwanegu at y calendr" in html
    assert "December" not in html and "Tuesday" not in html


def test_the_event_page_in_arabic_is_right_to_left_with_arabic_dates(client, december_event):
    html = page(client, "/ar" + december_event.url)
    assert '<html lang="ar" dir="rtl"' in html
    assert "الثلاثاء 7 ديسمبر 2027، 19:00" in html
    assert "إمكانية الوصول" in html and "£5.50" in html
    assert "December" not in html and "Tuesday" not in html


def test_english_event_page_keeps_its_english_dates(client, december_event):
    html = page(client, december_event.url)
    assert "Tuesday 7 December 2027, 19:00" in html and "Accessibility" in html


def test_the_calendar_file_and_json_ld_are_the_same_under_every_prefix(client, december_event):
    calendars = {}
    for prefix in ("", "/cy", "/ar"):
        response = client.get(f"{prefix}{december_event.url}calendar.ics")
        assert response.status_code == 200, prefix
        calendars[prefix] = re.sub(rb"DTSTAMP:\S+", b"", response.content)
    assert calendars[""] == calendars["/cy"] == calendars["/ar"]
    (vevent,) = icalendar.Calendar.from_ical(calendars["/cy"]).walk("VEVENT")
    assert vevent.decoded("dtstart") == DECEMBER_START

    scripts = {prefix: json_ld(page(client, f"{prefix}{december_event.url}")) for prefix in ("", "/cy", "/ar")}
    assert scripts[""] == scripts["/cy"] == scripts["/ar"]
    assert '"startDate": "2027-12-07T19:00:00+00:00"' in scripts["/ar"]
    assert '"name": "Step-free access"' in scripts["/cy"]


def test_the_listing_in_welsh_and_arabic(client, index, december_event):
    html = page(client, "/cy" + index.url + "?format=in_person")
    assert "Rhagfyr 2027" in html and "Defnyddio’r hidlau" in html and "Unrhyw bwnc" in html
    assert "Maw 7 Rhagfyr 2027, 19:00" in html
    html = page(client, "/ar" + index.url + "?format=nonsense")
    assert "ديسمبر 2027" in html and 'dir="rtl"' in html and "تطبيق عوامل التصفية" in html


def test_a_welsh_sign_up_form_explains_its_errors_in_welsh(client, index):
    event = with_signups(parent=index)
    html = page(client, "/cy" + event.url + "signup/")
    assert "3 lle ar ôl." in html and "Faint o leoedd?" in html
    response = client.post("/cy" + event.url + "signup/", {**SIGNUP, "name": "x" * 200, "places": "9"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Gwiriwch y 2 ateb sydd wedi’u marcio isod." in html
    assert "Cadwch eich enw i 120 nod." in html
    assert "Dewiswch rhwng 1 a 4 o leoedd." in html
    assert not Registration.objects.exists()


def test_a_welsh_sign_up_gets_its_emails_in_welsh_even_when_sent_later(
    client, index, django_capture_on_commit_callbacks
):
    event = with_signups(parent=index, capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/ar" + event.url + "signup/", {**SIGNUP, "email": "amal@example.org"}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/cy" + event.url + "signup/", SIGNUP)
    assert "Rydych chi ar y rhestr aros" in response.content.decode()
    amal, sian = Registration.objects.order_by("pk")
    assert (amal.language, amal.status, sian.language, sian.status) == ("ar", "confirmed", "cy", "waiting")
    assert mail.outbox[0].subject == f"مكانك في {event.title}"
    assert mail.outbox[1].subject == f"Rydych chi ar y rhestr aros ar gyfer {event.title}"
    assert mail.outbox[1].body.startswith("Helo Siân Roberts,")

    # Amal cancels from an English page; the place goes to Siân, told in Welsh.
    token = cancel_url(amal).split("token=", 1)[1]
    from urllib.parse import unquote

    with django_capture_on_commit_callbacks(execute=True):
        Client().post(event.url + "signup/cancel/", {"token": unquote(token)})
    promoted = mail.outbox[2]
    assert promoted.to == ["sian@example.org"]
    assert promoted.subject.startswith("Daeth lle yn rhydd")
    assert "Newyddion da: daeth lle yn rhydd ac mae gennych 2 le" in promoted.body
    assert "Pryd:" in promoted.body

    # The day-before reminder, from the command (no request, no active language of its own).
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=__import__("io").StringIO())
    (reminder,) = mail.outbox
    assert reminder.subject == f"Yfory: {event.title}"
    when = timezone.localtime(event.start)
    assert f"{when.day} " in reminder.body and "Pryd:" in reminder.body
    assert "When:" not in reminder.body and "Hello" not in reminder.body


def test_a_welsh_confirmation_goes_through_a_real_smtp_server(
    client, index, settings, django_capture_on_commit_callbacks
):
    from ..support.ports import wait_for
    from ..support.smtp import SmtpServer

    event = with_signups(parent=index)
    with SmtpServer() as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/cy" + event.url + "signup/", SIGNUP)
        wait_for(lambda: len(smtp.messages) == 1, timeout=10, message="the Welsh confirmation delivered")
    message = smtp.messages[0]["message"]
    assert message["Subject"] == f"Eich lle yn {event.title}"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Mae gennych 2 le yn “" in body and "Mae’r digwyddiad wedi’i atodi ar gyfer eich calendr." in body
    calendars = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert len(calendars) == 1


def test_a_proposal_made_in_welsh_is_answered_in_welsh(client, index, django_capture_on_commit_callbacks):
    html = page(client, "/cy" + index.url + "propose/")
    assert "Ychwanegu eich digwyddiad" in html and "Teitl y digwyddiad" in html
    response = client.post("/cy" + index.url + "propose/", PROPOSAL)
    assert "Diolch: mae eich digwyddiad gyda’n golygyddion" in response.content.decode()
    assert EventProposal.objects.get().language == "cy"
    event = EventPage.objects.get(title=PROPOSAL["title"])
    with django_capture_on_commit_callbacks(execute=True):
        event.get_latest_revision().publish()
    (message,) = mail.outbox
    assert message.subject == f"Mae eich digwyddiad wedi’i gyhoeddi: {PROPOSAL['title']}"
    assert message.body.startswith("Helo Priya Allotment-Keeper,")


def test_a_welsh_proposal_form_reports_the_event_rules_in_welsh(client, index):
    response = client.post("/cy" + index.url + "propose/", {**PROPOSAL, "venue_name": ""})
    assert response.status_code == 400
    assert "Mae angen lleoliad ar ddigwyddiad wyneb yn wyneb neu hybrid." in response.content.decode()


def test_a_welsh_search_names_an_event_result_in_welsh(client, december_event):
    html = page(client, "/cy/search/?query=winter")
    result = html[html.index('<li class="search-result">') :]
    assert "Winter fair" in result and '<p class="meta search-kind">Digwyddiad</p>' in result


def test_a_welsh_translation_shares_the_events_places_and_its_emails_link_to_it(
    client, index, django_capture_on_commit_callbacks
):
    from tests.i18n.test_languages import welsh_translation

    event = with_signups(parent=index, title="Winter fair", slug="winter-fair", capacity=3)
    welsh = welsh_translation(event, "Ffair aeaf")
    assert welsh.url.startswith("/cy/") and welsh.pk != event.pk
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(event.url + "signup/", {**SIGNUP, "email": "first@example.org"})
    html = page(client, welsh.url + "signup/")
    assert "1 lle ar ôl." in html  # the original's three places, two taken in English
    with django_capture_on_commit_callbacks(execute=True):
        client.post(welsh.url + "signup/", {**SIGNUP, "places": "1"})
    registration = Registration.objects.get(email="sian@example.org")
    assert (registration.event_id, registration.language, registration.status) == (event.pk, "cy", "confirmed")
    message = mail.outbox[-1]
    assert message.subject == "Eich lle yn Ffair aeaf"
    assert f"Manylion: {welsh.get_full_url()}" in message.body
    # The cancel link in the Welsh e-mail opens the Welsh page and cancels the place.
    link = message.body.split("signup/cancel/?token=", 1)
    assert link[0].endswith(welsh.get_full_url())
    from urllib.parse import unquote

    token = unquote(link[1].split()[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(welsh.url + "signup/cancel/", {"token": token})
    assert response.status_code == 200 and "Diolch am roi gwybod i ni." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_the_events_calendar_is_the_same_under_every_prefix_and_the_feed_speaks_the_language(
    client, index, december_event
):
    calendars = set()
    for prefix in ("", "/cy", "/ar"):
        response = client.get(f"{prefix}{index.url}calendar.ics")
        assert response.status_code == 200, prefix
        calendars.add(re.sub(rb"DTSTAMP:\S+", b"", response.content))
    assert len(calendars) == 1
    feed = client.get("/cy" + index.url + "feed/").content.decode()
    assert ": digwyddiadau i ddod</title>" in feed and "Maw 7 Rhagfyr 2027, 19:00 tan 21:00 GMT" in feed


def test_a_repeating_event_reads_its_rule_in_welsh_and_arabic(client, index):
    event = EventPageFactory(
        parent=index,
        slug="knit-and-natter",
        start=DECEMBER_START,
        end=DECEMBER_START + datetime.timedelta(hours=2),
        repeat="weekly",
        repeat_count=6,
    )
    assert "Dydd Mawrth bob wythnos, 6 gwaith" in page(client, "/cy" + event.url)
    assert "كل أسبوع يوم الثلاثاء، 6 مرات" in page(client, "/ar" + event.url)
    assert "Every week on Tuesday, 6 times" in page(client, event.url)

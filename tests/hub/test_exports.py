"""Exports: approved submissions only, documented columns, co-signers counted, UTF-8, no e-mails."""

import csv
import io
import json

import pytest
from django.utils import timezone

from hub.choices import SubmissionStatus
from hub.exports import COLUMNS
from hub.models import CoSignature

from .factories import submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(discussion):
    named = submission(discussion, group_name="Grŵp Merched Sblot — قهوة", contact_email="secret-1@example.org")
    CoSignature.objects.create(
        submission=named,
        group_name="Forum",
        group_kind="community_group",
        people_count=40,
        area="Adamsdown",
        contact_email="secret-2@example.org",
        confirmed_at=timezone.now(),
    )
    submission(
        discussion,
        group_name="Hidden name",
        show_group_name=False,
        group_kind="community_group",
        area="CF24",
        conclusions='=HYPERLINK("http://evil")',
        contact_email="secret-3@example.org",
    )
    submission(discussion, status=SubmissionStatus.PENDING, conclusions="Not yet", contact_email="secret-4@example.org")
    return named


def test_csv(client, discussion, rows):
    response = client.get(f"{discussion.url}export/csv/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    assert "@example.org" not in text and "Not yet" not in text and "Hidden name" not in text
    table = list(csv.DictReader(io.StringIO(text)))
    assert list(table[0].keys()) == [name for name, _ in COLUMNS]
    assert len(table) == 2
    assert table[0]["group"] == "Grŵp Merched Sblot — قهوة"
    assert (table[0]["cosigning_groups"], table[0]["people_with_cosigners"]) == ("1", "52")
    assert table[1]["group"] == "A community group in CF24"
    assert table[1]["conclusions"].startswith("'=")  # a formula is kept as text


def test_json(client, discussion, rows):
    response = client.get(f"{discussion.url}export/json/")
    assert response.status_code == 200
    body = json.loads(response.content.decode("utf-8"))
    assert "@example.org" not in response.content.decode()
    assert set(body["columns"]) == {name for name, _ in COLUMNS}
    assert [row["group"] for row in body["submissions"]] == ["Grŵp Merched Sblot — قهوة", "A community group in CF24"]
    assert "Grŵp" in response.content.decode()  # UTF-8, not \\u escapes


def test_contact_emails_are_on_no_public_page(client, discussion, rows):
    for path in ("", "moderation-report/", "send/", f"submissions/{rows.pk}/agree/"):
        html = client.get(discussion.url + path).content.decode()
        assert "@example.org" not in html, path
    assert "@example.org" not in client.get(discussion.get_parent().url).content.decode()


def test_interleaved_by_kind_and_filterable(client, discussion):
    for n in range(3):
        submission(discussion, group_name=f"Charity {n}", group_kind="charity", people_count=5000, area="Cardiff")
    submission(discussion, group_name="Lunch club", group_kind="informal", people_count=8, area="Splott")
    submission(discussion, group_name="Ms Ahmed", group_kind="individual", people_count=1, area="Splott")
    html = client.get(discussion.url).content.decode()
    order = [name for name in ("Lunch club", "Ms Ahmed", "Charity 0", "Charity 1") if name in html]
    assert sorted(order, key=html.index) == ["Lunch club", "Ms Ahmed", "Charity 0", "Charity 1"]
    filtered = client.get(discussion.url, {"kind": "charity"}).content.decode()
    assert "Lunch club" not in filtered.split('id="conclusions"')[1] and "Charity 2" in filtered
    by_area = client.get(discussion.url, {"area": "splott"}).content.decode().split('id="conclusions"')[1]
    assert "Lunch club" in by_area and "Charity 0" not in by_area

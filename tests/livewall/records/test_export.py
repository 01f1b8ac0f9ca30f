"""Exports of a wall's posts: the columns, the moderation decision and moderator, the shared
serializer, nothing private, CSV injection defused, and moderators only (both ways)."""

import csv
import io
import json

import pytest
from django.urls import reverse

from livewall.intake import services
from livewall.models import Post, Wall
from livewall.moderation import actions
from livewall.records.export import CSV_COLUMNS
from livewall.stream.serializers import moderation_payload
from portal.public_input.browser import PARTICIPANT_COOKIE

from ..factories import ModeratorFactory, SuperuserFactory, UserFactory, WallFactory, incoming_post
from ..pages_support import unique_rate_limits  # noqa: F401 - fixture
from ..test_permissions import admin_editor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unique_rate_limits")]


def export_url(wall, kind):
    return reverse(f"livewall_records:export_{kind}", args=[wall.slug])


@pytest.fixture
def moderated_wall():
    wall = WallFactory(moderation_mode=Wall.Moderation.PRE, require_opt_in=True, opt_in_account="@wall")
    moderator = ModeratorFactory(username="mod-anna")
    approved = services.accept(
        wall, incoming_post(text="=HYPERLINK(1)", author_name="Ann", attending="in_room", language="cy")
    )
    actions.approve(approved, moderator)
    rejected = services.accept(
        wall, incoming_post(source=Post.Source.MASTODON, external_id="m1", text="no thanks", author_handle="@b@x")
    )
    actions.reject(rejected, moderator)
    pending = services.accept(wall, incoming_post(text="waiting"))
    return wall, moderator, (approved, rejected, pending)


def test_csv_has_every_post_with_source_consent_decision_and_moderator(client, moderated_wall):
    wall, moderator, (approved, rejected, pending) = moderated_wall
    client.force_login(moderator)
    response = client.get(export_url(wall, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == CSV_COLUMNS
    by_id = {int(row[0]): dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]}
    assert set(by_id) == {approved.pk, rejected.pk, pending.pk}
    assert by_id[approved.pk]["decision"] == "Approved" and by_id[approved.pk]["moderator"] == "mod-anna"
    assert by_id[approved.pk]["text"] == "'=HYPERLINK(1)"  # a formula stays text in a spreadsheet
    assert by_id[approved.pk]["consent"] == "Sent by its author through the wall's form"
    assert by_id[approved.pk]["attending"] == "in_room" and by_id[approved.pk]["source"] == "contribution"
    assert by_id[approved.pk]["language"] == "cy" and by_id[rejected.pk]["language"] == ""
    assert by_id[rejected.pk]["decision"] == "Rejected" and by_id[rejected.pk]["status"] == "rejected"
    assert by_id[rejected.pk]["consent"] == "Public post that opted in by mentioning @wall"
    assert by_id[pending.pk]["decision"] == "" and by_id[pending.pk]["moderator"] == ""


def test_json_is_the_moderators_serializer_plus_consent(client, moderated_wall):
    wall, moderator, posts = moderated_wall
    client.force_login(moderator)
    response = client.get(export_url(wall, "json"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["wall"] == wall.slug
    for record, post in zip(data["posts"], posts, strict=True):
        expected = json.loads(json.dumps(moderation_payload(Post.objects.get(pk=post.pk))))
        assert {key: value for key, value in record.items() if key != "consent"} == expected
        assert record["consent"]


def test_exports_carry_no_participant_cookie_or_private_fields(client):
    """A real contribution with its browser cookie: the id goes nowhere near the export."""
    wall = WallFactory(moderation_mode=Wall.Moderation.POST)
    client.post(reverse("livewall:contribute", args=[wall.slug]), {"text": "from a browser", "attending": "remote"})
    cookie = client.cookies[PARTICIPANT_COOKIE]
    identity = cookie.value.split(":", 1)[0]  # a signed cookie is "value:timestamp:signature"
    assert len(identity) >= 16
    assert Post.objects.filter(wall=wall, text="from a browser").exists()
    client.force_login(ModeratorFactory())
    for kind in ("csv", "json"):
        body = client.get(export_url(wall, kind)).content.decode()
        assert "from a browser" in body
        assert identity not in body and cookie.value not in body
        assert "content_hash" not in body and "external_id" not in body


@pytest.mark.parametrize("who", ["anonymous", "no_admin_access", "admin_without_moderation"])
def test_others_cannot_export(client, moderated_wall, who):
    wall, _, _ = moderated_wall
    if who == "no_admin_access":
        client.force_login(UserFactory())
    elif who == "admin_without_moderation":
        client.force_login(admin_editor())
    for kind in ("csv", "json"):
        response = client.get(export_url(wall, kind))
        assert response.status_code in (302, 403)
        assert "HYPERLINK" not in response.content.decode()
        if who == "anonymous":
            assert reverse("wagtailadmin_login") in response["Location"]


def test_superusers_export_too(client, moderated_wall):
    wall, _, _ = moderated_wall
    client.force_login(SuperuserFactory())
    assert client.get(export_url(wall, "csv")).status_code == 200

"""The data migration from the old hand-written image struct to Wagtail's ImageBlock (plus caption):
live content and revisions are converted, alt text survives, an empty alt becomes "decorative", and
the reverse restores the old shape."""

import copy
import json

import pytest
import wagtail_factories
from django.apps import apps
from wagtail.blocks import StreamValue

from home.image_block_migration import migrate_images, unmigrate_images
from home.models import StandardPage

from .factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def old_body(described, pattern):
    """`body` as the old home.blocks.ImageBlock stored it."""
    return [
        {
            "type": "image",
            "value": {"image": described.pk, "alt_text": "Volunteers at the hub", "caption": "Spring"},
            "id": "img-1",
        },
        {"type": "image", "value": {"image": pattern.pk, "alt_text": " ", "caption": ""}, "id": "img-2"},
        {"type": "paragraph", "value": "<p>Fewer consultations.</p>", "id": "par-1"},
    ]


def write_raw_body(page, raw):
    """Store `raw` as it is, bypassing the current block definitions (as old rows were stored)."""
    StandardPage.objects.filter(pk=page.pk).update(
        body=StreamValue(StandardPage.body.field.stream_block, copy.deepcopy(raw), is_lazy=True)
    )


def raw_body(page):
    page = StandardPage.objects.get(pk=page.pk)
    return page.body.raw_data[:]


@pytest.fixture
def old_page(home):
    described = wagtail_factories.ImageFactory(title="Volunteers")
    pattern = wagtail_factories.ImageFactory(title="Pattern")
    page = StandardPageFactory(parent=home, title="About", slug="about")
    body = old_body(described, pattern)
    revision = page.save_revision()
    revision.content["body"] = json.dumps(body)
    revision.save(update_fields=["content"])
    revision.publish()
    write_raw_body(page, body)
    return page, body, described, pattern


def test_live_content_and_revisions_get_the_image_block_shape_and_render(client, old_page):
    page, body, described, pattern = old_page
    assert raw_body(page) == body

    migrate_images("home", "StandardPage")(apps, None)

    new = raw_body(page)
    assert [block["value"] for block in new] == [
        {
            "image": {"image": described.pk, "alt_text": "Volunteers at the hub", "decorative": False},
            "caption": "Spring",
        },
        {"image": {"image": pattern.pk, "alt_text": "", "decorative": True}, "caption": ""},
        "<p>Fewer consultations.</p>",
    ]
    assert [block["id"] for block in new] == ["img-1", "img-2", "par-1"]
    revision = StandardPage.objects.get(pk=page.pk).latest_revision
    assert json.loads(revision.content["body"]) == new

    html = client.get(page.url).content.decode()
    assert 'alt="Volunteers at the hub"' in html and "<figcaption>Spring</figcaption>" in html
    assert html.count("<figure") == 2 and 'alt=""' in html
    images = [
        child.value["image"] for child in StandardPage.objects.get(pk=page.pk).body if child.block_type == "image"
    ]
    assert [(image.pk, image.contextual_alt_text, image.decorative) for image in images] == [
        (described.pk, "Volunteers at the hub", False),
        (pattern.pk, "", True),
    ]
    # The editor accepts the converted values as they are (ImageBlock wants alt text or "decorative").
    StandardPage.body.field.stream_block.clean(StandardPage.objects.get(pk=page.pk).body)


def test_running_twice_changes_nothing_and_the_reverse_restores_the_old_shape(old_page):
    page, body, _described, _pattern = old_page
    migrate = migrate_images("home", "StandardPage")
    migrate(apps, None)
    converted = raw_body(page)
    migrate(apps, None)
    assert raw_body(page) == converted

    unmigrate_images("home", "StandardPage")(apps, None)

    restored = copy.deepcopy(body)
    restored[1]["value"]["alt_text"] = ""  # whitespace-only alt text was already "no alt text"
    assert raw_body(page) == restored
    revision = StandardPage.objects.get(pk=page.pk).latest_revision
    assert json.loads(revision.content["body"]) == restored

"""The foundation's pages render with their content: home page, standard page with every block."""

import datetime

import pytest
import wagtail_factories
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from tests.resources.factories import ResourceIndexPageFactory, ResourcePageFactory

from .factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_home_page_shows_hero_intro_latest_resources_and_call_to_action(client, home):
    involved = StandardPageFactory(parent=home, title="Get involved", slug="get-involved")
    library = ResourceIndexPageFactory(parent=home)
    for day in range(1, 5):
        ResourcePageFactory(parent=library, title=f"Guide number {day}", date=datetime.date(2026, 3, day))
    home.hero_heading = "Where councils and communities meet"
    home.hero_text = "Planning together in the open."
    home.intro = "<p>Good services are never made alone.</p>"
    home.cta_heading = "Run a community group?"
    home.cta_text = "You belong here."
    home.cta_page = involved
    home.cta_label = "Join in"
    home.save_revision().publish()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Where councils and communities meet</h1>" in html
    assert "Planning together in the open." in html
    assert "Good services are never made alone." in html
    # The three newest resources, newest first; the oldest is left out.
    assert html.index("Guide number 4") < html.index("Guide number 3") < html.index("Guide number 2")
    assert "Guide number 1" not in html
    assert 'href="/resources/"' in html
    assert 'href="/get-involved/">Join in</a>' in html
    assert "You belong here." in html
    assert 'id="upcoming-heading"' in html  # the events slot is there


def test_home_page_without_resources_or_library_still_renders(client, home):
    response = client.get("/")
    assert response.status_code == 200
    assert "No resources have been published yet." in response.content.decode()


def test_standard_page_renders_every_block(client, home):
    image = wagtail_factories.ImageFactory(title="Volunteers")
    document = wagtail_factories.DocumentFactory(title="Partnership toolkit")
    target = StandardPageFactory(parent=home, title="Get involved", slug="get-involved")
    video = "https://www.youtube.com/watch?v=abc123"
    Embed.objects.create(
        url=video,
        hash=get_embed_hash(video),
        type="video",
        html='<iframe title="Our partnership video" src="https://www.youtube-nocookie.com/embed/abc123"></iframe>',
    )
    page = StandardPageFactory(
        parent=home,
        title="About the partnership",
        slug="about",
        introduction="Who runs the portal.",
        body=[
            {"type": "heading", "value": {"text": "Why we built it", "level": "h2"}},
            {"type": "heading", "value": {"text": "In detail", "level": "h3"}},
            {"type": "paragraph", "value": "<p>Fewer consultations, <b>more conversations</b>.</p>"},
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "alt_text": "Volunteers at the hub", "decorative": False},
                    "caption": "Spring",
                },
            },
            {"type": "embed", "value": video},
            {"type": "quote", "value": {"text": "We turned up to theirs.", "attribution": "A council officer"}},
            {"type": "call_to_action", "value": {"text": "Join us", "page": target.pk, "url": ""}},
            {"type": "call_to_action", "value": {"text": "Read more", "page": None, "url": "https://example.org/"}},
            {"type": "document", "value": {"document": document.pk, "title": ""}},
        ],
    )

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>About the partnership</h1>" in html
    assert "Who runs the portal." in html
    assert "<h2>Why we built it</h2>" in html and "<h3>In detail</h3>" in html
    assert "<b>more conversations</b>" in html
    assert 'alt="Volunteers at the hub"' in html and "<figcaption>Spring</figcaption>" in html
    assert 'title="Our partnership video"' in html
    assert "<blockquote><p>We turned up to theirs.</p></blockquote>" in html
    assert "<figcaption>A council officer</figcaption>" in html
    assert 'href="/get-involved/">Join us</a>' in html
    assert 'href="https://example.org/">Read more</a>' in html
    assert f'href="{document.url}">Partnership toolkit</a>' in html
    # Breadcrumbs lead back home.
    assert 'aria-label="Breadcrumb"' in html


def test_decorative_image_gets_empty_alt(client, home):
    image = wagtail_factories.ImageFactory(title="Pattern")
    page = StandardPageFactory(
        parent=home,
        body=[
            {
                "type": "image",
                "value": {"image": {"image": image.pk, "alt_text": "Ignored", "decorative": True}, "caption": ""},
            }
        ],
    )
    html = client.get(page.url).content.decode()
    assert 'alt=""' in html and "Ignored" not in html


def test_nested_standard_page_renders(client, home):
    parent = StandardPageFactory(parent=home, title="About", slug="about")
    child = StandardPageFactory(parent=parent, title="Our history", slug="history")
    response = client.get("/about/history/")
    assert response.status_code == 200
    assert child.title in response.content.decode()

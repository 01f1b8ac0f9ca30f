"""`manage.py load_demo`: builds the foundation's demo content, changes nothing the second time,
keeps editors' changes, and `--reset` starts over. (Other apps' demo content is theirs to test.)"""

import io

import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from home.models import HomePage, MainMenu, PortalSettings, StandardPage
from portal.demo import DEMO_COLLECTION
from resources.models import ResourceIndexPage, ResourcePage

pytestmark = pytest.mark.django_db(transaction=False)


def load_demo(*args):
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot():
    site = Site.objects.get(is_default_site=True)
    collection = Collection.objects.get(name=DEMO_COLLECTION)
    documents = get_document_model().objects.filter(collection=collection)
    images = get_image_model().objects.filter(collection=collection, title="Three sectors working together")
    return {
        "standard pages": sorted(StandardPage.objects.values_list("url_path", flat=True)),
        "libraries": sorted(ResourceIndexPage.objects.values_list("url_path", flat=True)),
        "pages": Page.objects.count(),
        "resources": sorted(ResourcePage.objects.values_list("url_path", flat=True)),
        "documents": sorted(documents.values_list("title", flat=True)),
        "images": images.count(),
        "menu": [item.title for item in MainMenu.for_site(site).items.all()],
        "settings": PortalSettings.objects.filter(site=site).count(),
        "revisions": {page.pk: page.latest_revision_id for page in Page.objects.all()},
    }


def english_home():
    return HomePage.objects.get(locale__language_code="en")


@pytest.fixture
def demo(db):
    load_demo()
    return snapshot()


def test_builds_a_realistic_site(client, demo):
    assert demo["standard pages"] == ["/home/about/", "/home/get-involved/"]
    assert demo["libraries"] == ["/home-cy/adnoddau/", "/home/resources/"]  # the library and its Welsh translation
    assert len(demo["resources"]) >= 6
    assert len(demo["documents"]) >= 4
    assert demo["images"] == 1
    assert demo["menu"] == [
        "Home",
        "Events",
        "Resources",
        "Have your say",
        "Community groups",
        "About",
        "Get involved",
    ]

    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.organisation_name == "Westshire Community Portal"
    assert settings.contact_email

    home = english_home()
    assert home.hero_text and home.intro and home.cta_text
    assert home.cta_page.specific.slug == "get-involved"

    for url in ("/", "/about/", "/get-involved/", "/resources/"):
        response = client.get(url)
        assert response.status_code == 200, url
    html = client.get("/").content.decode()
    assert "Westshire Community Portal" in html
    assert "Latest resources" in html


def test_demo_documents_are_real_files(demo):
    documents = get_document_model().objects.filter(collection__name=DEMO_COLLECTION)
    by_extension = {}
    for document in documents:
        with document.open_file() as handle:
            by_extension[document.file_extension] = handle.read()
    assert by_extension["pdf"].startswith(b"%PDF-1.4") and by_extension["pdf"].rstrip().endswith(b"%%EOF")
    assert by_extension["odt"].startswith(b"PK") and b"application/vnd.oasis.opendocument.text" in by_extension["odt"]
    assert by_extension["csv"].startswith(b"Area,Check,Done?")


def test_resources_link_to_downloads_and_the_web(client, demo):
    with_documents = ResourcePage.objects.exclude(document=None)
    with_links = ResourcePage.objects.exclude(link_url="")
    assert with_documents.count() >= 4 and with_links.exists()
    resource = with_documents.first()
    html = client.get(resource.url).content.decode()
    assert resource.document.url in html
    assert client.get(resource.document.url).status_code == 200


def test_running_twice_changes_nothing(demo):
    output = load_demo()
    assert snapshot() == demo
    assert "0 resource(s) added" in output


def test_editors_changes_survive_a_second_run(demo):
    about = StandardPage.objects.get(slug="about")
    about.title = "About us"
    about.introduction = "Rewritten by an editor."
    about.save_revision().publish()
    resource = ResourcePage.objects.get(slug="westshire-compact")
    resource.summary = "Edited summary."
    resource.save_revision().publish()
    home = english_home()
    home.hero_text = "An editor's hero text."
    home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    settings = PortalSettings.for_site(site)
    settings.organisation_name = "Eastshire Together"
    settings.save()
    menu = MainMenu.for_site(site)
    menu.items.filter(label="About").delete()
    ResourcePage.objects.get(slug="small-grants-guide").delete()

    load_demo()

    assert StandardPage.objects.get(slug="about").title == "About us"
    assert StandardPage.objects.get(slug="about").introduction == "Rewritten by an editor."
    assert ResourcePage.objects.get(slug="westshire-compact").summary == "Edited summary."
    assert english_home().hero_text == "An editor's hero text."
    assert PortalSettings.for_site(site).organisation_name == "Eastshire Together"
    assert [item.title for item in MainMenu.for_site(site).items.all()] == [
        "Home",
        "Events",
        "Resources",
        "Have your say",
        "Community groups",
        "Get involved",
    ]
    # What is missing comes back.
    assert ResourcePage.objects.filter(slug="small-grants-guide").exists()


def test_home_page_with_unpublished_edits_is_left_alone(db):
    home = english_home()
    home.hero_text = ""
    home.intro = "<p>Draft intro.</p>"
    home.save_revision()  # a draft, not published

    load_demo()

    home.refresh_from_db()
    assert home.hero_text == ""
    assert home.get_latest_revision_as_object().intro == "<p>Draft intro.</p>"


def test_reset_starts_over(demo):
    about = StandardPage.objects.get(slug="about")
    about.title = "About us"
    about.save_revision().publish()
    StandardPage.objects.get(slug="get-involved").delete()
    home = english_home()
    home.hero_text = "Changed."
    home.save_revision().publish()

    output = load_demo("--reset")

    assert "Demo content removed." in output
    after = snapshot()
    assert {key: value for key, value in after.items() if key != "revisions"} == {
        key: value for key, value in demo.items() if key != "revisions"
    }
    assert StandardPage.objects.get(slug="about").title == "About the portal"
    assert english_home().hero_text != "Changed."
    assert Collection.objects.filter(name=DEMO_COLLECTION).count() == 1

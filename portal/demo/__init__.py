"""Demo helpers shared by every app's demo module (`<app>/demo.py`, run by `manage.py load_demo`):
the demo collection with its documents and images, finding or making a page by slug, the home page.

Apps' demo modules import this, never each other."""

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from home.models import HomePage

from . import files

DEMO_COLLECTION = "Demo content"
LIBRARY_SLUG = "resources"  # the resources library under the home page (made by resources.demo)

VENN_LABELS = ["Public sector", "Voluntary sector", "Community groups"]
VENN_ALT = (
    "Diagram of three overlapping circles labelled public sector, voluntary sector and community groups; "
    "the portal sits where all three overlap."
)


def demo_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=DEMO_COLLECTION).first()
    return existing or root.add_child(name=DEMO_COLLECTION)


def demo_document(title, filename, data):
    """The demo document with this title, made from `data` if it is not in the demo collection yet."""
    Document = get_document_model()
    collection = demo_collection()
    document = Document.objects.filter(collection=collection, title=title).first()
    if document is None:
        document = Document(title=title, collection=collection, file=files.as_content_file(data, filename))
        document._set_document_file_metadata()
        document.save()
    return document


def demo_image(title, filename, data, description=""):
    Image = get_image_model()
    collection = demo_collection()
    image = Image.objects.filter(collection=collection, title=title).first()
    if image is None:
        image = Image(title=title, description=description, collection=collection)
        image.file = files.as_image_file(data, filename)
        image._set_image_file_metadata()
        image.save()
    return image


def ensure_page(parent, slug, make):
    """The child of `parent` with this slug; if there is none, `make()` builds it and it is published."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    page = make()
    page.slug = slug
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def home_page():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site and isinstance(site.root_page.specific, HomePage):
        return site, site.root_page.specific
    home = HomePage.objects.order_by("path").first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="Home", slug="home"))
    if site is None:
        site = Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return site, home


def venn_image():
    data = files.make_partnership_png(VENN_LABELS)
    return demo_image("Three sectors working together", "three-sectors.png", data, description=VENN_ALT)


def delete_demo_collection():
    for collection in Collection.objects.filter(name=DEMO_COLLECTION, depth=2):
        for model in (get_document_model(), get_image_model()):
            # Wagtail removes the files (and image renditions) once the rows are gone.
            for item in model.objects.filter(collection=collection):
                item.delete()
        collection.delete()

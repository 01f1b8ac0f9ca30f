"""Demo helpers shared by every app's demo module (`<app>/demo.py`, run by `manage.py load_demo`):
the demo collection with its documents and images, finding or making a page by slug, the home page.

Apps' demo modules import this, never each other."""

from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

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


def ensure_translation(page, language_code, fields):
    """`page`'s published translation into `language_code` (Wagtail's: the same translation_key, so the
    admin and wagtail-localize show it as a translation), made the first time with `fields` (slug, title,
    text) set; an existing translation is left alone (an editor may have changed it). An alias of `page`
    there (made for the parents of an earlier translation, or by wagtail-localize's "sync from") becomes
    the translation. Its parents are translated as aliases of the originals when they are not yet."""
    locale = Locale.objects.get(language_code=language_code)
    existing = page.get_translation_or_none(locale)
    if existing is not None and existing.alias_of_id is None:
        return existing.specific, False
    if existing is not None:
        ConvertAliasPageAction(existing).execute(skip_permission_checks=True)
        translation = Page.objects.get(pk=existing.pk).specific
    else:
        translation = page.copy_for_translation(locale, copy_parents=True, alias=False).specific
    slug = fields.get("slug")
    if slug and slug != translation.slug and not translation.get_children().exists():
        # Never published at the copied slug: moved in place, so that Wagtail makes no redirect from it.
        translation.slug = slug
        translation.set_url_path(translation.get_parent())
        Page.objects.filter(pk=translation.pk).update(slug=slug, url_path=translation.url_path)
    for field, value in fields.items():
        setattr(translation, field, value)
    translation.save_revision().publish()
    return translation, True


def delete_translations(page):
    """Remove every other-language copy of `page` (translations and aliases, with their subtrees)."""
    for pk in list(page.get_translations().values_list("pk", flat=True)):
        translation = Page.objects.filter(pk=pk).first()  # gone if it was under another one deleted here
        if translation is not None:
            translation.delete()


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
